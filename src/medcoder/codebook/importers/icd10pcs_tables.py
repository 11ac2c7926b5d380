"""ICD-10-PCS code tables (`icd10pcs_tables_YYYY.xml`, CMS) and their expansion into valid codes.

A `pcsTable` fixes characters 1-3 (section, body system, operation); each `pcsRow` lists the values
allowed together for characters 4-7. The valid codes of a row are the table prefix times the product of
the row's labels, and nothing else: a body part from one row never combines with a device of another.
"""

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from medcoder.codebook.errors import DataFileError


@dataclass(frozen=True)
class Axis:
    """The meaning of one character of a PCS code: position 1-7, axis title, value, label."""

    position: int
    axis: str  # e.g. 'Body Part'; sections name some axes differently ('Type', 'Substance')
    value: str
    label: str

    def as_json(self) -> dict:
        return {"position": self.position, "axis": self.axis, "value": self.value, "label": self.label}


@dataclass(frozen=True)
class PcsCode:
    code: str
    axes: tuple[Axis, ...]  # seven, in character order


@dataclass(frozen=True)
class PcsTable:
    """One table: its three heading characters, the operation's definition, and its rows' choices."""

    heading: tuple[Axis, Axis, Axis]
    definition: str
    rows: tuple[tuple[tuple[Axis, ...], ...], ...]  # per row: the allowed labels of characters 4..7

    @property
    def prefix(self) -> str:
        return "".join(axis.value for axis in self.heading)

    def codes(self) -> Iterator[PcsCode]:
        for row in self.rows:
            for tail in itertools.product(*row):
                axes = (*self.heading, *tail)
                yield PcsCode("".join(axis.value for axis in axes), axes)


@dataclass(frozen=True)
class PcsTables:
    version: str  # fiscal year as printed in the file, e.g. '2026'
    tables: list[PcsTable]

    def codes(self) -> Iterator[PcsCode]:
        for table in self.tables:
            yield from table.codes()


def find_tables_xml(data_dir: Path | None) -> Path | None:
    """The newest `icd10pcs_tables_*.xml` anywhere under `data_dir`, if any."""
    found = sorted(data_dir.glob("**/icd10pcs_tables_*.xml")) if data_dir else []
    return found[-1] if found else None


def parse_tables(path: Path) -> PcsTables:
    """Read every table; raises `DataFileError` on malformed XML or a row whose count does not add up."""
    root = parse_xml(path, "ICD10PCS.tabular")
    tables = [_read_table(element, path) for element in root.iter("pcsTable")]
    return PcsTables(version=(root.findtext("version") or "").strip(), tables=tables)


def parse_xml(path: Path, root_tag: str) -> ET.Element:
    """The root of an official PCS XML file, checked to be the expected document."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise DataFileError(path, error.position[0], f"not well-formed XML: {error}") from error
    if root.tag != root_tag:
        raise DataFileError(path, 1, f"root element is <{root.tag}>, expected <{root_tag}>")
    return root


def _read_table(element: ET.Element, path: Path) -> PcsTable:
    heading = tuple(_labels(_axis(element, position, path), position, path)[0] for position in (1, 2, 3))
    table = "".join(axis.value for axis in heading)
    rows = []
    for number, row in enumerate(element.findall("pcsRow"), start=1):
        choices = tuple(
            _labels(_axis(row, position, path, table), position, path) for position in (4, 5, 6, 7)
        )
        stated = row.get("codes")
        counted = len(list(itertools.product(*choices)))
        if stated is not None and stated != str(counted):
            raise DataFileError(
                path, None, f"table {table} row {number} says {stated} codes, its labels give {counted}"
            )
        rows.append(choices)
    if not rows:
        raise DataFileError(path, None, f"table {table} has no <pcsRow>")
    definition = " ".join((element.findtext("axis[@pos='3']/definition") or "").split())
    return PcsTable(heading=heading, definition=definition, rows=tuple(rows))


def _axis(parent: ET.Element, position: int, path: Path, table: str = "") -> ET.Element:
    axis = parent.find(f"axis[@pos='{position}']")
    if axis is None:
        where = f"table {table}" if table else "a <pcsTable>"
        raise DataFileError(path, None, f"{where} has no axis for character {position}")
    return axis


def _labels(axis: ET.Element, position: int, path: Path) -> tuple[Axis, ...]:
    title = " ".join((axis.findtext("title") or "").split())
    labels = tuple(
        Axis(position, title, label.get("code", ""), " ".join("".join(label.itertext()).split()))
        for label in axis.findall("label")
    )
    if not labels or any(len(label.value) != 1 for label in labels):
        raise DataFileError(path, None, f"axis {position} ({title}) needs labels with a one-character code")
    return labels
