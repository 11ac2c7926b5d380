"""Job search: full text plus facets, by relevance or date, a page at a time.

On PostgreSQL the text goes through its full-text search (stemmed, ranked with `ts_rank`); elsewhere
(SQLite) every word must appear in the job, and words found in the title rank higher. Both read the
same `JobQuery`, which the page, the API, saved searches, feeds and digests all parse the same way.
"""

import operator
from collections import Counter
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from functools import reduce

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils import timezone

from medcoder.careers.locations import Place, places_named
from medcoder.careers.vocabulary import CREDENTIALS, EMPLOYMENT_TYPES, SPECIALTIES, WORK_ARRANGEMENTS
from medcoder.paging import page_count
from medcoder.web.careers.models import Job

PAGE_SIZE = 20
POSTED_WITHIN_DAYS = (1, 7, 30)
SORTS = ("relevance", "date")


class InvalidJobQuery(ValueError):
    """A search parameter that is not one of the offered values; the message names it."""


@dataclass(frozen=True)
class JobQuery:
    text: str = ""
    credential: str = ""
    work_arrangement: str = ""
    location: str = ""
    employment_type: str = ""
    specialty: str = ""
    # yearly USD; a job matches when its range reaches it (its maximum, or its minimum when it names no
    # maximum); hourly posts count as 2080 hours a year; jobs that name no salary never match
    salary_at_least: int | None = None
    posted_within_days: int | None = None
    sort: str = "relevance"
    page: int = 1

    def to_query_string(self) -> str:
        """The parameters that differ from the defaults, page excluded (saved searches keep this)."""
        params = QueryDict(mutable=True)
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name != "page" and value not in ("", None, field.default):
                params[field.name] = str(value)
        return params.urlencode()

    def on_page(self, page: int) -> "JobQuery":
        return replace(self, page=page)


@dataclass(frozen=True)
class JobResults:
    jobs: list[Job]
    total: int
    query: JobQuery
    facet_counts: dict[str, Counter]  # facet name -> value -> matching jobs, over all pages

    @property
    def pages(self) -> int:
        return page_count(self.total, PAGE_SIZE)


def parse_job_query(params: QueryDict | dict) -> JobQuery:
    """A `JobQuery` from request parameters; raises `InvalidJobQuery` for values the form never offers."""
    get = params.get
    query = JobQuery(
        text=" ".join(str(get("text", "")).split())[:200],
        credential=_one_of("credential", get("credential", ""), CREDENTIALS),
        work_arrangement=_one_of("work_arrangement", get("work_arrangement", ""), WORK_ARRANGEMENTS),
        location=str(get("location", "")).strip()[:80],
        employment_type=_one_of("employment_type", get("employment_type", ""), EMPLOYMENT_TYPES),
        specialty=_one_of("specialty", get("specialty", ""), SPECIALTIES),
        salary_at_least=_whole_number("salary_at_least", get("salary_at_least", "")),
        posted_within_days=_whole_number("posted_within_days", get("posted_within_days", "")),
        sort=_one_of("sort", get("sort", ""), SORTS) or "relevance",
        page=_whole_number("page", get("page", "")) or 1,
    )
    if query.posted_within_days is not None and query.posted_within_days not in POSTED_WITHIN_DAYS:
        raise InvalidJobQuery(f"posted_within_days must be one of {', '.join(map(str, POSTED_WITHIN_DAYS))}")
    return query


def live_jobs(now: datetime | None = None) -> QuerySet[Job]:
    """Approved jobs that have not expired or been closed: the only ones anybody but their employer sees."""
    return Job.objects.filter(status=Job.Status.LIVE, expires_at__gt=now or timezone.now())


