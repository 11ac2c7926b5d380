"""Following the Alphabetic Index's cross-references: "see Pain, abdominal", "see also Malposition,
congenital", "see Neoplasm, benign, by site".

A reference names index terms from the main term down, separated by commas, abbreviating as the
printed index does (codebook/index_terms.py says how a part names a term). It may leave out a
subterm that only connects ("Diabetes, cataract" for "Diabetes, with, cataract") or a qualifier
("Fracture, carpal, pisiform" for "Fracture, traumatic, carpal bone, pisiform"), and name two levels
in one part ("due to osteoporosis"). The walk down the tree takes the reading that names the most
parts, closest spellings first. What it leaves to the coder is reported, not guessed:

- "see condition": look up the condition itself, not the site (`instructions == ("condition",)`);
- "by site", "by type", "by drug": the coder supplies the site, type or drug. The entries are then
  those of the term above ("Injury, by site" -> Injury T14.90). To follow one, put the site in:
  `resolve_see("Neoplasm, benign, colon")`, `resolve_see("Table of Drugs and Chemicals, aspirin,
  poisoning")`. A reference that names more than its target holds is read that way too: "Bite,
  superficial, eyelid" reaches "Bite, superficial - see Bite, by site, superficial" and follows it
  as "Bite, eyelid, superficial";
- tabular codes, not index entries (`codes`): "see category M01", "see subcategory T75.0",
  "N00-N07 with fourth character .4" (the instruction "with fourth character .4" is kept).

References to the tables resolve in them: "Neoplasm, ..." and "Table of Neoplasms, ..." in the
Neoplasm Table, "Table of Drugs and Chemicals, ..." in the drug table, where parts naming a column
("benign", "in situ", "adverse effect", "poisoning") pick the columns; "malignant" alone means
Malignant Primary, as the index means it. An entry that is itself only a "see" is followed (a few
hops at most), so "Neoplasm, accessory sinus" arrives at "Neoplasm, sinus"'s codes.

One `SeeResolver` per opened codebook (`Codebook.resolve_see`); the search-index build can hold its
own over the codebook being built.
"""

import re
import sqlite3
from dataclasses import dataclass, replace
from itertools import groupby

from medcoder.codebook.index_terms import IndexTree, TreeTerm, clean, consumes
from medcoder.codebook.records import IndexTerm

SEE_HOPS = 3
# What a reference may start with to name another index or table than the one it is printed in.
ROOTS = {
    "table of neoplasms": "neoplasm",
    "table of drugs and chemicals": "drugs",
    "index to diseases and injuries": "diseases",
}
TABLES = {"neoplasm", "drugs"}
INSTRUCTION = re.compile(r"(or )?by \w", re.IGNORECASE)  # "by site", "or by ST elevation"
# A tabular code or range the reference names outright: after "category", or at the start, or before
# "with", "and", a comma or the end: "category M01", "N00-N07 with fourth character .4", "Examination,
# medical Z00.00" (never the "B12" of "vitamin B12").
CODE = r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?-?"
TABULAR_CODE = re.compile(rf"\b{CODE}(?:-{CODE})?(?![\w.])")
TABULAR_REFERENCE = re.compile(
    rf"(?:\b(?i:(?:sub)?categor(?:y|ies))\s+|^|(?<=\s)){CODE}(?:-{CODE})?(?=\s*,|\s+(?:with|and)\b|\s*$)"
)


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
class _Walk:
    """One reading of a reference's parts down the tree."""

    reached: tuple[TreeTerm, ...]
    instructions: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()
    closeness: int = 0  # the summed grades of the matches (index_terms.consumes)

    @property
    def rank(self) -> tuple[int, int]:
        return -len(self.unresolved), self.closeness


