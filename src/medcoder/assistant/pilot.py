"""CasePilot: one question in, one grounded answer out.

Understand the question (codes, topic, follow-up), run the tools that topic needs, compose the answer
from their findings with a fixed template, and check that every code the answer states came from a
tool. Deterministic: the same question against the same codebook gives the same answer.
"""

import re

from medcoder.assistant import billing_tools, codebook_tools
from medcoder.assistant.codes_in_text import code_shaped_tokens, find_codes
from medcoder.assistant.grounding import grounded_facts, ungrounded_codes
from medcoder.assistant.knowledge import Article, best_articles
from medcoder.assistant.pcs_definitions import define_pcs_terms
from medcoder.assistant.pcs_guidelines import find_pcs_guidelines
from medcoder.assistant.records import Answer, Citation, CodeMention, Conversation, Fact, Finding
from medcoder.assistant.rephrase import Rephraser
from medcoder.assistant.topics import detect_topic, is_follow_up
from medcoder.codebook import Codebook, UnknownCode
from medcoder.codebook.systems import SYSTEMS, code_key

MAX_QUESTION = 2000
# "How do I code hypertension with CKD?" wants the guideline with the codes; "code for COPD" only codes.
GUIDANCE = re.compile(r"how (?:do i|to|should i|should we|do we) code", re.IGNORECASE)
NOTE_KINDS = (
    ("excludes1", {"excludes1"}),
    ("excludes2", {"excludes2"}),
    ("exclud", {"excludes1", "excludes2"}),
    ("code first", {"code_first"}),
    ("additional code", {"use_additional_code"}),
    ("code also", {"code_also"}),
    ("include", {"includes", "inclusion_term"}),
)


class QuestionError(ValueError):
    """The question is empty or too long to be a question."""


def ask(codebook: Codebook, question: str, conversation: Conversation | None = None) -> Answer:
    """Answer one question; pass the previous answer's `conversation` for follow-ups. Raises
    `QuestionError` for an empty or overlong question."""
    question = " ".join(question.split())
    if not question:
        raise QuestionError("Ask a question, e.g. 'What is E11.9?'")
    if len(question) > MAX_QUESTION:
        raise QuestionError(f"Questions are limited to {MAX_QUESTION} characters.")
    conversation = conversation or Conversation()
    found = find_codes(codebook, question)
    codes, unknown = found.known, found.unknown
    follow_up = bool(conversation.codes) and is_follow_up(question)
    if follow_up and not codes and not unknown:
        codes = _still_known(codebook, conversation.codes)
    topic = detect_topic(question, codes + unknown)
    if follow_up:
        topic = topic or conversation.topic
        earlier = _still_known(codebook, conversation.codes)
        if topic == "excludes_pair" and len(codes) == 1 and earlier:
            codes = (earlier[0], *codes)
    topic = topic or ("code_meaning" if codes or unknown else "guideline")
    findings = _run_tools(codebook, question, topic, codes, unknown)
    answer = _compose(question, topic, findings, codes, unknown)
    rephraser = Rephraser.from_environment()
    return rephraser.rephrase(answer) if rephraser and answer.answered else answer


def _still_known(codebook: Codebook, codes: tuple[CodeMention, ...]) -> tuple[CodeMention, ...]:
    """The conversation's codes this codebook still knows (the state comes back from a client)."""
    return tuple(c for c in codes if c.system not in SYSTEMS or codebook.exists(c.code, c.system))


