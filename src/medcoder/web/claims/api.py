"""POST /api/v1/claims/check: the claim checker over HTTP. Free (not metered): it shows no code text."""

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from medcoder.rules import ClaimError, check_claim, claim_from_dict
from medcoder.web.accounts.api import ErrorOut
from medcoder.web.codebook import shared_codebook

router = Router(tags=["claims"])


class LineIn(Schema):
    code: str
    modifiers: list[str] = []
    units: int = 1
    diagnosis_pointers: list[int] = []


class ClaimIn(Schema):
    date_of_service: str = Field(examples=["2026-08-01"])
    place_of_service: str | None = Field(None, examples=["11"])
    setting: str = Field("practitioner", description="practitioner, outpatient-hospital or dme-supplier")
    diagnoses: list[str] = Field([], description="ICD-10-CM codes, first-listed first")
    lines: list[LineIn]


class FindingOut(Schema):
    rule: str
    severity: str
    message: str
    fix: str
    codes: list[str]
    source: str
    source_version: str
    line: int | None


class CheckOut(Schema):
    findings: list[FindingOut]
    errors: int


@router.post("/claims/check", response={200: CheckOut, 400: ErrorOut}, summary="Check a claim")
def check(request: HttpRequest, claim: ClaimIn):
    """Every finding for the claim: rule, severity, message, fix, and the source and version it rests on."""
    try:
        parsed = claim_from_dict(claim.model_dump())
    except ClaimError as error:
        return Status(400, {"detail": str(error)})
    findings = check_claim(shared_codebook(), parsed)
    return {"findings": findings, "errors": sum(f.severity == "error" for f in findings)}
