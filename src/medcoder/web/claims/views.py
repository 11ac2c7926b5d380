"""The claim check page (type or paste a claim, see every finding beside the line it concerns) and the
coverage document search (LCDs and Articles by id or title words)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from medcoder.rules import ClaimError, check_claim, claim_from_dict
from medcoder.rules.claim import SETTINGS
from medcoder.rules.coverage import (
    DOCUMENT_TYPES,
    NCD_NOT_AVAILABLE,
    SOURCE,
    coverage_documents_matching,
    page_count,
)
from medcoder.rules.findings import source_version
from medcoder.web.claims.entry import claim_from_entry
from medcoder.web.codebook import shared_codebook

FIELDS = ("date_of_service", "place_of_service", "setting", "diagnoses", "lines", "json")


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    entered = {name: request.POST.get(name, "") for name in FIELDS}
    context = {"entered": entered, "settings": SETTINGS}
    if request.method == "GET":
        return render(request, "claims/check.html", context)
    try:
        claim = claim_from_dict(claim_from_entry(entered))
    except ClaimError as error:
        return render(request, "claims/check.html", {**context, "error": str(error)}, status=400)
    findings = check_claim(shared_codebook(), claim)
    context.update(
        claim=claim,
        findings=findings,
        errors=sum(f.severity == "error" for f in findings),
        claim_findings=[f for f in findings if f.line is None],
        lines=[
            (n, line, [f for f in findings if f.line == n]) for n, line in enumerate(claim.lines, start=1)
        ],
    )
    return render(request, "claims/check.html", context)


@require_GET
def coverage(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    document_type = request.GET.get("type", "")
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 0
    book = shared_codebook()
    context = {
        "query": query,
        "document_type": document_type,
        "document_types": DOCUMENT_TYPES,
        "source_version": source_version(book, SOURCE),
        "ncds": NCD_NOT_AVAILABLE,
    }
    if (document_type and document_type not in DOCUMENT_TYPES) or page < 1:
        context["error"] = f"type is one of {', '.join(DOCUMENT_TYPES)} (or empty), page a whole number >= 1."
        return render(request, "claims/coverage.html", context, status=400)
    if query:
        documents, total = coverage_documents_matching(book, query, page, document_type or None)
        context.update(documents=documents, total=total, page=page, pages=page_count(total), searched=True)
    return render(request, "claims/coverage.html", context)
