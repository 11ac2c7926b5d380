"""ICD-10-CM Alphabetic Index and Neoplasm Table terms for the lexicon.

- Index paths that print a code ("Infarction, myocardium, acute" -> I21.9); each level adds its words,
  a level that says nothing ("specified NEC", "other") leaves its whole subtree out, "unspecified
  site" is the default a bare morphology names ("glioblastoma" -> C71.9), and "History, personal"
  needs only "history" ("history of hysterectomy" -> Z90.710);
- "see" and "see also" references, followed by the codebook's own resolver (`codebook/index.py`): the
  referring words reach the codes of the term named, so "Bleeding" (see also Hemorrhage) reaches R58
  and "Abscess, cervix" (see Cervicitis) N72; a reference that leaves a choice to the coder ("by site",
  "condition") is left to the tables and the other entries;
- the Neoplasm Table: each site with the words of each column ("carcinoma of the liver" -> C22.9,
  "liver metastases" -> C78.7, "tumor of the liver" -> D49.0, the Index's rule for a tumor of
  unspecified behavior);
- morphology terms the Index sends to the table ("Glioblastoma, specified site - see Neoplasm,
  malignant, by site"): a note's "glioblastoma" is read as the column's name, so "cerebral
  glioblastoma" reaches the brain's Malignant Primary cell, C71.9.
"""

import re
import sqlite3
from dataclasses import dataclass

from medcoder.codebook.index import SeeResolver
from medcoder.codebook.systems import code_key, display_code
from medcoder.notecoder.words import content_stems, term_stems

HEDGES = re.compile(r"\b(?:NEC|NOS)\b|\([^)]*\)")
# Words notes use for each column of the Neoplasm Table; the first is the column's own name, which a
# morphology term is read as.
NEOPLASM_COLUMNS: dict[str, tuple[str, ...]] = {
    "Malignant Primary": ("malignant neoplasm", "carcinoma", "cancer", "malignant tumor", "adenocarcinoma"),
    "Malignant Secondary": ("secondary malignant neoplasm", "metastasis", "metastatic"),
    "Ca in situ": ("carcinoma in situ",),
    "Benign": ("benign neoplasm", "benign tumor", "adenoma"),
    "Uncertain Behavior": ("neoplasm of uncertain behavior",),
    "Unspecified Behavior": ("neoplasm", "tumor", "neoplasia"),
}
# "see Neoplasm, malignant, by site" and its variants: the column a morphology term belongs to.
BY_SITE = re.compile(
    r"Neoplasm, (?:by site, )?(malignant|secondary|in situ|benign|uncertain behavior|unspecified behavior)"
    r"(?:, by site)?"
)
COLUMN_OF = {
    "malignant": "Malignant Primary",
    "secondary": "Malignant Secondary",
    "in situ": "Ca in situ",
    "benign": "Benign",
    "uncertain behavior": "Uncertain Behavior",
    "unspecified behavior": "Unspecified Behavior",
}
# The Index level that only says a site is named; the morphology term above it is what a note writes.
SITE_LEVEL = re.compile(r"(?:specified )?site(?: NEC)?|NEC", re.IGNORECASE)
UNSPECIFIED_SITE = re.compile(r"unspecified site|site unspecified", re.IGNORECASE)
# A level notes leave unsaid: "history of hysterectomy" is the Index's "History, personal, hysterectomy".
IMPLIED_LEVEL = "History, personal"
# A modifier that is a clause ("with lipid storage", "in adenoma") is not written before its noun.
CLAUSE = re.compile(r"\b(?:with|without|in|and|of|except|combined|or)\b|\(", re.IGNORECASE)


@dataclass(frozen=True)
class IndexTerm:
    stems: tuple[str, ...]
    code: str  # display code, completed by code assembly when it is a category
    path: str  # how the Index reaches the code
    origin: str  # index, index_see, neoplasm


@dataclass(frozen=True)
class Morphology:
    """A morphology the Index sends to the Neoplasm Table, as notes write it ("pilocytic astrocytoma")."""

    words: str
    column: str
    path: str


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
    paths = _Paths(diseases)
    return [*paths.coded_terms(), *paths.referred_terms(SeeResolver(connection)), *_neoplasm_terms(neoplasms)]


def lexicon_code(code: str) -> str:
    """The display form of an Index code, without the '-' that marks it incomplete."""
    return display_code("icd10cm", code_key(code.rstrip("-")))


def spellings(term: str) -> str:
    """The words of one Index level: its first spelling plus any modifier, without the alternative
    spellings of the same word ("Infection, infected, infective" -> "Infection"; "broncho-, bronchial"
    -> "bronchial"; "Fracture, pathological" stays whole)."""
    written = [spelling.strip() for spelling in term.split(",") if not spelling.strip().endswith("-")]
    if not written:
        return term
    first = written[0].lower()
    return ", ".join([written[0], *(s for s in written[1:] if s.lower()[:4] != first[:4])])


