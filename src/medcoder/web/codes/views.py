"""Code pages, search (full page and type-ahead) and browsing. Only HTTP here; the rest is in page.py,
browse.py and the codebook."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from medcoder.codebook import Code, UnknownCode
from medcoder.codebook.importers import cpt as cpt_importer
from medcoder.codebook.systems import SHAPES, SYSTEMS, code_key
from medcoder.web.accounts.metering import AllowanceExhausted, visitor_for
from medcoder.web.codebook import shared_codebook, systems_present
from medcoder.web.codes.billing import PROCEDURE_SYSTEMS, PTP_SETTINGS, PTP_STATUSES, billing_facts, ptp_page
from medcoder.web.codes.browse import top_level
from medcoder.web.codes.cpt import describe_cpt_number
from medcoder.web.codes.page import count_code_view, header_context, rendered_code_page

RESULTS_PER_PAGE = 25
MOST_RESULT_PAGES = 20
SUGGESTIONS = 8
LONGEST_QUERY = 200


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "codes/home.html", {"systems": _system_choices()})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:LONGEST_QUERY]
    system = request.GET.get("system", "")
    billable = request.GET.get("billable") == "1"
    if system and system not in SYSTEMS:
        context = {
            **_search_context(query, "", billable),
            "error": f"There is no code system called {system!r}.",
        }
        return render(request, "codes/search.html", context, status=400)
    hits = []
    if query:
        hits = shared_codebook().search(
            query,
            systems=[system] if system else None,
            limit=RESULTS_PER_PAGE * MOST_RESULT_PAGES,
            billable_only=billable,
        )
    page = Paginator(hits, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {**_search_context(query, system, billable), "page": page}
    return render(request, "codes/search.html", context)


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """The type-ahead list (an HTMX fragment): the first few hits for what has been typed so far."""
    query = request.GET.get("q", "").strip()[:LONGEST_QUERY]
    system = request.GET.get("system", "")
    systems = [system] if system in SYSTEMS else None
    billable = request.GET.get("billable") == "1"
    hits = (
        shared_codebook().search(query, systems=systems, limit=SUGGESTIONS, billable_only=billable)
        if query
        else []
    )
    return render(request, "codes/suggestions.html", {"hits": hits, "query": query})


@require_GET
def code_page(request: HttpRequest, system: str, code: str) -> HttpResponse:
    if system not in SYSTEMS:
        raise Http404(f"There is no code system called {system!r}.")
    book = shared_codebook()
    try:
        found = book.get(code, system)
    except UnknownCode as unknown:
        return _missing_code(request, system, code, unknown)
    if found.code != code:
        return redirect("codes:code", system=system, code=found.code)
    if found.source == cpt_importer.NUMBERS_SOURCE:
        return _cpt_without_license(request, found.code)
    if found.terminated and not SYSTEMS[system].replaced_by:
        return _deleted_code(request, system, found, found.terminated)
    context = {"system": SYSTEMS[system], "code": found}
    try:
        context["allowance"] = count_code_view(visitor_for(request), found)
    except AllowanceExhausted as exhausted:
        context.update(allowance=exhausted.allowance, **header_context(found, None))
        return render(request, "codes/locked.html", context)
    context["rendered"] = rendered_code_page(book, system, found.code)
    return render(request, "codes/code.html", context)


@require_GET
def ptp_edits(request: HttpRequest, system: str, code: str) -> HttpResponse:
    """One page of a code's PTP edits (HTMX fragment); counted like the code page it belongs to."""
    if system not in PROCEDURE_SYSTEMS:
        raise Http404("PTP edits exist only for CPT and HCPCS codes.")
    try:
        found = shared_codebook().get(code, system)
        column = int(request.GET.get("column", "1"))
        page = int(request.GET.get("page", "1"))
    except UnknownCode as unknown:
        raise Http404(str(unknown)) from unknown
    except ValueError:
        return HttpResponseBadRequest("column and page must be whole numbers")
    setting = request.GET.get("setting", "practitioner")
    query = request.GET.get("q", "").strip()[:5]
    status = request.GET.get("status", "active")
    if column not in (1, 2) or setting not in PTP_SETTINGS or status not in PTP_STATUSES or page < 1:
        return HttpResponseBadRequest(
            f"column is 1 or 2, setting one of {', '.join(PTP_SETTINGS)},"
            f" status one of {', '.join(PTP_STATUSES)}, page >= 1"
        )
    try:
        count_code_view(visitor_for(request), found)
    except AllowanceExhausted:
        return HttpResponseForbidden("Your code page views are used up: log in or register to see more.")
    context = {
        "ptp": ptp_page(shared_codebook(), found.code, column, setting, page, query, status),
        "code": found.code,
        "system_slug": system,
        "settings": PTP_SETTINGS.items(),
    }
    return render(request, "codes/ptp_table.html", context)


@require_GET
def browse(request: HttpRequest) -> HttpResponse:
    present = systems_present()
    systems = [(SYSTEMS[slug], counts) for slug, counts in present.items() if slug in SYSTEMS]
    return render(request, "codes/browse.html", {"systems": systems})


@require_GET
def browse_system(request: HttpRequest, system: str) -> HttpResponse:
    if system not in SYSTEMS:
        raise Http404(f"There is no code system called {system!r}.")
    groups = top_level(shared_codebook(), system)
    return render(request, "codes/browse_system.html", {"system": SYSTEMS[system], "groups": groups})


def _missing_code(request: HttpRequest, system: str, code: str, unknown: UnknownCode) -> HttpResponse:
    key = code_key(code)
    if system == "cpt" and SHAPES["cpt"].match(key):
        return _cpt_without_license(request, key)
    context = {"system": SYSTEMS[system], "code": code, "suggestions": unknown.suggestions}
    return render(request, "codes/missing.html", context, status=404)


def _deleted_code(request: HttpRequest, system: str, code: Code, terminated: str) -> HttpResponse:
    """A code the release lists as terminated: what it was, when it ended, and current codes like it."""
    hits = shared_codebook().search(code.title, systems=[system], limit=SUGGESTIONS, billable_only=True)
    context = {
        "system": SYSTEMS[system],
        "code": code,
        "terminated": terminated,
        "source": shared_codebook().source(code.source),
        "suggestions": [hit for hit in hits if hit.code != code.code],
    }
    return render(request, "codes/deleted.html", context, status=404)


def _cpt_without_license(request: HttpRequest, code: str) -> HttpResponse:
    """A CPT number whose descriptor needs the AMA's licensed file: the facts we have, no text."""
    book = shared_codebook()
    known = book.exists(code, "cpt")
    context = {
        "cpt": describe_cpt_number(code),
        "known": known,
        "billing": billing_facts(book, book.get(code, "cpt")) if known else None,
        "code": {"code": code},
        "system": SYSTEMS["cpt"],
        "ptp_settings": PTP_SETTINGS.items(),
    }
    return render(request, "codes/cpt_unlicensed.html", context)


def _search_context(query: str, system: str, billable: bool) -> dict:
    return {"query": query, "system": system, "billable": billable, "systems": _system_choices()}


def _system_choices() -> list[tuple[str, str]]:
    present = systems_present()
    return [(slug, SYSTEMS[slug].name) for slug in SYSTEMS if slug in present]