def _run_tools(
    codebook: Codebook,
    question: str,
    topic: str,
    codes: tuple[CodeMention, ...],
    unknown: tuple[CodeMention, ...],
) -> list[Finding]:
    codebook_codes = [c for c in codes if c.system in SYSTEMS and c.system != "hcpcs-modifier"]
    tool = CODE_TOOLS.get(topic)
    findings: list[Finding] = []
    if tool is not None or topic not in billing_tools.TOPICS:
        findings += [_not_found(codebook, mention) for mention in unknown[:3]]
    if tool is not None and codebook_codes:
        findings += tool(codebook, question, codebook_codes)
    elif topic in billing_tools.TOPICS:
        findings += billing_tools.findings(codebook, topic, question, codes + unknown)
    elif topic == "pcs_guideline":
        definition = define_pcs_terms(codebook, question)
        guidelines = find_pcs_guidelines(question)
        findings += [f for f in (definition, guidelines) if f is not None and f.answered]
    elif topic == "search":
        findings.append(
            codebook_tools.search_codes(codebook, _search_words(question), _systems_named(question))
        )
    modifiers = [m for m in codes if m.system in ("modifier", "hcpcs-modifier")]
    if topic in ("modifier", "code_meaning"):
        findings += [
            codebook_tools.describe_code(codebook, m) for m in modifiers if m.system == "hcpcs-modifier"
        ]
    article_codes = tuple(code_key(c.code) for c in (*codes, *unknown))
    for article in best_articles(question, topic, article_codes):
        if topic == "modifier" and modifiers and not set(article_codes) & set(article.codes):
            findings.append(_no_modifier_article(modifiers))
        else:
            findings.append(article_finding(article))
    return findings or [_cannot_answer(question)]


