"""The demo board on the site: `careers.demo_jobs` written as live jobs of one demo employer."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from medcoder.careers.demo_jobs import DEMO_JOBS, DemoJob
from medcoder.web.careers.models import EmployerProfile, Job
from medcoder.web.careers.services import LISTING_DAYS

DEMO_EMPLOYER_EMAIL = "demo-employer@example.invalid"


def seed_demo_board() -> int:
    """Replace the demo jobs with a fresh set, live for LISTING_DAYS from their posting date; returns
    how many. The demo employer's account cannot log in (inactive)."""
    user, _ = get_user_model().objects.get_or_create(
        username=DEMO_EMPLOYER_EMAIL, defaults={"email": DEMO_EMPLOYER_EMAIL, "is_active": False}
    )
    employer, _ = EmployerProfile.objects.update_or_create(
        user=user, defaults={"organisation": "Demo employers (demo)", "verified": True}
    )
    now = timezone.now()
    with transaction.atomic():
        Job.objects.filter(demo=True).delete()
        Job.objects.bulk_create(_job(employer, demo, now) for demo in DEMO_JOBS)
    return len(DEMO_JOBS)


def _job(employer: EmployerProfile, demo: DemoJob, now) -> Job:
    published = now - timedelta(days=demo.posted_days_ago)
    return Job(
        employer=employer,
        title=demo.role.title,
        organisation=demo.organisation,
        city=demo.city,
        region=demo.region,
        work_arrangement=demo.work_arrangement,
        employment_type=demo.employment_type,
        credentials=f",{','.join(demo.role.credentials)},",
        specialties=f",{','.join(demo.role.specialties)},",
        experience_years=demo.experience_years,
        salary_min=demo.salary_min,
        salary_max=demo.salary_max,
        salary_unit=demo.salary_unit,
        description=demo.description,
        apply_by=Job.ApplyBy.SITE,
        status=Job.Status.LIVE,
        published_at=published,
        expires_at=published + timedelta(days=LISTING_DAYS),
        demo=True,
    )
