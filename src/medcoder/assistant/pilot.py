"""CasePilot: one question in, one grounded answer out.

Understand the question (codes, topic, follow-up), run the tools that topic needs, compose the answer
from their findings with a fixed template, and check that every code the answer states came from a
tool. Deterministic: the same question against the same codebook gives the same answer.
"""

import re

from medcoder.assistant import billing_tools, code_pairs, codebook_tools
from medcoder.assistant.codes_in_text import code_shaped_tokens, find_codes
from medcoder.assistant.grounding import grounded_facts, ungrounded_codes
from medcoder.assistant.knowledge import (
    CODE_POINT,
    Article,
    articles_for,
    names_code,
    point_about,
    shared_codes_of,
)
from medcoder.assistant.pcs_definitions import define_pcs_terms
from medcoder.assistant.pcs_guidelines import find_pcs_guidelines
from medcoder.assistant.pcs_procedures import find_procedure, names_procedure
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
        if topic == "code_pair" and len(codes) == 1 and earlier:
            codes = (earlier[0], *codes)
    if topic is None:
        topic = "code_meaning" if codes or unknown else _article_topic(question)
    findings = _run_tools(codebook, question, topic, codes, unknown)
    answer = _compose(question, topic, findings, codes, unknown)
    rephraser = Rephraser.from_environment()
    return rephraser.rephrase(answer) if rephraser and answer.answered else answer


def _article_topic(question: str) -> str | None:
    """For a question no signal places ("What is a combination code?"): the topic of its article."""
    found = articles_for(question, None)
    return found[0].topic if found else None


def _still_known(codebook: Codebook, codes: tuple[CodeMention, ...]) -> tuple[CodeMention, ...]:
    """The conversation's codes this codebook still knows (the state comes back from a client)."""
    return tuple(c for c in codes if c.system not in SYSTEMS or codebook.exists(c.code, c.system))


def _run_tools(
    codebook: Codebook,
    question: str,
    topic: str | None,
    codes: tuple[CodeMention, ...],
    unknown: tuple[CodeMention, ...],
) -> list[Finding]:
    codebook_codes = [c for c in codes if c.system in SYSTEMS and c.system != "hcpcs-modifier"]
    tool = CODE_TOOLS.get(topic or "")
    findings: list[Finding] = []
    if tool is not None or topic not in billing_tools.TOPICS:
        findings += [_not_found(codebook, mention) for mention in unknown[:3]]
    if tool is not None and codebook_codes:
        findings += tool(codebook, question, codebook_codes)
    elif topic in billing_tools.TOPICS:
        findings += billing_tools.findings(codebook, topic, question, codes + unknown)
    elif topic == "pcs_guideline":
        findings += _pcs_findings(codebook, question)
    elif topic == "search":
        systems = _systems_named(question)
        procedure = find_procedure(codebook, question) if _wants_procedure(question, systems) else None
        findings.append(procedure or codebook_tools.search_codes(codebook, _search_words(question), systems))
    modifiers = [m for m in codes if m.system in ("modifier", "hcpcs-modifier")]
    if topic in ("modifier", "code_meaning"):
        findings += [
            codebook_tools.describe_code(codebook, m) for m in modifiers if m.system == "hcpcs-modifier"
        ]
    codes_answered = topic in CODEBOOK_TOPICS and any(f.answered for f in findings)
    findings += _article_findings(question, topic, (*codes, *unknown), modifiers, codes_answered)
    return findings or [_cannot_answer(topic)]


def _pcs_findings(codebook: Codebook, question: str) -> list[Finding]:
    """A procedure the question names, through the PCS Index; else the root operations and approaches
    it names, defined, and the PCS guidelines on its words."""
    asks_guideline = re.search(r"guideline|\b[ABC]\d{1,2}\.\d", question, re.IGNORECASE)
    procedure = None if asks_guideline else find_procedure(codebook, question)
    if procedure is not None:
        return [procedure]
    definition = define_pcs_terms(codebook, question)
    guidelines = find_pcs_guidelines(question)
    return [f for f in (definition, guidelines) if f is not None and f.answered]


def _wants_procedure(question: str, systems: list[str] | None) -> bool:
    return systems == ["icd10pcs"] or (systems is None and names_procedure(question))


def _article_findings(
    question: str,
    topic: str | None,
    mentions: tuple[CodeMention, ...],
    modifiers: list[CodeMention],
    codes_answered: bool,
) -> list[Finding]:
    """The articles the question is about, their points about the asked codes first. When the codebook
    already answered a question about codes, only an article about those codes adds to it. Place-of-
    service and DRG numbers are no article codes ("POS 66" is not modifier 66)."""
    asked = tuple(code_key(c.code) for c in mentions if c.system not in ("pos", "drg"))
    found = []
    for article in articles_for(question, topic, asked):
        if codes_answered and not shared_codes_of(article, asked):
            continue
        if topic == "modifier" and modifiers and not set(asked) & set(article.codes):
            found.append(_no_modifier_article(modifiers))
        else:
            found.append(article_finding(article, asked))
    return found


