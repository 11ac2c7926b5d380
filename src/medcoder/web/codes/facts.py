"""System-specific facts kept in `Code.attributes`, turned into rows a page can show.

ICD-10-PCS codes carry their seven characters in attributes["axes"]. HCPCS codes' dates, coverage and
pricing come labelled and explained from the codebook's report (`hcpcs_values.facts`); this module
labels the few attributes other systems keep.
"""

from dataclasses import dataclass
from typing import Any

from medcoder.codebook import Code
from medcoder.codebook.records import Fact, PcsDefinition


@dataclass(frozen=True)
class PcsCharacter:
    """One of the seven characters of an ICD-10-PCS code: its position, value, axis and meaning."""

    position: int
    value: str
    axis: str
    meaning: str
    definition: PcsDefinition | None  # the official definition of the value, where PCS defines it


def pcs_characters(code: Code, definitions: list[PcsDefinition]) -> list[PcsCharacter]:
    """From attributes["axes"] as the PCS importer writes it (position, value, axis and label), each
    with its official definition from `Codebook.pcs_definitions`."""
    by_position = {definition.axis: definition for definition in definitions}
    return [
        PcsCharacter(
            entry["position"],
            entry["value"],
            entry["axis"],
            entry["label"],
            by_position.get(entry["position"]),
        )
        for entry in code.attributes.get("axes", [])
    ]


def attribute_facts(code: Code) -> list[Fact]:
    """Every other recorded attribute with a readable label; the axes have their own table and the
    last reportable date shows in the code's status."""
    return [
        Fact(_label(key), _text(value))
        for key, value in code.attributes.items()
        if key not in ("axes", "terminated")
    ]


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
