"""The assistant's tools over the billing rules (`medcoder.rules`): NCCI PTP pairs, MUEs, fee-schedule
indicators, MS-DRGs and CC/MCC status, place of service and LCD documents. When the data a question
needs is not loaded, the finding says so and how to load it; it never states an edit it cannot show."""

import re
import sqlite3
from datetime import date

from medcoder.assistant.codes_in_text import code_shaped_tokens
from medcoder.assistant.knowledge import STOPWORDS
from medcoder.assistant.records import Citation, CodeMention, Fact, Finding
from medcoder.codebook import Codebook
from medcoder.codebook.systems import SHAPES
from medcoder.rules import coverage, drg, fee_schedule, mue, places, ptp

TOPICS = {"ptp", "mue", "fee_schedule", "drg", "pos", "coverage"}
LOADED_BY = {
    "ptp_edits": "the quarterly CMS NCCI procedure-to-procedure edit files",
    "mues": "the quarterly CMS NCCI Medically Unlikely Edit files",
    "fee_schedule": "the CMS Physician Fee Schedule RVU file (PPRRVU)",
    "ms_drgs": "the MS-DRG tables",
    "complication_levels": "the MS-DRG CC/MCC tables",
    "places_of_service": "the CMS Place of Service code set",
    "coverage_documents": "the Medicare Coverage Database document list",
}
PROCEDURE_SYSTEMS = ("cpt", "hcpcs")
# Coverage documents are searched by title only when the question asks whether something is covered or
# for an LCD; "What is an ABN?" wants the article, not documents with "abn" in their titles.
DOCUMENT_WANTED = re.compile(r"\b(?:covers?|covered|lcds?|articles?)\b", re.IGNORECASE)
COVERAGE_WORDS = frozenset(
    [
        "is",
        "are",
        "a",
        "an",
        "the",
        "does",
        "do",
        "medicare",
        "cover",
        "covered",
        "coverage",
        "lcd",
        "lcds",
        "ncd",
        "ncds",
        "for",
        "of",
        "by",
        "what",
        "which",
        "any",
        "there",
        "policy",
        "local",
        "national",
        "determination",
        "article",
        "articles",
        "documents",
        "on",
        "about",
        "difference",
        "between",
        "differ",
        "versus",
        "compare",
        "mean",
        "means",
        "explain",
        "get",
        "pay",
        "pays",
        "paid",
    ]
)


def findings(codebook: Codebook, topic: str, question: str, codes: tuple[CodeMention, ...]) -> list[Finding]:
    """What the billing rules say about the codes in the question (known to the codebook or only
    CPT/HCPCS-shaped: the rules tables hold CPT numbers the codebook may not title)."""
    procedures = [c.code for c in codes if _is_procedure(c)]
    if topic == "ptp" and procedures:
        return [_ptp(codebook, procedures)]
    if topic == "mue" and procedures:
        return [_mue(codebook, code) for code in procedures[:2]]
    if topic == "fee_schedule" and procedures:
        return [_fee_schedule(codebook, code) for code in procedures[:2]]
    if topic == "drg":
        return [_drg(codebook, c) for c in codes if c.system in ("drg", "icd10cm")][:3]
    if topic == "pos":
        named = [_place(codebook, c.code) for c in codes if c.system == "pos"][:3]
        return named or _places_named_in(codebook, question)
    if topic == "coverage" and (
        procedures or (DOCUMENT_WANTED.search(question) and _service_terms(question))
    ):
        return [_coverage(codebook, question, procedures)]
    return []


def _service_terms(question: str) -> list[str]:
    """What a coverage question is about once the coverage words are gone ("knee", "MRI");
    abbreviations titles spell out (CT, MRI) count at any length."""
    return [
        word
        for word in re.findall(r"[A-Za-z][A-Za-z-]+", question)
        if word.lower() not in COVERAGE_WORDS | STOPWORDS
        and (len(word) >= 3 or word.upper() in coverage.TITLE_WORDS)
    ]


