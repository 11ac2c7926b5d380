"""The Index's code families: where the codes under an index term live in the tabular.

A coder who finds "Diabetes, diabetic" (E11.9) but no subterm for the rest of what the record says
looks among E11's codes, not among those of drug-induced diabetes (E09) that happen to share more
words. So each index term (a path such as "Cataract, senile" or "Fluroxene") gets a family: the
leading characters that most of the codes at and below it share ("H25", "T41.0X"), anchored at the
term's own code when it has one, since that is the Index's default for everything under it.

A query whose leading words name such a term is ranked with that family as a prior: codes in it are
credited with the term's words and the words all its codes repeat ("type 2 diabetes mellitus"), and
when the family is small its codes are candidates even if no stored wording matched.
"""

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from medcoder.codebook.search_codes import CodeTable
from medcoder.codebook.search_words import content_stems
from medcoder.codebook.systems import code_key

FAMILY_SHARE = 0.75  # a family holds at least this share of the codes at and below its term
SHORTEST_FAMILY = 3  # a category at least: one letter and two digits say little about the code
MOST_FAMILY_CODES = 400  # a larger family is a prior only, not a source of candidates
MOST_FAMILY_ENTRIES = 300  # of a family's entries, its titles and then its shortest others
# What search.py ranks an entry by, in its order.
ENTRY_COLUMNS = (
    "e.system, e.code, e.origin, e.text, e.billable, e.stems, e.modifier_stems, e.negated_stems, e.residual"
)


@dataclass(frozen=True)
class IndexNode:
    id: int
    parent_id: int | None
    index_name: str
    path: str
    column: str | None  # the table's column ("Underdosing", "Malignant Primary"), if any
    code: str | None  # code key it leads to; None when uncoded, held out or a manifestation


@dataclass(frozen=True)
class Family:
    key: str  # leading characters of the codes' keys: "E11", "T410X"
    term_stems: frozenset[str]  # the stems of the query's words that named the term
    shared_stems: frozenset[str]  # the stems every title in the family has
    split_stems: frozenset[str]  # the term's stems that some of the family's titles have, not all


