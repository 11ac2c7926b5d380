"""MS-DRG reference tables from the files the `drg` package carries (CMS IPPS Final Rule tables).

Table 5 (`drg_weights.txt`: DRG, MDC, type, title, weights, mean lengths of stay), Tables 6I/6J (MCC
and CC lists) and Table 6K (`cc_exclusions.txt`: each CC/MCC with the PDX collection that cancels it,
then the collections). MDC titles come from the package's Tuva copy (`mdc.csv`). Codes are stored in
ICD-10-CM display form (A02.1) so they join with `codes`.
"""

import csv
import re
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

from medcoder.codebook.errors import DataFileError
from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.records import Source
from medcoder.codebook.systems import display_code
from medcoder.codebook.writer import CodebookWriter, sha256_of

WEIGHTS_SOURCE = "ms-drg-weights"
LEVELS_SOURCE = "ms-drg-cc-mcc"
PACKAGE_DATA = files("drg").joinpath("data")
FISCAL_YEAR = re.compile(r"FY \d{4} Final Rule")
LEVEL_LINE = re.compile(r"^\s+([A-Z][0-9A-Z]+)\s+(CC|MCC)\s+(?:(\d{4}):[\d,]+ codes?|No Excl)\s")
COLLECTION_LINE = re.compile(r"^PDX collection (\d{4})")
PART_LINE = re.compile(r"^K Part (\d):")


def package_file(relative: str) -> Path:
    return Path(str(PACKAGE_DATA.joinpath(relative)))


def drg_rows(path: Path) -> tuple[str, list[tuple]]:
    """The fiscal year named in Table 5's title and its rows."""
    text = path.read_bytes().decode("cp1252")
    year = FISCAL_YEAR.search(text[:500])
    if year is None:
        raise DataFileError(path, 1, "Table 5 title names no 'FY YYYY Final Rule'")
    rows = []
    for number, cells in enumerate(csv.reader(text.splitlines(), delimiter="\t"), start=1):
        if not cells or not re.fullmatch(r"\d{3}", cells[0].strip()):
            continue
        if len(cells) < 10:
            raise DataFileError(path, number, f"expected 10 columns, found {len(cells)}")
        drg, _, _, mdc, kind, title, _, weight, geometric, arithmetic = (c.strip() for c in cells[:10])
        rows.append(
            (
                drg,
                title,
                mdc or None,
                kind if kind in ("SURG", "MED") else None,
                _number(weight),
                _number(geometric),
                _number(arithmetic),
                WEIGHTS_SOURCE,
            )
        )
    return year[0], rows


def _number(text: str) -> float | None:
    return float(text) if re.fullmatch(r"\d+(\.\d+)?", text) else None


def level_rows(path: Path) -> tuple[list[tuple], list[tuple]]:
    """(complication_levels rows, cc_exclusions rows) from Table 6K parts 1 and 2.

    Part 3 (CC/MCC exclusions within select MS-DRGs) is not read: the grouper applies it.
    """
    levels: dict[str, list] = {}
    exclusions = set()
    part, collection = "1", None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if match := PART_LINE.match(line):
            part, collection = match[1], None
        elif match := COLLECTION_LINE.match(line):
            collection = match[1]
        elif part == "1" and collection is None and (match := LEVEL_LINE.match(line)):
            levels[match[1]] = [display_code("icd10cm", match[1]), match[2], match[3], 0, LEVELS_SOURCE]
        elif part == "1" and collection is not None and line.strip():
            exclusions.add((collection, display_code("icd10cm", _code_key(line, path, number))))
        elif part == "2" and line.strip():
            key = _code_key(line, path, number)
            if key not in levels:
                raise DataFileError(path, number, f"{key} is in part 2 but not a CC or MCC in part 1")
            levels[key][3] = 1
    if not levels or not exclusions:
        raise DataFileError(path, None, "no CC/MCC codes or no PDX collections found (Table 6K layout?)")
    return [tuple(row) for row in levels.values()], sorted(exclusions)


def _code_key(line: str, path: Path, number: int) -> str:
    key = line.split()[0]
    if not re.fullmatch(r"[A-Z][0-9A-Z]{2,6}", key):
        raise DataFileError(path, number, f"{key!r} is not an ICD-10-CM code")
    return key


def mdc_rows(path: Path) -> list[tuple]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(mdc, title) for mdc, title in csv.reader(handle)]


def run(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    carrier = f"drg package {version('drg')}"
    weights = package_file("cms/drg_weights.txt")
    year, drgs = drg_rows(weights)
    writer.add_rows("ms_drgs", drgs)
    writer.add_rows("major_diagnostic_categories", mdc_rows(package_file("tuva/mdc.csv")))
    writer.add_source(
        Source(
            WEIGHTS_SOURCE,
            "MS-DRG titles, MDCs and relative weights (CMS IPPS Table 5)",
            f"{year} ({carrier})",
            None,
            str(weights),
            sha256_of(weights),
            len(drgs),
        )
    )
    table_6k = package_file("cms/cc_exclusions.txt")
    levels, exclusions = level_rows(table_6k)
    writer.add_rows("complication_levels", levels)
    writer.add_rows("cc_exclusions", exclusions)
    writer.add_source(
        Source(
            LEVELS_SOURCE,
            "MS-DRG CC/MCC list and CC exclusions (CMS IPPS Table 6K)",
            f"{year} ({carrier})",
            None,
            str(table_6k),
            sha256_of(table_6k),
            len(levels),
        )
    )
    progress(WEIGHTS_SOURCE, len(drgs) + len(levels), len(drgs) + len(levels))


STEP = ImportStep(
    name="ms-drg", required=False, run=run, minimum_records={WEIGHTS_SOURCE: 700, LEVELS_SOURCE: 18000}
)
