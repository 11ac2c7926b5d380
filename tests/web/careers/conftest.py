"""CareerCenter fixtures: a verified employer, a job seeker, resumes stored in a temporary var/."""

import pytest
from django.contrib.auth import get_user_model

from medcoder.web.careers.models import EmployerProfile, Job
from medcoder.web.careers.services import approve_job

PDF_RESUME = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def resumes_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def make_user(email: str):
    return get_user_model().objects.create_user(username=email, email=email, password="x" * 12)


@pytest.fixture
def employer() -> EmployerProfile:
    return EmployerProfile.objects.create(
        user=make_user("hr@clinic.example"), organisation="Lakeside Clinic", verified=True
    )


@pytest.fixture
def seeker():
    return make_user("coder@example.org")


def pending_job(employer: EmployerProfile, **fields) -> Job:
    """A submitted job staff have not approved yet; fields override realistic defaults."""
    values = {
        "title": "Outpatient Coder",
        "organisation": employer.organisation,
        "city": "Madison",
        "region": "WI",
        "work_arrangement": "remote",
        "employment_type": "full-time",
        "credentials": ",CPC,",
        "specialties": ",Hospital Outpatient,",
        "experience_years": 2,
        "salary_min": 50000,
        "salary_max": 60000,
        "description": "Code outpatient encounters.",
    } | fields
    return Job.objects.create(employer=employer, **values)


def live_job(employer: EmployerProfile, **fields) -> Job:
    """An approved job; fields override realistic defaults."""
    return approve_job(pending_job(employer, **fields))
