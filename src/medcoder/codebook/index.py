"""Following the Alphabetic Index's cross-references: "see Pain, abdominal", "see also Malposition,
congenital", "see Neoplasm, benign, by site".

A reference names index terms from the main term down, separated by commas, and abbreviates as the
printed index does: a main term by one of its forms ("Infarct" for "Infarct, infarction"), a term
without its nonessential modifiers or with its "(s)" spelled out ("Complications" for
"Complication(s)"). What it leaves to the coder is reported, not guessed:

- "see condition": look up the condition itself, not the site (`instructions == ("condition",)`);
- "by site", "by type", "by drug": the coder supplies the site, type or drug. The entries are then
  those of the term above ("Injury, by site" -> Injury T14.90). To follow one, put the site in:
  `resolve_see("Neoplasm, benign, colon")`, `resolve_see("Table of Drugs and Chemicals, aspirin,
  poisoning")`;
- "see category M01", "see subcategory T75.0": a tabular code, not an index entry (`codes`).

References to the tables resolve in them: "Neoplasm, ..." and "Table of Neoplasms, ..." in the
Neoplasm Table, "Table of Drugs and Chemicals, ..." in the drug table, where parts naming a column
("benign", "in situ", "adverse effect", "poisoning") pick the columns; "malignant" alone means
Malignant Primary, as the index means it. An entry that is itself only a "see" is followed (a few
hops at most), so "Neoplasm, accessory sinus" arrives at "Neoplasm, sinus"'s codes.
"""

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from medcoder.codebook.records import IndexTerm

SEE_HOPS = 3
TABLE_ROOTS = {"table of neoplasms": "neoplasm", "table of drugs and chemicals": "drugs"}
TABLES = {"neoplasm", "drugs"}
TABULAR_REFERENCE = re.compile(r"(sub)?category\s+([A-Z][0-9A-Z.]*-?)", re.IGNORECASE)


@dataclass(frozen=True)
class SeeTarget:
    reference: str  # the reference as resolved, without "see"/"see also"
    index_name: str  # the index it resolved in: diseases, external-cause, neoplasm, drugs
    entries: tuple[IndexTerm, ...]  # the rows it points to, one per code (a term without codes: one row)
    instructions: tuple[str, ...] = ()  # what it leaves to the coder: "condition", "by site", ...
    unresolved: tuple[str, ...] = ()  # trailing parts that name no term under the ones reached
    codes: tuple[str, ...] = ()  # tabular codes it names outright: "see category M01" -> M01

    @property
    def resolved(self) -> bool:
        """Every part of the reference named a term (instructions aside)."""
        return bool(self.entries) and not self.unresolved


@dataclass(frozen=True)
class _Term:
    ids: tuple[int, ...]  # its rows: one per code
    term: str
    nonessential: str


