"""The read-only query API over a built codebook file: lookup, hierarchy, notes, crosswalks."""

import json
import os
import sqlite3
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from medcoder.codebook.errors import CodebookMissing, CodebookOutdated, UnknownCode
from medcoder.codebook.index import SeeResolver, SeeTarget
from medcoder.codebook.records import (
    Code,
    Crosswalk,
    IndexTerm,
    Note,
    PcsDefinition,
    SeventhCharacter,
    Source,
)
from medcoder.codebook.systems import LOOKUP_PREFERENCE, SYSTEMS, code_key
from medcoder.codebook.writer import SCHEMA_VERSION

if TYPE_CHECKING:
    from medcoder.codebook.search import SearchHit

CODE_COLUMNS = (
    "system, code, kind, title, billable, parent, short_title, depth, seq, source, attributes, plain"
)

# `Code.status` in SQL, for counting and filtering without reading every row into a `Code`.
STATUS_SQL = (
    "CASE WHEN billable THEN 'billable' WHEN json_extract(attributes, '$.terminated') IS NOT NULL"
    " THEN 'retired' ELSE 'header' END"
)

# Notes that describe only the code they sit under; every other kind applies to its descendants too.
NOT_INHERITED = {"inclusion_term"}


def default_path() -> Path:
    """$MEDCODER_CODEBOOK, else var/codebook.sqlite under the current directory (where `make` builds it)."""
    return Path(os.environ.get("MEDCODER_CODEBOOK", "var/codebook.sqlite")).resolve()


