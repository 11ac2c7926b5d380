"""Employers, their jobs, the applications coders send, and the searches coders keep.

Credentials and specialties are stored as ",CPC,CCS," so one `contains` filter works the same on
SQLite and PostgreSQL (the names themselves never hold commas).
"""

import secrets

from django.conf import settings
from django.db import models

from medcoder.careers.vocabulary import EMPLOYMENT_TYPES, WORK_ARRANGEMENTS


class EmployerProfile(models.Model):
    """Only a verified employer (checked by staff) may post jobs."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer")
    organisation = models.CharField(max_length=120)
    website = models.URLField(blank=True)
    verified = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.organisation} ({'verified' if self.verified else 'unverified'})"


class Job(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        LIVE = "live", "Live"
        REJECTED = "rejected", "Rejected"
        CLOSED = "closed", "Closed"

    class ApplyBy(models.TextChoices):
        SITE = "site", "On this site"
        URL = "url", "On the employer's site"
        EMAIL = "email", "By email"

    class SalaryUnit(models.TextChoices):
        YEAR = "YEAR", "per year"
        HOUR = "HOUR", "per hour"

    employer = models.ForeignKey(EmployerProfile, on_delete=models.CASCADE, related_name="jobs")
    title = models.CharField(max_length=120)
    organisation = models.CharField(max_length=120)
    city = models.CharField(max_length=80)
    region = models.CharField(max_length=40, help_text="State or province")
    country = models.CharField(max_length=2, default="US")
    work_arrangement = models.CharField(max_length=10, choices=list(WORK_ARRANGEMENTS.items()))
    employment_type = models.CharField(max_length=10, choices=list(EMPLOYMENT_TYPES.items()))
    credentials = models.CharField(max_length=200, blank=True)
    specialties = models.CharField(max_length=400, blank=True)
    experience_years = models.PositiveSmallIntegerField(default=0)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_unit = models.CharField(max_length=4, choices=SalaryUnit.choices, default=SalaryUnit.YEAR)
    description = models.TextField(help_text="Markdown")
    apply_by = models.CharField(max_length=5, choices=ApplyBy.choices, default=ApplyBy.SITE)
    apply_url = models.URLField(blank=True)
    apply_email = models.EmailField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    moderation_note = models.CharField(max_length=300, blank=True)
    demo = models.BooleanField(default=False, help_text="Created by `medcoder careers seed-demo`")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.title} at {self.organisation}"

    @property
    def credential_list(self) -> list[str]:
        return [name for name in self.credentials.split(",") if name]

    @property
    def specialty_list(self) -> list[str]:
        return [name for name in self.specialties.split(",") if name]


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        REVIEWED = "reviewed", "Reviewed"
        INTERVIEW = "interview", "Invited to interview"
        OFFER = "offer", "Offer made"
        DECLINED = "declined", "Not selected"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_applications"
    )
    cover_note = models.TextField(blank=True)
    resume_file = models.CharField(max_length=80, help_text="File name under the resume folder in var/")
    resume_content_type = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "applicant"], name="one_application_per_job")]

    def __str__(self) -> str:
        return f"{self.applicant} -> {self.job}"


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class SavedSearch(models.Model):
    """A search kept as its query string; its Atom feed is reachable by the secret token alone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=120)
    query_string = models.CharField(max_length=1000)
    email_digest = models.BooleanField(default=True)
    feed_token = models.CharField(max_length=40, unique=True, default=_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