def _is_procedure(mention: CodeMention) -> bool:
    """CPT/HCPCS codes, including undotted ones the codebook does not title ('J1100' could also be read
    as an ICD-10-CM code the codebook lacks; a known ICD-10-CM code is always shown dotted)."""
    if mention.system in PROCEDURE_SYSTEMS:
        return True
    return "." not in mention.code and any(SHAPES[s].match(mention.code) for s in PROCEDURE_SYSTEMS)


def _source(codebook: Codebook, name: str) -> Citation:
    source = codebook.source(name)
    return Citation(source.title, source.version) if source else Citation(name, "version unknown")


def _loaded(codebook: Codebook, table: str) -> bool:
    try:
        return codebook.connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:
        return False


def _not_loaded(table: str, about: str, codes: tuple[CodeMention, ...] = ()) -> Finding:
    return Finding(
        f"I cannot check {about} here: {LOADED_BY[table]}: not loaded in this codebook. Put the files in the "
        "data folder and rebuild (`medcoder codebook build --data-dir DIR`, or `medcoder codebook fetch` "
        "when online); until then I will not guess an edit or a value.",
        codes=codes,
        answered=False,
    )


def _ptp(codebook: Codebook, procedures: list[str]) -> Finding:
    if not _loaded(codebook, "ptp_edits"):
        return _not_loaded(
            "ptp_edits", " and ".join(procedures[:2]), tuple(CodeMention("cpt", c) for c in procedures[:2])
        )
    if len(procedures) == 1:
        return _ptp_one(codebook, procedures[0])
    first, second = procedures[:2]
    today = date.today()
    edit = ptp.ptp_edit_between(codebook, first, second, today) or ptp.ptp_edit_between(
        codebook, second, first, today
    )
    mentions = (CodeMention("cpt", first), CodeMention("cpt", second))
    if edit is None:
        return Finding(
            f"No practitioner NCCI PTP edit in force today pairs {first} and {second} in the loaded tables.",
            codes=mentions,
        )
    meaning = ptp.INDICATOR_MEANINGS.get(edit.modifier_indicator, "unknown")
    advice = {
        "0": "no modifier allows both; only the column 1 code is paid",
        "1": "an NCCI-associated modifier (e.g. 59 or XE/XS/XP/XU) may allow both when the record supports "
        "a distinct service",
        "9": "the edit no longer applies",
    }.get(edit.modifier_indicator, "")
    summary = (
        f"Yes, an NCCI PTP edit pairs them: column 1 {edit.column_one}, column 2 {edit.column_two}, modifier "
        f"indicator {edit.modifier_indicator} ({meaning}): {advice}."
    )
    fact = Fact(
        f"Edit {edit.column_one}/{edit.column_two} ({edit.setting}), effective {edit.effective}, modifier "
        f"indicator {edit.modifier_indicator}; rationale: {edit.rationale}.",
        _source(codebook, edit.source),
    )
    return Finding(summary, (fact,), mentions)


def _ptp_one(codebook: Codebook, code: str) -> Finding:
    as_one, total_one = ptp.ptp_edits_for(codebook, code, column=1)
    _, total_two = ptp.ptp_edits_for(codebook, code, column=2)
    summary = f"{code} is column 1 in {total_one} and column 2 in {total_two} active practitioner PTP edits."
    facts = tuple(
        Fact(
            f"{e.column_one}/{e.column_two}: modifier indicator {e.modifier_indicator}.",
            _source(codebook, e.source),
        )
        for e in as_one[:5]
    )
    codes = (CodeMention("cpt", code), *(CodeMention("cpt", e.column_two) for e in as_one[:5]))
    return Finding(summary, facts, codes)


