"""A listing's life: renewal after expiry, the demo seed, and stemmed search on PostgreSQL."""

from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.db import connection
from django.utils import timezone

from medcoder.cli import main
from medcoder.web.careers.models import Job
from medcoder.web.careers.search import JobQuery, live_jobs, search_jobs
from medcoder.web.careers.services import LISTING_DAYS, CareersRefused, renew_job
from tests.web.careers.conftest import live_job, pending_job

pytestmark = pytest.mark.django_db


def test_an_expired_job_comes_back_for_another_listing_period_when_renewed(employer):
    job = live_job(employer)
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert not live_jobs().filter(pk=job.pk).exists()
    renew_job(Job.objects.get(pk=job.pk))
    renewed = live_jobs().get(pk=job.pk)
    assert renewed.expires_at - timezone.now() > timedelta(days=LISTING_DAYS - 1)


def test_a_job_never_approved_cannot_be_renewed(employer):
    job = pending_job(employer, title="x")
    with pytest.raises(CareersRefused, match="approved"):
        renew_job(job)


def seeded_board() -> list[tuple]:
    result = CliRunner().invoke(main, ["careers", "seed-demo"])
    assert result.exit_code == 0, result.output
    return list(
        Job.objects.order_by("pk").values_list(
            "title", "organisation", "city", "region", "work_arrangement", "salary_min", "salary_max"
        )
    )


def test_seed_demo_makes_a_varied_live_board_marked_demo_the_same_on_every_run():
    first, second = seeded_board(), seeded_board()
    assert first == second and 30 <= len(first) <= 40  # replaced, not added to; the same board
    board = search_jobs(JobQuery())
    assert board.total == Job.objects.count() == len(first)
    jobs = list(live_jobs())
    assert all(job.demo and job.description.startswith("**Demo listing") for job in jobs)
    assert all("(demo)" in job.organisation for job in jobs)
    counts = board.facet_counts
    assert set(counts["work_arrangement"]) == {"remote", "hybrid", "on-site"}
    assert len(counts["employment_type"]) >= 4 and len(counts["credential"]) >= 12
    assert len(counts["specialty"]) >= 15
    assert {job.salary_unit for job in jobs} == {"YEAR", "HOUR"}
    assert any(job.salary_max is None for job in jobs) and any(job.salary_min is None for job in jobs)
    assert 0 < search_jobs(JobQuery(posted_within_days=7)).total < board.total  # posted over weeks
    assert search_jobs(JobQuery(location="Austin, TX")).total >= 1


@pytest.mark.postgres
def test_postgresql_search_matches_word_forms(employer):
    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL's full-text search (MEDCODER_TEST_POSTGRES=1)")
    live_job(employer, title="Coder", description="We audit coded charts.")
    assert [job.title for job in search_jobs(JobQuery(text="auditing code")).jobs] == ["Coder"]
