"""LCD and Article documents from `cms/lcd/documents_latest.csv` (the Medicare Coverage Database
document list as returned by the CMS Coverage API): ids, versions, titles, contractors, dates, links.

The list holds no code lists and no states; which codes an LCD covers lives in the MCD download's
article tables, not read here. The source's version is the newest `updated_on` in the file.
"""

import csv
import hashlib
import io
import re
from pathlib import Path

from medcoder.codebook.errors import DataFileError, SourceMissing
from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.records import Source
from medcoder.codebook.writer import CodebookWriter

SOURCE = "mcd-documents"
FILE = "cms/lcd/documents_latest.csv"
COLUMNS = [
    "contractor_name_type",
    "document_display_id",
    "document_id",
    "document_type",
    "document_version",
    "effective_date",
    "note",
    "retirement_date",
    "title",
    "updated_on",
    "updated_on_sort",
    "url",
]
DISPLAY_ID = re.compile(r"^[LA]\d+$")
US_DATE = re.compile(r"^(\d\d)/(\d\d)/(\d{4})$")


def document_rows(path: Path) -> list[tuple]:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    if reader.fieldnames != COLUMNS:
        raise DataFileError(path, 1, f"columns {reader.fieldnames} are not the MCD document list's")
    rows = []
    for record in reader:
        line = reader.line_num
        if not DISPLAY_ID.match(record["document_display_id"]) or not record["document_version"].isdigit():
            raise DataFileError(path, line, f"bad document id/version {record['document_display_id']!r}")
        rows.append(
            (
                record["document_display_id"],
                record["document_type"],
                int(record["document_version"]),
                record["title"].strip(),
                " ".join(record["contractor_name_type"].split()),
                _iso(record["effective_date"], path, line),
                _iso(record["retirement_date"], path, line),
                _iso(record["updated_on"], path, line),
                record["note"].strip(),
                record["url"].strip(),
                SOURCE,
            )
        )
    return rows


def _iso(value: str, path: Path, line: int) -> str | None:
    value = value.strip()
    if value in ("", "N/A"):
        return None
    match = US_DATE.match(value)
    if match is None:
        raise DataFileError(path, line, f"date {value!r} is not MM/DD/YYYY")
    return f"{match[3]}-{match[1]}-{match[2]}"


def run(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    path = data_dir / FILE if data_dir else None
    if path is None or not path.is_file():
        raise SourceMissing(SOURCE, str(path or FILE))
    rows = document_rows(path)
    writer.add_rows("coverage_documents", rows)
    newest = max((row[7] for row in rows if row[7]), default=None)
    writer.add_source(
        Source(
            SOURCE,
            "Medicare Coverage Database: LCD and Article document list (CMS)",
            f"documents updated up to {newest}",
            None,
            str(path),
            hashlib.sha256(path.read_bytes()).hexdigest(),
            len(rows),
        )
    )
    progress(SOURCE, len(rows), len(rows))


STEP = ImportStep(name=SOURCE, required=False, run=run, minimum_records={SOURCE: 100})
