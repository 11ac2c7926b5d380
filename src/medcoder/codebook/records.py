"""Records that cross module boundaries: what the query API returns and importers produce."""

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    name: str
    title: str
    version: str
    effective: str | None
    location: str
    sha256: str
    records: int
    copyright: str = ""


@dataclass(frozen=True)
class Code:
    system: str
    code: str
    kind: str
    title: str
    billable: bool
    parent: str | None = None
    short_title: str | None = None
    depth: int = 0
    seq: int = 0
    source: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    plain: str | None = None

    @property
    def key(self) -> str:
        return self.code.replace(".", "").upper()

    def attributes_json(self) -> str:
        return json.dumps(self.attributes, sort_keys=True, separators=(",", ":"))


# How each note kind is written in the Tabular List.
NOTE_LABELS = {
    "includes": "Includes",
    "inclusion_term": "Inclusion term",
    "excludes1": "Excludes1",
    "excludes2": "Excludes2",
    "code_first": "Code first",
    "use_additional_code": "Use additional code",
    "code_also": "Code also",
    "note": "Note",
    "seventh_character_note": "7th character note",
}


@dataclass(frozen=True)
class Note:
    """An instructional note; `declared_on` is the code it was written under (an ancestor when inherited)."""

    kind: str
    text: str
    declared_on: str
    inherited: bool = False


@dataclass(frozen=True)
class SeventhCharacter:
    character: str
    meaning: str
    declared_on: str


@dataclass(frozen=True)
class Crosswalk:
    from_system: str
    from_code: str
    to_system: str
    to_code: str | None
    to_title: str | None
    approximate: bool
    no_map: bool
    combination: bool
    scenario: int
    choice_list: int
    source: str


@dataclass(frozen=True)
class IndexTerm:
    index_name: str
    path: str
    code: str | None
    see: str | None = None
    see_also: str | None = None
    column_name: str | None = None


@dataclass(frozen=True)
class PcsDefinition:
    axis: int
    axis_title: str
    term: str
    definition: str
    explanation: str | None
    includes: tuple[str, ...]
    source: str
