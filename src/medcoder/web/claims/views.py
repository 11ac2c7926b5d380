"""The claim check page: type or paste a claim, see every finding beside the line it concerns."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from medcoder.rules import ClaimError, check_claim, claim_from_dict
from medcoder.rules.claim import SETTINGS
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
