"""Build step: the search entries, full-text index and typo vocabulary. Runs last, over everything.

Each entry is one text that leads a coder to a code: official titles, inclusion terms and index
paths. (Generated plain-language text is left out: it would add no official wording, only size.)
The Alphabetic Index is the richest source of everyday wording ("Attack, heart", "Pink, eye",
"Broken, nose"): a "see" reference is followed by the codebook's resolver (codebook/index.py) to the
codes it leads to, and an index code written incomplete ("H10.02-") also yields its default billable
code, the most unspecified one at initial encounter, which is what a coder reaches for when the query
says nothing more. The ICD-10-PCS Index's terms lead to the codes
under the prefixes they print (search_pcs_index.py). Last, each ICD-10-CM index term's code family
(search_families.py), from the same index rows.
"""

import re
import sqlite3
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.index import SeeResolver
from medcoder.codebook.search_aligned import build_alignments
from medcoder.codebook.search_codes import CodeTable
from medcoder.codebook.search_families import IndexNode, build_families
from medcoder.codebook.search_pcs_index import pcs_index_entries
from medcoder.codebook.search_words import (
    NONESSENTIAL,
    SHORTEST_CORRECTED,
    content_stems,
    deletions,
    fold,
    is_residual,
    negated_stems,
    words,
)
from medcoder.codebook.systems import code_key, display_code
from medcoder.codebook.writer import CodebookWriter

# Origins of entries in the order a coder trusts them; search.py weighs them the same way.
ORIGINS = ("index", "index_see", "title", "inclusion_term", "short_title")
SHORT_TITLE_SYSTEMS = ("hcpcs", "hcpcs-modifier")
LEGACY_SYSTEMS = ("icd9cm", "icd9pcs")
# Where a PCS title's operation and body part end and the device, approach or qualifier begin.
PCS_CHOICES = re.compile(r",| with | using ")
# What a title says it leaves out ("of right lower limb, except ankle and foot") is neither asked of
# a query nor found by one.
EXCEPT = re.compile(r"\bexcept\b[^,;()\[\]]*", re.IGNORECASE)
SEARCH_TABLES = (
    "search_text",
    "search_entries",
    "search_words",
    "search_word_deletions",
    "search_families",
    "search_aligned",
    "search_unspecified",
)

Entry = tuple[str, str, str, str, str, int]  # system, code, origin, text, modifiers, billable


@dataclass(frozen=True)
class IndexRow:
    id: int
    index_name: str
    parent_id: int | None
    term: str
    path: str
    nonessential: str
    code: str | None
    column_name: str | None
    see: str | None


def build_search_index(
    connection: sqlite3.Connection,
    excluded_index_terms: Collection[int] = frozenset(),
    excluded_inclusion_terms: Collection[int] = frozenset(),
) -> int:
    """Fill the search tables from the codes, notes and index already in `connection`.

    The exclusions (index_terms ids, inclusion-term notes rowids) exist for the quality benchmark:
    it holds those entries out of the search and then asks for them. Returns the number of entries.
    """
    for table in SEARCH_TABLES:
        connection.execute(f"DELETE FROM {table}")
    codes = CodeTable(connection, "icd10cm")
    index = IndexTree(connection, codes, excluded_index_terms)
    entries = sorted(
        [
            *_title_entries(connection),
            *_inclusion_entries(connection, excluded_inclusion_terms),
            *index.entries(),
            *pcs_index_entries(connection, CodeTable(connection, "icd10pcs"), excluded_index_terms),
        ],
        key=_reading_order,
    )
    titles = {
        (system, code): title
        for system, code, title in connection.execute("SELECT system, code, title FROM codes")
    }
    connection.executemany(
        "INSERT INTO search_entries (system, code, origin, text, modifiers, billable, stems, modifier_stems,"
        " negated_stems, residual) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_entry_row(entry, titles[entry[0], entry[1]]) for entry in entries),
    )
    connection.execute(
        "INSERT INTO search_text (rowid, text, modifiers) SELECT id, text, modifiers FROM search_entries"
    )
    connection.execute("INSERT INTO search_text (search_text) VALUES ('optimize')")  # one segment: faster
    _fill_vocabulary(connection, entries)
    build_families(connection, codes, index.nodes())
    build_alignments(connection, entries)
    connection.executemany("INSERT INTO search_unspecified VALUES (?, ?)", codes.unspecified_codes())
    return len(entries)