class _Paths:
    """The words of every diseases-index path: each level adds its own; a level that says nothing
    ("specified NEC", "other") leaves its subtree out (its stems are None)."""

    def __init__(self, rows: list[tuple]):
        self.rows = rows
        self.stems: dict[int, tuple[str, ...] | None] = {}
        for term_id, parent_id, term, path, *_ in rows:  # parents come first (ORDER BY id)
            own = term_stems(HEDGES.sub("", spellings(term)))
            parent = self.stems.get(parent_id, ()) if parent_id is not None else ()
            if UNSPECIFIED_SITE.fullmatch(term.strip()) or path == IMPLIED_LEVEL:
                self.stems[term_id] = parent  # "Glioblastoma, unspecified site" is what "glioblastoma" says
            else:
                self.stems[term_id] = (
                    None if parent is None or not own else tuple(dict.fromkeys((*parent, *own)))
                )

    def coded_terms(self) -> list[IndexTerm]:
        return [
            IndexTerm(stems, lexicon_code(code), path, "index")
            for term_id, _, _, path, code, _, _ in self.rows
            if code and (stems := self.stems[term_id])
        ]

    def referred_terms(self, resolver: SeeResolver) -> list[IndexTerm]:
        """The referring words with the codes of the entries a "see" / "see also" names."""
        targets: dict[str, tuple[str, ...]] = {}
        found = []
        for term_id, _, _, path, _, see, see_also in self.rows:
            referring = self.stems[term_id]
            for reference in (see, see_also) if referring else ():
                if reference and reference not in targets:
                    targets[reference] = _codes(resolver, reference)
                for code in targets.get(reference, ()) if reference else ():
                    found.append(
                        IndexTerm(referring, lexicon_code(code), f"{path} (see {reference})", "index_see")
                    )
        return found


def _codes(resolver: SeeResolver, reference: str) -> tuple[str, ...]:
    target = resolver.resolve(reference)
    if not target.resolved or target.instructions:
        return ()
    return tuple(dict.fromkeys(entry.code for entry in target.entries if entry.code))


def _neoplasm_terms(rows: list[tuple]) -> list[IndexTerm]:
    """Site words (under the table's own heading) with each column's words, for every cell.

    The table prints one row per site and column; a sub-site hangs under the site's first row. Where
    two cells of a column leave the same words ("head" reads as "brain", a "specified NEC" level says
    nothing), the first in the table's order speaks for them: "brain" (C71.9) before "head" (C76.0),
    "cranial nerve" (C72.50) before its "specified NEC" (C72.59).
    """
    site_words: dict[int, str] = {}
    found: dict[tuple[tuple[str, ...], str], IndexTerm] = {}
    for term_id, parent_id, term, path, code, column in rows:
        parent = site_words.get(parent_id, "") if parent_id is not None else None
        site = "" if parent is None else f"{parent} {HEDGES.sub('', spellings(term))}".strip()
        site_words[term_id] = site
        for saying in NEOPLASM_COLUMNS.get(column or "", ()) if code else ():
            stems = content_stems(f"{saying} {site}")
            found.setdefault(
                (stems, column), IndexTerm(stems, lexicon_code(code), f"{path} ({column})", "neoplasm")
            )
    return list(found.values())


def morphology_terms(connection: sqlite3.Connection) -> list[Morphology]:
    """Each Index term whose "see" (or "see also") names a Neoplasm Table column "by site": the head
    word alone ("Glioblastoma"), or one modifier before it ("Astrocytoma, pilocytic" -> "pilocytic
    astrocytoma"); a site level ("specified site") adds nothing, a clause level leaves the term out."""
    try:
        rows = connection.execute(
            "SELECT id, parent_id, term, path, see, see_also FROM index_terms WHERE index_name = 'diseases'"
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    nodes = {term_id: (parent_id, term) for term_id, parent_id, term, *_ in rows}
    found: dict[str, Morphology] = {}
    for term_id, _, _, path, see, see_also in rows:
        target = next((m for ref in (see, see_also) if ref and (m := BY_SITE.fullmatch(ref))), None)
        if target is None:
            continue
        levels = _levels(nodes, term_id)
        while levels and SITE_LEVEL.fullmatch(levels[-1]):
            levels.pop()
        if not levels or len(levels) > 2 or any(CLAUSE.search(level) for level in levels[1:]):
            continue
        head = levels[0].split(",")[0].strip()
        words = head if len(levels) == 1 else _before_noun(levels[1], head)
        if words is None:
            continue
        found.setdefault(words.lower(), Morphology(words, COLUMN_OF[target.group(1)], path))
    return list(found.values())


def _before_noun(modifier: str, head: str) -> str | None:
    """How a note writes a head term and its modifier: "pilocytic astrocytoma", but "Leydig cell
    tumor" when the Index's head is the eponym and its modifier the noun; None for a list ("mixed,
    basophil-acidophil")."""
    if "," in modifier:
        return None
    if modifier.lower() in {"tumor", "carcinoma", "adenoma", "sarcoma", "cyst"}:
        return f"{head} {modifier}"
    return f"{modifier} {head}"


def _levels(nodes: dict[int, tuple[int | None, str]], term_id: int) -> list[str]:
    levels = []
    current: int | None = term_id
    while current is not None:
        parent_id, term = nodes[current]
        levels.append(term.strip())
        current = parent_id
    return levels[::-1]