def _mue(codebook: Codebook, code: str) -> Finding:
    if not _loaded(codebook, "mues"):
        return _not_loaded("mues", f"the MUE for {code}", (CodeMention("cpt", code),))
    edits = mue.mue_for(codebook, code)
    if not edits:
        return Finding(f"The loaded MUE tables publish no MUE for {code}.", codes=(CodeMention("cpt", code),))
    facts = tuple(
        Fact(
            f"{e.setting}: MUE {e.mue_value}, adjudication indicator {e.adjudication_indicator} "
            f"({e.adjudication}); rationale: {e.rationale}.",
            _source(codebook, e.source),
        )
        for e in edits
    )
    first = edits[0]
    summary = (
        f"The {first.setting} MUE for {code} is {first.mue_value} unit(s) per date of service, MAI "
        f"{first.adjudication_indicator}: {first.adjudication}."
    )
    return Finding(summary, facts, (CodeMention("cpt", code),))


def _fee_schedule(codebook: Codebook, code: str) -> Finding:
    if not _loaded(codebook, "fee_schedule"):
        return _not_loaded(
            "fee_schedule", f"the fee-schedule indicators of {code}", (CodeMention("cpt", code),)
        )
    entries = fee_schedule.fee_schedule_for(codebook, code)
    if not entries:
        return Finding(f"The loaded fee schedule has no row for {code}.", codes=(CodeMention("cpt", code),))
    entry = entries[0]
    cite = _source(codebook, entry.source)
    facts = (
        Fact(f"Status {entry.status}: {entry.status_meaning}; global days {entry.global_days}.", cite),
        Fact(f"PC/TC indicator {entry.pctc}; multiple procedure indicator {entry.multiple_procedure}.", cite),
        Fact(
            f"Bilateral {entry.bilateral_surgery}: {fee_schedule.BILATERAL.get(entry.bilateral_surgery, '')}.",
            cite,
        ),
        Fact(
            f"Assistant {entry.assistant_surgery}: {fee_schedule.ASSISTANT.get(entry.assistant_surgery, '')}.",
            cite,
        ),
        Fact(
            f"Co-surgeons {entry.co_surgeons}: {fee_schedule.CO_OR_TEAM.get(entry.co_surgeons, '')}; team "
            f"{entry.team_surgery}: {fee_schedule.CO_OR_TEAM.get(entry.team_surgery, '')}.",
            cite,
        ),
    )
    summary = f"{code} in the Physician Fee Schedule: status {entry.status} ({entry.status_meaning}), global days {entry.global_days}."
    return Finding(summary, facts, (CodeMention("cpt", code),))


def _drg(codebook: Codebook, mention: CodeMention) -> Finding:
    if mention.system == "icd10cm":
        if not _loaded(codebook, "complication_levels"):
            return _not_loaded("complication_levels", f"the CC/MCC status of {mention.code}", (mention,))
        relevance = drg.drg_relevance(codebook, mention.code)
        level = relevance.level or "neither a CC nor an MCC"
        summary = f"As a secondary diagnosis, {relevance.code} is {level} in the MS-DRG tables."
        detail = f"{relevance.code}: {level}"
        if relevance.excluding_principal_count:
            detail += f"; excluded as CC/MCC with {relevance.excluding_principal_count} principal diagnoses"
        if relevance.discharged_alive_only:
            detail += "; counts only when the patient is discharged alive"
        fact = Fact(detail + ".", _source(codebook, relevance.source))
        return Finding(summary, (fact,), (mention,))
    if not _loaded(codebook, "ms_drgs"):
        return _not_loaded("ms_drgs", f"MS-DRG {mention.code}", (mention,))
    row = codebook.connection.execute(
        "SELECT d.title, d.mdc, m.title, d.drg_type, d.weight, d.source FROM ms_drgs d"
        " LEFT JOIN major_diagnostic_categories m ON m.mdc = d.mdc WHERE d.drg = ?",
        (mention.code,),
    ).fetchone()
    if row is None:
        return Finding(f"MS-DRG {mention.code} is not in the loaded MS-DRG table.", answered=False)
    title, mdc, mdc_title, drg_type, weight, source = row
    cite = _source(codebook, source)
    kind = {"SURG": "surgical", "MED": "medical"}.get(drg_type or "", "")
    summary = f'MS-DRG {mention.code} is "{title}"' + (f", a {kind} MS-DRG" if kind else "") + "."
    facts = [Fact(f"MS-DRG {mention.code}: {title}.", cite)]
    if mdc:
        facts.append(Fact(f"MDC {mdc}" + (f": {mdc_title}." if mdc_title else "."), cite))
    if weight is not None:
        facts.append(Fact(f"Relative weight {weight}.", cite))
    return Finding(summary, tuple(facts), (mention,))


