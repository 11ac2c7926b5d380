"""Medicare Physician Fee Schedule relative value file (PPRRVU) from `cms/pfs/`: payment indicators.

Two official layouts: the CSV, whose preamble length varies (title, copyright lines, release date),
then a header wrapped over several records ending in the record whose first cell is `HCPCS`; columns
are found by their joined header text, never by position, because columns come and go between years
(PRIC IND since 2026). And the fixed-width TXT: `HDR` records, then rows at the positions of the CMS
layout document. The DESCRIPTION column is not kept: for CPT codes it is AMA text. When several
files are present, the newest release is read, non-QPP before QPP.
"""

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from pathlib import Path

from medcoder.codebook.errors import DataFileError, SourceMissing
from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.importers.cms_files import ENCODING, CmsFile, cms_files, source_folder
from medcoder.codebook.records import Source
from medcoder.codebook.writer import CodebookWriter

SOURCE = "pfs-rvu"
FOLDER = "cms/pfs"
FILE_NAME = re.compile(r"^PPRRVU(\d{2,4})_?(\w*?)(?:_(non)?QPP)?\.(csv|txt)$", re.IGNORECASE)
MONTHS = {"jan": 1, "apr": 4, "jul": 7, "oct": 10}
CODE = re.compile(r"^[0-9A-Z]{5}$")

# fee_schedule column -> CSV header text (joined over the wrapped header records) and TXT positions.
COLUMNS = {
    "code": ("HCPCS", (1, 5)),
    "modifier": ("MOD", (6, 7)),
    "status": ("STATUS CODE", (58, 58)),
    "work_rvu": ("WORK RVU", (60, 65)),
    "nonfacility_pe_rvu": ("NON-FAC PE RVU", (67, 72)),
    "facility_pe_rvu": ("FACILITY PE RVU", (76, 81)),
    "mp_rvu": ("MP RVU", (85, 89)),
    "pctc": ("PCTC IND", (103, 103)),
    "global_days": ("GLOB DAYS", (104, 106)),
    "multiple_procedure": ("MULT PROC", (116, 116)),
    "bilateral_surgery": ("BILAT SURG", (117, 117)),
    "assistant_surgery": ("ASST SURG", (118, 118)),
    "co_surgeons": ("CO-SURG", (119, 119)),
    "team_surgery": ("TEAM SURG", (120, 120)),
}
RVU_COLUMNS = {"work_rvu", "nonfacility_pe_rvu", "facility_pe_rvu", "mp_rvu"}


def newest_file(folder: Path) -> tuple[CmsFile, str | None] | None:
    """The newest PPRRVU file (non-QPP preferred, CSV before TXT) and its ISO effective date if named."""
    candidates = []
    for found in cms_files(folder, FILE_NAME):
        match = FILE_NAME.match(found.name)
        assert match is not None  # cms_files matched the same pattern
        year = int(match[1]) if len(match[1]) == 4 else 2000 + int(match[1])
        month = MONTHS.get(match[2][:3].lower())
        qpp_last = match[3] is not None or "qpp" not in found.name.lower()
        rank = (year, month or 0, qpp_last, match[4].lower() == "csv")
        effective = f"{year}-{month:02d}-01" if month else None
        candidates.append((rank, found, effective))
    if not candidates:
        return None
    _, found, effective = max(candidates, key=lambda candidate: candidate[0])
    return found, effective


def fee_schedule_rows(found: CmsFile, text: str) -> Iterator[tuple]:
    """`fee_schedule` rows in COLUMNS order (source appended by the caller)."""
    if found.name.lower().endswith(".csv"):
        yield from _csv_rows(found, text)
    else:
        yield from _txt_rows(found, text)


def _csv_rows(found: CmsFile, text: str) -> Iterator[tuple]:
    records = list(csv.reader(io.StringIO(text, newline="")))
    header_at = next((i for i, cells in enumerate(records) if cells and cells[0].strip() == "HCPCS"), None)
    if header_at is None:
        raise DataFileError(found.location, None, "no header record whose first cell is 'HCPCS'")
    positions = _header_positions(found, records, header_at)
    for number, cells in enumerate(records[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) <= max(positions.values()):
            raise DataFileError(found.location, number, f"only {len(cells)} columns")
        yield _row({name: cells[at] for name, at in positions.items()}, found.location, number)


def _header_positions(found: CmsFile, records: list[list[str]], header_at: int) -> dict[str, int]:
    """Join each column's header text over the caption records above `HCPCS` (those with 2+ cells)."""
    start = header_at
    while start > 0 and sum(1 for cell in records[start - 1] if cell.strip()) > 1:
        start -= 1
    width = len(records[header_at])
    joined = [
        re.sub(
            r"-\s+",
            "-",
            " ".join(r[i].strip() for r in records[start : header_at + 1] if i < len(r) and r[i].strip()),
        )
        for i in range(width)
    ]
    positions = {}
    for name, (header, _) in COLUMNS.items():
        if header not in joined:
            raise DataFileError(found.location, header_at + 1, f"no column headed {header!r}")
        positions[name] = joined.index(header)
    return positions


def _txt_rows(found: CmsFile, text: str) -> Iterator[tuple]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("HDR") or not line.strip():
            continue
        if len(line) < 120:
            raise DataFileError(found.location, number, f"record is {len(line)} characters, expected 200")
        values = {name: line[first - 1 : last] for name, (_, (first, last)) in COLUMNS.items()}
        yield _row(values, found.location, number)


def _row(values: dict[str, str], location: str, number: int) -> tuple:
    values = {name: value.strip() for name, value in values.items()}
    if not CODE.match(values["code"]):
        raise DataFileError(location, number, f"HCPCS {values['code']!r} is not a 5-character code")
    if not values["status"]:
        raise DataFileError(location, number, "status code is blank")
    for name in RVU_COLUMNS:
        try:
            values[name] = float(values[name]) if values[name] else None
        except ValueError as error:
            raise DataFileError(location, number, f"{name} {values[name]!r} is not a number") from error
    return tuple(values[name] for name in COLUMNS)


def run(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    folder = source_folder(data_dir, FOLDER, SOURCE)
    newest = newest_file(folder)
    if newest is None:
        raise SourceMissing(SOURCE, f"{folder}/PPRRVU*.csv|txt (or the CMS rvu zip)")
    found, effective = newest
    raw = found.read_bytes()
    rows = fee_schedule_rows(found, raw.decode(ENCODING, errors="replace"))
    seen: set[tuple[str, str]] = set()

    def unique(rows: Iterator[tuple]) -> Iterator[tuple]:
        for row in rows:
            if (row[0], row[1]) in seen:
                raise DataFileError(found.location, None, f"{row[0]} modifier {row[1]!r} listed twice")
            seen.add((row[0], row[1]))
            yield (*row, SOURCE)

    records = writer.add_rows("fee_schedule", unique(rows))
    progress(SOURCE, records, records)
    writer.add_source(
        Source(
            name=SOURCE,
            title="Medicare Physician Fee Schedule relative value file (PPRRVU, CMS)",
            version=found.name,
            effective=effective,
            location=found.location,
            sha256=hashlib.sha256(raw).hexdigest(),
            records=records,
            copyright="CPT codes and descriptions only are copyright American Medical Association.",
        )
    )


STEP = ImportStep(name=SOURCE, required=False, run=run, minimum_records={SOURCE: 1})