class SeeResolver:
    """Resolves references against one opened codebook; `Codebook.resolve_see` holds one."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection
        self._columns: dict[str, list[str]] = {}

    def resolve(self, reference: str, index_name: str = "diseases") -> SeeTarget:
        """The entries `reference` points to; `index_name` is the index it was printed in."""
        text = _clean(re.sub(r"^\s*see(\s+also)?\b", "", reference, flags=re.IGNORECASE))
        tabular = TABULAR_REFERENCE.fullmatch(text)
        if tabular:
            return SeeTarget(text, index_name, (), codes=(tabular[2].upper(),))
        if text.lower() in ("condition", "category", "subcategory", ""):
            return SeeTarget(text, index_name, (), instructions=(text.lower(),) if text else ())
        return self._resolve_parts(text, index_name, [], SEE_HOPS)

    def _resolve_parts(self, text: str, printed_in: str, columns: list[str], hops: int) -> SeeTarget:
        parts = [part for part in (_clean(piece) for piece in text.split(",")) if part]
        index_name, parts = self._table_root(printed_in, parts)
        if index_name in TABLES:
            columns = columns + [c for part in parts for c in self._columns_named(index_name, part)]
            parts = [part for part in parts if not self._columns_named(index_name, part)]
        reached, instructions, unresolved = self._walk(index_name, parts)
        if not reached and index_name == printed_in != "diseases":  # "see Melanoma" in a table
            return self._resolve_parts(text, "diseases", [], hops)
        entries = self._entries(reached)
        coded = [entry for entry in entries if entry.code and (not columns or entry.column_name in columns)]
        if coded:
            return SeeTarget(text, index_name, tuple(coded), tuple(instructions), tuple(unresolved))
        # nothing coded here: go where the entry sends the coder (for a table column, "see also" too)
        onward = next((e.see or e.see_also for e in entries if e.see or (columns and e.see_also)), None)
        if hops and onward and onward != text and not unresolved:
            followed = self._resolve_parts(onward, index_name, columns, hops - 1)
            if followed.entries:
                steps = tuple(dict.fromkeys(instructions + list(followed.instructions)))
                return SeeTarget(text, followed.index_name, followed.entries, steps, followed.unresolved)
        return SeeTarget(text, index_name, entries, tuple(instructions), tuple(unresolved))

    def _table_root(self, index_name: str, parts: list[str]) -> tuple[str, list[str]]:
        first = parts[0].lower() if parts else ""
        if first in TABLE_ROOTS:
            table = TABLE_ROOTS[first]
            return table, (["Neoplasm"] if table == "neoplasm" else []) + parts[1:]
        if first in ("neoplasm", "neoplasms") and self._has_index("neoplasm"):
            return "neoplasm", parts
        return index_name, parts

    def _walk(self, index_name: str, parts: list[str]) -> tuple[list[_Term], list[str], list[str]]:
        """Down the tree part by part. After a "by ..." part the next part may sit one level lower
        ("Spina bifida, by site, with hydrocephalus"); a part may name two levels at once ("with
        gangrene" for "with" > "gangrene")."""
        reached: list[_Term] = []
        instructions: list[str] = []
        parts = list(parts)
        position = 0
        while position < len(parts):
            parents: list[_Term | None] = [*reached] or [None]
            if position and parts[position - 1] in instructions:
                parents += [child for term in reached for child in self._children(index_name, term, "")]
            matches = self._matches(index_name, parents, parts[position:])
            first_word, _, other_words = parts[position].partition(" ")
            if matches:
                best = max(match for _, match in matches)
                reached = [child for child, match in matches if match == best]
                position += best[0]
            elif parts[position].lower().startswith("by "):
                instructions.append(parts[position])
                position += 1
            elif other_words and self._matches(index_name, parents, [first_word]):
                parts[position : position + 1] = [first_word, other_words]
            else:
                return reached, instructions, parts[position:]
        return reached, instructions, []

    def _matches(
        self, index_name: str, parents: list[_Term | None], rest: list[str]
    ) -> list[tuple[_Term, tuple[int, int]]]:
        return [
            (child, match)
            for parent in parents
            for child in self._children(index_name, parent, rest[0])
            if (match := _consumes(child, rest))[0]
        ]

    def _children(self, index_name: str, parent: _Term | None, part: str) -> list[_Term]:
        """Subterms of `parent`; main terms starting like `part` when there is no parent yet."""
        if parent is None:
            prefix = part[:4].lower()
            rows = self.connection.execute(
                "SELECT group_concat(id), term, min(nonessential) FROM index_terms WHERE index_name = ?"
                " AND level = 0 AND term >= ? COLLATE NOCASE AND term < ? COLLATE NOCASE GROUP BY path"
                " ORDER BY min(id)",
                (index_name, prefix, prefix + "\U0010ffff"),
            )
        else:
            rows = self.connection.execute(
                "SELECT group_concat(id), term, min(nonessential) FROM index_terms WHERE parent_id = ?"
                " GROUP BY path ORDER BY min(id)",
                (parent.ids[0],),
            )
        return [
            _Term(tuple(int(i) for i in ids.split(",")), term, nonessential or "")
            for ids, term, nonessential in rows
        ]

    def _entries(self, terms: list[_Term]) -> tuple[IndexTerm, ...]:
        ids = [i for term in terms for i in term.ids]
        rows = self.connection.execute(
            "SELECT index_name, path, code, see, see_also, column_name FROM index_terms"
            f" WHERE id IN ({', '.join('?' * len(ids))}) ORDER BY id",
            ids,
        )
        return tuple(IndexTerm(*row) for row in rows)

    def _columns_named(self, index_name: str, part: str) -> list[str]:
        """The table's columns a reference part names: every word of the part is in the heading."""
        if index_name not in self._columns:
            self._columns[index_name] = [
                row[0]
                for row in self.connection.execute(
                    "SELECT DISTINCT column_name FROM index_terms WHERE index_name = ? AND level = 0"
                    " AND column_name IS NOT NULL",
                    (index_name,),
                )
            ]
        wanted = set(part.lower().split())
        named = [c for c in self._columns[index_name] if wanted <= set(c.lower().split())]
        primary = [c for c in named if "primary" in c.lower()]
        return primary if wanted == {"malignant"} and primary else named

    def _has_index(self, index_name: str) -> bool:
        row = self.connection.execute(
            "SELECT 1 FROM index_terms WHERE index_name = ? AND level = 0 LIMIT 1", (index_name,)
        ).fetchone()
        return row is not None


def _consumes(term: _Term, parts: list[str]) -> tuple[int, int]:
    """How many reference parts the term stands for, and how well: all its comma-separated forms or
    the whole term (4), its first form ("Infarct" for "Infarct, infarction": 3), another form
    ("congenital" for "gastrointestinal tract, congenital": 2), its first words ("agricultural
    vehicle" for "agricultural vehicle occupant": 1). (0, 0): not at all."""
    forms = [form for form in (_clean(piece) for piece in term.term.split(",")) if form]
    if len(forms) > 1 and len(parts) >= len(forms) and all(map(_same, forms, parts)):
        return len(forms), 4
    written = _spellings(parts[0])
    printed = _spellings(term.term)
    if term.nonessential.startswith("(s)"):  # the flattened CSV's "Complication" + "(s) (from) (of)"
        printed |= {spelling + "s" for spelling in printed}
    if printed & written:
        return 1, 4
    if _spellings(forms[0]) & written:
        return 1, 3
    if any(_spellings(form) & written for form in forms[1:]):
        return 1, 2
    starts = any(p.startswith(w + " ") for p in printed for w in written)
    return (1, 1) if starts else (0, 0)


def _same(printed: str, written: str) -> bool:
    return bool(_spellings(printed) & _spellings(written))


@lru_cache(maxsize=1 << 16)
def _spellings(text: str) -> frozenset[str]:
    """'Complication(s)' -> complication(s), complication, complications; 'Dye NEC' -> dye nec, dye."""
    lowered = _clean(text.lower())
    spellings = {lowered}
    if "(" in lowered:
        spellings |= {_clean(re.sub(r"\([^)]*\)", " ", lowered)), _clean(re.sub(r"[()]", "", lowered))}
    return frozenset(spellings | {re.sub(r" (nos|nec)$", "", spelling) for spelling in spellings})


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" ,-")
