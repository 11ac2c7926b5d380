"""What changes the job board: posting, moderation, renewal, applying, statuses and saved searches.

Views and the admin call these; each enforces its own rule (verified employer, live job, rate limit)
and raises a specific exception the caller turns into a message.
"""

import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from medcoder.careers.resumes import check_resume
from medcoder.web.careers.emails import one_line, send_status_mail
from medcoder.web.careers.models import Application, EmployerProfile, Job, SavedSearch
from medcoder.web.careers.search import JobQuery, live_jobs

LISTING_DAYS = 30
JOBS_PER_EMPLOYER_PER_DAY = 10
APPLICATIONS_PER_USER_PER_HOUR = 10


class CareersRefused(Exception):
    """An action the board does not allow; the message says why, in words the user can act on."""


def resume_folder() -> Path:
    """Outside the web root: resumes are only ever sent through the employer's download view."""
    return settings.VAR_DIR / "careers" / "resumes"


def submit_job(employer: EmployerProfile, job: Job) -> Job:
    """A new job waits for staff review; unverified employers and floods are refused."""
    if not employer.verified:
        raise CareersRefused("Your employer profile is waiting for verification by our staff.")
    since = timezone.now() - timedelta(days=1)
    if employer.jobs.filter(created_at__gte=since).count() >= JOBS_PER_EMPLOYER_PER_DAY:
        raise CareersRefused(f"You can post {JOBS_PER_EMPLOYER_PER_DAY} jobs a day; try again tomorrow.")
    job.employer, job.status = employer, Job.Status.PENDING
    job.save()
    return job


def resubmit_edited_job(job: Job) -> Job:
    """An edited job goes back to review, so nothing unreviewed ever goes live."""
    job.status, job.published_at, job.expires_at = Job.Status.PENDING, None, None
    job.save()
    return job


def approve_job(job: Job) -> Job:
    now = timezone.now()
    job.status, job.published_at = Job.Status.LIVE, now
    job.expires_at, job.moderation_note = now + timedelta(days=LISTING_DAYS), ""
    job.save()
    return job


def reject_job(job: Job, note: str) -> Job:
    job.status, job.moderation_note = Job.Status.REJECTED, note[:300]
    job.save()
    return job


def renew_job(job: Job) -> Job:
    """Another LISTING_DAYS from today for a live or expired job; closed or unreviewed jobs cannot renew."""
    if job.status != Job.Status.LIVE:
        raise CareersRefused("Only an approved job can be renewed.")
    job.expires_at = timezone.now() + timedelta(days=LISTING_DAYS)
    job.save()
    return job


def close_job(job: Job) -> Job:
    job.status = Job.Status.CLOSED
    job.save()
    return job


def apply_to_job(job: Job, applicant, resume: bytes, cover_note: str) -> Application:
    """Store the resume (checked by content) under var/ and record the application."""
    if not live_jobs().filter(pk=job.pk, apply_by=Job.ApplyBy.SITE).exists():
        raise CareersRefused("This job does not take applications here.")
    since = timezone.now() - timedelta(hours=1)
    if applicant.job_applications.filter(created_at__gte=since).count() >= APPLICATIONS_PER_USER_PER_HOUR:
        raise CareersRefused(
            f"You can send {APPLICATIONS_PER_USER_PER_HOUR} applications an hour; try again later."
        )
    kind = check_resume(resume)
    folder = resume_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{kind.extension}"
    path.write_bytes(resume)
    try:
        with transaction.atomic():
            return Application.objects.create(
                job=job,
                applicant=applicant,
                cover_note=cover_note[:5000],
                resume_file=path.name,
                resume_content_type=kind.content_type,
            )
    except IntegrityError:
        path.unlink()
        raise CareersRefused("You have already applied to this job.") from None


def change_application_status(application: Application, status: str, site_url: str) -> Application:
    """The applicant is told by email whenever the status changes: the change is kept only when the
    mail went out, so a mail failure (the backend's OSError or SMTPException) changes nothing."""
    if status not in Application.Status.values:
        raise CareersRefused(f"Unknown application status {status[:40]!r}.")
    if status != application.status:
        with transaction.atomic():
            application.status = status
            application.save()
            send_status_mail(application, site_url)
    return application


def save_search(user, name: str, query: JobQuery) -> SavedSearch:
    """The name goes into digest subjects: kept on one line."""
    return SavedSearch.objects.create(
        user=user, name=one_line(name)[:120] or "My job search", query_string=query.to_query_string()
    )
