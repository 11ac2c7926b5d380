"""ICD-10-CM Alphabetic Index and Neoplasm Table terms for the lexicon.

- Index paths that print a code ("Infarction, myocardium, acute" -> I21.9); each level adds its words,
  a level that says nothing ("specified NEC", "other") leaves its whole subtree out;
- "see" and "see also" references, followed: the referring words reach the code of the term named,
  so "Bleeding" (see also Hemorrhage) reaches R58 and "Abscess, cervix" (see Cervicitis) N72;
  references to a whole table ("by site", "condition") are left to the tables;
- the Neoplasm Table: each site with the words of each column ("carcinoma of the liver" -> C22.9,
  "liver metastases" -> C78.7, "tumor of the liver" -> D49.0, the Index's rule for a tumor of
  unspecified behavior).
"""

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from medcoder.codebook.systems import code_key
from medcoder.notecoder.words import content_stems

HEDGES = re.compile(r"\b(?:NEC|NOS)\b|\([^)]*\)")
TABLE_REFERENCE = re.compile(r"\bby site\b|^condition\b|\bcategory\b|\bsubcategory\b|\bby histology\b", re.I)
# Words notes use for each column of the Neoplasm Table.
NEOPLASM_COLUMNS: dict[str, tuple[str, ...]] = {
    "Malignant Primary": ("carcinoma", "cancer", "malignant neoplasm", "malignant tumor", "adenocarcinoma"),
    "Malignant Secondary": ("metastasis", "metastatic", "secondary malignant neoplasm"),
    "Ca in situ": ("carcinoma in situ",),
    "Benign": ("benign neoplasm", "benign tumor", "adenoma"),
    "Unspecified Behavior": ("tumor", "neoplasm", "neoplasia"),
}


@dataclass(frozen=True)
class IndexTerm:
    stems: tuple[str, ...]
    code: str  # display code, completed by code assembly when it is a category
    path: str  # how the Index reaches the code
    origin: str  # index, index_see, neoplasm


@dataclass(frozen=True)
class _Node:
    id: int
    parent_id: int | None
    term: str
    path: str
    code: str | None
    references: tuple[str, ...]


def index_terms(connection: sqlite3.Connection) -> list[IndexTerm]:
    """Every Index path with a code, every followed reference and every Neoplasm Table cell."""
    try:
        diseases = connection.execute(
            "SELECT id, parent_id, term, path, code, see, see_also FROM index_terms"
            " WHERE index_name = 'diseases' ORDER BY id"
        ).fetchall()
        neoplasms = connection.execute(
            "SELECT id, parent_id, term, path, code, column_name FROM index_terms"
            " WHERE index_name = 'neoplasm' ORDER BY id"
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    tree = _Tree([_node(row) for row in diseases])
    return [*tree.coded_terms(), *tree.referred_terms(), *_neoplasm_terms(neoplasms)]


def display_code(code: str) -> str:
    key = code_key(code.rstrip("-"))
    return key if len(key) <= 3 else f"{key[:3]}.{key[3:]}"


def spellings(term: str) -> str:
    """The words of one Index level: its first spelling plus any modifier, without the alternative
    spellings of the same word ("Infection, infected, infective" -> "Infection"; "broncho-, bronchial"
    -> "bronchial"; "Fracture, pathological" stays whole)."""
    written = [spelling.strip() for spelling in term.split(",") if not spelling.strip().endswith("-")]
    if not written:
        return term
    first = written[0].lower()
    return ", ".join([written[0], *(s for s in written[1:] if s.lower()[:4] != first[:4])])


def _node(row: tuple) -> _Node:
    term_id, parent_id, term, path, code, see, see_also = row
    references = tuple(reference for reference in (see, see_also) if reference)
    return _Node(term_id, parent_id, term, path, code or None, references)


class _Tree:
    def __init__(self, nodes: list[_Node]):
        self.nodes = {node.id: node for node in nodes}
        self.children: dict[int | None, list[_Node]] = defaultdict(list)
        self.stems: dict[int, tuple[str, ...] | None] = {}
        self._lookups: dict[int | None, tuple[dict[tuple[str, ...], _Node], dict[str, _Node]]] = {}
        for node in nodes:  # parents come first (ORDER BY id)
            self.children[node.parent_id].append(node)
            own = content_stems(HEDGES.sub("", spellings(node.term)))
            parent = self.stems.get(node.parent_id, ()) if node.parent_id is not None else ()
            self.stems[node.id] = None if parent is None or not own else tuple(dict.fromkeys((*parent, *own)))

    def coded_terms(self) -> list[IndexTerm]:
        return [
            IndexTerm(stems, display_code(node.code), node.path, "index")
            for node in self.nodes.values()
            if node.code and (stems := self.stems[node.id])
        ]

    def referred_terms(self) -> list[IndexTerm]:
        """The referring words with the code of the node a "see" / "see also" names."""
        found = []
        for node in self.nodes.values():
            referring = self.stems[node.id]
            for reference in node.references if referring else ():
                target = self.resolve(reference)
                if target is not None and target.code and self.stems[target.id] is not None:
                    path = f"{node.path} (see {reference})"
                    found.append(IndexTerm(referring, display_code(target.code), path, "index_see"))
        return found

    def resolve(self, reference: str) -> _Node | None:
        """The node a "see" reference names ("Disorder, ear, external"), matched level by level on
        whole terms or their first spelling; None for references to a table or that do not resolve."""
        if TABLE_REFERENCE.search(reference):
            return None
        parts = [p.strip().lower() for p in HEDGES.sub("", reference.lstrip("- ")).split(",") if p.strip()]
        parent: int | None = None
        position = 0
        while position < len(parts):
            step = self._step(parent, parts, position)
            if step is None:
                return None
            node, used = step
            parent, position = node.id, position + used
        return self.nodes.get(parent) if parent is not None else None

    def _step(self, parent: int | None, parts: list[str], position: int) -> tuple[_Node, int] | None:
        """The child of `parent` the reference names at `position`: its whole term, else its first word."""
        whole, first = self._lookup(parent)
        for used in range(len(parts) - position, 0, -1):
            node = whole.get(tuple(parts[position : position + used]))
            if node is not None:
                return node, used
        node = first.get(parts[position])
        return (node, 1) if node is not None else None

    def _lookup(self, parent: int | None) -> tuple[dict[tuple[str, ...], _Node], dict[str, _Node]]:
        if parent not in self._lookups:
            whole: dict[tuple[str, ...], _Node] = {}
            first: dict[str, _Node] = {}
            for child in self.children.get(parent, ()):
                words = tuple(w.strip().lower() for w in HEDGES.sub("", child.term).split(",") if w.strip())
                if words:
                    whole.setdefault(words, child)
                    first.setdefault(words[0], child)
            self._lookups[parent] = (whole, first)
        return self._lookups[parent]


def _neoplasm_terms(rows: list[tuple]) -> list[IndexTerm]:
    """Site words (under the table's own heading) with each column's words, for every cell.

    The table prints one row per site and column; a sub-site hangs under the site's first row.
    """
    site_words: dict[int, str] = {}
    found = []
    for term_id, parent_id, term, path, code, column in rows:
        parent = site_words.get(parent_id, "") if parent_id is not None else None
        site = "" if parent is None else f"{parent} {HEDGES.sub('', spellings(term))}".strip()
        site_words[term_id] = site
        for saying in NEOPLASM_COLUMNS.get(column or "", ()) if code else ():
            stems = content_stems(f"{saying} {site}")
            found.append(IndexTerm(stems, display_code(code), f"{path} ({column})", "neoplasm"))
    return found
