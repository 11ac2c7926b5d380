"""The write side of a build: importers hand records to a `CodebookWriter`, which owns the SQL."""

import hashlib
import sqlite3
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path

from medcoder.codebook.records import Code, Source

# Raised whenever a table a reader relies on changes, so an older file is refused with a clear message
# instead of failing on a missing column or rows (2: notes.lead_in; 3: the ICD-10-PCS Index in index_terms;
# 4: search_entries.negated_stems and residual; 5: search_families.split_stems; 6: search_unspecified).
SCHEMA_VERSION = "6"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class CodebookWriter:
    """A codebook under construction. Only the build opens one, on a temporary file."""

    def __init__(self, path: Path):
        self.path = path
        self.connection = sqlite3.connect(path)
        self.connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        self.connection.executescript(files("medcoder.codebook").joinpath("schema.sql").read_text())
        self.set_meta("schema_version", SCHEMA_VERSION)

    def set_meta(self, key: str, value: str) -> None:
        self.connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def add_source(self, source: Source) -> None:
        self.connection.execute(
            "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                source.name,
                source.title,
                source.version,
                source.effective,
                source.location,
                source.sha256,
                source.records,
                source.copyright,
            ),
        )

    def add_codes(self, codes: Iterable[Code]) -> int:
        rows = (
            (
                c.system,
                c.code,
                c.key,
                c.kind,
                c.title,
                c.short_title,
                c.parent,
                int(c.billable),
                c.depth,
                c.seq,
                c.source,
                c.attributes_json(),
                c.plain,
            )
            for c in codes
        )
        cursor = self.connection.executemany(
            "INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
        return cursor.rowcount

    def add_rows(self, table: str, rows: Iterable[tuple]) -> int:
        """Bulk insert into one of the schema's other tables (notes, crosswalks, index_terms, ...)."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        marks = ", ".join("?" * len(first))
        sql = f"INSERT INTO {table} VALUES ({marks})"
        self.connection.execute(sql, first)
        return 1 + self.connection.executemany(sql, rows).rowcount

    def count(self, table: str, where: str = "1", *params: object) -> int:
        return self.connection.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]

    def finish(self) -> None:
        self.connection.commit()
        self.connection.execute("ANALYZE")
        self.connection.commit()
        self.connection.execute("VACUUM")
        self.connection.close()

    def abandon(self) -> None:
        self.connection.close()
        self.path.unlink(missing_ok=True)
