"""Job search: words, facets, sorting and paging, the same on SQLite and PostgreSQL (MEDCODER_TEST_POSTGRES=1)."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from medcoder.web.careers.models import Job
from medcoder.web.careers.search import PAGE_SIZE, InvalidJobQuery, JobQuery, parse_job_query, search_jobs
from tests.web.careers.conftest import live_job, pending_job

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def titles(query: JobQuery) -> list[str]:
    return [job.title for job in search_jobs(query).jobs]


def test_every_word_must_match_and_title_matches_rank_first(employer):
    live_job(employer, title="Billing Associate", description="Some cardiology coding too.")
    live_job(employer, title="Cardiology Coder", description="Interventional cardiology charts.")
    live_job(employer, title="Radiology Coder", description="Diagnostic imaging.")
    assert titles(JobQuery(text="cardiology coding")) == ["Billing Associate"]
    assert titles(JobQuery(text="cardiology")) == ["Cardiology Coder", "Billing Associate"]


def test_facets_narrow_the_results(employer):
    live_job(
        employer,
        title="CCS inpatient",
        credentials=",CCS,",
        work_arrangement="on-site",
        city="Boston",
        region="MA",
        specialties=",Hospital Inpatient,",
    )
    live_job(employer, title="CCS-P physician", credentials=",CCS-P,", employment_type="contract")
    live_job(employer, title="Hourly auditor", salary_min=40, salary_max=45, salary_unit="HOUR")
    assert titles(JobQuery(credential="CCS")) == ["CCS inpatient"]
    assert titles(JobQuery(work_arrangement="on-site")) == ["CCS inpatient"]
    assert titles(JobQuery(location="boston")) == ["CCS inpatient"]
    assert titles(JobQuery(location="MA")) == ["CCS inpatient"]
    assert titles(JobQuery(employment_type="contract")) == ["CCS-P physician"]
    assert titles(JobQuery(specialty="Hospital Inpatient")) == ["CCS inpatient"]
    assert titles(JobQuery(salary_at_least=90000)) == ["Hourly auditor"]  # 45 an hour is 93,600 a year
    counts = search_jobs(JobQuery(work_arrangement="remote")).facet_counts
    assert counts["credential"] == {"CCS-P": 1, "CPC": 1}
    assert counts["employment_type"] == {"contract": 1, "full-time": 1}
    assert counts["work_arrangement"] == {"remote": 2}


def test_posted_date_and_date_sort(employer):
    old = live_job(employer, title="Older cardiology job")
    Job.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=10))
    live_job(employer, title="Newer job", description="cardiology")
    assert titles(JobQuery(posted_within_days=7)) == ["Newer job"]
    assert titles(JobQuery(text="cardiology", sort="date")) == ["Newer job", "Older cardiology job"]
    assert titles(JobQuery(text="cardiology")) == ["Older cardiology job", "Newer job"]


def test_only_live_unexpired_jobs_are_found(employer):
    live_job(employer, title="Live")
    expired = live_job(employer, title="Expired")
    Job.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    live_job(employer, title="Closed", status=Job.Status.CLOSED).__class__.objects.filter(
        title="Closed"
    ).update(status=Job.Status.CLOSED)
    pending_job(employer, title="Pending")
    assert titles(JobQuery()) == ["Live"]


def test_results_come_a_page_at_a_time(employer):
    for number in range(PAGE_SIZE + 3):
        live_job(employer, title=f"Coder {number}")
    first, last = search_jobs(JobQuery()), search_jobs(JobQuery(page=2))
    assert (first.total, first.pages, len(first.jobs), len(last.jobs)) == (PAGE_SIZE + 3, 2, PAGE_SIZE, 3)
    assert not {job.pk for job in first.jobs} & {job.pk for job in last.jobs}


def test_parameters_outside_the_offered_values_are_refused():
    with pytest.raises(InvalidJobQuery, match="credential"):
        parse_job_query({"credential": "<script>"})
    with pytest.raises(InvalidJobQuery, match="posted_within_days"):
        parse_job_query({"posted_within_days": "3"})
    with pytest.raises(InvalidJobQuery, match="page"):
        parse_job_query({"page": "-1"})
    query = parse_job_query({"text": "  remote   CPC ", "credential": "CPC", "sort": "date"})
    assert query == JobQuery(text="remote CPC", credential="CPC", sort="date")
    assert parse_job_query(QueryDict(query.to_query_string())) == query


def test_a_salary_range_matches_when_it_reaches_the_asked_minimum(employer):
    live_job(employer, title="Minimum only", salary_min=60000, salary_max=None)
    live_job(employer, title="Maximum only", salary_min=None, salary_max=52000)
    live_job(employer, title="Range across", salary_min=45000, salary_max=55000)
    live_job(employer, title="Range below", salary_min=40000, salary_max=48000)
    live_job(employer, title="No salary", salary_min=None, salary_max=None)
    live_job(employer, title="Hourly minimum", salary_min=30, salary_max=None, salary_unit="HOUR")  # 62,400
    live_job(employer, title="Hourly below", salary_min=18, salary_max=22, salary_unit="HOUR")  # 45,760
    assert sorted(titles(JobQuery(salary_at_least=50000))) == [
        "Hourly minimum",
        "Maximum only",
        "Minimum only",
        "Range across",
    ]


def test_location_takes_city_and_state_the_way_people_write_them(employer):
    live_job(employer, title="Austin, Texas", city="Austin", region="TX")
    live_job(employer, title="Austin, Minnesota", city="Austin", region="MN")
    live_job(employer, title="Houston", city="Houston", region="Texas")  # the employer spelled it out
    live_job(employer, title="New York City", city="New York", region="NY")
    live_job(employer, title="Albany", city="Albany", region="NY")
    assert titles(JobQuery(location="Austin, TX")) == ["Austin, Texas"]
    assert titles(JobQuery(location="austin texas")) == ["Austin, Texas"]
    assert sorted(titles(JobQuery(location="Austin"))) == ["Austin, Minnesota", "Austin, Texas"]
    assert sorted(titles(JobQuery(location="TX"))) == ["Austin, Texas", "Houston"]
    assert sorted(titles(JobQuery(location="Texas"))) == ["Austin, Texas", "Houston"]
    assert sorted(titles(JobQuery(location="New York"))) == ["Albany", "New York City"]
    assert titles(JobQuery(location="Dallas, TX")) == []
