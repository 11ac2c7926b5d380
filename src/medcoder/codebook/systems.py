"""The code systems and how their codes are written, normalised and recognised."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class System:
    slug: str  # used in URLs and the API
    name: str  # as a coder says it
    dotted_after: int | None  # ICD-10-CM and ICD-9-CM put a dot after the 3rd character
    replaced_by: str | None = None  # a retired system: what took its place on US claims


ICD10CM = System("icd10cm", "ICD-10-CM", 3)
ICD10PCS = System("icd10pcs", "ICD-10-PCS", None)
HCPCS = System("hcpcs", "HCPCS Level II", None)
HCPCS_MODIFIER = System("hcpcs-modifier", "HCPCS Level II modifier", None)
CPT = System("cpt", "CPT", None)
ICD9CM = System("icd9cm", "ICD-9-CM (diagnoses)", 3, replaced_by="ICD-10-CM")
ICD9PCS = System("icd9pcs", "ICD-9-CM (procedures)", 2, replaced_by="ICD-10-PCS")

SYSTEMS: dict[str, System] = {
    s.slug: s for s in (ICD10CM, ICD10PCS, HCPCS, HCPCS_MODIFIER, CPT, ICD9CM, ICD9PCS)
}

# The order in which `Codebook.get` prefers a system when an undotted code exists in several.
LOOKUP_PREFERENCE = ("icd10cm", "icd10pcs", "hcpcs", "cpt", "hcpcs-modifier", "icd9cm", "icd9pcs")


def code_key(code: str) -> str:
    """The undotted upper-case form every lookup goes through ('e11.9 ' -> 'E119')."""
    return re.sub(r"[\s.]", "", code).upper()


def display_code(system: str, key: str) -> str:
    """The official display form of an undotted key ('E119' -> 'E11.9' in ICD-10-CM)."""
    dot = SYSTEMS[system].dotted_after
    if system == "icd9cm" and key.startswith("E"):
        dot = 4  # ICD-9-CM external causes: E880.9
    if dot is None or len(key) <= dot:
        return key
    return f"{key[:dot]}.{key[dot:]}"


# Shapes of codes, for finding codes in free text and guessing a system for an unknown code.
SHAPES: dict[str, re.Pattern[str]] = {
    "icd10cm": re.compile(r"^[A-TV-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$"),
    "icd10pcs": re.compile(r"^[0-9A-HJ-NP-Z]{7}$"),
    "hcpcs": re.compile(r"^[A-V][0-9]{4}$"),
    "cpt": re.compile(r"^[0-9]{4}[0-9FTU]$"),
    "hcpcs-modifier": re.compile(r"^[0-9A-Z]{2}$"),
}


def plausible_systems(code: str) -> list[str]:
    """Systems whose code shape fits `code`, most likely first."""
    key = code_key(code)
    dotted = "." in code
    found = [slug for slug, shape in SHAPES.items() if shape.match(key)]
    if dotted and "icd10cm" in found:
        return ["icd10cm"]
    return found
