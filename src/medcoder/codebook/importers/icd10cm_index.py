"""ICD-10-CM Alphabetic Index: the Index to Diseases and Injuries, the External Cause of Injuries
Index, the Neoplasm Table and the Table of Drugs and Chemicals, into `index_terms`.

Each file is its own optional source and build step (a data folder holding only some of them imports
those), found by file name anywhere under the data directory:

| index_name     | source                 | file                                                           |
|----------------|------------------------|----------------------------------------------------------------|
| diseases       | icd10cm-index-diseases | official `icd10cm_index_YYYY.xml`, else the flattened CSV      |
|                |                        | `ICD10CM_YYYY_Index*.csv` (a derived layout, not CDC's)        |
| external-cause | icd10cm-external-cause | `icd10cm_eindex_YYYY.xml`, `icd-10-cm-eindex-YYYY.xml`         |
| neoplasm       | icd10cm-neoplasm       | `icd10cm_neoplasm_YYYY.xml`, `icd-10-cm-neoplasm-YYYY.xml`     |
| drugs          | icd10cm-drugs          | `icd10cm_drug_YYYY.xml`, `icd-10-cm-drug-YYYY.xml`             |

What a row holds (see icd10cm_index_lines for the tree): `code` exactly as printed, including codes
ending in '-' (the tabular asks for more characters) and codes the current tabular no longer has
(bench/index_codes_vs_tabular.py counts them); `column_name` is the table column heading ("Malignant
Primary", "Adverse effect") or 'manifestation' for a manifestation code, printed in brackets after
the etiology code; table cells printed '--' or '-' hold no code and give no row; `<seecat>` and
`<subcat>` are stored as the "see" text "category T71" / "subcategory T75.0". `Codebook.resolve_see`
follows the references.
"""

import re
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import partial
from pathlib import Path

from medcoder.codebook.errors import DataFileError, SourceMissing
from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.importers.icd10cm_index_lines import IndexLine, index_rows, read_flattened_csv
from medcoder.codebook.importers.icd10cm_index_xml import read_index_xml
from medcoder.codebook.records import Source
from medcoder.codebook.writer import CodebookWriter, sha256_of

COPYRIGHT = "ICD-10-CM is published by the CDC National Center for Health Statistics (public domain)."


@dataclass(frozen=True)
class IndexFile:
    source: str
    index_name: str
    title: str
    patterns: tuple[str, ...]  # lower-case file-name globs, the preferred layout first
    minimum_rows: int  # about 80% of the FY2025 files: fewer means a truncated file


INDEX_FILES = (
    IndexFile(
        "icd10cm-index-diseases",
        "diseases",
        "ICD-10-CM Index to Diseases and Injuries (CDC/NCHS)",
        ("icd*10*cm[_-]index[_-]*.xml", "icd10cm_*index*.csv"),
        60_000,
    ),
    IndexFile(
        "icd10cm-external-cause",
        "external-cause",
        "ICD-10-CM External Cause of Injuries Index (CDC/NCHS)",
        ("icd*10*cm*eindex*.xml",),
        6_000,
    ),
    IndexFile(
        "icd10cm-neoplasm",
        "neoplasm",
        "ICD-10-CM Neoplasm Table (CDC/NCHS)",
        ("icd*10*cm*neoplasm*.xml",),
        7_000,
    ),
    IndexFile(
        "icd10cm-drugs",
        "drugs",
        "ICD-10-CM Table of Drugs and Chemicals (CDC/NCHS)",
        ("icd*10*cm*drug*.xml",),
        30_000,
    ),
)


def find_index_file(data_dir: Path | None, index_file: IndexFile) -> Path:
    """The newest file of the preferred layout; raises `SourceMissing` when there is none."""
    looked_for = " or ".join(index_file.patterns)
    if data_dir is None:
        raise SourceMissing(index_file.source, f"{looked_for}: no data directory given")
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    for pattern in index_file.patterns:
        matches = [p for p in files if fnmatch(p.name.lower(), pattern)]
        if matches:
            return max(matches, key=lambda p: p.name)
    raise SourceMissing(index_file.source, f"{looked_for} under {data_dir}")


def read_index_file(path: Path) -> tuple[str, list[IndexLine]]:
    """The release year and the lines of one index file, XML or flattened CSV."""
    if path.suffix.lower() == ".csv":
        lines, version = list(read_flattened_csv(path)), ""
    else:
        index_xml = read_index_xml(path)
        lines, version = index_xml.lines, index_xml.version
    year = version or next(iter(re.findall(r"20\d\d", path.name)), "")
    if not year.isdigit():
        raise DataFileError(path, None, f"no release year in <version> ({version!r}) or the file name")
    return year, lines


def run(index_file: IndexFile, writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    path = find_index_file(data_dir, index_file)
    progress(index_file.title, 0, None)
    year, lines = read_index_file(path)
    first_id = writer.connection.execute("SELECT coalesce(max(id), 0) + 1 FROM index_terms").fetchone()[0]
    rows = index_rows(lines, path, index_file.index_name, index_file.source, first_id)
    april = "april" in path.name.lower()
    derived = " (flattened CSV: a derived layout, not the CDC's)" if path.suffix.lower() == ".csv" else ""
    writer.add_source(
        Source(
            name=index_file.source,
            title=index_file.title + derived,
            version=f"FY{year}" + (" (April 1 update)" if april else ""),
            effective=f"{year}-04-01" if april else f"{int(year) - 1}-10-01",
            location=str(path),
            sha256=sha256_of(path),
            records=len(rows),
            copyright=COPYRIGHT,
        )
    )
    writer.add_rows("index_terms", rows)
    progress(index_file.title, len(rows), len(rows))


STEPS = tuple(
    ImportStep(
        name=f"ICD-10-CM index: {index_file.index_name}",
        required=False,
        run=partial(run, index_file),
        minimum_records={index_file.source: index_file.minimum_rows},
    )
    for index_file in INDEX_FILES
)
