"""From procedure words to ICD-10-PCS: "laparoscopic cholecystectomy" -> Resection, Gallbladder (0FT4)
-> Percutaneous Endoscopic approach -> 0FT44ZZ.

The PCS Index gives the root operation and body part, either from a procedure name ("Appendectomy")
or from a root operation with a body part under it ("resection of the gallbladder"; "removing the
appendix" reads "removing" through the meaning of the suffix -ectomy, removal, to Excision or
Resection). The medical word parts of `icd10-coder` read the rest: body parts (nephr- is kidney) and
approaches (laparoscop- and arthroscop- are Percutaneous Endoscopic), beside the official approach
names. Only codes the codebook's PCS tables hold under the Index's prefix are stated.
"""

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from medcoder.assistant.pcs_word_parts import (
    MEDICAL_AND_SURGICAL,
    approaches_named,
    body_part_meanings,
    operation_values,
    stem,
    suffix_meanings,
    suffixes,
    words,
)
from medcoder.assistant.records import Citation, CodeMention, Fact, Finding
from medcoder.codebook import Codebook
from medcoder.codebook.pcs_index import PcsIndexEntry, pcs_index_by_main

OPERATION = 3
PARTIAL = re.compile(r"\b(?:partial|portion|part of|piece|segment|biops)", re.IGNORECASE)
MAX_CODES = 4
SIDES = frozenset({"left", "right", "bilateral"})
TABLE_LENGTH = 3  # a prefix of three characters is a whole table: the body part is still open


@dataclass(frozen=True)
class Target:
    """Where the Index sends the question: a root operation on a body part, and the code prefix."""

    term: str  # the procedure name the Index was entered with, or "" when entered by root operation
    operation: str
    body_part: str
    prefix: str


def names_procedure(question: str) -> bool:
    """Whether the words say a procedure: a PCS suffix ("-ectomy", "-scopy"), or a root operation's name
    or meaning ("replacement", "removal") - so "code for type 2 diabetes" never goes to the PCS Index."""
    written = re.findall(r"[a-z]+", question.lower())
    if any(word.endswith(suffix) for word in written for suffix in suffixes()):
        return True
    asked = words(question)
    operations = {stem(name.lower()) for name, _ in operation_values()}
    meanings = [m for meanings, _ in suffix_meanings() for m in meanings]
    return bool(asked & operations) or any(m <= asked for m in meanings)


def find_procedure(codebook: Codebook, question: str) -> Finding | None:
    """The PCS root operation, Index row and codes for the procedure a question names; None when it
    names none the Index knows."""
    asked = words(question)
    operations = _operation_definitions(codebook)
    index = _index_of(codebook)
    targets = _named_procedure(index, asked, operations) or _operation_on_body_part(index, asked, operations)
    if not targets:
        return None
    chosen = _preferred(targets, question, operations)
    approaches = approaches_named(question) or _approaches_of_scopes(index, asked, operations)
    body_words = asked | body_part_meanings(asked)
    share = MAX_CODES // len(chosen)
    codes = [
        code for t in chosen for code in _codes_under(codebook, t.prefix, approaches, body_words)[:share]
    ]
    summary = _summary(chosen, operations, codes[:MAX_CODES], bool(approaches))
    others = [t for t in targets if t.operation != chosen[0].operation]
    if others:
        other = others[0]
        meaning = operations.get(other.operation, ("", None))[0]
        summary += f" The Index also offers {other.operation} ({other.prefix})" + (
            f": {meaning.lower()}." if meaning else "."
        )
    facts = [Fact(f"Index: {_where([t])}.", index.citation) for t in targets]
    facts += [
        Fact(f"{code}: {title}.", _tables_citation(codebook, code)) for code, title in codes[:MAX_CODES]
    ]
    definition = operations.get(chosen[0].operation)
    if definition:
        facts.append(Fact(f"Root operation {chosen[0].operation}: {definition[0]}.", definition[1]))
    mentions = (
        *(CodeMention("icd10pcs", t.prefix) for t in targets),
        *(CodeMention("icd10pcs", code) for code, _ in codes[:MAX_CODES]),
    )
    return Finding(summary, tuple(facts), mentions)


