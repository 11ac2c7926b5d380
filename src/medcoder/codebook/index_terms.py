"""The Alphabetic Index as a tree a reference walks down (codebook/index.py), and how a part of a
reference names a printed term.

References abbreviate as the printed index does: a term by one of its comma-separated forms
("Infarct" for "Infarct, infarction"), without its nonessential modifiers or with them spelled in
("spinal cord" for "spinal (cord)"), with its "(s)" spelled out ("Complications" for
"Complication(s)"), by its first words ("building" for "in building or structure"), with other
endings ("vocal cord" for "vocal cords"), two levels in one part ("due to drug or chemical"), or,
for a term renamed since the reference was written, all words but one ("accidentally left during a
procedure" for "accidentally left following a procedure").
`consumes` grades each of these, so the walk can prefer the closest.
"""

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from medcoder.codebook.records import IndexTerm
from medcoder.codebook.search_words import words

# Words of the subterms that only link a condition to another ("with", "due to", "in"); a reference may
# leave such a subterm out. Never "without" or "not": leaving those out would reverse the meaning.
CONNECTING_WORDS = frozenset({"with", "due", "to", "in", "of", "by", "from", "as", "for"})

ENDINGS = ("es", "us", "al", "ic", "um", "s", "a", "e")  # "es" before "s" and "e", "al" before "a"...


@dataclass(frozen=True)
class TreeTerm:
    ids: tuple[int, ...]  # its rows: one per code
    term: str
    nonessential: str

    @property
    def connects_only(self) -> bool:
        """'with', 'due to', 'in': a subterm that only links to the terms under it."""
        return set(self.term.lower().split()) <= CONNECTING_WORDS


