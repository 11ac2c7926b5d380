"""What can be said about a CPT number without the AMA's licensed descriptor file.

The descriptors are AMA copyright; the category follows from the code's last character and the section
from its numeric range, both part of the published structure of CPT.
"""

from dataclasses import dataclass

CATEGORY_BY_SUFFIX = {
    "F": "Category II (performance measurement)",
    "T": "Category III (emerging technology)",
    "U": "Proprietary Laboratory Analyses (PLA)",
}

# (first, last, section) for Category I codes, by numeric range.
CATEGORY_ONE_SECTIONS = [
    (100, 1999, "Anesthesia"),
    (10004, 69990, "Surgery"),
    (70010, 79999, "Radiology"),
    (80047, 89398, "Pathology and Laboratory"),
    (90281, 99199, "Medicine"),
    (99202, 99499, "Evaluation and Management"),
    (99500, 99607, "Medicine"),
]


@dataclass(frozen=True)
class CptNumber:
    code: str
    category: str
    section: str | None


def describe_cpt_number(code: str) -> CptNumber:
    suffix = code[-1]
    if suffix in CATEGORY_BY_SUFFIX:
        return CptNumber(code, CATEGORY_BY_SUFFIX[suffix], None)
    number = int(code)
    section = next((name for first, last, name in CATEGORY_ONE_SECTIONS if first <= number <= last), None)
    return CptNumber(code, "Category I", section)
