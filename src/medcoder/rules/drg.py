"""MS-DRG: CC/MCC status of a diagnosis (for code pages) and grouping of an inpatient stay.

The severity facts (CC/MCC lists, CC exclusions, titles, weights) come from the codebook's CMS IPPS
tables (carried by the `drg` package). The DRG itself comes from `drgpy`, which evaluates the CMS
MS-DRG definitions tables (v43.1, FY 2026 from April 1): each procedure's O.R. status and the DRGs it
and the principal diagnosis lead to within the MDC. The `drg` package's own grouper is not used: it
guesses O.R. status from the code's characters and takes the first surgical DRG of the MDC, so a knee
replacement came out as spinal fusion (DRG 428) and a femur fracture repair as wound debridement (902).
drgpy is still not the CMS Grouper software (it takes no age or birth weight): every result says so,
and a stay it cannot group, or whose DRG depends on a sex that was not given, is refused, not guessed.
"""

from dataclasses import dataclass
from functools import cache
from importlib.metadata import version

from drgpy.msdrg import DRGEngine

from medcoder.codebook import Codebook, CodebookError
from medcoder.codebook.systems import code_key
from medcoder.rules.findings import source_version

# The definitions version matching the FY 2026 Table 5 weights and Table 6 CC/MCC lists.
MS_DRG_VERSION = "v43.1"
GROUPER = (
    f"drgpy {version('drgpy')} grouper over the CMS MS-DRG {MS_DRG_VERSION} definitions tables (not the CMS"
    " MS-DRG Grouper software: age and birth weight are not used; verify before billing)"
)
LEVELS_SOURCE = "ms-drg-cc-mcc"
WEIGHTS_SOURCE = "ms-drg-weights"
SEXES = ("F", "M")
# Grouper results that are not a payment group: drgpy's "no DRG", and the CMS error DRGs.
UNGROUPABLE = {
    "000": "no MS-DRG matches these codes",
    "998": "the principal diagnosis is invalid as a discharge diagnosis (MS-DRG 998)",
    "999": "the stay is ungroupable (MS-DRG 999)",
}


class DrgInputError(CodebookError):
    """A code given for grouping is not a valid ICD-10-CM / ICD-10-PCS code, or a needed fact is missing."""


class Ungroupable(CodebookError):
    """The grouper assigns no payment DRG to the stay: said, never replaced by a guess."""


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
    sex: str | None = None,
) -> DrgAssignment:
    """Group a stay; `sex` is F or M, needed only when the DRG depends on it.

    Raises `DrgInputError` for codes that are not valid diagnoses / procedures and for a DRG that
    differs by sex when none is given, `Ungroupable` when the grouper assigns no payment DRG.
    """
    principal_code = _diagnosis(codebook, principal)
    secondary_codes = [_diagnosis(codebook, code) for code in secondary]
    for procedure in procedures:
        if not codebook.exists(procedure, "icd10pcs"):
            raise DrgInputError(f"{procedure} is not an ICD-10-PCS code in this codebook.")
    diagnoses = [code_key(code) for code in (principal_code, *secondary_codes)]
    drg = _grouped_drg(diagnoses, [code_key(code) for code in procedures], discharged_alive, sex)
    row = codebook.connection.execute(
        "SELECT d.title, d.mdc, m.title, d.drg_type, d.weight FROM ms_drgs d"
        " LEFT JOIN major_diagnostic_categories m ON m.mdc = d.mdc WHERE d.drg = ?",
        (drg,),
    ).fetchone()
    if row is None:
        raise Ungroupable(f"The grouper returned MS-DRG {drg}, which the FY 2026 Table 5 does not list.")
    title, mdc, mdc_title, drg_type, weight = row
    assessed = [_assess(codebook, code, principal_code, discharged_alive) for code in secondary_codes]
    severity = next(
        (level for level in ("MCC", "CC") if any(s.counted and s.level == level for s in assessed)), "None"
    )
    return DrgAssignment(
        drg=drg,
        title=title,
        mdc=mdc,
        mdc_title=mdc_title,
        drg_type=drg_type,
        weight=weight,
        severity=severity,
        reason=_reason(severity, assessed, drg_type),
        secondary=assessed,
        grouper=GROUPER,
        source_version=source_version(codebook, WEIGHTS_SOURCE),
    )


def _grouped_drg(diagnoses: list[str], procedures: list[str], discharged_alive: bool, sex: str | None) -> str:
    """The grouper's DRG; without `sex`, the DRG both sexes give, or `DrgInputError` if they differ."""
    status = "01" if discharged_alive else "20"
    by_sex = {
        each: _engine().get_drg(
            diagnoses, procedures, gender=each, is_alive=discharged_alive, discharge_status=status
        )
        for each in ([sex] if sex else SEXES)
    }
    if len(set(by_sex.values())) > 1:
        outcomes = ", ".join(f"{each}: MS-DRG {drg}" for each, drg in by_sex.items())
        raise DrgInputError(
            f"The MS-DRG of this stay depends on the patient's sex ({outcomes}): give the sex."
        )
    drg = next(iter(by_sex.values()))
    if drg in UNGROUPABLE:
        raise Ungroupable(f"No MS-DRG assigned: {UNGROUPABLE[drg]}.")
    return drg


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


def _reason(severity: str, assessed: list[SecondaryDiagnosis], drg_type: str | None) -> str:
    partition = "surgical (an O.R. procedure decides the DRG)" if drg_type == "SURG" else "medical"
    counted = [s.code for s in assessed if s.counted and s.level == severity]
    return f"{partition}; " + (
        f"{severity} present: {', '.join(counted)}"
        if counted
        else "no CC or MCC among the secondary diagnoses"
    )


def _diagnosis(codebook: Codebook, code: str) -> str:
    if not codebook.exists(code, "icd10cm"):
        raise DrgInputError(f"{code} is not an ICD-10-CM code.")
    found = codebook.get(code, "icd10cm")
    if not found.billable:
        raise DrgInputError(f"{found.code} is a header, not a billable ICD-10-CM code.")
    return found.code


@cache
def _engine() -> DRGEngine:
    """One grouper per process: it loads its tables (about a second) on first use."""
    return DRGEngine(version=MS_DRG_VERSION)
