"""The claim as a coder types it on the page, turned into the dict `claim_from_dict` validates.

One claim line per text line: the code, then any of `RT 59` (modifiers), `x2` (units), `dx1,2`
(diagnosis pointers), in any order: `20610 RT 59 x2 dx1`. A pasted JSON claim is taken as is.
"""

import json
import re

from medcoder.rules import ClaimError

UNITS = re.compile(r"^x(\d+)$", re.IGNORECASE)
POINTERS = re.compile(r"^dx([\d,]+)$", re.IGNORECASE)


def claim_from_entry(fields: dict[str, str]) -> dict:
    pasted = fields.get("json", "").strip()
    if pasted:
        try:
            return json.loads(pasted)
        except json.JSONDecodeError as error:
            raise ClaimError(f"The pasted claim is not valid JSON: {error}") from error
    return {
        "date_of_service": fields.get("date_of_service", "").strip(),
        "place_of_service": fields.get("place_of_service", "").strip() or None,
        "setting": fields.get("setting", "practitioner"),
        "diagnoses": re.findall(r"[^\s,;]+", fields.get("diagnoses", "")),
        "lines": [_line(text, number) for number, text in enumerate(_rows(fields.get("lines", "")), start=1)],
    }


def _rows(text: str) -> list[str]:
    return [row for row in text.splitlines() if row.strip()]


def _line(text: str, number: int) -> dict:
    code, *rest = text.split()
    line: dict = {"code": code, "modifiers": [], "units": 1, "diagnosis_pointers": []}
    for token in rest:
        if units := UNITS.match(token):
            line["units"] = int(units[1])
        elif pointers := POINTERS.match(token):
            line["diagnosis_pointers"] = [int(p) for p in pointers[1].split(",") if p]
        elif len(token) == 2:
            line["modifiers"].append(token.upper())
        else:
            raise ClaimError(
                f"Line {number}: {token!r} is not a modifier (RT), units (x2) or pointers (dx1,2)."
            )
    return line
