"""CPT: descriptors from the user's AMA-licensed file, and bare CPT numbers seen in CMS files.

CPT text is AMA copyright: medcoder ships none. A user with a license runs `medcoder codebook
import-cpt PATH`; the file is added to a copy of the current codebook which then atomically replaces
it, and its path is remembered beside the codebook (`<codebook>.cpt-file`) so every later `codebook
build` reads it again. Accepted layouts: the AMA tab-delimited descriptor files (code TAB descriptor:
long, medium, short or consumer variants, an optional header line) and CSV `code,descriptor[,...]`.

Without a license, CPT numbers that the NCCI, MUE and fee-schedule files use are still known, titled
"CPT descriptor requires AMA license" (source `cpt-numbers`, derived after those files are read).
"""

import csv
import hashlib
import io
import os
import re
import shutil
import sqlite3
from pathlib import Path

from medcoder.codebook.errors import DataFileError, SourceMissing
from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.lookup import default_path
from medcoder.codebook.search_index import build_search_index
from medcoder.codebook.writer import CodebookWriter

LICENSED_SOURCE = "cpt-ama"
NUMBERS_SOURCE = "cpt-numbers"
LICENSE_REQUIRED = "CPT descriptor requires AMA license"
CPT_CODE = re.compile(r"^[0-9]{4}[0-9FTU]$")
COPYRIGHT = "CPT copyright American Medical Association. All rights reserved. Used under the user's license."


def remembered_file(codebook_path: Path) -> Path:
    """Where `import-cpt` records the licensed file used for the codebook at `codebook_path`."""
    return codebook_path.with_name(codebook_path.name + ".cpt-file")


def read_cpt_file(path: Path) -> list[tuple[str, str]]:
    """(code, descriptor) pairs; a first line that is not a code is taken as a header."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252", errors="replace")
    except OSError as error:
        raise DataFileError(path, None, f"cannot read: {error}") from error
    delimiter = "\t" if "\t" in text.split("\n", 1)[0] else ","
    pairs = []
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        if not cells or not any(cell.strip() for cell in cells):
            continue
        code = cells[0].strip()
        if not CPT_CODE.match(code):
            if number == 1:
                continue
            raise DataFileError(path, number, f"{code!r} is not a CPT code (5 characters, e.g. 99213, 0001F)")
        if len(cells) < 2 or not cells[1].strip():
            raise DataFileError(path, number, f"CPT {code} has no descriptor")
        pairs.append((code, cells[1].strip()))
    if not pairs:
        raise DataFileError(
            path, None, "no CPT codes found (expected code TAB descriptor, or code,descriptor)"
        )
    return pairs


def store_licensed(connection: sqlite3.Connection, path: Path, pairs: list[tuple[str, str]]) -> None:
    """Replace every CPT row with the licensed descriptors (used by the build and by import-cpt)."""
    connection.execute("DELETE FROM codes WHERE system = 'cpt'")
    connection.executemany(
        "INSERT INTO codes (system, code, code_key, kind, title, billable, depth, seq, source)"
        " VALUES ('cpt', ?, ?, 'code', ?, 1, 0, ?, ?)",
        ((code, code, title, seq, LICENSED_SOURCE) for seq, (code, title) in enumerate(pairs)),
    )
    _store_source(
        connection,
        LICENSED_SOURCE,
        "CPT descriptors (AMA, user-licensed file)",
        path.name,
        str(path),
        hashlib.sha256(path.read_bytes()).hexdigest(),
        len(pairs),
        COPYRIGHT,
    )


def store_numbers(connection: sqlite3.Connection) -> int:
    """Add the CPT numbers used by the current MUE, fee-schedule and active PTP rows but not yet known."""
    before = connection.total_changes
    connection.execute(
        "INSERT OR IGNORE INTO codes (system, code, code_key, kind, title, billable, depth, seq, source)"
        " SELECT 'cpt', code, code, 'code', ?, 1, 0, 0, ? FROM ("
        " SELECT code FROM mues UNION SELECT code FROM fee_schedule"
        " UNION SELECT column_one FROM ptp_edits WHERE deleted IS NULL"
        " UNION SELECT column_two FROM ptp_edits WHERE deleted IS NULL)"
        " WHERE code GLOB '[0-9][0-9][0-9][0-9][0-9FTU]'",
        (LICENSE_REQUIRED, NUMBERS_SOURCE),
    )
    added = connection.total_changes - before
    records = connection.execute("SELECT count(*) FROM codes WHERE source = ?", (NUMBERS_SOURCE,)).fetchone()[
        0
    ]
    _store_source(
        connection,
        NUMBERS_SOURCE,
        "CPT code numbers used in CMS NCCI/MUE/fee-schedule files",
        "derived",
        "ptp_edits, mues, fee_schedule",
        "",
        records,
        "",
    )
    return added


def _store_source(connection: sqlite3.Connection, *values: object) -> None:
    connection.execute(
        "INSERT OR REPLACE INTO sources (name, title, version, location, sha256, records, copyright)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        values,
    )


def import_licensed_cpt(codebook_path: Path, cpt_file: Path) -> int:
    """Add a licensed CPT file to an existing codebook, atomically; returns the number of codes.

    The codebook is never modified in place: a copy gets the descriptors and a rebuilt search index,
    passes an integrity check and then replaces the original, so readers keep a consistent file and a
    bad file changes nothing. Rebuilding the search index takes most of the time (under a minute).
    """
    pairs = read_cpt_file(cpt_file)
    partial = codebook_path.with_name(codebook_path.name + ".cpt-import")
    shutil.copyfile(codebook_path, partial)
    try:
        connection = sqlite3.connect(partial)
        with connection:
            store_licensed(connection, cpt_file.resolve(), pairs)
            store_numbers(connection)
            build_search_index(connection)  # the new descriptors become searchable words
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        connection.close()
        if verdict != "ok":
            raise DataFileError(partial, None, f"integrity check failed: {verdict}")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, codebook_path)
    remembered_file(codebook_path).write_text(str(cpt_file.resolve()) + "\n")
    return len(pairs)


def run_licensed(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    record = remembered_file(default_path())
    if not record.is_file():
        raise SourceMissing(LICENSED_SOURCE, f"no licensed CPT file imported ({record})")
    path = Path(record.read_text().strip())
    if not path.is_file():
        raise SourceMissing(LICENSED_SOURCE, f"{path} (remembered in {record})")
    pairs = read_cpt_file(path)
    store_licensed(writer.connection, path, pairs)
    progress(LICENSED_SOURCE, len(pairs), len(pairs))


def run_numbers(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    added = store_numbers(writer.connection)
    progress(NUMBERS_SOURCE, added, added)


LICENSED_STEP = ImportStep(name=LICENSED_SOURCE, required=False, run=run_licensed, minimum_records={})
NUMBERS_STEP = ImportStep(name=NUMBERS_SOURCE, required=False, run=run_numbers, minimum_records={})
