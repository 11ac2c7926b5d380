"""CPT: descriptors from the user's AMA-licensed file, and bare CPT numbers seen in CMS files.

CPT text is AMA copyright: medcoder ships none. A user with a license runs `medcoder codebook
import-cpt PATH`; the file is added to a copy of the current codebook which then atomically replaces
it, and its path is remembered beside the codebook (`<codebook>.cpt-file`) so every later `codebook
build` reads it again. Accepted layouts: the AMA tab-delimited descriptor files and CSV. Without a
header the code is the first column and the descriptor the second (`LONGULT.txt`: code TAB
descriptor). With one, the columns are found by name: the AMA's consumer and clinician files put a
Concept Id first (`Concept Id<TAB>CPT Code<TAB>Consumer Friendly Descriptor`), so `CPT Code` (or
`Code`) names the code and a `... Descriptor` column the text (Long before Medium, Short, Consumer,
Clinician when several are present). Clinician files list several descriptors per code: the first is
kept. Anything else is refused naming the file, the line and the reason.

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
from dataclasses import dataclass
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


CODE_HEADERS = ("cpt code", "code", "hcpcs code")
# Descriptor columns by preference, as named in the AMA files' headers ("Long Descriptor",
# "Consumer Friendly Descriptor", "Clinician Descriptor"); "Clinician Descriptor Id" is not one.
DESCRIPTOR_PREFERENCE = ("long", "medium", "short", "consumer", "clinician", "")


@dataclass(frozen=True)
class CptColumns:
    code: int
    descriptor: int
    repeats: bool  # clinician files give several descriptors per code


def read_cpt_file(path: Path) -> list[tuple[str, str]]:
    """(code, descriptor) pairs in file order; raises `DataFileError(path, line, reason)`."""
    rows = _rows(path)
    if not rows:
        raise DataFileError(path, None, "the file is empty (expected CPT codes and descriptors)")
    first_line, first = rows[0]
    if CPT_CODE.match(first[0].strip()):
        columns = CptColumns(0, 1, repeats=False)
    else:
        columns = _header_columns(path, first_line, first)
        rows = rows[1:]
    pairs: list[tuple[str, str]] = []
    first_seen: dict[str, int] = {}
    for number, cells in rows:
        code, descriptor = _pair(path, number, cells, columns)
        if code in first_seen:
            if columns.repeats:
                continue
            raise DataFileError(
                path, number, f"CPT {code} is listed twice (first on line {first_seen[code]})"
            )
        first_seen[code] = number
        pairs.append((code, descriptor))
    if not pairs:
        raise DataFileError(path, None, "no CPT codes found below the header")
    return pairs


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, cells) of the non-blank records; tab-delimited when the first line has a tab."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataFileError(path, None, f"cannot read: {error}") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    delimiter = "\t" if "\t" in text.split("\n", 1)[0] else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(reader.line_num, cells) for cells in reader if any(cell.strip() for cell in cells)]


def _header_columns(path: Path, line: int, header: list[str]) -> CptColumns:
    names = [" ".join(cell.split()).lower() for cell in header]
    code = next((names.index(name) for name in CODE_HEADERS if name in names), None)
    descriptors = [i for i, name in enumerate(names) if name.endswith("descriptor")]
    if code is None or not descriptors:
        raise DataFileError(
            path,
            line,
            f"{header[0].strip()!r} is not a CPT code, and the line is not a header naming a 'CPT Code'"
            " and a '... Descriptor' column",
        )
    descriptor = min(descriptors, key=lambda i: _preference(names[i]))
    return CptColumns(code, descriptor, repeats=names[descriptor].startswith("clinician"))


def _preference(name: str) -> int:
    return next(rank for rank, word in enumerate(DESCRIPTOR_PREFERENCE) if name.startswith(word))


def _pair(path: Path, number: int, cells: list[str], columns: CptColumns) -> tuple[str, str]:
    if len(cells) <= columns.code:
        raise DataFileError(
            path, number, f"only {len(cells)} columns, the CPT code is column {columns.code + 1}"
        )
    code = cells[columns.code].strip()
    if not CPT_CODE.match(code):
        raise DataFileError(path, number, f"{code!r} is not a CPT code (5 characters, e.g. 99213, 0001F)")
    if len(cells) <= columns.descriptor or not cells[columns.descriptor].strip():
        raise DataFileError(path, number, f"CPT {code} has no descriptor")
    return code, " ".join(cells[columns.descriptor].split())


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
