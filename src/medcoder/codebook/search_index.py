"""Build step: the search entries, full-text index and typo vocabulary. Runs last, over everything.

Each entry is one text that leads a coder to a code: official titles, inclusion terms and index
paths. (Generated plain-language text is left out: it would add no official wording, only size.)
The Alphabetic Index is the richest source of everyday wording ("Attack, heart", "Pink, eye", "Broken, nose"): a "see" reference is followed (up
to a few hops) to the term that carries the code, and an index code written incomplete ("H10.02-")
also yields its default billable code, the most unspecified one at initial encounter, which is what
a coder reaches for when the query says nothing more. The ICD-10-PCS Index's terms lead to the codes
under the prefixes they print (search_pcs_index.py). Last, each ICD-10-CM index term's code family
(search_families.py), from the same index rows.
"""

import sqlite3
from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.search_aligned import build_alignments
from medcoder.codebook.search_families import IndexNode, build_families
from medcoder.codebook.search_pcs_index import pcs_index_entries
from medcoder.codebook.search_words import SHORTEST_CORRECTED, content_stems, deletions, fold, words
from medcoder.codebook.systems import code_key, display_code
from medcoder.codebook.writer import CodebookWriter

# Origins of entries in the order a coder trusts them; search.py weighs them the same way.
ORIGINS = ("index", "index_see", "title", "inclusion_term", "short_title")
SHORT_TITLE_SYSTEMS = ("hcpcs", "hcpcs-modifier")
LEGACY_SYSTEMS = ("icd9cm", "icd9pcs")
SEARCH_TABLES = (
    "search_text",
    "search_entries",
    "search_words",
    "search_word_deletions",
    "search_families",
    "search_aligned",
)
SEE_HOPS = 4  # "Fracture, hip" -> "Fracture, femur, neck" -> "Fracture, femur, upper end, neck"

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
    codes = CodeTable(connection)
    index = IndexTree(connection, codes, excluded_index_terms)
    entries = sorted(
        [
            *_title_entries(connection),
            *_inclusion_entries(connection, excluded_inclusion_terms),
            *index.entries(),
            *pcs_index_entries(connection, excluded_index_terms),
        ],
        key=_reading_order,
    )
    connection.executemany(
        "INSERT INTO search_entries (system, code, origin, text, modifiers, billable, stems, modifier_stems)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (*entry, " ".join(sorted(content_stems(entry[3]))), " ".join(sorted(content_stems(entry[4]))))
            for entry in entries
        ),
    )
    connection.execute(
        "INSERT INTO search_text (rowid, text, modifiers) SELECT id, text, modifiers FROM search_entries"
    )
    connection.execute("INSERT INTO search_text (search_text) VALUES ('optimize')")  # one segment: faster
    _fill_vocabulary(connection, entries)
    build_families(connection, index.nodes())
    build_alignments(connection, entries)
    return len(entries)


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


class CodeTable:
    """The ICD-10-CM codes in key order, to check index codes and find default billable descendants."""

    def __init__(self, connection: sqlite3.Connection):
        rows = connection.execute(
            "SELECT code_key, code, billable, title FROM codes WHERE system = 'icd10cm' ORDER BY code_key"
        ).fetchall()
        self.keys = [row[0] for row in rows]
        self.rows = rows
        self.by_key = {row[0]: row for row in rows}

    def known(self, index_code: str) -> tuple[str, bool] | None:
        """The display code and billable flag for a code as printed in the index ("I63.-" -> I63)."""
        row = self.by_key.get(code_key(index_code.rstrip("-").rstrip(".")))
        return (row[1], bool(row[2])) if row else None

    def default_billable(self, code: str) -> str | None:
        """The billable descendant a coder picks when nothing more is known: the most "unspecified",
        initial encounter, first in the tabular."""
        key = code_key(code)
        start = bisect_left(self.keys, key)
        best: tuple[int, int, int] | None = None
        chosen = None
        for position in range(start, len(self.keys)):
            row_key, display, billable, title = self.rows[position]
            if not row_key.startswith(key):
                break
            if not billable:
                continue
            lowered = title.lower()
            rank = (lowered.count("unspecified"), "initial encounter" in lowered, -position)
            if best is None or rank > best:
                best, chosen = rank, display
        return chosen


