"""A professional or outpatient claim as the checker reads it, from JSON or command-line flags."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from medcoder.codebook import CodebookError

SETTINGS = ("practitioner", "outpatient-hospital", "dme-supplier")
MODIFIER = re.compile(r"^[0-9A-Z]{2}$")
# The X12 837I limits (the 837P allows fewer): 25 diagnoses, 999 service lines.
MOST_DIAGNOSES = 25
MOST_LINES = 999


class ClaimError(CodebookError):
    """The claim itself is malformed (missing date, bad units...): a 400, not a finding."""


@dataclass(frozen=True)
class ClaimLine:
    code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    diagnosis_pointers: tuple[int, ...] = ()  # 1-based positions in Claim.diagnoses


@dataclass(frozen=True)
class Claim:
    date_of_service: date
    diagnoses: tuple[str, ...]  # first-listed (principal) first
    lines: tuple[ClaimLine, ...]
    place_of_service: str | None = None
    setting: str = "practitioner"  # which NCCI/MUE tables apply


def claim_from_dict(raw: Any) -> Claim:
    """Validate a decoded JSON claim; raises `ClaimError` saying which field is wrong and how."""
    if not isinstance(raw, dict):
        raise ClaimError("A claim is a JSON object with date_of_service, diagnoses and lines.")
    try:
        when = date.fromisoformat(str(raw.get("date_of_service", "")))
    except ValueError as error:
        raise ClaimError("date_of_service must be an ISO date such as 2026-03-14.") from error
    diagnoses = raw.get("diagnoses", [])
    if not isinstance(diagnoses, list) or not all(isinstance(d, str) and d.strip() for d in diagnoses):
        raise ClaimError("diagnoses must be a list of ICD-10-CM codes, first-listed first.")
    lines = raw.get("lines", [])
    if not isinstance(lines, list) or not lines:
        raise ClaimError("lines must be a non-empty list of {code, modifiers, units, diagnosis_pointers}.")
    if len(diagnoses) > MOST_DIAGNOSES or len(lines) > MOST_LINES:
        raise ClaimError(f"A claim holds at most {MOST_DIAGNOSES} diagnoses and {MOST_LINES} lines.")
    setting = raw.get("setting", "practitioner")
    if setting not in SETTINGS:
        raise ClaimError(f"setting must be one of {', '.join(SETTINGS)}.")
    place = raw.get("place_of_service")
    if place is not None and not re.fullmatch(r"\d{2}", str(place)):
        raise ClaimError("place_of_service must be a two-digit code such as 11.")
    return Claim(
        date_of_service=when,
        diagnoses=tuple(d.strip().upper() for d in diagnoses),
        lines=tuple(_line(item, number, len(diagnoses)) for number, item in enumerate(lines, start=1)),
        place_of_service=str(place) if place is not None else None,
        setting=setting,
    )


def _line(raw: Any, number: int, diagnosis_count: int) -> ClaimLine:
    if not isinstance(raw, dict) or not isinstance(raw.get("code"), str) or not raw["code"].strip():
        raise ClaimError(f"Line {number}: each line needs a procedure code.")
    modifiers = raw.get("modifiers", [])
    if not isinstance(modifiers, list) or not all(
        isinstance(m, str) and MODIFIER.match(m.upper()) for m in modifiers
    ):
        raise ClaimError(f"Line {number}: modifiers must be a list of 2-character modifiers.")
    units = raw.get("units", 1)
    if not isinstance(units, int) or isinstance(units, bool) or units < 1:
        raise ClaimError(f"Line {number}: units must be a whole number of at least 1.")
    pointers = raw.get("diagnosis_pointers", [])
    if not isinstance(pointers, list) or not all(
        isinstance(p, int) and 1 <= p <= diagnosis_count for p in pointers
    ):
        raise ClaimError(f"Line {number}: diagnosis_pointers must be positions 1..{diagnosis_count}.")
    return ClaimLine(raw["code"].strip().upper(), tuple(m.upper() for m in modifiers), units, tuple(pointers))