def _describe(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    return [codebook_tools.describe_code(codebook, code) for code in codes[:3]]


def _billability(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    return [codebook_tools.billability(codebook, code) for code in codes[:3]]


def _notes(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    lowered = question.lower()
    named = [kinds for phrase, kinds in NOTE_KINDS if phrase in lowered]
    if {"excludes1"} in named or {"excludes2"} in named:
        named.remove({"excludes1", "excludes2"})  # "excludes1" also contains the generic "exclud"
    kinds = set().union(*named) if named else None
    return [codebook_tools.code_notes(codebook, code, kinds) for code in codes[:2]]


def _pair(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    if len(codes) < 2:
        return _notes(codebook, "excludes1", codes)
    return [codebook_tools.excludes1_between(codebook, codes[0], codes[1])]


def _seventh(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    return [codebook_tools.seventh_character(codebook, code) for code in codes[:2]]


def _sequencing(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    return [codebook_tools.sequencing(codebook, code) for code in codes[:2] if code.system == "icd10cm"]


def _crosswalk(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    return [codebook_tools.crosswalk(codebook, code) for code in codes[:2]]


# Questions about a code the codebook answers on its own; an article's summary is added only if it cannot.
CODEBOOK_TOPICS = {
    "code_meaning",
    "billability",
    "notes",
    "excludes_pair",
    "seventh_character",
    "crosswalk",
    "sequencing",
}
CODE_TOOLS = {
    "code_meaning": _describe,
    "billability": _billability,
    "notes": _notes,
    "excludes_pair": _pair,
    "seventh_character": _seventh,
    "crosswalk": _crosswalk,
    "sequencing": _sequencing,
    "search": _describe,
}


def _not_found(codebook: Codebook, mention: CodeMention) -> Finding:
    system = SYSTEMS[mention.system].name
    if mention.system == "cpt":
        return Finding(
            f"{mention.code} has the shape of a CPT code. CPT descriptors are AMA copyright and this codebook "
            "holds no licensed CPT file; import yours with `medcoder codebook import-cpt PATH` to see it.",
            answered=False,
        )
    try:
        suggestions = codebook.suggest(mention.code, mention.system)
    except UnknownCode:
        suggestions = []
    hint = f" Codes near it: {', '.join(suggestions)}." if suggestions else ""
    loaded = ", ".join(system.name for slug, system in SYSTEMS.items() if _has_system(codebook, slug))
    summary = f"{mention.code} is not a {system} code in this codebook (loaded: {loaded}).{hint}"
    codes = tuple(CodeMention(mention.system, s) for s in suggestions)
    return Finding(summary, codes=codes, answered=False)


def _has_system(codebook: Codebook, system: str) -> bool:
    """One indexed probe; `Codebook.systems()` counts every code, too slow for a chat reply."""
    row = codebook.connection.execute("SELECT 1 FROM codes WHERE system = ? LIMIT 1", (system,)).fetchone()
    return row is not None


def article_finding(article: Article) -> Finding:
    citation = Citation(
        article.reference, f"summarised in our article '{article.title}'", f"/pilot/articles/{article.slug}/"
    )
    facts = tuple(Fact(point, citation) for point in article.points)
    named = (*article.codes, *code_shaped_tokens(" ".join([article.summary, *article.points])))
    codes = tuple(CodeMention("article", code) for code in dict.fromkeys(named))
    return Finding(article.summary, facts, codes, is_article=True)


def _systems_named(question: str) -> list[str] | None:
    """The code systems a search question names ('HCPCS code for CPAP', 'PCS code for appendectomy')."""
    lowered = question.lower()
    for pattern, systems in (
        (r"\bhcpcs\b", ["hcpcs"]),
        (r"\bpcs\b|procedure code", ["icd10pcs"]),
        (r"\bcpt\b", ["cpt"]),
        (r"icd-10-cm|diagnosis", ["icd10cm"]),
    ):
        if re.search(pattern, lowered):
            return systems
    return None


def _search_words(question: str) -> str:
    cleaned = re.sub(
        r"(?i)\b(what|which|is|the|icd-10(-cm|-pcs)?|pcs|cpt|hcpcs|codes?|for|should|i|use|how|do|to|a|an)\b",
        " ",
        question,
    )
    return " ".join(re.sub(r"[^\w\s-]", " ", cleaned).split()[:6])


def _no_modifier_article(modifiers: list[CodeMention]) -> Finding:
    named = ", ".join(m.code for m in modifiers)
    return Finding(
        f"I have no summary of modifier {named}. CPT modifiers are defined in CPT Appendix A (AMA) and HCPCS "
        "Level II modifiers in the CMS HCPCS file; check the payer's policy for its use.",
        answered=False,
    )


def _cannot_answer(question: str) -> Finding:
    return Finding(
        "I cannot answer that from the codebook or the knowledge articles. Name a code (e.g. E11.9, 99213, "
        "G0439, 0SR9019), a modifier, or a topic such as Excludes1, 7th characters, NCCI edits, MUEs, "
        "MS-DRGs, place of service, Medicare coverage or compliance.",
        answered=False,
    )


def _compose(
    question: str,
    topic: str,
    findings: list[Finding],
    codes: tuple[CodeMention, ...],
    unknown: tuple[CodeMention, ...],
) -> Answer:
    """The tools' findings first (what was asked about), then the article as context when no tool could
    answer; every stated code must come from a finding."""
    allowed = {code_key(c.code) for f in findings for c in f.codes}
    echoed = {code_key(c.code) for c in unknown}
    tools = [f for f in findings if not f.is_article]
    articles = [f for f in findings if f.is_article]
    lead = [f.summary for f in tools[:2]]
    wants_guidance = topic != "search" or GUIDANCE.search(question)
    if articles and ((wants_guidance and topic not in CODEBOOK_TOPICS) or not any(f.answered for f in tools)):
        lead.append(articles[0].summary)
    summary = " ".join(lead)
    answered = any(f.answered for f in findings)
    if ungrounded_codes(summary, allowed | echoed):
        summary = _cannot_answer(question).summary
    facts = grounded_facts([fact for f in findings for fact in f.facts], allowed)
    stated = " ".join([summary, *(fact.text for fact in facts)])
    stated_keys = {code_key(token) for token in _tokens(stated)}
    mentions = tuple(dict.fromkeys(c for f in findings for c in f.codes if code_key(c.code) in stated_keys))
    conversation = Conversation(topic, codes[:4])
    return Answer(question, topic, summary, tuple(dict.fromkeys(facts)), mentions, conversation, answered)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)?", text)
