"""The /case2code/ page: paste a note, see it highlighted with each code's evidence, accept or reject
codes, export the accepted list as CSV or JSON."""

import csv
import io
import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from medcoder.codebook import UnknownCode
from medcoder.notecoder import NoteCoderError
from medcoder.notecoder.findings import SETTINGS
from medcoder.web.accounts.metering import AllowanceExhausted, allowance, visitor_for
from medcoder.web.case2code.services import METER, code_note, highlighted
from medcoder.web.codebook import shared_codebook

EXPORT_SYSTEMS = ("icd10cm", "icd10pcs", "hcpcs")


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    visitor = visitor_for(request)
    note = request.POST.get("note", "")
    setting = request.POST.get("setting", "inpatient")
    context = {"note": note, "setting": setting, "settings": SETTINGS}
    status = 200
    if request.method == "POST":
        try:
            result, _ = code_note(visitor, note, setting)
            context.update(result=result, segments=highlighted(note, result))
        except NoteCoderError as error:
            context["error"], status = str(error), 400
        except AllowanceExhausted as spent:
            context["error"] = (
                f"You have coded the {spent.allowance.limit} notes a day the {spent.allowance.plan} plan allows. "
                "Register or upgrade for more."
            )
            status = 402
    context["allowance"] = allowance(visitor, METER)
    return render(request, "case2code/home.html", context, status=status)


@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """The accepted codes as a file. Titles come from the codebook again, never from the form."""
    rows = []
    for entry in request.POST.getlist("accepted"):
        system, _, code = entry.partition(":")
        try:
            found = shared_codebook().get(code, system) if system in EXPORT_SYSTEMS else None
        except UnknownCode:
            found = None
        if found is None or not found.billable:
            return HttpResponse(f"Not a billable code: {entry}", status=400, content_type="text/plain")
        rows.append({"system": found.system, "code": found.code, "title": found.title})
    if request.POST.get("format") == "json":
        response = HttpResponse(json.dumps(rows, indent=1), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="case2code.json"'
        return response
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["system", "code", "title"])
    writer.writeheader()
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="case2code.csv"'
    return response
