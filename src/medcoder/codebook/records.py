"""Records that cross module boundaries: what the query API returns and importers produce."""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from medcoder.codebook.systems import SYSTEMS


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

    @property
    def terminated(self) -> str | None:
        """The last date of service (ISO) a complete code no longer valid could be reported for: every
        ICD-9-CM code (2015-09-30; ICD-10 from 2015-10-01), a terminated HCPCS code. None otherwise."""
        return None if self.billable else self.attributes.get("terminated")

    @property
    def status(self) -> str:
        """'billable' (valid for claims now), 'retired' (a complete code, reportable only for dates of
        service up to `terminated`) or 'header' (not a code to report: one under it is).

        `billable` stays the flag for "valid for claims now" everywhere (search's billable_only, the
        claim checks, Case2Code's export); `status` tells a retired code from a header."""
        if self.billable:
            return "billable"
        return "retired" if self.terminated else "header"

    def attributes_json(self) -> str:
        return json.dumps(self.attributes, sort_keys=True, separators=(",", ":"))


def reporting_status(code: Code) -> str:
    """How the code may be reported, in the words the CLI, the web page and CasePilot show."""
    if code.status == "billable":
        return "billable"
    if code.status == "header":
        return "not billable (header: report a more specific code)"
    replaced_by = SYSTEMS[code.system].replaced_by
    why = f"replaced by {replaced_by}" if replaced_by else f"terminated {code.terminated}"
    first_day_invalid = date.fromisoformat(str(code.terminated)) + timedelta(days=1)
    return f"retired ({why}): not reportable for dates of service on or after {first_day_invalid.isoformat()}"


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
class Fact:
    """A labelled fact about a code, in a coder's words: ("Coverage manual", "Medicare Carriers Manual
    section 2130")."""

    label: str
    value: str


@dataclass(frozen=True)
class Note:
    """An instructional note; `declared_on` is the code it was written under (an ancestor when inherited).

    A note that is an item of a list carries the list's opening words as `lead_in` ("code, if applicable,
    to identify:" for "tobacco use (Z72.0)"): show the lead-in once above its items, or read `wording`
    where a note stands alone."""

    kind: str
    text: str
    declared_on: str
    inherited: bool = False
    lead_in: str | None = None

    @property
    def wording(self) -> str:
        """The note with its lead-in: "code, if applicable, to identify: tobacco use (Z72.0)"."""
        return f"{self.lead_in} {self.text}" if self.lead_in else self.text


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
    source: str = ""  # the sources row of the index it was printed in


@dataclass(frozen=True)
class PcsDefinition:
    axis: int
    axis_title: str
    term: str
    definition: str
    explanation: str | None
    includes: tuple[str, ...]
    source: str