def build_families(connection: sqlite3.Connection, codes: CodeTable, nodes: Iterable[IndexNode]) -> int:
    """Fill search_families from the index terms of this build; returns the number of terms.

    A table row is a term twice: its path alone ("Fluroxene", all columns together) and its path
    with its column ("Neoplasm, tongue, Uncertain Behavior": that column's codes at and below it)."""
    nodes = list(nodes)
    children: dict[int | None, list[IndexNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    own: dict[tuple[str, str], list[str]] = {}
    below: dict[tuple[str, str], Counter[str]] = {}
    for node in nodes:
        codes_below = _codes_below(node, children)
        terms = [(node.path, codes_below)]
        if node.column:
            same_column = [code for code, column in codes_below if column == node.column]
            terms.append((f"{node.path}, {node.column}", [(code, node.column) for code in same_column]))
        for text, found in terms:
            term = (" ".join(sorted(content_stems(text))), node.index_name)
            if node.code:
                own.setdefault(term, []).append(node.code)
            below.setdefault(term, Counter()).update(code for code, _column in found)
    families: dict[str, set[str | None]] = {}
    for term, counts in below.items():
        families.setdefault(term[0], set()).add(_family(own.get(term, []), counts))
    shared = SharedWords(codes)
    rows = []
    for key, found in families.items():
        family = next(iter(found))
        if key and family and len(found) == 1:  # terms of several indexes ("Fracture") must agree
            all_say, some_say = shared.of(family)
            split = (some_say - all_say).intersection(key.split())
            rows.append((key, family, " ".join(sorted(all_say)), " ".join(sorted(split))))
    connection.executemany("INSERT INTO search_families VALUES (?, ?, ?, ?)", rows)
    return len(rows)


def _codes_below(
    node: IndexNode, children: dict[int | None, list[IndexNode]]
) -> list[tuple[str, str | None]]:
    """The codes of the terms under `node`, each with its table column."""
    found, stack = [], list(children.get(node.id, []))
    while stack:
        child = stack.pop()
        if child.code:
            found.append((child.code, child.column))
        stack += children.get(child.id, [])
    return found


def _family(own: list[str], below: Counter[str]) -> str | None:
    """The longest lead that most of the codes share; a lead of the term's own code when it has
    exactly one (the Index's default for the term), else none of two or more."""
    counts = below + Counter(own)
    if not counts:
        return None
    default = own[0] if len(set(own)) == 1 else None
    total = sum(counts.values())
    for size in range(max(map(len, counts)), SHORTEST_FAMILY - 1, -1):
        leads: Counter[str] = Counter()
        for code, count in counts.items():
            if len(code) >= size and (default is None or code.startswith(default[:size])):
                leads[code[:size]] += count
        if leads and leads.most_common(1)[0][1] >= FAMILY_SHARE * total:
            return leads.most_common(1)[0][0]
    return default[:SHORTEST_FAMILY] if default else None


class SharedWords:
    """The words every title in a family repeats ("type 2 diabetes mellitus" in E11): they describe
    the family, so a member's title is not held to have them unasked. And the words any title says."""

    def __init__(self, codes: CodeTable):
        self.codes = codes  # ICD-10-CM's
        self.found: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def of(self, family: str) -> tuple[frozenset[str], frozenset[str]]:
        """The stems every title of the family has, and those any has."""
        if family not in self.found:
            stems = [content_stems(title) for _key, _code, _billable, title in self.codes.under(family)]
            every = frozenset.intersection(*stems) if len(stems) > 1 else frozenset()
            self.found[family] = (every, frozenset().union(*stems))
        return self.found[family]


def family_of(connection: sqlite3.Connection, stems: list[str]) -> Family | None:
    """The family of the most leading query words that name an index term ("Cataract, senile" +
    "nuclear"); failing that, of the most words around a run left out ("Neoplasm, tongue" +
    "frenulum linguae" + "Uncertain Behavior"), which keep the main term a coder looks up first."""
    count = len(stems)
    leading = [stems[:size] for size in range(count - 1, 0, -1)]
    around = [
        stems[:start] + stems[start + count - size :]
        for size in range(count - 2, 1, -1)
        for start in range(1, size)
    ]
    for named in map(frozenset, leading + around):
        row = connection.execute(
            "SELECT family, shared_stems, split_stems FROM search_families WHERE stems = ?",
            (" ".join(sorted(named)),),
        ).fetchone()
        if row:
            return Family(row[0], named, frozenset(row[1].split()), frozenset(row[2].split()))
    return None


def in_family(code: str, family: Family | None) -> bool:
    return family is not None and code_key(code).startswith(family.key)


def family_entries(connection: sqlite3.Connection, family: Family, billable_only: bool) -> list[tuple]:
    """The entries of a small family's codes, in the shape search.py ranks: every title, then the
    shortest other entries (reading every drug-table row of T36.0X would be too slow for type-ahead)."""
    end = family.key + "\uffff"
    count = connection.execute(
        "SELECT count(*) FROM codes WHERE system = 'icd10cm' AND code_key >= ? AND code_key < ?",
        (family.key, end),
    ).fetchone()[0]
    if count > MOST_FAMILY_CODES:
        return []
    return connection.execute(
        f"SELECT {ENTRY_COLUMNS} FROM codes c JOIN search_entries e ON e.code = c.code AND e.system = c.system"
        " WHERE c.system = 'icd10cm' AND c.code_key >= ? AND c.code_key < ?"
        + (" AND e.billable = 1" if billable_only else "")
        + " ORDER BY e.origin != 'title', e.id LIMIT ?",
        (family.key, end, MOST_FAMILY_ENTRIES),
    ).fetchall()