def _summary(
    chosen: list["Target"],
    operations: dict[str, tuple[str, Citation]],
    codes: list[tuple[str, str]],
    approach_named: bool,
) -> str:
    """The code first when the question gave the approach and the body part is settled; else the root
    operation and the Index row, then the codes that complete it."""
    target = chosen[0]
    definition = operations.get(target.operation, ("", None))[0]
    operation = f"the root operation is {target.operation}" + (
        f" ({definition.lower()})" if definition else ""
    )
    where = _where(chosen)
    if approach_named and codes and len({code[:4] for code, _ in codes}) == 1:
        code, title = codes[0]
        also = f"; also {_listed(codes[1:])}" if codes[1:] else ""
        return f"{code} ({title}): {operation}; {where}{also}."
    if codes:
        return (
            f"{operation[0].upper()}{operation[1:]}; {where}; the remaining characters (approach, device, "
            "qualifier) complete the code: " + _listed(codes) + "."
        )
    return f"{operation[0].upper()}{operation[1:]}; {where}; choose the body part and approach in that table."


def _listed(codes: list[tuple[str, str]]) -> str:
    return "; ".join(f"{code} ({title})" for code, title in codes)


def _where(targets: list[Target]) -> str:
    rows = " or ".join(
        ", ".join(filter(None, (t.operation, t.body_part))) + f" ({t.prefix})" for t in targets
    )
    if targets[0].term:
        return f'the PCS Index sends "{targets[0].term}" to {rows}'
    return f"the PCS Index lists {rows}"


def _named_procedure(index: "_Index", asked: set[str], operations: dict) -> list[Target]:
    """Targets of the procedure name (not a root operation) the question writes: whole, or by the part
    before its comma ("Polypectomy, gastrointestinal") unless that part is a root operation ("Replacement,
    knee" needs "knee"); the one with the most words named and the longest prefixes when several are."""
    named = [
        main
        for main, term_words in index.main_term_words.items()
        if main.title() not in operations
        and _named_in(main, term_words, asked, operations)
        and index.coded_entries(main)
    ]
    if not named:
        return []
    # An inspection done to reach the objective is not coded apart (guideline B3.11a): "colonoscopy with
    # polypectomy" is the polypectomy.
    named = [m for m in named if not index.only_inspection(m)] or named
    main = max(
        named,
        key=lambda m: (
            len(index.main_term_words[m] & asked),
            max(len(e.code or "") for e in index.coded_entries(m)),
        ),
    )
    entries = index.coded_entries(main)
    fitting = [e for e in entries if not e.path or words(" ".join(e.path)) <= asked]
    targets = [
        Target(e.main, e.see_operation or _table_of(e.code or ""), e.see_body_part or "", e.code or "")
        for e in fitting or entries
    ]
    if not fitting:
        # No subterm fits ("Reduction: fracture, intussusception..."): only one row of the Medical and
        # Surgical section can stand for the whole term ("Replacement, knee: partial or total 0SR").
        targets = [t for t in targets if t.operation in operations]
        if len({t.prefix for t in targets}) != 1:
            return []
    return list(dict.fromkeys(targets))


def _approaches_of_scopes(index: "_Index", asked: set[str], operations: dict) -> list[str]:
    """The approach of an inspection the question names beside the procedure ("colonoscopy with
    polypectomy": the colonoscopy, 0DJD8ZZ, is Via Natural or Artificial Opening Endoscopic, 8)."""
    scopes = [
        e.code
        for main, term_words in index.main_term_words.items()
        if _named_in(main, term_words, asked, operations) and index.only_inspection(main)
        for e in index.coded_entries(main)
        if e.code and len(e.code) == 7
    ]
    return sorted({code[4] for code in scopes})


def _named_in(main: str, term_words: frozenset[str], asked: set[str], operations: dict) -> bool:
    if term_words <= asked:
        return True
    head = main.split(",", 1)[0]
    return "," in main and head.title() not in operations and words(head) <= asked


def _table_of(code: str) -> str:
    """The root operation of a code the Index gives directly, from its third character's table."""
    return next((name for name, value in operation_values() if value == code[2:3] and code[:1] == "0"), "")


def _operation_on_body_part(index: "_Index", asked: set[str], operations: dict) -> list[Target]:
    """A root operation named with a body part under it, else one read from an action word through the
    suffix meanings ("removing" -> -ectomy, removal -> Excision or Resection: the root operation
    Removal takes out devices, and the Index lists no appendix under it)."""
    named = [name for name in operations if stem(name.lower()) in asked]
    meant = [
        name for meanings, names in suffix_meanings() if any(m <= asked for m in meanings) for name in names
    ]
    return _on_body_part(index, named, asked) or _on_body_part(index, meant, asked)


def _on_body_part(index: "_Index", operations: list[str], asked: set[str]) -> list[Target]:
    """For each operation, the deepest body part under it in the Index that the question names."""
    targets = []
    sides = asked & SIDES
    for operation in operations:
        entries = [e for e in index.by_main.get(operation.lower(), ()) if e.code and e.path]
        fitting = [
            e for e in entries if words(" ".join(e.path)) - SIDES <= asked and _side_fits(e.path, sides)
        ]
        if fitting:
            depth = max(len(e.path) for e in fitting)
            targets += [
                Target("", operation, ", ".join(e.path), e.code or "")
                for e in fitting
                if len(e.path) == depth
            ]
    return targets


