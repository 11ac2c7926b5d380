"""NCCI procedure-to-procedure (PTP) edits, practitioner and outpatient hospital, from `cms/ncci/`.

Read as CMS distributes them: the quarterly zips (or their extracted members) holding parts f1..f4
(`ccipra-v322r0-f1.TXT` practitioner, `ccioph-v321r0-f1.TXT` outpatient hospital), tab-delimited
text or xlsx, each starting with the 6-line block (AMA notice, "Column1/Column2 Edits", a header
wrapped over 4 lines). When several releases are present only the newest version is imported; when a
part exists as TXT and xlsx the TXT is read. Version `v322r0` is NCCI 32.2 revision 0, effective
2026 Q3 (version 32 = 2026, third digit = quarter - 1).
"""

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from medcoder.codebook.errors import DataFileError, SourceMissing
from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.importers.cms_files import ENCODING, CmsFile, cms_files, source_folder
from medcoder.codebook.records import Source
from medcoder.codebook.writer import CodebookWriter

FOLDER = "cms/ncci"
SETTINGS = {"ccipra": "practitioner", "ccioph": "outpatient-hospital"}
TITLES = {
    "practitioner": "NCCI PTP edits, practitioner services (CMS)",
    "outpatient-hospital": "NCCI PTP edits, hospital outpatient services (CMS)",
}
PART_NAME = re.compile(r"^(ccipra|ccioph)-(v(\d\d)(\d)r(\d+))-f(\d+)\.(txt|xlsx)$", re.IGNORECASE)
HEADER_LINES = 6
CODE = re.compile(r"^[0-9A-Z]{5}$")
DATE = re.compile(r"^\d{8}$")
MODIFIER_INDICATORS = {"0", "1", "9"}
COPYRIGHT = "CPT only copyright American Medical Association. All rights reserved."
# The lookups by column 1 and by column 2 (code pages, claim checks). Built after the rows are in:
# sorting 1.5 million rows once is much faster than keeping two indexes up to date row by row.
CREATE_INDEXES = """
CREATE INDEX ptp_by_column_one ON ptp_edits(column_one, column_two);
CREATE INDEX ptp_by_column_two ON ptp_edits(column_two, column_one);
"""
DROP_INDEXES = "DROP INDEX IF EXISTS ptp_by_column_one; DROP INDEX IF EXISTS ptp_by_column_two;"


@dataclass(frozen=True)
class Release:
    setting: str
    version: str  # v322r0
    effective: str  # ISO date of the quarter's start
    parts: list[CmsFile]


def find_release(folder: Path, setting: str) -> Release | None:
    """The newest release of `setting` in `folder`: one file per part, TXT preferred over xlsx."""
    prefix = next(p for p, s in SETTINGS.items() if s == setting)
    by_version: dict[str, dict[str, CmsFile]] = {}
    for found in cms_files(folder, PART_NAME):
        match = PART_NAME.match(found.name)
        if match is None or match[1].lower() != prefix:
            continue
        parts = by_version.setdefault(match[2].lower(), {})
        part = match[6]
        if part not in parts or found.name.lower().endswith(".txt"):
            parts[part] = found
    if not by_version:
        return None
    version = max(by_version)
    match = re.match(r"v(\d\d)(\d)", version)
    assert match is not None  # the file-name pattern guarantees it
    year, quarter = 1994 + int(match[1]), int(match[2]) + 1
    parts = [by_version[version][part] for part in sorted(by_version[version], key=int)]
    return Release(setting, version, f"{year}-{3 * quarter - 2:02d}-01", parts)


