"""POST /api/v1/claims/check (the claim checker) and GET /api/v1/coverage (LCD and Article search) over
HTTP. Free (not metered): neither shows code text."""

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from medcoder.rules import ClaimError, check_claim, claim_from_dict
from medcoder.rules.coverage import NCD_NOT_AVAILABLE, SOURCE, coverage_documents_matching, page_count
from medcoder.rules.findings import source_version
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


class CoverageParams(Schema):
    q: str = Field(
        min_length=1, max_length=200, description="Id (L33718, A52467) or title words; CPAP, MRI..."
    )
    type: Literal["LCD", "Article"] | None = Field(None, description="Only LCDs or only Articles")
    page: int = Field(1, ge=1)


class CoverageDocumentOut(Schema):
    display_id: str
    document_type: str
    version: int
    title: str
    contractors: str
    effective: str | None
    retired: str | None
    updated: str | None
    url: str


class CoverageOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    documents: list[CoverageDocumentOut]
    source_version: str
    ncds: str = Field(description="Why National Coverage Determinations are not in the results")


@router.get("/coverage", response={200: CoverageOut}, summary="Search LCDs and Articles", tags=["coverage"])
def coverage(request: HttpRequest, params: Query[CoverageParams]):
    """LCDs and Articles whose id or title holds every word of `q`, 25 a page, retired ones last."""
    book = shared_codebook()
    documents, total = coverage_documents_matching(book, params.q, params.page, params.type)
    return {
        "query": params.q,
        "total": total,
        "page": params.page,
        "pages": page_count(total),
        "documents": documents,
        "source_version": source_version(book, SOURCE),
        "ncds": NCD_NOT_AVAILABLE,
    }
