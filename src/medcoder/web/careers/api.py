"""GET /api/v1/jobs (search, same parameters as the search page) and GET /api/v1/jobs/{id}."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from medcoder.careers.markdown_text import plain_summary, render_description
from medcoder.web.accounts.api import ErrorOut
from medcoder.web.careers.models import Job
from medcoder.web.careers.search import InvalidJobQuery, live_jobs, parse_job_query, search_jobs

router = Router(tags=["careers"])


class JobOut(Schema):
    id: int
    title: str
    organisation: str
    city: str
    region: str
    country: str
    work_arrangement: str
    employment_type: str
    credentials: list[str]
    specialties: list[str]
    experience_years: int
    salary_min: int | None
    salary_max: int | None
    salary_unit: str
    summary: str
    published_at: datetime
    expires_at: datetime
    demo: bool
    url: str


class JobDetailOut(JobOut):
    description_html: str
    apply_by: str
    apply_url: str
    apply_email: str


class JobSearchOut(Schema):
    total: int
    page: int
    pages: int
    jobs: list[JobOut]
    facets: dict[str, dict[str, int]]


def _job_out(request: HttpRequest, job: Job) -> dict:
    fields = {name: getattr(job, name) for name in JobOut.model_fields if hasattr(job, name)}
    return fields | {
        "credentials": job.credential_list,
        "specialties": job.specialty_list,
        "summary": plain_summary(job.description),
        "url": request.build_absolute_uri(f"/careers/jobs/{job.pk}/"),
    }


@router.get("/jobs", response={200: JobSearchOut, 400: ErrorOut}, summary="Search live jobs")
def search(request: HttpRequest):
    """Parameters as on /careers/: text, credential, work_arrangement, location, employment_type,
    specialty, salary_at_least (yearly USD), posted_within_days (1, 7 or 30), sort (relevance|date), page."""
    try:
        query = parse_job_query(request.GET)
    except InvalidJobQuery as error:
        return Status(400, {"detail": str(error)})
    results = search_jobs(query)
    jobs = [_job_out(request, job) for job in results.jobs]
    facets = {facet: dict(counts) for facet, counts in results.facet_counts.items()}
    return {
        "total": results.total,
        "page": query.page,
        "pages": results.pages,
        "jobs": jobs,
        "facets": facets,
    }


@router.get("/jobs/{job_id}", response={200: JobDetailOut, 404: ErrorOut}, summary="One live job")
def job(request: HttpRequest, job_id: int):
    found = live_jobs().filter(pk=job_id).first()
    if found is None:
        return Status(404, {"detail": f"No live job {job_id}"})
    return _job_out(request, found) | {
        "description_html": render_description(found.description),
        "apply_by": found.apply_by,
        "apply_url": found.apply_url,
        "apply_email": found.apply_email,
    }
