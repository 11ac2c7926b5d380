"""NCCI Medically Unlikely Edits (practitioner, outpatient hospital, DME supplier) from `cms/mue/`.

The CSVs (`MCR_MUE_PractitionerServices_Eff_07-01-2026.csv`, loose or in the CMS zips) open with one
quoted multi-line AMA notice record, then a header whose first cell holds a newline (`HCPCS/` CPT
Code`). The MUE adjudication indicator cell holds the number and its label (`2 Date of Service Edit:
Policy`). Rows carry no dates: the release's effective date (from the file name) is the source's.
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

FOLDER = "cms/mue"
SETTINGS = {
    "PractitionerServices": "practitioner",
    "OutpatientHospitalServices": "outpatient-hospital",
    "DMESupplierServices": "dme-supplier",
}
FILE_NAME = re.compile(r"^MCR_MUE_(\w+?)_Eff_(\d\d)-(\d\d)-(\d{4})\.csv$", re.IGNORECASE)
CODE = re.compile(r"^[0-9A-Z]{5}$")
INDICATOR = re.compile(r"^([123])\b")
COPYRIGHT = "CPT codes, descriptions and other data only are copyright American Medical Association."


def newest_file(folder: Path, setting: str) -> tuple[CmsFile, str] | None:
    """The newest MUE table of `setting` and its ISO effective date."""
    dated = []
    for found in cms_files(folder, FILE_NAME):
        match = FILE_NAME.match(found.name)
        if match and SETTINGS.get(match[1]) == setting:
            dated.append((f"{match[4]}-{match[2]}-{match[3]}", found))
    if not dated:
        return None
    effective, found = max(dated, key=lambda pair: pair[0])
    return found, effective


def mue_rows(found: CmsFile, text: str, setting: str, source: str) -> Iterator[tuple]:
    """`mues` rows; the header is the first record whose first cell starts with 'HCPCS'."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header_seen = False
    seen: set[str] = set()
    for cells in reader:
        if not header_seen:
            header_seen = bool(cells) and cells[0].strip().upper().startswith("HCPCS")
            continue
        if not any(cell.strip() for cell in cells):
            continue
        row = _mue(cells, found.location, reader.line_num, setting, source)
        if row[1] in seen:
            raise DataFileError(found.location, reader.line_num, f"code {row[1]} listed twice")
        seen.add(row[1])
        yield row
    if not header_seen:
        raise DataFileError(found.location, None, "no header record starting with 'HCPCS/CPT Code'")


def _mue(cells: list[str], location: str, line: int, setting: str, source: str) -> tuple:
    if len(cells) < 4:
        raise DataFileError(location, line, f"expected 4 columns, found {len(cells)}")
    code, value, indicator, rationale = (cell.strip() for cell in cells[:4])
    if not CODE.match(code):
        raise DataFileError(location, line, f"code {code!r} is not a 5-character HCPCS/CPT code")
    if not value.isdigit():
        raise DataFileError(location, line, f"MUE value {value!r} is not a whole number")
    match = INDICATOR.match(indicator)
    if match is None:
        raise DataFileError(location, line, f"MUE adjudication indicator {indicator!r} is not 1, 2 or 3")
    return setting, code, int(value), int(match[1]), rationale, source


def _step(setting: str) -> ImportStep:
    source = f"ncci-mue-{setting}"

    def run(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
        folder = source_folder(data_dir, FOLDER, source)
        newest = newest_file(folder, setting)
        if newest is None:
            raise SourceMissing(source, f"{folder}/MCR_MUE_*_Eff_MM-DD-YYYY.csv (or the CMS zip)")
        found, effective = newest
        raw = found.read_bytes()
        records = writer.add_rows(
            "mues", mue_rows(found, raw.decode(ENCODING, errors="replace"), setting, source)
        )
        progress(source, records, records)
        writer.add_source(
            Source(
                name=source,
                title=f"NCCI Medically Unlikely Edits, {setting.replace('-', ' ')} services (CMS)",
                version=f"effective {effective} ({found.name})",
                effective=effective,
                location=found.location,
                sha256=hashlib.sha256(raw).hexdigest(),
                records=records,
                copyright=COPYRIGHT,
            )
        )

    return ImportStep(name=source, required=False, run=run, minimum_records={source: 1})


STEPS = [_step(setting) for setting in SETTINGS.values()]
