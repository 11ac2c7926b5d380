"""ICD-10-PCS definitions (`icd10pcs_definitions_YYYY.xml`, CMS): what each axis value means.

Root operations and approaches carry a definition, sometimes an explanation and examples; body parts
and devices carry only "includes" (the anatomical or product names coded to them: '1st Toe, Left'
includes 'Hallux'). One `terms` element may name several values that share the same includes.
The device aggregation table ('Cardiac Lead, Pacemaker' is coded to device value M, Cardiac Lead, in
Insertion) is kept as device rows whose definition says so.
"""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from medcoder.codebook.importers.icd10pcs_tables import parse_xml

# pcs_definitions rows: section, axis, axis_title, term, definition, explanation, includes (JSON), source
DefinitionRow = tuple[str, int, str, str, str, str | None, str | None, str]


def find_definitions_xml(data_dir: Path | None) -> Path | None:
    found = sorted(data_dir.glob("**/icd10pcs_definitions_*.xml")) if data_dir else []
    return found[-1] if found else None


def parse_definitions(path: Path, source: str) -> list[DefinitionRow]:
    root = parse_xml(path, "ICD10PCS.definitions")
    rows: list[DefinitionRow] = []
    for section in root.findall("section"):
        for axis in section.findall("axis"):
            for terms in axis.findall("terms"):
                rows += _term_rows(section.get("code", ""), axis, terms, source)
    rows += [_aggregate_row(aggregate, source) for aggregate in root.iterfind("deviceAggregation/aggregate")]
    return rows


def _term_rows(section: str, axis: ET.Element, terms: ET.Element, source: str) -> list[DefinitionRow]:
    includes = [_text(element) for element in terms.findall("includes")]
    explanation = _text(terms.find("explanation")) or None
    return [
        (
            section,
            int(axis.get("pos", "0")),
            _text(axis.find("title")),
            _text(title),
            _text(terms.find("definition")),
            explanation,
            json.dumps(includes) if includes else None,
            source,
        )
        for title in terms.findall("title")
    ]


def _aggregate_row(aggregate: ET.Element, source: str) -> DefinitionRow:
    parent = aggregate.find("parent")
    value = parent.get("value", "") if parent is not None else ""
    operation = _text(aggregate.find("operation"))
    systems = ", ".join(_text(system) for system in aggregate.findall("bodySys"))
    scope = (
        "all applicable root operations" if operation == "All applicable" else f"root operation {operation}"
    )
    definition = f"Coded to device value {value} ({_text(parent)}) for {scope} in {systems}"
    return ("0", 6, "Device", _text(aggregate.find("device")), definition, None, None, source)


def _text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""
