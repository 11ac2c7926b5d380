"""Place of Service codes: the list in `cms/pos/place_of_service.tuva2022.csv` plus the codes CMS
published since (27 and 66), which that mid-2022 list lacks.

The CSV (`place_of_service_code,description`) is the Tuva Project's copy of the CMS code set, not a
CMS file; CMS publishes the code set only as a web page, cited as the source of the additions.
"""

import csv
import hashlib
import io
from pathlib import Path

from medcoder.codebook.errors import DataFileError, SourceMissing
from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.records import Source
from medcoder.codebook.writer import CodebookWriter

SOURCE = "pos"
ADDITIONS_SOURCE = "pos-cms-additions"
FILE = "cms/pos/place_of_service.tuva2022.csv"
CMS_PAGE = "https://www.cms.gov/medicare/coding-billing/place-of-service-codes/code-sets"
# (code, name, effective) as listed on the CMS POS code set page.
PUBLISHED_SINCE_2022 = [
    ("27", "Outreach Site/Street", "2023-10-01"),
    ("66", "Programs of All-Inclusive Care for the Elderly (PACE) Center", "2024-08-01"),
]


def place_rows(path: Path) -> list[tuple]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    if header[:2] != ["place_of_service_code", "description"]:
        raise DataFileError(path, 1, f"header {header[:2]} is not place_of_service_code,description")
    rows = []
    for cells in reader:
        if len(cells) < 2 or not (cells[0].isdigit() and len(cells[0]) == 2):
            raise DataFileError(path, reader.line_num, f"expected a two-digit code and a name, got {cells}")
        rows.append((cells[0], cells[1].strip(), None, SOURCE))
    return rows


def run(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    path = data_dir / FILE if data_dir else None
    if path is None or not path.is_file():
        raise SourceMissing(SOURCE, str(path or FILE))
    rows = place_rows(path)
    known = {row[0] for row in rows}
    additions = [(c, n, e, ADDITIONS_SOURCE) for c, n, e in PUBLISHED_SINCE_2022 if c not in known]
    writer.add_rows("places_of_service", rows + additions)
    writer.add_source(
        Source(
            SOURCE,
            "Place of Service codes (Tuva Project copy of the CMS code set)",
            "mid-2022",
            None,
            str(path),
            hashlib.sha256(path.read_bytes()).hexdigest(),
            len(rows),
        )
    )
    writer.add_source(
        Source(
            ADDITIONS_SOURCE,
            "Place of Service codes added by CMS since 2022",
            "CMS POS code set page: "
            + ", ".join(f"{code} effective {day}" for code, _, day in PUBLISHED_SINCE_2022),
            None,
            CMS_PAGE,
            hashlib.sha256(repr(PUBLISHED_SINCE_2022).encode()).hexdigest(),
            len(additions),
        )
    )
    progress(SOURCE, len(rows) + len(additions), len(rows) + len(additions))


STEP = ImportStep(name=SOURCE, required=False, run=run, minimum_records={SOURCE: 40})
