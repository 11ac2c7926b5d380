"""System-specific facts kept in `Code.attributes`, turned into rows a page can show.

ICD-10-PCS codes carry their seven characters in attributes["axes"]; HCPCS codes carry dates, coverage
and pricing indicators as named values. Both are shown as the importers wrote them, labelled.
"""

from dataclasses import dataclass
from typing import Any

from medcoder.codebook import Code, hcpcs_values


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class AxisTable:
    """The PCS characters: one row per position, one column per field the importer recorded."""

    columns: list[str]
    rows: list[list[str]]


def pcs_axes(code: Code) -> AxisTable | None:
    axes = code.attributes.get("axes")
    if not axes:
        return None
    entries = list(axes.values()) if isinstance(axes, dict) else list(axes)
    if not all(isinstance(entry, dict) for entry in entries):
        return AxisTable(["Character"], [[_text(entry)] for entry in entries])
    columns = list(dict.fromkeys(key for entry in entries for key in entry))
    rows = [[_text(entry.get(column, "")) for column in columns] for entry in entries]
    return AxisTable([_label(column) for column in columns], rows)


def attribute_facts(code: Code) -> list[Fact]:
    """Every other recorded attribute (HCPCS dates, coverage, pricing...), with a readable label and,
    for HCPCS coded values, their meaning."""
    described = code.system.startswith("hcpcs")
    return [
        Fact(_label(key), (described and _hcpcs_meaning(key, value)) or _text(value))
        for key, value in code.attributes.items()
        if key != "axes"
    ]


def _hcpcs_meaning(key: str, value: Any) -> str | None:
    values = value if isinstance(value, list) else [value]
    meanings = [hcpcs_values.describe(key, str(item)) for item in values]
    return "; ".join(meanings) if all(meanings) else None


def _label(key: str) -> str:
    text = key.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    if value is None:
        return "—"
    return str(value)
