"""Job seekers' pages: search, a job (with its JobPosting JSON-LD), applying, applications, saved searches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from medcoder.careers.markdown_text import plain_summary, render_description
from medcoder.careers.posting import PostingFacts, job_posting_jsonld
from medcoder.careers.resumes import MAX_RESUME_BYTES, ResumeRejected
from medcoder.careers.vocabulary import CREDENTIALS, EMPLOYMENT_TYPES, SPECIALTIES, WORK_ARRANGEMENTS
from medcoder.web.careers.forms import ApplicationForm
from medcoder.web.careers.models import Job, SavedSearch
from medcoder.web.careers.search import (
    POSTED_WITHIN_DAYS,
    InvalidJobQuery,
    JobQuery,
    live_jobs,
    parse_job_query,
    search_jobs,
)
from medcoder.web.careers.services import CareersRefused, apply_to_job, save_search

# a resume at its limit, a 5,000-character cover note (up to 4 bytes a character) and multipart framing
MAX_APPLICATION_BYTES = MAX_RESUME_BYTES + 64_000


def search(request: HttpRequest) -> HttpResponse:
    try:
        query = parse_job_query(request.GET)
    except InvalidJobQuery as error:
        return _search_page(request, JobQuery(), error=str(error), status=400)
    return _search_page(request, query)


def _search_page(request: HttpRequest, query: JobQuery, error: str = "", status: int = 200) -> HttpResponse:
    results = search_jobs(query)
    base = reverse("careers:search") + "?" + query.to_query_string()
    context = {
        "results": results,
        "summaries": [(job, plain_summary(job.description)) for job in results.jobs],
        "query": query,
        "error": error,
        "previous_url": f"{base}&page={query.page - 1}" if query.page > 1 else "",
        "next_url": f"{base}&page={query.page + 1}" if query.page < results.pages else "",
        "facets": {
            facet: [(value, label, results.facet_counts[facet][value]) for value, label in choices]
            for facet, choices in (
                ("credential", [(name, name) for name in CREDENTIALS]),
                ("work_arrangement", WORK_ARRANGEMENTS.items()),
                ("employment_type", EMPLOYMENT_TYPES.items()),
                ("specialty", [(name, name) for name in SPECIALTIES]),
            )
        },
        "posted_within": POSTED_WITHIN_DAYS,
    }
    return render(request, "careers/search.html", context, status=status)


def job(request: HttpRequest, job_id: int) -> HttpResponse:
    found = _visible_job(request, job_id)
    description_html = render_description(found.description)
    jsonld = ""
    if found.status == Job.Status.LIVE:
        jsonld = job_posting_jsonld(_posting_facts(request, found, description_html))
    context = {
        "job": found,
        "description_html": description_html,
        "jsonld": jsonld,
        "form": ApplicationForm(),
        "applied": request.user.is_authenticated
        and found.applications.filter(applicant=request.user).exists(),
    }
    return render(request, "careers/job.html", context)


@csrf_exempt  # checked by `_apply`, after the size cap: finding the token would read the whole body
@require_POST
def apply(request: HttpRequest, job_id: int) -> HttpResponse:
    """Refuses an oversized application from its Content-Length, before any of the body is read
    (Django reads no more than Content-Length from the server)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = MAX_APPLICATION_BYTES + 1
    if declared > MAX_APPLICATION_BYTES:
        message = f"The upload is too large: a resume may be up to {MAX_RESUME_BYTES // 1_000_000} MB."
        return HttpResponse(message, status=413, content_type="text/plain")
    return _apply(request, job_id)


@csrf_protect
@login_required
def _apply(request: HttpRequest, job_id: int) -> HttpResponse:
    found = get_object_or_404(live_jobs(), pk=job_id)
    form = ApplicationForm(request.POST, request.FILES)
    if form.is_bot():
        return HttpResponse("Not accepted.", status=400, content_type="text/plain")
    error = ""
    if form.is_valid():
        try:
            apply_to_job(
                found, request.user, form.cleaned_data["resume"].read(), form.cleaned_data["cover_note"]
            )
        except (CareersRefused, ResumeRejected) as refusal:
            error = str(refusal)
        else:
            messages.success(request, f"Your application for {found.title} was sent.")
            return redirect("careers:my_applications")
    context = {
        "job": found,
        "description_html": render_description(found.description),
        "form": form,
        "apply_error": error,
    }
    return render(request, "careers/job.html", context, status=400)


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = request.user.job_applications.select_related("job").order_by("-created_at")
    return render(request, "careers/my_applications.html", {"applications": applications})


@login_required
def saved_searches(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            query = parse_job_query(request.POST)
        except InvalidJobQuery as error:
            return HttpResponse(str(error), status=400, content_type="text/plain")
        save_search(request.user, request.POST.get("name", ""), query)
        messages.success(request, "Search saved: you will get a daily email when new jobs match it.")
        return redirect("careers:saved_searches")
    searches = request.user.saved_searches.order_by("-created_at")
    return render(request, "careers/saved_searches.html", {"searches": searches})


@require_POST
@login_required
def delete_saved_search(request: HttpRequest, search_id: int) -> HttpResponse:
    get_object_or_404(SavedSearch, pk=search_id, user=request.user).delete()
    return redirect("careers:saved_searches")


def _visible_job(request: HttpRequest, job_id: int) -> Job:
    """Live jobs for everyone; any state for the employer who posted it and for staff."""
    found = get_object_or_404(Job.objects.select_related("employer"), pk=job_id)
    if live_jobs().filter(pk=found.pk).exists() or request.user.is_staff:
        return found
    if request.user.is_authenticated and found.employer.user_id == request.user.pk:
        return found
    raise Http404("No such job")


def _posting_facts(request: HttpRequest, found: Job, description_html: str) -> PostingFacts:
    return PostingFacts(
        title=found.title,
        description_html=description_html,
        organisation=found.organisation,
        date_posted=found.published_at.date(),
        valid_through=found.expires_at.date(),
        employment_type=found.employment_type,
        work_arrangement=found.work_arrangement,
        city=found.city,
        region=found.region,
        country=found.country,
        salary_min=found.salary_min,
        salary_max=found.salary_max,
        salary_unit=found.salary_unit,
        url=request.build_absolute_uri(reverse("careers:job", args=[found.pk])),
    )
