"""CasePilot: one question in, one grounded answer out.

Understand the question (codes, topic, follow-up), run the tools that topic needs, compose the answer
from their findings with a fixed template, and check that every code the answer states came from a
tool. Deterministic: the same question against the same codebook gives the same answer.
"""

import re

from medcoder.assistant import billing_tools, codebook_tools
from medcoder.assistant.code_questions import CODE_TOOLS, not_found
from medcoder.assistant.codes_in_text import find_codes
from medcoder.assistant.composition import (
    CODEBOOK_TOPICS,
    GUIDANCE,
    article_finding,
    cannot_answer,
    compose,
)
from medcoder.assistant.conditions_in_text import conditions_named
from medcoder.assistant.knowledge import articles_for, best_articles, is_specific, shared_codes_of
from medcoder.assistant.pcs_definitions import define_pcs_terms
from medcoder.assistant.pcs_guidelines import find_pcs_guidelines
from medcoder.assistant.pcs_procedures import find_procedure, names_procedure
from medcoder.assistant.pcs_word_parts import approach_meant
from medcoder.assistant.records import Answer, CodeMention, Conversation, Fact, Finding
from medcoder.assistant.rephrase import Rephraser
from medcoder.assistant.topics import detect_topic, is_follow_up
from medcoder.codebook import Codebook
from medcoder.codebook.systems import SYSTEMS, code_key

MAX_QUESTION = 2000
# Words of a question about two conditions together or in order.
PAIR_WORDS = re.compile(
    r"\b(?:together|both|first|sequenc\w*|primary|principal|along with)\b"
    r"|\b(?:(?:can|may|should|could|do)\s+(?:i|we|you)|ok(?:ay)? to|allowed to)\b.*\b(?:code|report|bill|use|assign)\b.*\bwith\b",
    re.IGNORECASE,
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
    reading = _conditions_read(codebook, question, codes) if not unknown else ()
    codes += tuple(code for _, code in reading)
    topic = detect_topic(question, codes + unknown)
    if follow_up:
        topic = topic or conversation.topic
        earlier = _still_known(codebook, conversation.codes)
        if topic == "code_pair" and len(codes) == 1 and earlier:
            codes = (earlier[0], *codes)
    if topic is None:
        topic = "code_meaning" if codes or unknown else _article_topic(question)
    findings = _run_tools(codebook, question, topic, codes, unknown)
    if reading and topic in ("code_pair", "sequencing"):
        findings.insert(0, _read_as(codebook, reading))
    answer = compose(question, topic, findings, codes, unknown)
    rephraser = Rephraser.from_environment()
    return rephraser.rephrase(answer) if rephraser and answer.answered else answer


def _conditions_read(
    codebook: Codebook, question: str, codes: tuple[CodeMention, ...]
) -> tuple[tuple[str, CodeMention], ...]:
    """The conditions a question about two of them names in words ("chest pain and GERD, which goes
    first?"), read into codes, when it gives fewer than two codes; a "how do I code" question asks for
    the guideline and is left as it is."""
    diagnoses = [c for c in codes if c.system == "icd10cm"]
    if len(diagnoses) >= 2 or not PAIR_WORDS.search(question) or GUIDANCE.search(question):
        return ()
    reading = tuple(r for r in conditions_named(codebook, question) if r[1] not in diagnoses)
    return reading if len(diagnoses) + len(reading) >= 2 else ()


def _read_as(codebook: Codebook, reading: tuple[tuple[str, CodeMention], ...]) -> Finding:
    """Says how the words were read, so the coder can check it."""
    read = [(phrase, codebook_tools.resolve(codebook, code)) for phrase, code in reading]
    summary = "Reading " + " and ".join(f'"{phrase}" as {code.code}' for phrase, code in read) + ":"
    facts = tuple(
        Fact(
            f'"{phrase}" read as {code.code} ({code.title}) by the codebook search.',
            codebook_tools.citation_for(codebook, code),
        )
        for phrase, code in read
    )
    return Finding(summary, facts, tuple(code for _, code in reading))


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
        findings += [not_found(codebook, mention) for mention in unknown[:3]]
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
    if not findings and GUIDANCE.search(question):
        # "How do I code CHF?": no guideline article on it, so the codes the words name.
        findings.append(
            codebook_tools.search_codes(codebook, _search_words(question), _systems_named(question))
        )
    return findings or [cannot_answer(topic, question)]


def _pcs_findings(codebook: Codebook, question: str) -> list[Finding]:
    """A procedure the question names, through the PCS Index; else the root operations and approaches
    it names, defined, and the PCS guidelines on its words."""
    asks_guideline = re.search(r"guideline|\b[ABC]\d{1,2}\.\d", question, re.IGNORECASE)
    procedure = (
        None if asks_guideline else find_procedure(codebook, question) or approach_meant(codebook, question)
    )
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
    chosen = articles_for(question, topic, asked)
    if len(asked) >= 2:
        # A question about two codes also gets the article about those codes ("sepsis and UTI, which is
        # principal?": the sepsis article beside the principal-diagnosis one).
        chosen += [a for a in best_articles("", topic, asked) if a not in chosen]
    found = []
    for article in chosen:
        if codes_answered and not shared_codes_of(article, asked):
            continue
        if topic == "modifier" and modifiers and not set(asked) & set(article.codes):
            found.append(_no_modifier_article(modifiers))
        else:
            found.append(article_finding(article, question, asked, is_specific(article, question, asked)))
    return found


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