class Codebook:
    """One opened codebook file. Cheap to query from many threads: the file never changes once built."""

    def __init__(self, path: Path):
        self.path = path
        uri = f"file:{path}?mode=ro&immutable=1"
        self.connection = sqlite3.connect(uri, uri=True, check_same_thread=False)

    @classmethod
    def open(cls, path: Path | str | None = None) -> "Codebook":
        """The codebook at `path` (default: `default_path()`); raises `CodebookMissing`, or
        `CodebookOutdated` for a file built with other tables than this code reads."""
        path = Path(path) if path else default_path()
        if not path.is_file():
            raise CodebookMissing(path)
        codebook = cls(path)
        built = codebook.meta.get("schema_version")
        if built != SCHEMA_VERSION:
            codebook.close()
            raise CodebookOutdated(path, built, SCHEMA_VERSION)
        return codebook

    def close(self) -> None:
        self.connection.close()

    # --- metadata -------------------------------------------------------------------------------

    @cached_property
    def meta(self) -> dict[str, str]:
        return dict(self.connection.execute("SELECT key, value FROM meta"))

    def sources(self) -> list[Source]:
        rows = self.connection.execute("SELECT * FROM sources ORDER BY name")
        return [Source(*row) for row in rows]

    def source(self, name: str) -> Source | None:
        row = self.connection.execute("SELECT * FROM sources WHERE name = ?", (name,)).fetchone()
        return Source(*row) if row else None

    def systems(self) -> dict[str, int]:
        """Systems present, with their number of billable codes."""
        rows = self.connection.execute("SELECT system, sum(billable) FROM codes GROUP BY system")
        return dict(rows)

    def status_counts(self) -> dict[str, dict[str, int]]:
        """Per system, how many codes are billable, retired and headers (see `Code.status`): ICD-9-CM has
        no billable code but every one of its codes is complete."""
        counts: dict[str, dict[str, int]] = {}
        for system, status, count in self.connection.execute(
            f"SELECT system, {STATUS_SQL}, count(*) FROM codes GROUP BY 1, 2 ORDER BY 1, 2"
        ):
            counts.setdefault(system, {"billable": 0, "retired": 0, "header": 0})[status] = count
        return counts

    # --- lookup ---------------------------------------------------------------------------------

    def find(self, code: str) -> list[Code]:
        """Every system's code written as `code` (dotted or not, any case), most likely first.

        Exact display form first, then billable codes before same-key headers (so `GZ` is the modifier,
        not the ICD-10-PCS body-system header), then the system preference order.
        """
        rows = self.connection.execute(
            f"SELECT {CODE_COLUMNS} FROM codes WHERE code_key = ?", (code_key(code),)
        ).fetchall()
        exact = code.strip().upper()
        rows.sort(key=lambda row: (row[1] != exact, not row[4], LOOKUP_PREFERENCE.index(row[0])))
        return [_code(row) for row in rows]

    def get(self, code: str, system: str | None = None) -> Code:
        """The code, detecting its system unless given; raises `UnknownCode` with suggestions."""
        if system is not None and system not in SYSTEMS:
            raise UnknownCode(code, [f"unknown system {system!r}; one of {', '.join(SYSTEMS)}"])
        matches = [c for c in self.find(code) if system in (None, c.system)]
        if not matches:
            raise UnknownCode(code, self.suggest(code, system))
        return matches[0]

    def exists(self, code: str, system: str) -> bool:
        row = self.connection.execute(
            "SELECT 1 FROM codes WHERE system = ? AND code_key = ?", (system, code_key(code))
        ).fetchone()
        return row is not None

    def suggest(self, code: str, system: str | None = None, limit: int = 5) -> list[str]:
        """Near codes for a code that does not exist: the complete codes under its longest known prefix,
        billable before retired ("250" -> 250.00, 250.01...: ICD-9-CM codes are all retired)."""
        key = code_key(code)
        for length in range(len(key), 1, -1):
            prefix = key[:length]
            rows = self.connection.execute(
                f"SELECT code FROM codes WHERE code_key >= ? AND code_key < ? AND {STATUS_SQL} != 'header'"
                " AND (? IS NULL OR system = ?) ORDER BY NOT billable, length(code_key), seq LIMIT ?",
                (prefix, prefix + "\uffff", system, system, limit),
            ).fetchall()
            if rows:
                return [row[0] for row in rows]
        return []

    # --- hierarchy ------------------------------------------------------------------------------

    def children(self, code: Code) -> list[Code]:
        rows = self.connection.execute(
            f"SELECT {CODE_COLUMNS} FROM codes WHERE system = ? AND parent = ? ORDER BY seq",
            (code.system, code.code),
        )
        return [_code(row) for row in rows]

    def parent(self, code: Code) -> Code | None:
        if code.parent is None:
            return None
        row = self.connection.execute(
            f"SELECT {CODE_COLUMNS} FROM codes WHERE system = ? AND code = ?", (code.system, code.parent)
        ).fetchone()
        return _code(row) if row else None

    def ancestors(self, code: Code) -> list[Code]:
        """From the top of the hierarchy (chapter, section...) down to the code's parent."""
        chain: list[Code] = []
        current = self.parent(code)
        while current is not None:
            chain.append(current)
            current = self.parent(current)
        return chain[::-1]

    # --- instructional notes ----------------------------------------------------------------------

    def notes(self, code: Code) -> list[Note]:
        """The code's own notes, then those inherited from each ancestor, nearest first."""
        own = self._declared_notes(code)
        inherited = [
            replace(note, inherited=True)
            for ancestor in reversed(self.ancestors(code))
            for note in self._declared_notes(ancestor)
            if note.kind not in NOT_INHERITED
        ]
        return own + inherited

    def _declared_notes(self, code: Code) -> list[Note]:
        rows = self.connection.execute(
            "SELECT kind, text, lead_in FROM notes WHERE system = ? AND code = ? ORDER BY seq",
            (code.system, code.code),
        )
        return [Note(kind, text, code.code, lead_in=lead_in) for kind, text, lead_in in rows]

    def seventh_characters(self, code: Code) -> list[SeventhCharacter]:
        """The 7th-character table that applies to `code`: declared on it or its nearest ancestor."""
        for candidate in [code, *reversed(self.ancestors(code))]:
            rows = self.connection.execute(
                "SELECT character, meaning FROM seventh_characters WHERE system = ? AND code = ?",
                (candidate.system, candidate.code),
            ).fetchall()
            if rows:
                return [SeventhCharacter(character, meaning, candidate.code) for character, meaning in rows]
        return []

    # --- crosswalks and index -------------------------------------------------------------------

    def crosswalk(self, code: Code) -> list[Crosswalk]:
        """GEM entries from this code to the other edition, with the target titles where known."""
        rows = self.connection.execute(
            "SELECT x.from_system, x.from_code, x.to_system, x.to_code, c.title, x.approximate, x.no_map,"
            " x.combination, x.scenario, x.choice_list, x.source FROM crosswalks x"
            " LEFT JOIN codes c ON c.system = x.to_system AND c.code = x.to_code"
            " WHERE x.from_system = ? AND x.from_code = ? ORDER BY x.scenario, x.choice_list, x.to_code",
            (code.system, code.code),
        )
        return [
            Crosswalk(
                row[0], row[1], row[2], row[3], row[4], bool(row[5]), bool(row[6]), bool(row[7]), *row[8:]
            )
            for row in rows
        ]

    def index_terms(self, code: Code, limit: int = 50) -> list[IndexTerm]:
        """Alphabetic Index and table entries that lead to this code. The PCS Index mostly stops at a
        prefix ("Appendectomy: see Resection, Appendix 0DTJ"), so a PCS code has those of its prefixes."""
        if code.system == "icd10pcs":
            printed = [code.key[:size] for size in range(3, len(code.key) + 1)]
            index = "index_name = 'pcs'"
        else:
            printed, index = [code.code], "index_name != 'pcs'"
        rows = self.connection.execute(
            "SELECT index_name, path, code, see, see_also, column_name, source FROM index_terms"
            f" WHERE code IN ({', '.join('?' * len(printed))}) AND {index} ORDER BY length(code) DESC, index_name, path LIMIT ?",
            (*printed, limit),
        )
        return [IndexTerm(*row) for row in rows]

    def resolve_see(self, reference: str, index_name: str = "diseases") -> SeeTarget:
        """The index entries a "see"/"see also" reference points to ("see Pain, abdominal");
        `index_name` is the index it was printed in. What it leaves to the coder: codebook/index.py."""
        return self._see_resolver.resolve(reference, index_name)

    @cached_property
    def _see_resolver(self) -> SeeResolver:
        return SeeResolver(self.connection)

    def pcs_definitions(self, code: Code) -> list[PcsDefinition]:
        """The official definitions of the values an ICD-10-PCS code is built from (root operation, approach...)."""
        axes = code.attributes.get("axes", [])
        if code.system != "icd10pcs" or not axes:
            return []
        section = axes[0]["value"]
        found: list[PcsDefinition] = []
        for axis in axes[1:]:
            row = self.connection.execute(
                "SELECT axis, axis_title, term, definition, explanation, includes, source FROM pcs_definitions"
                " WHERE section = ? AND axis = ? AND term = ? LIMIT 1",
                (section, axis["position"], axis["label"]),
            ).fetchone()
            if row:
                found.append(PcsDefinition(*row[:5], tuple(json.loads(row[5] or "[]")), row[6]))
        return found

    # --- search ---------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        systems: list[str] | None = None,
        limit: int = 20,
        billable_only: bool = False,
    ) -> list["SearchHit"]:
        from medcoder.codebook.search import search

        return search(self, query, systems=systems, limit=limit, billable_only=billable_only)


def _code(row: tuple) -> Code:
    system, code, kind, title, billable, parent, short_title, depth, seq, source, attributes, plain = row
    return Code(
        system=system,
        code=code,
        kind=kind,
        title=title,
        billable=bool(billable),
        parent=parent,
        short_title=short_title,
        depth=depth,
        seq=seq,
        source=source,
        attributes=json.loads(attributes),
        plain=plain,
    )