def _describe(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    return [_cpt_point(code) or codebook_tools.describe_code(codebook, code) for code in codes[:3]]


def _cpt_point(mention: CodeMention) -> Finding | None:
    """A CPT code an article summarises in a point of its own ("99214: ..."): that point, since the
    codebook may hold the number but never the AMA descriptor."""
    described = point_about(mention.code) if mention.system == "cpt" else None
    if described is None:
        return None
    article, point = described
    citation = article_citation(article)
    licence = Fact(
        "CPT descriptors are AMA copyright; this line is our own summary of what the code is for.", citation
    )
    return Finding(point, (licence,), (mention,), sources=(citation,))


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
    return [code_pairs.reported_together(codebook, codes[0], codes[1])]


def _seventh(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    return [codebook_tools.seventh_character(codebook, code) for code in codes[:2]]


def _sequencing(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    diagnoses = [code for code in codes if code.system == "icd10cm"]
    if len(diagnoses) >= 2:
        return [code_pairs.sequence_of(codebook, diagnoses[0], diagnoses[1])]
    return [codebook_tools.sequencing(codebook, code) for code in diagnoses[:1]]


def _crosswalk(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    return [codebook_tools.crosswalk(codebook, code) for code in codes[:2]]


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
CODE_TOOLS = {
    "code_meaning": _describe,
    "billability": _billability,
    "notes": _notes,
    "code_pair": _pair,
    "seventh_character": _seventh,
    "crosswalk": _crosswalk,
    "sequencing": _sequencing,
    "search": _describe,
}


def _not_found(codebook: Codebook, mention: CodeMention) -> Finding:
    system = SYSTEMS[mention.system].name
    if mention.system == "cpt":
        return _cpt_point(mention) or Finding(
            f"{mention.code} has the shape of a CPT code. CPT descriptors are AMA copyright and this codebook "
            "holds no licensed CPT file; import yours with `medcoder codebook import-cpt PATH` to see it.",
            answered=False,
            leads=False,
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


def article_citation(article: Article) -> Citation:
    return Citation(
        article.reference, f"summarised in our article '{article.title}'", f"/pilot/articles/{article.slug}/"
    )


def article_finding(article: Article, asked: tuple[str, ...] = ()) -> Finding:
    """The article's summary (cited by its official references) and its points, those naming an asked
    code (or its category) first."""
    citation = article_citation(article)
    points = [p for p in article.points if not _about_another_code(p, asked)]
    points.sort(key=lambda point: not _names_any(point, asked))
    facts = tuple(Fact(point, citation) for point in points)
    named = (*article.codes, *code_shaped_tokens(" ".join([article.summary, *article.points])))
    codes = tuple(CodeMention("article", code) for code in dict.fromkeys(named))
    return Finding(article.summary, facts, codes, is_article=True, sources=(citation,))


def _about_another_code(point: str, asked: tuple[str, ...]) -> bool:
    """A point written about one code ("99203: ...") when the question asks about others."""
    return bool(asked) and CODE_POINT.match(point) is not None and not _names_any(point, asked)


def _names_any(text: str, asked: tuple[str, ...]) -> bool:
    return any(names_code(text, key) for key in asked)


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


NEEDS = (
    "a code (e.g. E11.9, 99213, G0439, 0SR9019), a modifier, or a coding topic such as Excludes1, 7th "
    "characters, sequencing, NCCI edits, MUEs, MS-DRGs, place of service, Medicare coverage or compliance"
)


def _cannot_answer(topic: str | None) -> Finding:
    """What to say when nothing answered: off-topic text (no coding topic at all) is told so plainly."""
    if topic is None:
        return Finding(f"I can only answer coding questions; I would need {NEEDS}.", answered=False)
    return Finding(
        f"I cannot answer that from the codebook or the knowledge articles; I would need {NEEDS}.",
        answered=False,
    )


def _compose(
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
    leading = [f for f in tools if f.leads or not articles][:2]
    side_notes = [f for f in tools if not f.leads and f not in leading][:1]
    wants_guidance = topic != "search" or GUIDANCE.search(question)
    tools_answered = any(f.answered for f in leading)
    shown = list(leading)
    if articles and ((wants_guidance and topic not in CODEBOOK_TOPICS) or not tools_answered):
        shown += articles
    shown += side_notes
    summary = " ".join([*_points_on_all(articles, codes), *(f.summary for f in shown)])
    answered = any(f.answered for f in findings) and all(f.answered for f in leading)
    sources = tuple(dict.fromkeys(c for f in shown for c in f.sources))
    if ungrounded_codes(summary, allowed | echoed):
        summary, sources, answered = _cannot_answer(topic).summary, (), False
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


def _points_on_all(articles: list[Finding], codes: tuple[CodeMention, ...]) -> list[str]:
    """An article point naming every code of a question about two or more ("Z79.4 is not assigned with
    type 1 diabetes (E10)"): the guideline on exactly that combination, so it joins the answer."""
    keys = [code_key(c.code) for c in codes if c.system in SYSTEMS]
    if len(keys) < 2:
        return []
    points = [fact.text for f in articles for fact in f.facts if all(names_code(fact.text, k) for k in keys)]
    return points[:1]


def _tokens(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)?", text)
