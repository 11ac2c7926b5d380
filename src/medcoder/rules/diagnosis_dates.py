"""ICD-10-CM on the date of service: which release the diagnoses were checked against, and what the
codebook can say about a date outside it.

The codebook holds one ICD-10-CM release (e.g. FY2026 April 1 update). It vouches for dates of
service from that release's effective date to the end of its fiscal year (FY runs Oct 1 - Sep 30).
Outside that period the claim is told which release was used. Two facts go further, neither invented:
ICD-10-CM applies only from 2015-10-01 (before it, ICD-9-CM), and the CMS ICD-10-CM to ICD-9-CM GEM
lists every code of its release (one before FY2017), so a code absent from it was added later, and a
code in it that the loaded release lacks was deleted or expanded since.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache

from medcoder.codebook import Codebook
from medcoder.codebook.systems import code_key, display_code
from medcoder.rules.claim import Claim
from medcoder.rules.findings import ERROR, WARNING, Finding, finding

TABULAR_SOURCE = "icd10cm-tabular"
GEM_SOURCE = "gems-icd10cm-to-icd9cm"
ICD10CM_START = date(2015, 10, 1)  # HIPAA compliance date: ICD-10-CM for dates of service from then on
GEM_RELEASE = "the CMS ICD-10-CM to ICD-9-CM GEM's code set (a release before FY2017)"


@dataclass(frozen=True)
class ReleasePeriod:
    version: str  # as the codebook's sources name it: 'FY2026 (April 1 update)'
    start: date  # the release's effective date
    end: date  # the last day of its fiscal year

    def covers(self, when: date) -> bool:
        return self.start <= when <= self.end


@cache
def release_period(codebook: Codebook) -> ReleasePeriod | None:
    """The loaded ICD-10-CM release's period, None when the codebook does not record its effective date."""
    source = codebook.source(TABULAR_SOURCE)
    if source is None or not source.effective:
        return None
    start = date.fromisoformat(source.effective)
    return ReleasePeriod(source.version, start, date(start.year + (start.month >= 10), 9, 30))


def release_findings(codebook: Codebook, claim: Claim) -> list[Finding]:
    """One claim-level finding when the date of service is not one the loaded release vouches for."""
    when = claim.date_of_service
    if when < ICD10CM_START:
        return [
            finding(
                codebook,
                "icd10cm-not-in-effect",
                ERROR,
                f"ICD-10-CM applies to dates of service from {ICD10CM_START}; {when} is before it.",
                "Code diagnoses for that date with ICD-9-CM.",
                (),
                TABULAR_SOURCE,
            )
        ]
    period = release_period(codebook)
    if period is None or period.covers(when):
        return []
    return [
        finding(
            codebook,
            "icd10cm-release-period",
            WARNING,
            f"Diagnoses were checked against ICD-10-CM {period.version}, in force {period.start} to "
            f"{period.end}; the date of service {when} is outside it, so codes added, deleted or "
            "revised between the two dates are not detected.",
            "Check the diagnoses against the ICD-10-CM release in force on the date of service.",
            (),
            TABULAR_SOURCE,
        )
    ]


def added_since_gem_finding(codebook: Codebook, code: str, when: date) -> Finding | None:
    """For a valid code and a date before the loaded release: a code the GEM's code set lacks was
    added after that release, so it may not have been valid yet on the date of service."""
    period = release_period(codebook)
    if period is None or when >= period.start or not _gem_loaded(codebook) or _in_gem(codebook, code):
        return None
    return finding(
        codebook,
        "code-added-since",
        WARNING,
        f"{code} is absent from {GEM_RELEASE}: it was added in a later release and may not yet have "
        f"been valid on {when}.",
        f"Check that {code} was in the ICD-10-CM release in force on {when}.",
        (code,),
        GEM_SOURCE,
    )


def deleted_since_finding(codebook: Codebook, code: str, when: date) -> Finding | None:
    """For a code the loaded release lacks and a date before it: a code in the GEM's code set existed
    then and was deleted or expanded since, so it may have been valid on the date of service."""
    period = release_period(codebook)
    code = display_code("icd10cm", code_key(code))
    if period is None or when >= period.start or not _in_gem(codebook, code):
        return None
    return finding(
        codebook,
        "code-deleted-since",
        WARNING,
        f"{code} is not in ICD-10-CM {period.version} but is in {GEM_RELEASE}: it was deleted or "
        f"expanded since, and may still have been valid on {when}.",
        f"Check {code} against the ICD-10-CM release in force on {when}.",
        (code,),
        GEM_SOURCE,
    )


@cache
def _gem_loaded(codebook: Codebook) -> bool:
    return codebook.source(GEM_SOURCE) is not None


def _in_gem(codebook: Codebook, code: str) -> bool:
    row = codebook.connection.execute(
        "SELECT 1 FROM crosswalks WHERE from_system = 'icd10cm' AND from_code = ? LIMIT 1", (code,)
    ).fetchone()
    return row is not None
