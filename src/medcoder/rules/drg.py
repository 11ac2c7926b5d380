"""MS-DRG: CC/MCC status of a diagnosis (for code pages) and grouping of an inpatient stay.

The severity facts (CC/MCC lists, CC exclusions, titles, weights) come from the codebook's CMS IPPS
tables. The DRG itself comes from the `drg` package's grouper, a simplified re-implementation that
covers the common medical MDC logic but is not the CMS MS-DRG Grouper software and gets some surgical
stays wrong: every result says so, and the CC/MCC reason is computed here from the CMS tables.
"""

from dataclasses import dataclass
from functools import cache
from importlib.metadata import version

from drg import MSDRGEngine

from medcoder.codebook import Codebook, CodebookError
from medcoder.codebook.systems import code_key
from medcoder.rules.findings import source_version

# Spot checks found surgical stays grouped to the wrong family (a knee replacement to spinal fusion).
GROUPER = (
    f"drg package {version('drg')} grouper (a heuristic, not the CMS MS-DRG Grouper software;"
    " surgical DRGs in particular must be verified with the CMS grouper)"
)
LEVELS_SOURCE = "ms-drg-cc-mcc"
WEIGHTS_SOURCE = "ms-drg-weights"


class DrgInputError(CodebookError):
    """A code given for grouping is not a valid ICD-10-CM / ICD-10-PCS code."""


@dataclass(frozen=True)
class DrgRelevance:
    code: str
    level: str | None  # MCC, CC, or None (non-CC)
    discharged_alive_only: bool  # counts only if the patient leaves alive (Table 6K part 2)
    excluding_principal_count: int  # principal diagnoses that cancel it (Table 6K PDX collection)
    source: str
    source_version: str


@dataclass(frozen=True)
class SecondaryDiagnosis:
    code: str
    level: str | None
    counted: bool  # False when the principal diagnosis excludes it
    reason: str


@dataclass(frozen=True)
class DrgAssignment:
    drg: str
    title: str
    mdc: str | None
    mdc_title: str | None
    drg_type: str | None  # SURG, MED
    weight: float | None
    severity: str  # MCC, CC, None
    reason: str
    secondary: list[SecondaryDiagnosis]
    grouper: str
    source_version: str


def drg_relevance(codebook: Codebook, code: str) -> DrgRelevance:
    """CC/MCC status of an ICD-10-CM code as a secondary diagnosis."""
    display = codebook.get(code, "icd10cm").code
    row = codebook.connection.execute(
        "SELECT level, discharged_alive_only, pdx_collection FROM complication_levels WHERE code = ?",
        (display,),
    ).fetchone()
    level, alive_only, collection = row or (None, 0, None)
    excluding = codebook.connection.execute(
        "SELECT count(*) FROM cc_exclusions WHERE pdx_collection = ?", (collection,)
    ).fetchone()[0]
    return DrgRelevance(
        display, level, bool(alive_only), excluding, LEVELS_SOURCE, source_version(codebook, LEVELS_SOURCE)
    )


def excluded_by_principal(codebook: Codebook, secondary: str, principal: str) -> bool:
    row = codebook.connection.execute(
        "SELECT 1 FROM complication_levels l JOIN cc_exclusions x ON x.pdx_collection = l.pdx_collection"
        " WHERE l.code = ? AND x.principal_code = ?",
        (secondary, principal),
    ).fetchone()
    return row is not None


def group_drg(
    codebook: Codebook,
    principal: str,
    secondary: list[str],
    procedures: list[str],
    discharged_alive: bool = True,
) -> DrgAssignment:
    """Group a stay; raises `DrgInputError` for codes that are not valid diagnoses / procedures."""
    principal_code = _diagnosis(codebook, principal)
    secondary_codes = [_diagnosis(codebook, code) for code in secondary]
    for procedure in procedures:
        if not codebook.exists(procedure, "icd10pcs"):
            raise DrgInputError(f"{procedure} is not an ICD-10-PCS code in this codebook.")
    result = _engine().group(
        code_key(principal_code),
        [code_key(code) for code in secondary_codes],
        [code_key(code) for code in procedures],
        discharge_status="01" if discharged_alive else "20",
    )
    assessed = [_assess(codebook, code, principal_code, discharged_alive) for code in secondary_codes]
    row = codebook.connection.execute(
        "SELECT d.title, d.mdc, m.title, d.drg_type, d.weight FROM ms_drgs d"
        " LEFT JOIN major_diagnostic_categories m ON m.mdc = d.mdc WHERE d.drg = ?",
        (result.drg_code,),
    ).fetchone()
    title, mdc, mdc_title, drg_type, weight = row or (result.description, result.mdc, None, None, None)
    severity = next(
        (level for level in ("MCC", "CC") if any(s.counted and s.level == level for s in assessed)), "None"
    )
    return DrgAssignment(
        drg=result.drg_code,
        title=title,
        mdc=mdc,
        mdc_title=mdc_title,
        drg_type=drg_type,
        weight=weight,
        severity=severity,
        reason=_reason(severity, assessed, result.has_or_procedure, result.complication_level.value),
        secondary=assessed,
        grouper=GROUPER,
        source_version=source_version(codebook, WEIGHTS_SOURCE),
    )


def _assess(codebook: Codebook, code: str, principal: str, discharged_alive: bool) -> SecondaryDiagnosis:
    relevance = drg_relevance(codebook, code)
    if relevance.level is None:
        return SecondaryDiagnosis(code, None, False, "not a CC or MCC")
    if excluded_by_principal(codebook, code, principal):
        return SecondaryDiagnosis(
            code, relevance.level, False, f"{relevance.level} excluded with principal {principal}"
        )
    if relevance.discharged_alive_only and not discharged_alive:
        return SecondaryDiagnosis(code, relevance.level, False, f"{relevance.level} only if discharged alive")
    return SecondaryDiagnosis(code, relevance.level, True, f"{relevance.level} present")


def _reason(severity: str, assessed: list[SecondaryDiagnosis], surgical: bool, grouper_severity: str) -> str:
    partition = "surgical (O.R. procedure present)" if surgical else "medical (no O.R. procedure)"
    counted = [s.code for s in assessed if s.counted and s.level == severity]
    reason = f"{partition}; " + (
        f"{severity} present: {', '.join(counted)}"
        if counted
        else "no CC or MCC among the secondary diagnoses"
    )
    if grouper_severity != severity:
        reason += (
            f". Caution: the grouper applied {grouper_severity} where the CMS CC/MCC tables give {severity}"
            " (exclusions or discharge status); verify with the CMS grouper"
        )
    return reason


def _diagnosis(codebook: Codebook, code: str) -> str:
    if not codebook.exists(code, "icd10cm"):
        raise DrgInputError(f"{code} is not an ICD-10-CM code.")
    found = codebook.get(code, "icd10cm")
    if not found.billable:
        raise DrgInputError(f"{found.code} is a header, not a billable ICD-10-CM code.")
    return found.code


@cache
def _engine() -> MSDRGEngine:
    """One grouper per process: it loads its tables (about a second) on first use."""
    return MSDRGEngine()
