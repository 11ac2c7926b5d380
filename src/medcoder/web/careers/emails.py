"""Mail to job seekers: an application's new status, and the daily digest of new jobs.

Plain text only (no HTML part to inject into). Subjects are built from what employers and users typed,
so each is folded onto one line first: a CR/LF there would be a header injection, which Django
refuses with BadHeaderError after the change was already saved.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse


def send_status_mail(application, site_url: str) -> None:
    context = {"application": application, "link": site_url + reverse("careers:my_applications")}
    body = render_to_string("careers/status_email.txt", context)
    subject = f"Your application for {application.job.title}: {application.get_status_display()}"
    send_mail(one_line(subject), body, settings.DEFAULT_FROM_EMAIL, [application.applicant.email])


def send_digest_mail(saved_search, jobs: list, site_url: str) -> None:
    links = [(job, site_url + reverse("careers:job", args=[job.pk])) for job in jobs]
    body = render_to_string("careers/digest_email.txt", {"saved_search": saved_search, "links": links})
    subject = f"{len(jobs)} new job{'s' if len(jobs) != 1 else ''} for {saved_search.name}"
    send_mail(one_line(subject), body, settings.DEFAULT_FROM_EMAIL, [saved_search.user.email])


def one_line(text: str) -> str:
    """`text` with every run of whitespace, line breaks included, as one space."""
    return " ".join(text.split())