class SeeResolver:
    """Resolves references against one codebook's index terms."""

    def __init__(self, connection: sqlite3.Connection):
        self.tree = IndexTree(connection)

    def resolve(self, reference: str, index_name: str = "diseases") -> SeeTarget:
        """The entries `reference` points to; `index_name` is the index it was printed in."""
        first = reference.split(";")[0]  # "Encephalopathy; and see also Epilepsy": the first of several
        text = clean(re.sub(r"^\s*(see\b)?\s*(also\b)?", "", first, flags=re.IGNORECASE))
        if text.lower() in ("condition", "category", "subcategory", ""):
            return SeeTarget(text, index_name, (), instructions=(text.lower(),) if text else ())
        named = TABULAR_REFERENCE.search(text)
        if named:
            return self._tabular(text, named, index_name)
        target = self._resolve_parts(text, index_name, [], SEE_HOPS)
        if target.resolved or (not text[:1].islower() and text.lower() not in ROOTS):
            return target
        # the index writes its terms capitalised: "see specific organism", "see condition, limb" and a
        # bare "see Table of Drugs and Chemicals" tell the coder what to look up instead
        return SeeTarget(text, ROOTS.get(text.lower(), index_name), (), instructions=(text,))

    def _tabular(self, text: str, named: re.Match[str], index_name: str) -> SeeTarget:
        """A reference naming tabular codes: the codes, what it asks of them ("with .42"), and the
        entries of the index term before them ("Examination, medical Z00.00")."""
        codes = tuple(TABULAR_CODE.findall(text[named.start() :]))
        asked = re.match(r"[\s,]*(with\b.*)", text[named.end() :])
        instructions = (clean(asked[1]),) if asked else ()
        term = clean(re.sub(r"\b(?:sub)?categor(?:y|ies)\s*$", "", text[: named.start()], flags=re.I))
        if term.lower() in ROOTS or not term:
            return SeeTarget(text, index_name, (), instructions, codes=codes)
        target = self._resolve_parts(term, index_name, [], SEE_HOPS)
        return replace(target, reference=text, instructions=target.instructions + instructions, codes=codes)

    def _resolve_parts(self, text: str, printed_in: str, columns: list[str], hops: int) -> SeeTarget:
        parts = [part for part in (clean(piece) for piece in text.split(",")) if part]
        index_name, parts = self._table_root(printed_in, parts)
        if index_name in TABLES:
            columns = columns + [c for part in parts for c in self._columns_named(index_name, part)]
            parts = [part for part in parts if not self._columns_named(index_name, part)]
        walk = self._walk(index_name, (), parts, after_instruction=False)
        if not walk.reached and index_name == printed_in != "diseases":  # "see Melanoma" in a table
            return self._resolve_parts(text, "diseases", [], hops)
        entries = self.tree.entries(list(walk.reached)) if walk.reached else ()
        found = SeeTarget(text, index_name, entries, walk.instructions, walk.unresolved)
        coded = [entry for entry in entries if entry.code and (not columns or entry.column_name in columns)]
        if coded:
            return replace(found, entries=tuple(coded))
        onward = self._onward(entries, columns, walk.unresolved)
        if hops and onward and onward != text:
            followed = self._resolve_parts(onward, index_name, columns, hops - 1)
            if followed.entries:
                steps = tuple(dict.fromkeys(walk.instructions + followed.instructions))
                return replace(followed, reference=text, instructions=steps)
        return found

    @staticmethod
    def _onward(
        entries: tuple[IndexTerm, ...], columns: list[str], unresolved: tuple[str, ...]
    ) -> str | None:
        """Where an entry without codes sends the coder (for a table column, "see also" too). Parts of
        the reference left over go where its "by site"/"by type" stands, or the entry is not followed."""
        onward = next((e.see or e.see_also for e in entries if e.see or (columns and e.see_also)), None)
        if onward is None or not unresolved:
            return onward
        parts = [clean(part) for part in onward.split(",")]
        at = next((i for i, part in enumerate(parts) if INSTRUCTION.match(part)), None)
        return None if at is None else ", ".join([*parts[:at], *unresolved, *parts[at + 1 :]])

    def _table_root(self, index_name: str, parts: list[str]) -> tuple[str, list[str]]:
        first = parts[0].lower() if parts else ""
        if first in ROOTS:
            root = ROOTS[first]
            return root, (["Neoplasm"] if root == "neoplasm" else []) + parts[1:]
        first_word, _, site = first.partition(" ")
        if first_word in ("neoplasm", "neoplasms") and self.tree.has_index("neoplasm"):
            return "neoplasm", ["Neoplasm", *([site] if site else []), *parts[1:]]  # "Neoplasm ovary"
        return index_name, parts

    def _walk(
        self, index_name: str, reached: tuple[TreeTerm, ...], parts: list[str], after_instruction: bool
    ) -> _Walk:
        """The best reading of `parts` below `reached` (the main terms when empty): each way a part can
        name the terms here, a connecting subterm or a qualifier skipped, a "by ..." part kept as an
        instruction (the next part may then sit one level lower), a part split in two."""
        if not parts:
            return _Walk(reached)
        parents: list[TreeTerm | None] = [*reached] or [None]
        if after_instruction:
            parents += [child for term in reached for child in self.tree.subterms(term)]
        connecting = [child for term in reached for child in self.tree.subterms(term) if child.connects_only]
        matches = self._matches(index_name, parents, parts) or self._matches(index_name, connecting, parts)
        readings = [_Walk(reached, unresolved=tuple(parts))]
        ordered = sorted(matches, key=lambda match: match[1], reverse=True)
        for (used, grade), group in groupby(ordered, key=lambda match: match[1]):
            below = self._walk(index_name, tuple(child for child, _ in group), parts[used:], False)
            readings.append(replace(below, closeness=below.closeness + grade))
        if INSTRUCTION.match(parts[0]):
            below = self._walk(index_name, reached, parts[1:], True)
            readings.append(replace(below, instructions=(parts[0], *below.instructions)))
        elif not matches and (split := self._split(index_name, parents, parts[0])):
            readings.append(self._walk(index_name, reached, split + parts[1:], after_instruction))
        return max(readings, key=lambda reading: reading.rank)

    def _matches(
        self, index_name: str, parents: list[TreeTerm | None], parts: list[str]
    ) -> list[tuple[TreeTerm, tuple[int, int]]]:
        return [
            (child, match)
            for parent in parents
            for child in (
                self.tree.subterms(parent) if parent else self.tree.main_terms(index_name, parts[0])
            )
            if (match := consumes(child, parts))[0]
        ]

    def _split(self, index_name: str, parents: list[TreeTerm | None], part: str) -> list[str] | None:
        """`part` as two parts, the longest leading words that name a term first ("due to" + "osteoporosis")."""
        part_words = part.split()
        for size in range(len(part_words) - 1, 0, -1):
            if self._matches(index_name, parents, [" ".join(part_words[:size])]):
                return [" ".join(part_words[:size]), " ".join(part_words[size:])]
        return None

    def _columns_named(self, index_name: str, part: str) -> list[str]:
        """The table's columns a reference part names: every word of the part is in the heading."""
        wanted = set(part.lower().split())
        named = [c for c in self.tree.columns(index_name) if wanted <= set(c.lower().split())]
        primary = [c for c in named if "primary" in c.lower()]
        return primary if wanted == {"malignant"} and primary else named
