"""`check_claim`: every finding for a claim, diagnoses first, then line by line."""

from medcoder.codebook import Codebook
from medcoder.rules.claim import Claim
from medcoder.rules.diagnosis_checks import check_diagnoses
from medcoder.rules.edit_checks import check_edits
from medcoder.rules.findings import ERROR, INFO, WARNING, Finding
from medcoder.rules.procedure_checks import check_lines

SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


def check_claim(codebook: Codebook, claim: Claim) -> list[Finding]:
    """All findings; an empty list means every check that could be made passed."""
    findings = [
        *check_diagnoses(codebook, claim),
        *check_lines(codebook, claim),
        *check_edits(codebook, claim),
    ]
    return sorted(findings, key=lambda f: (f.line or 0, SEVERITY_ORDER[f.severity]))