def _entry_row(entry: Entry, title: str) -> tuple:
    """The entry with what ranking compares: its stems, its modifiers' stems, what it or its code's
    title says is absent, and whether the code is a residual category."""
    text, modifiers = entry[3], entry[4]
    negated = negated_stems(text) | negated_stems(title)
    essential = text
    if entry[0] == "icd10cm":
        essential = EXCEPT.sub(" ", NONESSENTIAL.sub(" ", text))
        modifiers = " ".join([modifiers, *NONESSENTIAL.findall(text)])
    return (
        *entry,
        " ".join(sorted(content_stems(essential))),
        " ".join(sorted(content_stems(modifiers))),
        " ".join(sorted(negated)),
        int(is_residual(title)),
    )


def _reading_order(entry: Entry) -> tuple:
    """Shortest texts first, then index before titles, billable first, current systems first.

    Entries are numbered in this order, and the full-text index returns matches in number order,
    so the first few hundred matches of a query are already the ones a coder would read first,
    without ranking all of them.
    """
    system, _code, origin, text, _modifiers, billable = entry
    return (
        len(content_stems(text)),
        ORIGINS.index(origin),
        -billable,
        system in LEGACY_SYSTEMS,
    )


def _title_entries(connection: sqlite3.Connection) -> Iterator[Entry]:
    """Official titles; HCPCS short descriptions too, since users type their abbreviations.

    A seventh character's words ("initial encounter for closed fracture") are modifiers: they may
    match, but a query that leaves them out still finds the code in full. So are a PCS code's
    device, approach and qualifier ("Resection of Appendix" + "Percutaneous Endoscopic Approach"):
    the root operation and body part are what a coder names first."""
    seventh = _seventh_character_titles(connection)
    rows = connection.execute("SELECT system, code, title, short_title, billable FROM codes")
    for system, code, title, short_title, billable in rows:
        base = seventh.get(code) if system == "icd10cm" else None
        if system == "icd10pcs" and billable:
            base = PCS_CHOICES.split(title, maxsplit=1)[0]
        if base:
            yield system, code, "title", base, title[len(base) :].strip(" ,"), billable
        else:
            yield system, code, "title", title, "", billable
        if system in SHORT_TITLE_SYSTEMS and short_title and fold(short_title) != fold(title):
            yield system, code, "short_title", short_title, "", billable


def _seventh_character_titles(connection: sqlite3.Connection) -> dict[str, str]:
    """ICD-10-CM codes that add a seventh character to their parent, with the parent's title where
    their own title repeats it before the character's meaning."""
    declared = set(
        connection.execute("SELECT code, character FROM seventh_characters WHERE system = 'icd10cm'")
    )
    rows = connection.execute(
        "SELECT c.code, c.code_key, c.title, p.title FROM codes c"
        " JOIN codes p ON p.system = c.system AND p.code = c.parent"
        " WHERE c.system = 'icd10cm' AND length(c.code_key) = 7"
    )
    return {
        code: parent_title
        for code, key, title, parent_title in rows
        if title.startswith(parent_title + ",")
        and any((display_code("icd10cm", key[:size]), key[6]) in declared for size in range(3, 7))
    }


