"""The tools a question about codes runs, by topic: describe, billability, notes, two codes together,
7th characters, sequencing, crosswalks; and what to say about a code the codebook does not hold."""

from medcoder.assistant import code_pairs, codebook_tools
from medcoder.assistant.composition import article_citation
from medcoder.assistant.knowledge import article_by_slug, point_about
from medcoder.assistant.records import CodeMention, Fact, Finding
from medcoder.codebook import Codebook, UnknownCode
from medcoder.codebook.systems import SYSTEMS

NOTE_KINDS = (
    ("excludes1", {"excludes1"}),
    ("excludes2", {"excludes2"}),
    ("exclud", {"excludes1", "excludes2"}),
    ("code first", {"code_first"}),
    ("additional code", {"use_additional_code"}),
    ("code also", {"code_also"}),
    ("include", {"includes", "inclusion_term"}),
)


def _describe(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    return [
        finding
        for code in codes[:3]
        for finding in _retired(codebook, code)
        or [_cpt_point(code) or codebook_tools.describe_code(codebook, code)]
    ]


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
    return [
        finding
        for code in codes[:3]
        for finding in _retired(codebook, code) or [codebook_tools.billability(codebook, code)]
    ]


def _retired(codebook: Codebook, mention: CodeMention) -> list[Finding]:
    """An ICD-9-CM code asked about as if current ("Is 250.00 still valid?"): retired, and where the GEMs
    send it. The transition date is our ICD-9 article's, cited as such."""
    if mention.system not in ("icd9cm", "icd9pcs"):
        return []
    code = codebook_tools.resolve(codebook, mention)
    article = article_by_slug("icd9-transition")
    summary = (
        f"{code.code} is an {SYSTEMS[code.system].name} code ({code.title}), no longer valid on claims: "
        "ICD-9-CM was replaced by ICD-10-CM and ICD-10-PCS for services from October 1, 2015."
    )
    retired = Finding(summary, codes=(codebook_tools.mention_of(code),), sources=(article_citation(article),))
    return [retired, codebook_tools.crosswalk(codebook, mention)]


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
    return [codebook_tools.seventh_character(codebook, code, question) for code in codes[:2]]


def _sequencing(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    diagnoses = [code for code in codes if code.system == "icd10cm"]
    if len(diagnoses) >= 2:
        return [code_pairs.sequence_of(codebook, diagnoses[0], diagnoses[1])]
    return [codebook_tools.sequencing(codebook, code) for code in diagnoses[:1]]


def _crosswalk(codebook: Codebook, question: str, codes: list[CodeMention]) -> list[Finding]:
    return [
        finding
        for code in codes[:2]
        for finding in _retired(codebook, code) or [codebook_tools.crosswalk(codebook, code)]
    ]


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


def not_found(codebook: Codebook, mention: CodeMention) -> Finding:
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