def edit_rows(part: CmsFile, raw: bytes, setting: str, rationales: dict[str, int]) -> Iterator[tuple]:
    """The part's edits as `ptp_edits` rows; raises `DataFileError` naming the line of a bad record.

    Rationale texts are numbered through `rationales` (text -> id), which gains the new ones.
    """
    location = part.location
    lines = _xlsx_lines(part, raw) if part.name.lower().endswith(".xlsx") else _text_lines(raw)
    for number, cells in lines:
        if number <= HEADER_LINES:
            if number == 3 and not (cells and cells[0].strip() == "Column 1"):
                raise DataFileError(
                    part.location, 3, "expected the NCCI header ('Column 1', 'Column 2', ...)"
                )
            continue
        if not any(cell.strip() for cell in cells):
            continue
        *edit, rationale = _edit(cells, location, number)
        yield (setting, *edit, rationales.setdefault(rationale, len(rationales) + 1))


def _text_lines(raw: bytes) -> Iterator[tuple[int, list[str]]]:
    text = raw.decode(ENCODING, errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        yield number, line.split("\t")


def _xlsx_lines(part: CmsFile, raw: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        sheet = load_workbook(BytesIO(raw), read_only=True).worksheets[0]
    except Exception as error:  # openpyxl raises many types for a broken workbook
        raise DataFileError(part.location, None, f"unreadable xlsx: {error}") from error
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, [_cell_text(value, column) for column, value in enumerate(row)]


def _cell_text(value: object, column: int) -> str:
    """Excel turns numeric codes and dates into numbers: give them back their text form."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        text = str(int(value))
        return text.zfill(5) if column < 2 else text
    return str(value)


def _edit(cells: list[str], location: str, number: int) -> tuple:
    if len(cells) < 6:
        raise DataFileError(location, number, f"expected 7 tab-separated columns, found {len(cells)}")
    # A blank rationale may lose its tab: six cells are a row without one.
    one, two, prior, effective, deletion, modifier, rationale = (cell.strip() for cell in [*cells, ""][:7])
    for label, code in (("column 1", one), ("column 2", two)):
        if not CODE.match(code):
            raise DataFileError(location, number, f"{label} code {code!r} is not a 5-character code")
    if not DATE.match(effective):
        raise DataFileError(location, number, f"effective date {effective!r} is not YYYYMMDD")
    if deletion != "*" and not DATE.match(deletion):
        raise DataFileError(location, number, f"deletion date {deletion!r} is neither YYYYMMDD nor '*'")
    if modifier not in MODIFIER_INDICATORS:
        raise DataFileError(location, number, f"modifier indicator {modifier!r} is not 0, 1 or 9")
    deleted = None if deletion == "*" else _iso(deletion)
    return one, two, int(prior == "*"), _iso(effective), deleted, modifier, rationale


def _iso(yyyymmdd: str) -> str:
    return f"{yyyymmdd[:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:]}"


def _step(setting: str) -> ImportStep:
    source = f"ncci-ptp-{setting}"

    def run(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
        folder = source_folder(data_dir, FOLDER, source)
        release = find_release(folder, setting)
        if release is None:
            prefix = next(p for p, s in SETTINGS.items() if s == setting)
            raise SourceMissing(source, f"{folder}/{prefix}-v*-f*.txt|xlsx (or the CMS zips)")
        digest = hashlib.sha256()
        rationales = dict(writer.connection.execute("SELECT text, id FROM ptp_rationales"))
        known = len(rationales)
        total = 0
        writer.connection.executescript(DROP_INDEXES)  # a bulk insert, then one sorted index build
        for part in release.parts:
            raw = part.read_bytes()
            digest.update(raw)
            total += writer.add_rows("ptp_edits", edit_rows(part, raw, setting, rationales))
            progress(source, total, None)
        writer.add_rows("ptp_rationales", ((i, text) for text, i in rationales.items() if i > known))
        writer.connection.executescript(CREATE_INDEXES)
        names = ", ".join(part.name for part in release.parts)
        writer.add_source(
            Source(
                name=source,
                title=TITLES[setting],
                version=f"{release.version} ({names})",
                effective=release.effective,
                location=str(folder),
                sha256=digest.hexdigest(),
                records=total,
                copyright=COPYRIGHT,
            )
        )

    return ImportStep(name=source, required=False, run=run, minimum_records={source: 1})


STEPS = [_step(setting) for setting in SETTINGS.values()]