def _place(codebook: Codebook, code: str) -> Finding:
    if not _loaded(codebook, "places_of_service"):
        return _not_loaded("places_of_service", f"place of service {code}")
    place = places.place_of_service(codebook, code)
    if place is None:
        return Finding(f"{code} is not a code in the loaded Place of Service code set.", answered=False)
    summary = f'Place of service {place.code} is "{place.name}".'
    fact = Fact(f"POS {place.code}: {place.name}.", _source(codebook, place.source))
    return Finding(summary, (fact,), (CodeMention("pos", code),))


def _places_named_in(codebook: Codebook, question: str) -> list[Finding]:
    """'What POS for urgent care?': the place of service whose name shares the question's words; words
    a name sets aside ("Telehealth provided other than in patient's home") count against it."""
    if not _loaded(codebook, "places_of_service"):
        return []
    asked = (
        {w for w in re.findall(r"[a-z]{4,}", question.lower())}
        - COVERAGE_WORDS
        - {"place", "service", "code"}
    )
    scored = []
    for place in places.places_of_service(codebook):
        named, _, negated = place.name.lower().partition("other than")
        shared = asked & set(re.findall(r"[a-z]{4,}", named))
        refused = asked & set(re.findall(r"[a-z]{4,}", negated))
        if len(shared) > len(refused):
            scored.append((len(shared) - len(refused), place.code, place))
    if not scored:
        return []
    scored.sort(key=lambda item: (-item[0], item[1]))
    best = [place for count, _, place in scored if count == scored[0][0]][:3]
    return [_place(codebook, place.code) for place in best]


def _coverage(codebook: Codebook, question: str, procedures: list[str]) -> Finding:
    """LCDs and Articles whose titles name the code, or every word of the service asked about. A side
    note beside an article on the service (an NCD summary), the list itself when there is none."""
    if not _loaded(codebook, "coverage_documents"):
        return _not_loaded("coverage_documents", "LCDs and Articles")
    terms = [] if procedures else _service_terms(question)
    if procedures:
        documents = coverage.lcd_documents_mentioning(codebook, procedures[0])
    else:
        documents = coverage.coverage_documents_matching(codebook, " ".join(terms))[0]
        abbreviations = [t for t in terms if t.upper() in coverage.TITLE_WORDS]
        if not documents and abbreviations and abbreviations != terms:
            # "CPAP machine": the titles spell out CPAP but never say machine.
            terms = abbreviations
            documents = coverage.coverage_documents_matching(codebook, " ".join(terms))[0]
    active = {d.display_id: d for d in documents if d.retired is None}.values()
    documents = sorted(active, key=lambda d: (d.document_type != "LCD", d.display_id))[:5]
    asked = procedures[0] if procedures else " ".join(terms)
    if not documents:
        return Finding(
            f"No active LCD or Article title in the Medicare Coverage Database list names {asked}.",
            answered=False,
            leads=False,
        )
    facts = tuple(
        Fact(
            f"{d.document_type} {d.display_id}: {d.title} ({d.contractors}).",
            Citation(_source(codebook, d.source).source, _source(codebook, d.source).version, d.url),
        )
        for d in documents
    )
    listed = ", ".join(d.display_id for d in documents)
    summary = f"Medicare coverage documents whose titles name {asked}: {listed}; read them for the covered indications."
    named = [CodeMention("coverage-document", d.display_id) for d in documents]
    in_titles = [CodeMention("coverage-document", t) for d in documents for t in code_shaped_tokens(d.title)]
    return Finding(summary, facts, (*named, *in_titles), leads=False)