def search_jobs(query: JobQuery, published_after: datetime | None = None) -> JobResults:
    jobs = _with_facets(live_jobs(), query)
    if published_after is not None:
        jobs = jobs.filter(published_at__gt=published_after)
    jobs, ranked = _with_text(jobs, query.text)
    if query.sort == "relevance" and ranked:
        jobs = jobs.order_by("-rank", "-published_at", "-pk")
    else:
        jobs = jobs.order_by("-published_at", "-pk")
    total = jobs.count()
    start = (query.page - 1) * PAGE_SIZE
    return JobResults(
        jobs=list(jobs[start : start + PAGE_SIZE]), total=total, query=query, facet_counts=_facet_counts(jobs)
    )


def _facet_counts(jobs: QuerySet[Job]) -> dict[str, Counter]:
    counts = {"credential": Counter(), "specialty": Counter()}
    for credentials, specialties in jobs.order_by().values_list("credentials", "specialties"):
        counts["credential"].update(name for name in credentials.split(",") if name)
        counts["specialty"].update(name for name in specialties.split(",") if name)
    for facet in ("work_arrangement", "employment_type"):
        rows = jobs.order_by().values_list(facet).annotate(matching=Count("pk"))
        counts[facet] = Counter(dict(rows))
    return counts


def _with_facets(jobs: QuerySet[Job], query: JobQuery) -> QuerySet[Job]:
    if query.credential:
        jobs = jobs.filter(credentials__contains=f",{query.credential},")
    if query.specialty:
        jobs = jobs.filter(specialties__contains=f",{query.specialty},")
    if query.work_arrangement:
        jobs = jobs.filter(work_arrangement=query.work_arrangement)
    if query.employment_type:
        jobs = jobs.filter(employment_type=query.employment_type)
    if query.location:
        jobs = jobs.filter(_in_places(places_named(query.location)))
    if query.salary_at_least is not None:
        top = Coalesce(F("salary_max"), F("salary_min"))
        yearly_top = Case(
            When(salary_unit=Job.SalaryUnit.HOUR, then=top * 2080), default=top, output_field=IntegerField()
        )
        jobs = jobs.alias(yearly_top=yearly_top).filter(yearly_top__gte=query.salary_at_least)
    if query.posted_within_days is not None:
        jobs = jobs.filter(published_at__gte=timezone.now() - timedelta(days=query.posted_within_days))
    return jobs


def _in_places(places: list[Place]) -> Q:
    """Jobs in any of `places` (see `careers.locations`); cities and regions compared case-blind."""
    anywhere = Q()
    for place in places:
        here = Q(city__iexact=place.city) if place.city else Q()
        if place.regions:
            here &= reduce(operator.or_, (Q(region__iexact=region) for region in place.regions))
        anywhere |= here
    return anywhere


def _with_text(jobs: QuerySet[Job], text: str) -> tuple[QuerySet[Job], bool]:
    """Jobs matching every word of `text`, annotated with `rank`; False when there was no text."""
    if not text:
        return jobs, False
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        document = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("organisation", "specialties", "credentials", weight="B", config="english")
            + SearchVector("description", weight="C", config="english")
        )
        words = SearchQuery(text, config="english", search_type="plain")
        return jobs.annotate(document=document, rank=SearchRank(document, words)).filter(document=words), True
    rank = Value(0)
    for word in text.split():
        in_job = (
            Q(title__icontains=word)
            | Q(organisation__icontains=word)
            | Q(description__icontains=word)
            | Q(credentials__icontains=word)
            | Q(specialties__icontains=word)
        )
        jobs = jobs.filter(in_job)
        rank = rank + Case(When(title__icontains=word, then=Value(2)), default=Value(1))
    return jobs.annotate(rank=rank), True


def _one_of(name: str, value: str, allowed) -> str:
    value = str(value).strip()
    if value and value not in allowed:
        raise InvalidJobQuery(f"{name}: {value[:40]!r} is not one of the offered values")
    return value


def _whole_number(name: str, value) -> int | None:
    value = str(value).strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1 or len(value) > 9:
        raise InvalidJobQuery(f"{name} must be a positive whole number")
    return int(value)