def _inclusion_entries(connection: sqlite3.Connection, excluded: Collection[int]) -> Iterator[Entry]:
    rows = connection.execute(
        "SELECT n.rowid, n.system, n.code, n.text, c.billable FROM notes n"
        " JOIN codes c ON c.system = n.system AND c.code = n.code WHERE n.kind = 'inclusion_term'"
    )
    for rowid, system, code, text, billable in rows:
        if rowid not in excluded:
            yield system, code, "inclusion_term", text, "", billable


class IndexTree:
    """The ICD-10-CM index terms of this build (held-out ones without their codes), with their codes
    resolved: a "see" reference through the codebook's own resolver (codebook/index.py), which names
    the codes of a "by site" reference's term and follows references a few hops. (The PCS Index is
    search_pcs_index.py's.)"""

    def __init__(self, connection: sqlite3.Connection, codes: CodeTable, excluded: Collection[int]):
        self.rows = [
            IndexRow(*row)
            for row in connection.execute(
                "SELECT id, index_name, parent_id, term, path, coalesce(nonessential, ''), code, column_name, see"
                " FROM index_terms WHERE index_name != 'pcs'"
            )
        ]
        self.codes = codes
        self.excluded = excluded
        self.resolver = SeeResolver(connection)
        self.targets: dict[tuple[str, str], list[str]] = {}  # (index, reference) -> codes it leads to

    @cached_property
    def _coded(self) -> list[tuple[IndexRow, bool, str, bool]]:
        """Each kept row with whether its code came through a "see" reference, the code and billable."""
        return list(self._resolve_codes())

    def _resolve_codes(self) -> Iterator[tuple[IndexRow, bool, str, bool]]:
        for row in self.rows:
            if row.id in self.excluded:
                continue
            printed = [row.code] if row.code else self._see_codes(row)
            for code in printed:
                known = self.codes.known(code)
                if known is not None:
                    yield row, not row.code, *known

    def _see_codes(self, row: IndexRow) -> list[str]:
        if not row.see:
            return []
        key = (row.index_name, row.see)
        if key not in self.targets:
            target = self.resolver.resolve(row.see, row.index_name)
            self.targets[key] = list(dict.fromkeys(entry.code for entry in target.entries if entry.code))
        return self.targets[key]

    def entries(self) -> Iterator[Entry]:
        for row, seen, code, billable in self._coded:
            origin = "index_see" if seen else "index"
            text = f"{row.path}, {row.column_name}" if row.column_name else row.path
            yield "icd10cm", code, origin, text, row.nonessential, int(billable)
            if not billable:
                default = self.codes.default_billable(code)
                if default:
                    yield "icd10cm", default, origin, text, row.nonessential, 1

    def nodes(self) -> Iterator[IndexNode]:
        """Every term's place in the tree and the code it leads to (the first, when a reference leads
        to several). A manifestation code, printed in brackets beside the term's own code, is a second
        code to add, not where the term is coded."""
        coded: dict[int, str] = {}
        for row, _seen, code, _billable in self._coded:
            coded.setdefault(row.id, code_key(code))
        for row in self.rows:
            manifestation = row.column_name == "manifestation"
            column = None if manifestation else row.column_name
            code = None if manifestation else coded.get(row.id)
            yield IndexNode(row.id, row.parent_id, row.index_name, row.path, column, code)


def _fill_vocabulary(connection: sqlite3.Connection, entries: list[Entry]) -> None:
    frequency: Counter[str] = Counter()
    for entry in entries:
        frequency.update(words(entry[3]))
    connection.executemany("INSERT INTO search_words VALUES (?, ?)", frequency.items())
    connection.executemany(
        "INSERT OR IGNORE INTO search_word_deletions VALUES (?, ?)",
        (
            (deletion, word)
            for word in frequency
            if len(word) >= SHORTEST_CORRECTED and not word.isdigit()
            for deletion in deletions(word)
        ),
    )


def run(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    progress("search index", 0, None)
    entries = build_search_index(writer.connection)
    progress("search index", entries, entries)


STEP = ImportStep(name="search-index", required=True, run=run, minimum_records={})