def _title_entries(connection: sqlite3.Connection) -> Iterator[Entry]:
    """Official titles; HCPCS short descriptions too, since users type their abbreviations.

    A seventh character's words ("initial encounter for closed fracture") are modifiers: they may
    match, but a query that leaves them out still finds the code in full."""
    seventh = _seventh_character_titles(connection)
    rows = connection.execute("SELECT system, code, title, short_title, billable FROM codes")
    for system, code, title, short_title, billable in rows:
        base = seventh.get(code) if system == "icd10cm" else None
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
    resolved. (The PCS Index is search_pcs_index.py's.)"""

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
        self.resolver = SeeResolver(self.rows)

    @cached_property
    def _coded(self) -> list[tuple[IndexRow, IndexRow, str, bool]]:
        """Each kept row with the row that carries its code (itself or a see target), code, billable."""
        return list(self._resolve_codes())

    def _resolve_codes(self) -> Iterator[tuple[IndexRow, IndexRow, str, bool]]:
        for row in self.rows:
            if row.id in self.excluded:
                continue
            target = row if row.code else self.resolver.follow(row.see, row)
            known = self.codes.known(target.code) if target is not None and target.code else None
            if known is not None:
                yield row, target, *known

    def entries(self) -> Iterator[Entry]:
        for row, target, code, billable in self._coded:
            origin = "index" if target is row else "index_see"
            text = f"{row.path}, {row.column_name}" if row.column_name else row.path
            yield "icd10cm", code, origin, text, row.nonessential, int(billable)
            if not billable:
                default = self.codes.default_billable(code)
                if default:
                    yield "icd10cm", default, origin, text, row.nonessential, 1

    def nodes(self) -> Iterator[IndexNode]:
        """Every term's place in the tree and the code it leads to. A manifestation code, printed in
        brackets beside the term's own code, is a second code to add, not where the term is coded."""
        coded = {row.id: code_key(code) for row, _target, code, _billable in self._coded}
        for row in self.rows:
            manifestation = row.column_name == "manifestation"
            column = None if manifestation else row.column_name
            code = None if manifestation else coded.get(row.id)
            yield IndexNode(row.id, row.parent_id, row.index_name, row.path, column, code)


class SeeResolver:
    """Follows "see" references ("Infarct, myocardium") to the index term they name.

    References abbreviate: they name a main term by its first word ("Infarct" for "Infarct,
    infarction"), skip qualifiers such as "traumatic", and name subterms by one of their
    comma-separated forms ("myocardium" for "myocardium, myocardial").
    """

    def __init__(self, rows: Collection[IndexRow]):
        self.children: dict[int | None, list[IndexRow]] = {}
        self.by_id: dict[int, IndexRow] = {}
        for row in rows:
            self.children.setdefault(row.parent_id, []).append(row)
            self.by_id[row.id] = row
        self.main_terms: dict[str, list[IndexRow]] = {}
        for row in self.children.get(None, []):
            self.main_terms.setdefault(_forms(row.term)[0], []).append(row)

    def follow(self, reference: str | None, source: IndexRow) -> IndexRow | None:
        """The coded term `reference` (printed at `source`) leads to, hop by hop."""
        for _ in range(SEE_HOPS):
            if not reference:
                return None
            target = self.find(reference, self.main_term(source))
            if target is None or target.code:
                return target
            reference, source = target.see, target
        return None

    def main_term(self, row: IndexRow) -> IndexRow:
        while row.parent_id is not None and row.parent_id in self.by_id:
            row = self.by_id[row.parent_id]
        return row

    def find(self, reference: str, within: IndexRow | None = None) -> IndexRow | None:
        """The term `reference` names; among main terms of the same first form ("Fracture,
        pathological" and "Fracture, traumatic"), the one it was printed in first."""
        parts = [fold(part).strip(" -") for part in reference.split(",")]
        parts = [" ".join(part.split()) for part in parts if part.strip(" -")]
        if not parts:
            return None
        candidates = self.main_terms.get(parts[0], [])
        for main in sorted(candidates, key=lambda main: main is not within):
            rest = parts[1:]
            forms = _forms(main.term)
            while rest and rest[0] in forms[1:]:
                rest = rest[1:]
            found = self._descend(main, rest)
            if found is not None:
                return found
        return None

    def _descend(self, node: IndexRow, parts: list[str]) -> IndexRow | None:
        if not parts or parts[0].startswith("by "):
            return node
        for child in self.children.get(node.id, []):
            forms = _forms(child.term)
            for size in range(len(parts), 0, -1):
                if ", ".join(parts[:size]) == ", ".join(forms) or (size == 1 and parts[0] in forms):
                    found = self._descend(child, parts[size:])
                    if found is not None:
                        return found
        # a qualifier the reference skipped ("Fracture, femur" under "Fracture, traumatic")
        return None


def _forms(term: str) -> list[str]:
    return [" ".join(fold(part).split()) for part in term.split(",") if part.strip()]


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
