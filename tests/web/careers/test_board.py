"""The job board through its pages and API: posting, moderation, applying, statuses, saved searches."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from medcoder.web.careers.digest import schedule_next_digest, send_daily_digests
from medcoder.web.careers.models import Application, EmployerProfile, Job, SavedSearch
from medcoder.web.careers.services import JOBS_PER_EMPLOYER_PER_DAY, approve_job
from tests.consult.conftest import free_port
from tests.test_file_content import docx_bytes
from tests.web.careers.conftest import PDF_RESUME, live_job, make_user

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
JOB_FORM = {
    "title": "Pro-fee Coder",
    "organisation": "Lakeside Clinic",
    "city": "Madison",
    "region": "WI",
    "work_arrangement": "hybrid",
    "employment_type": "full-time",
    "experience_years": "2",
    "salary_min": "50000",
    "salary_max": "60000",
    "salary_unit": "YEAR",
    "description": "Code **E/M** visits.",
    "apply_by": "site",
    "credential_choices": ["CPC", "CCS-P"],
    "specialty_choices": ["Family Practice"],
}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def apply(client: Client, job: Job, resume: bytes = PDF_RESUME, **extra):
    upload = SimpleUploadedFile("resume.pdf", resume, content_type="application/pdf")
    return client.post(f"/careers/jobs/{job.pk}/apply/", {"resume": upload, "cover_note": "Hello"} | extra)


def test_a_posted_job_waits_for_approval_then_is_found(employer):
    client = signed_in(employer.user)
    assert client.post("/careers/employer/post/", JOB_FORM).status_code == 302
    job = Job.objects.get(title="Pro-fee Coder")
    assert (job.status, job.credential_list, job.specialty_list) == (
        "pending",
        ["CPC", "CCS-P"],
        ["Family Practice"],
    )
    assert "Pro-fee Coder" not in Client().get("/careers/").content.decode()
    assert Client().get(f"/careers/jobs/{job.pk}/").status_code == 404
    approve_job(job)
    assert "Pro-fee Coder" in Client().get("/careers/", {"credential": "CCS-P"}).content.decode()


def test_unverified_employers_bots_and_floods_are_refused(employer):
    unverified = EmployerProfile.objects.create(user=make_user("new@firm.example"), organisation="New Firm")
    page = signed_in(unverified.user).post("/careers/employer/post/", JOB_FORM)
    assert page.status_code == 400 and "waiting for verification" in page.content.decode()
    client = signed_in(employer.user)
    assert (
        client.post("/careers/employer/post/", JOB_FORM | {"website_confirm": "http://spam"}).status_code
        == 400
    )
    for _ in range(JOBS_PER_EMPLOYER_PER_DAY):
        client.post("/careers/employer/post/", JOB_FORM)
    refused = client.post("/careers/employer/post/", JOB_FORM)
    assert refused.status_code == 400 and "jobs a day" in refused.content.decode()
    assert Job.objects.count() == JOBS_PER_EMPLOYER_PER_DAY


def test_no_html_injection_in_job_pages_search_or_json_ld(employer):
    job = live_job(
        employer,
        title=f"Coder {SCRIPT}",
        organisation="Evil </script><img src=x onerror=alert(1)>",
        description=f"Hi {SCRIPT} [link](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )
    for page in (
        Client().get(f"/careers/jobs/{job.pk}/").content.decode(),
        Client().get("/careers/", {"text": SCRIPT}).content.decode(),
        Client().get("/careers/").content.decode(),
    ):
        assert "<script>alert" not in page and "<img src=x" not in page and "javascript:" not in page
    page = Client().get(f"/careers/jobs/{job.pk}/").content.decode()
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    posting = json.loads(jsonld)
    assert posting["@type"] == "JobPosting" and posting["title"] == f"Coder {SCRIPT}"
    assert posting["hiringOrganization"]["name"].startswith("Evil </script>")


def test_apply_with_a_resume_then_the_employer_downloads_it_and_sets_a_status(employer, seeker):
    job = live_job(employer)
    assert apply(signed_in(seeker), job, cover_note=f"Hi {SCRIPT}").status_code == 302
    application = Application.objects.get()
    assert "Submitted" in signed_in(seeker).get("/careers/applications/").content.decode()
    employer_client = signed_in(employer.user)
    applicants = employer_client.get(f"/careers/employer/jobs/{job.pk}/applicants/").content.decode()
    assert "coder@example.org" in applicants and "&lt;script&gt;" in applicants and SCRIPT not in applicants
    resume_url = f"/careers/employer/applications/{application.pk}/resume/"
    download = employer_client.get(resume_url)
    assert (
        download["Content-Type"] == "application/pdf" and b"".join(download.streaming_content) == PDF_RESUME
    )
    assert signed_in(seeker).get(resume_url).status_code == 404
    assert Client().get(resume_url).status_code == 302  # to the login page
    status_url = f"/careers/employer/applications/{application.pk}/status/"
    assert employer_client.post(status_url, {"status": "interview"}).status_code == 302
    assert mail.outbox[-1].to == ["coder@example.org"] and "Invited to interview" in mail.outbox[-1].subject
    assert "Invited to interview" in signed_in(seeker).get("/careers/applications/").content.decode()
    assert employer_client.post(status_url, {"status": "hired!"}).status_code == 400


def test_resumes_are_checked_by_content_and_applying_twice_is_refused(employer, seeker):
    job = live_job(employer)
    client = signed_in(seeker)
    refused = apply(client, job, resume=b"<html>" + SCRIPT.encode())
    assert refused.status_code == 400 and "PDF or a Word" in refused.content.decode()
    assert apply(client, job, website_confirm="bot").status_code == 400
    assert apply(client, job).status_code == 302
    again = apply(client, job)
    assert again.status_code == 400 and "already applied" in again.content.decode()
    assert Application.objects.count() == 1


def test_edit_sends_a_job_back_to_review_and_close_takes_it_down(employer):
    job = live_job(employer)
    client = signed_in(employer.user)
    assert (
        signed_in(make_user("other@example.org")).get(f"/careers/employer/jobs/{job.pk}/edit/").status_code
        == 404
    )
    client.post(f"/careers/employer/jobs/{job.pk}/edit/", JOB_FORM | {"title": "Renamed"})
    job.refresh_from_db()
    assert (job.title, job.status) == ("Renamed", "pending")
    approve_job(job)
    client.post(f"/careers/employer/jobs/{job.pk}/close/")
    assert Client().get(f"/careers/jobs/{job.pk}/").status_code == 404


def test_saved_search_feed_and_daily_digest(employer, seeker):
    client = signed_in(seeker)
    client.post("/careers/saved/", {"name": "Remote CPC", "credential": "CPC", "work_arrangement": "remote"})
    saved = SavedSearch.objects.get()
    live_job(employer, title="Remote CPC coder")
    live_job(employer, title="On-site coder", work_arrangement="on-site")
    feed = Client().get(f"/careers/saved/{saved.feed_token}/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert b"Remote CPC coder" in feed.content and b"On-site coder" not in feed.content
    assert send_daily_digests.call() == 1
    assert mail.outbox[-1].to == ["coder@example.org"] and "Remote CPC coder" in mail.outbox[-1].body
    assert send_daily_digests.call() == 0  # once a day
    assert Client().get("/careers/saved/not-a-token/feed.atom").status_code == 404


def test_api_searches_live_jobs_and_refuses_bad_parameters(employer):
    job = live_job(employer, title="API coder", description="Uses **CPT**.")
    found = Client().get("/api/v1/jobs", {"text": "api coder"}).json()
    assert found["total"] == 1 and found["jobs"][0]["credentials"] == ["CPC"]
    assert found["facets"]["credential"] == {"CPC": 1}
    detail = Client().get(f"/api/v1/jobs/{job.pk}").json()
    assert detail["description_html"] == "<p>Uses <strong>CPT</strong>.</p>"
    assert Client().get("/api/v1/jobs", {"credential": "XYZ"}).status_code == 400
    assert Client().get("/api/v1/jobs/999999").status_code == 404
    assert Client().get("/careers/", {"salary_at_least": "lots"}).status_code == 400


def test_each_digest_run_queues_exactly_one_run_a_day_later():
    send_daily_digests.call()
    send_daily_digests.call()
    [waiting] = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=send_daily_digests.module_path
    )
    assert timedelta(hours=23) < waiting.run_after - timezone.now() <= timedelta(days=1)
    assert not schedule_next_digest(timedelta(0))  # `medcoder careers digest` adds nothing while one waits


INJECTED = "Coder\r\nBcc: victim@example.org"


@pytest.mark.parametrize("field", ["title", "organisation", "city", "region"])
def test_line_breaks_in_single_line_job_fields_are_refused(employer, field):
    page = signed_in(employer.user).post("/careers/employer/post/", JOB_FORM | {field: INJECTED})
    assert page.status_code == 400 and "Keep this on one line" in page.content.decode()
    assert not Job.objects.exists()


def test_line_breaks_in_the_employer_profile_are_refused():
    user = make_user("hr@new.example")
    page = signed_in(user).post("/careers/employer/", {"organisation": "New\nFirm"})
    assert "Keep this on one line" in page.content.decode()
    assert not EmployerProfile.objects.filter(user=user).exists()


def test_status_mail_cannot_carry_injected_headers_or_html(employer, seeker):
    """A title stored before the form refused line breaks (or entered through the admin)."""
    job = live_job(employer, title=f"{INJECTED} {SCRIPT}")
    apply(signed_in(seeker), job)
    application = Application.objects.get()
    response = signed_in(employer.user).post(
        f"/careers/employer/applications/{application.pk}/status/", {"status": "reviewed"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    [sent] = mail.outbox
    wire = sent.message().as_bytes()
    assert application.status == "reviewed" and sent.to == ["coder@example.org"]
    assert "\n" not in sent.subject and "\r" not in sent.subject
    assert not re.search(rb"(?im)^bcc:", headers_of(wire)) and sent.message()["Bcc"] is None
    assert sent.message().get_content_type() == "text/plain" and not sent.alternatives  # no HTML to inject


def test_a_status_change_is_kept_only_when_the_applicant_was_told(employer, seeker, settings):
    job = live_job(employer)
    apply(signed_in(seeker), job)
    application = Application.objects.get()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    page = signed_in(employer.user).post(
        f"/careers/employer/applications/{application.pk}/status/", {"status": "interview"}, follow=True
    )
    assert "The status was not changed" in page.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"


def test_saved_search_names_stay_on_one_line_in_digest_subjects(employer, seeker):
    signed_in(seeker).post(
        "/careers/saved/", {"name": "CPC jobs\r\nBcc: victim@example.org", "credential": "CPC"}
    )
    saved = SavedSearch.objects.get()
    assert saved.name == "CPC jobs Bcc: victim@example.org"
    SavedSearch.objects.filter(pk=saved.pk).update(name="Old\r\nBcc: victim@example.org")  # stored before
    live_job(employer, title="CPC coder")
    assert send_daily_digests.call() == 1
    [digest] = mail.outbox
    assert "\n" not in digest.subject
    assert not re.search(rb"(?im)^bcc:", headers_of(digest.message().as_bytes()))


def test_word_resumes_with_macros_are_refused(employer, seeker):
    upload = SimpleUploadedFile("resume.docx", docx_bytes(macros=True), content_type="application/msword")
    page = signed_in(seeker).post(f"/careers/jobs/{live_job(employer).pk}/apply/", {"resume": upload})
    assert page.status_code == 400 and "macros" in page.content.decode()
    assert not Application.objects.exists()


def test_resume_size_is_checked_before_the_upload_is_read(employer, seeker):
    job = live_job(employer)
    client = signed_in(seeker)
    just_over = apply(client, job, resume=b"%PDF-" + b"0" * 5_000_000)
    assert just_over.status_code == 400 and "larger than 5 MB" in just_over.content.decode()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(seeker)
    huge = strict.post(
        f"/careers/jobs/{job.pk}/apply/", {"resume": SimpleUploadedFile("r.pdf", b"%PDF-" + b"0" * 6_000_000)}
    )
    assert huge.status_code == 413  # refused from Content-Length, before the CSRF check parses the body
    small = strict.post(f"/careers/jobs/{job.pk}/apply/", {"resume": SimpleUploadedFile("r.pdf", PDF_RESUME)})
    assert small.status_code == 403  # the CSRF check still applies to what is read
    assert not Application.objects.exists()


def headers_of(wire: bytes) -> bytes:
    """The header block of a message as sent (the body may quote a title with its line breaks)."""
    return wire.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
