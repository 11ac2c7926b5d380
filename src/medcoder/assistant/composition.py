"""Composing the answer from the tools' findings: what was asked about first, the articles as context,
side notes last, and nothing stated that a tool did not return."""

import re

from medcoder.assistant.codes_in_text import code_shaped_tokens
from medcoder.assistant.grounding import grounded_facts, ungrounded_codes
from medcoder.assistant.knowledge import CATEGORY_RANGE, CODE_POINT, Article, names_code, words
from medcoder.assistant.records import Answer, Citation, CodeMention, Conversation, Fact, Finding
from medcoder.codebook.systems import SYSTEMS, code_key

# "How do I code hypertension with CKD?" wants the guideline with the codes; "code for COPD" only codes.
GUIDANCE = re.compile(r"how (?:do i|to|should i|should we|do we) code", re.IGNORECASE)
CODING_WORDS = re.compile(
    r"\b(?:codes?|coding|coded|coders?|icd|cpt|hcpcs|modifiers?|diagnos\w*|claims?|bill\w*|dx|drgs?|"
    r"medicare|medicaid|payers?|reimburse\w*|sequenc\w*|guidelines?|medical records?|documentation|"
    r"audits?|e/m|visits?)\b",
    re.IGNORECASE,
)
# Questions about a code the codebook answers on its own; an article's summary is added only if it cannot.
CODEBOOK_TOPICS = {
    "code_meaning",
    "billability",
    "notes",
    "code_pair",
    "seventh_character",
    "crosswalk",
    "sequencing",
}


def article_citation(article: Article) -> Citation:
    return Citation(
        article.reference, f"summarised in our article '{article.title}'", f"/pilot/articles/{article.slug}/"
    )


def article_finding(
    article: Article, question: str, asked: tuple[str, ...] = (), specific: bool = False
) -> Finding:
    """The article's summary (cited by its official references) and its points: those naming an asked
    code (or its category) first, then those sharing the most words with the question. A `specific`
    article (about what the question names) leads before a tool's side note; another is context."""
    citation = article_citation(article)
    points = [p for p in article.points if not _about_another_code(p, asked)]
    question_words = words(question)
    points.sort(key=lambda point: (not _names_any(point, asked), -len(words(point) & question_words)))
    facts = tuple(Fact(point, citation) for point in points)
    named = (*article.codes, *code_shaped_tokens(" ".join([article.summary, *article.points])))
    codes = tuple(CodeMention("article", code) for code in dict.fromkeys(named))
    return Finding(article.summary, facts, codes, is_article=True, sources=(citation,), leads=specific)


def _about_another_code(point: str, asked: tuple[str, ...]) -> bool:
    """A point written about one code ("99203: ...") when the question asks about others."""
    return bool(asked) and CODE_POINT.match(point) is not None and not _names_any(point, asked)


def _names_any(text: str, asked: tuple[str, ...]) -> bool:
    return any(names_code(text, key) for key in asked)


NEEDS = (
    "a code (e.g. E11.9, 99213, G0439, 0SR9019), a modifier, or a coding topic such as Excludes1, 7th "
    "characters, sequencing, NCCI edits, MUEs, MS-DRGs, place of service, Medicare coverage or compliance"
)


def cannot_answer(topic: str | None, question: str) -> Finding:
    """What to say when nothing answered: off-topic text (no coding topic, no coding word) is told so
    plainly; a coding question we cannot answer is told what we would need."""
    if topic is None and not CODING_WORDS.search(question):
        return Finding(f"I can only answer coding questions; I would need {NEEDS}.", answered=False)
    return Finding(
        f"I cannot answer that from the codebook or the knowledge articles; I would need {NEEDS}.",
        answered=False,
    )


def compose(
    question: str,
    topic: str | None,
    findings: list[Finding],
    codes: tuple[CodeMention, ...],
    unknown: tuple[CodeMention, ...],
) -> Answer:
    """The tools' findings first (what was asked about), then the articles as context when no tool could
    answer, then side notes; every stated code must come from a finding. Answered only when something
    answered and no leading tool said it could not (an unknown code, data not loaded)."""
    allowed = {code_key(c.code) for f in findings for c in f.codes}
    echoed = {code_key(c.code) for c in unknown}
    tools = [f for f in findings if not f.is_article]
    articles = [f for f in findings if f.is_article]
    leading = [f for f in tools if f.leads or not any(a.leads for a in articles)][:2]
    side_notes = [f for f in tools if not f.leads and f not in leading][:1]
    wants_guidance = topic != "search" or GUIDANCE.search(question)
    tools_answered = any(f.answered for f in leading)
    shown = list(leading)
    if articles and ((wants_guidance and topic not in CODEBOOK_TOPICS) or not tools_answered):
        shown += articles
    elif topic == "search":
        shown += [a for a in articles if a.leads and _offers_other_codes(a, tools)]
    shown += side_notes
    points = _points_on_all(articles, codes)
    open_question = any(not f.settled for f in leading)
    summary = " ".join(
        [*points, *(f.summary for f in shown)] if open_question else [*(f.summary for f in shown), *points]
    )
    answered = any(f.answered for f in findings) and all(f.answered for f in leading)
    sources = tuple(dict.fromkeys(c for f in shown for c in f.sources))
    if ungrounded_codes(summary, allowed | echoed):
        summary, sources, answered = cannot_answer(topic, question).summary, (), False
    facts = grounded_facts([fact for f in findings for fact in f.facts if fact.text not in summary], allowed)
    stated = " ".join([summary, *(fact.text for fact in facts)])
    stated_keys = {code_key(token) for token in _tokens(stated)}
    mentions = tuple(dict.fromkeys(c for f in findings for c in f.codes if code_key(c.code) in stated_keys))
    conversation = Conversation(topic, codes[:4])
    return Answer(
        question,
        topic or "off_topic",
        summary,
        tuple(dict.fromkeys(facts)),
        mentions,
        conversation,
        answered,
        sources,
    )


def _offers_other_codes(article: Finding, tools: list[Finding]) -> bool:
    """An article about what was searched for whose codes the search did not find at all ("annual
    wellness visit": the search finds Z00.00, the article G0438 and G0439): the answer shows both."""
    found = {code_key(c.code) for f in tools for c in f.codes}
    declared = [code_key(c.code) for c in article.codes if c.system == "article"]
    return bool(declared) and not any(hit.startswith(code) for code in declared for hit in found)


def _points_on_all(articles: list[Finding], codes: tuple[CodeMention, ...]) -> list[str]:
    """An article point naming every code of a question about two or more ("Z79.4 is not assigned with
    type 1 diabetes (E10)"): the guideline on exactly that combination, so it joins the answer."""
    keys = [code_key(c.code) for c in codes if c.system in SYSTEMS]
    if len(keys) < 2:
        return []
    points = [fact.text for f in articles for fact in f.facts if _names_each(fact.text, keys)]
    return points[:1]


def _names_each(text: str, keys: list[str]) -> bool:
    """Every asked code named, each by a code of its own: "(N18.-)" names N18.3 and N18.4 but is no
    point about that pair."""
    tokens = [*code_shaped_tokens(text), *("-".join(r) for r in CATEGORY_RANGE.findall(text))]
    used: set[str] = set()
    for key in keys:
        token = next((t for t in tokens if t not in used and names_code(t, key)), None)
        if token is None:
            return False
        used.add(token)
    return True


def _tokens(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)?", text)