def _side_fits(path: tuple[str, ...], sides: set[str]) -> bool:
    """An entry for one side fits a question naming that side, or none."""
    named = words(" ".join(path)) & SIDES
    return not sides or not named or bool(named & sides)


def _preferred(targets: list[Target], question: str, operations: dict) -> list[Target]:
    """The targets of one root operation: Resection (all of a body part) unless the question says only
    part was taken (Excision); a Medical and Surgical root operation before other sections' (New
    Technology codes are for the technology they name); else the first the Index gives."""
    wanted = "Excision" if PARTIAL.search(question) else "Resection"
    ranked = sorted(targets, key=lambda t: (t.operation != wanted, t.operation not in operations))
    return [t for t in ranked if t.operation == ranked[0].operation][:2]


def _codes_under(
    codebook: Codebook, prefix: str, approaches: list[str], body_words: set[str]
) -> list[tuple[str, str]]:
    """Complete codes under the prefix: with the named approach, else one per approach; the fewest title
    words the question did not ask for first. A whole table needs a body part the question names."""
    rows = codebook.connection.execute(
        "SELECT code, title FROM codes WHERE system = 'icd10pcs' AND code_key >= ? AND code_key < ?"
        " AND billable = 1 ORDER BY seq",
        (prefix, prefix + "\uffff"),
    ).fetchall()
    if len(prefix) <= TABLE_LENGTH:
        rows = [row for row in rows if _body_part_named(row[1], body_words)]
    sides = body_words & SIDES
    rows = [row for row in rows if not sides or not words(row[1]) & SIDES or words(row[1]) & sides]
    rows.sort(key=lambda row: len(words(row[1]) - body_words))
    if approaches:
        rows = [row for row in rows if row[0][4:5] in approaches]
    # One code per body part and approach first, so the choices show; then the next best.
    varied: dict[str, tuple[str, str]] = {}
    for code, title in rows:
        varied.setdefault(code[3:5], (code, title))
    first = list(varied.values())[:MAX_CODES]
    return first + [row for row in rows if row not in first][: MAX_CODES - len(first)]


def _body_part_named(title: str, body_words: set[str]) -> bool:
    """The body part of 'Excision of Left Kidney, Open Approach' (between the operation and the approach
    or device) has a word the question names, or begins one ('tonsil' in 'tonsillectomy')."""
    part = re.split(r",| with | using ", title.split(" of ", 1)[-1])[0]
    named = words(part) - SIDES
    return any(w in body_words or any(b.startswith(w) for b in body_words if len(w) >= 5) for w in named)


def _operation_definitions(codebook: Codebook) -> dict[str, tuple[str, Citation]]:
    try:
        rows = codebook.connection.execute(
            "SELECT term, definition, source FROM pcs_definitions WHERE section = ? AND axis = ?",
            (MEDICAL_AND_SURGICAL, OPERATION),
        ).fetchall()
    except sqlite3.OperationalError:
        return {}
    definitions = {}
    for term, definition, source in rows:
        cited = codebook.source(source)
        definitions[term] = (
            definition,
            Citation(cited.title, cited.version) if cited else Citation(source, ""),
        )
    return definitions


def _tables_citation(codebook: Codebook, code: str) -> Citation:
    source = codebook.source("icd10pcs-tables")
    url = f"/codes/icd10pcs/{code}/"
    return Citation(source.title, source.version, url) if source else Citation("ICD-10-PCS Tables", "", url)


class _Index:
    """The codebook's PCS Index, with the words of each main term, read once per codebook."""

    def __init__(self, codebook: Codebook):
        self.by_main = pcs_index_by_main(codebook.connection)
        self.main_term_words = {main: frozenset(words(main)) for main in self.by_main}
        source = codebook.source("icd10pcs-index")
        self.citation = Citation(source.title, source.version) if source else Citation("ICD-10-PCS Index", "")

    def coded_entries(self, main: str) -> list[PcsIndexEntry]:
        """A procedure name's entries that lead to a code: by a "see" reference, or directly
        ("Colonoscopy 0DJD8ZZ")."""
        return [e for e in self.by_main[main] if e.code and (e.see_operation or not e.path)]

    def only_inspection(self, main: str) -> bool:
        return all(
            (e.see_operation or _table_of(e.code or "")) == "Inspection" for e in self.coded_entries(main)
        )


@lru_cache(maxsize=4)
def _index_of(codebook: Codebook) -> _Index:
    return _Index(codebook)