class IndexTree:
    """The `index_terms` rows of one codebook, read on demand and kept: a resolver asks for the same
    main terms and subterms again and again."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection
        self._children: dict[tuple[str, int | str], list[TreeTerm]] = {}
        self._columns: dict[str, list[str]] = {}

    def main_terms(self, index_name: str, part: str) -> list[TreeTerm]:
        """The main terms that start like `part` (its first four letters, any case)."""
        prefix = part[:4].lower()
        key = (index_name, prefix)
        if key not in self._children:
            self._children[key] = self._terms(
                "SELECT group_concat(id), term, min(nonessential) FROM index_terms WHERE index_name = ?"
                " AND level = 0 AND term >= ? COLLATE NOCASE AND term < ? COLLATE NOCASE GROUP BY path"
                " ORDER BY min(id)",
                (index_name, prefix, prefix + "\U0010ffff"),
            )
        return self._children[key]

    def subterms(self, term: TreeTerm) -> list[TreeTerm]:
        key = ("", term.ids[0])
        if key not in self._children:
            self._children[key] = self._terms(
                "SELECT group_concat(id), term, min(nonessential) FROM index_terms WHERE parent_id = ?"
                " GROUP BY path ORDER BY min(id)",
                (term.ids[0],),
            )
        return self._children[key]

    def entries(self, terms: list[TreeTerm]) -> tuple[IndexTerm, ...]:
        """The rows of `terms`, one per code, in index order."""
        ids = [i for term in terms for i in term.ids]
        rows = self.connection.execute(
            "SELECT index_name, path, code, see, see_also, column_name FROM index_terms"
            f" WHERE id IN ({', '.join('?' * len(ids))}) ORDER BY id",
            ids,
        )
        return tuple(IndexTerm(*row) for row in rows)

    def columns(self, index_name: str) -> list[str]:
        """The column headings of a table ('Malignant Primary', 'Adverse effect'); none for an index."""
        if index_name not in self._columns:
            self._columns[index_name] = [
                row[0]
                for row in self.connection.execute(
                    "SELECT DISTINCT column_name FROM index_terms WHERE index_name = ? AND level = 0"
                    " AND column_name IS NOT NULL",
                    (index_name,),
                )
            ]
        return self._columns[index_name]

    def has_index(self, index_name: str) -> bool:
        row = self.connection.execute(
            "SELECT 1 FROM index_terms WHERE index_name = ? AND level = 0 LIMIT 1", (index_name,)
        ).fetchone()
        return row is not None

    def _terms(self, sql: str, parameters: tuple) -> list[TreeTerm]:
        return [
            TreeTerm(tuple(int(i) for i in ids.split(",")), term, nonessential or "")
            for ids, term, nonessential in self.connection.execute(sql, parameters)
        ]


def consumes(term: TreeTerm, parts: list[str]) -> tuple[int, int]:
    """How many reference parts the term stands for, and how well: all its comma-separated forms, the
    whole term or several parts joined ("due to, drug or chemical" for "due to drug or chemical": 5), its
    first form ("Infarct" for "Infarct, infarction": 4), another form ("congenital" for
    "gastrointestinal tract, congenital": 3), its first words ("carpal" for "carpal bone": 2), the
    same words with other endings ("retina" for "retinal") or all words but one (1). (0, 0): not at all."""
    forms = [form for form in (clean(piece) for piece in term.term.split(",")) if form]
    if len(forms) > 1 and len(parts) >= len(forms) and all(map(_same, forms, parts)):
        return len(forms), 5
    written = spellings(parts[0])
    printed = _printed(term)
    if printed & written:
        return 1, 5
    joined = _joined(term, parts)
    if joined:
        return joined, 5
    if spellings(forms[0]) & written:
        return 1, 4
    if any(spellings(form) & written for form in forms[1:]):
        return 1, 3
    if any(p.startswith(w + " ") for p in printed | {_unlinked(p) for p in printed} for w in written):
        return 1, 2
    if _without_endings(written) & _endings_dropped(term):
        return 1, 1
    return (1, 1) if any(_one_word_apart(p, w) for p in printed for w in written) else (0, 0)


def _joined(term: TreeTerm, parts: list[str]) -> int:
    """How many parts, two or more, the term is when their commas are dropped ("Earth, falling" for
    "Earth falling", "sedative, hypnotic, or anxiolytic" for "sedative, hypnotic or anxiolytic"); 0 if none."""
    printed = {clean(spelling.replace(",", " ")) for spelling in _printed(term)}
    return next((n for n in range(len(parts), 1, -1) if spellings(" ".join(parts[:n])) & printed), 0)


@lru_cache(maxsize=1 << 16)
def _printed(term: TreeTerm) -> frozenset[str]:
    """How the term may be written: as printed, with its nonessential modifiers read in, with its "(s)"."""
    printed = spellings(term.term) | spellings(f"{term.term} {term.nonessential}")
    if term.nonessential.startswith("(s)"):  # the flattened CSV's "Complication" + "(s) (from) (of)"
        printed |= {spelling + "s" for spelling in spellings(term.term)}
    return printed


def _same(printed: str, written: str) -> bool:
    return bool(spellings(printed) & spellings(written))


@lru_cache(maxsize=1 << 16)
def spellings(text: str) -> frozenset[str]:
    """'Complication(s)' -> complication(s), complication, complications; 'Dye NEC' -> dye nec, dye."""
    lowered = clean(text.lower())
    found = {lowered}
    if "(" in lowered:
        found |= {clean(re.sub(r"\([^)]*\)", " ", lowered)), clean(re.sub(r"[()]", "", lowered))}
    return frozenset(found | {re.sub(r" (nos|nec)$", "", spelling) for spelling in found})


@lru_cache(maxsize=1 << 16)
def _endings_dropped(term: TreeTerm) -> frozenset[tuple[str, ...]]:
    """The term and each of its forms, as `_without_endings` reads them."""
    forms = [spelling for piece in term.term.split(",") for spelling in spellings(clean(piece))]
    return _without_endings(_printed(term) | frozenset(forms))


@lru_cache(maxsize=1 << 16)
def _without_endings(texts: frozenset[str]) -> frozenset[tuple[str, ...]]:
    """Each text's words without a plural or adjective ending: 'vocal cords' and 'vocal cord' agree,
    'retinal' and 'retina', 'choroidal' and 'choroid'. One ending at most and whole words (no
    truncated stems), so 'bronchitis' and 'bronchiectasis' stay apart."""
    return frozenset(tuple(_stem(word) for word in words(text)) for text in texts)


def _stem(word: str) -> str:
    ending = next((e for e in ENDINGS if word.endswith(e) and len(word) - len(e) >= 4), "")
    return word[: len(word) - len(ending)]


def _one_word_apart(printed: str, written: str) -> bool:
    """Five words or more, all the same but one: "accidentally left during a procedure" for the
    renamed "accidentally left following a procedure" (references the index forgot to update)."""
    printed_words, written_words = printed.split(), written.split()
    if len(printed_words) != len(written_words) or len(printed_words) < 5:
        return False
    return sum(p != w for p, w in zip(printed_words, written_words, strict=True)) == 1


def _unlinked(spelling: str) -> str:
    """The term without its leading connecting words: 'in building or structure' -> 'building or structure'."""
    kept = spelling.split()
    while kept[1:] and kept[0] in CONNECTING_WORDS:
        kept = kept[1:]
    return " ".join(kept)


def clean(text: str) -> str:
    return " ".join(text.split()).strip(" ,-")
