"""Employers' pages: their profile, posting and editing jobs, applicants, resumes and statuses."""

import smtplib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from medcoder.web.careers.forms import EmployerProfileForm, JobForm
from medcoder.web.careers.models import Application, EmployerProfile, Job
from medcoder.web.careers.services import (
    CareersRefused,
    change_application_status,
    close_job,
    renew_job,
    resubmit_edited_job,
    resume_folder,
    submit_job,
)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    employer = EmployerProfile.objects.filter(user=request.user).first()
    form = EmployerProfileForm(request.POST or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        profile = form.save(commit=False)
        profile.user = request.user
        profile.save()
        messages.success(request, "Employer profile saved.")
        return redirect("careers:dashboard")
    jobs = employer.jobs.order_by("-created_at") if employer else []
    return render(request, "careers/dashboard.html", {"employer": employer, "form": form, "jobs": jobs})


@login_required
def post_job(request: HttpRequest) -> HttpResponse:
    employer = get_object_or_404(EmployerProfile, user=request.user)
    form = JobForm(request.POST or None, initial={"organisation": employer.organisation})
    if request.method == "POST":
        if form.is_bot():
            return HttpResponse("Not accepted.", status=400, content_type="text/plain")
        if form.is_valid():
            try:
                job = submit_job(employer, form.save(commit=False))
            except CareersRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"“{job.title}” was sent for review; it goes live once approved.")
                return redirect("careers:dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "careers/job_form.html", {"form": form, "editing": False}, status=status)


@login_required
def edit_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _own_job(request, job_id)
    form = JobForm(request.POST or None, instance=job)
    if request.method == "POST":
        if form.is_bot():
            return HttpResponse("Not accepted.", status=400, content_type="text/plain")
        if form.is_valid():
            resubmit_edited_job(form.save(commit=False))
            messages.success(request, "Changes saved; the job goes live again once reviewed.")
            return redirect("careers:dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "careers/job_form.html", {"form": form, "editing": True}, status=status)


@require_POST
@login_required
def close(request: HttpRequest, job_id: int) -> HttpResponse:
    close_job(_own_job(request, job_id))
    return redirect("careers:dashboard")


@require_POST
@login_required
def renew(request: HttpRequest, job_id: int) -> HttpResponse:
    try:
        renew_job(_own_job(request, job_id))
    except CareersRefused as refusal:
        messages.error(request, str(refusal))
    return redirect("careers:dashboard")


@login_required
def applicants(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _own_job(request, job_id)
    context = {
        "job": job,
        "applications": job.applications.select_related("applicant").order_by("-created_at"),
        "statuses": Application.Status.choices,
    }
    return render(request, "careers/applicants.html", context)


@login_required
def resume(request: HttpRequest, application_id: int) -> FileResponse:
    application = _own_application(request, application_id)
    path = resume_folder() / application.resume_file
    extension = path.suffix
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"resume-{application.pk}{extension}",
        content_type=application.resume_content_type,
    )


@require_POST
@login_required
def set_status(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _own_application(request, application_id)
    site_url = request.build_absolute_uri("/").rstrip("/")
    try:
        change_application_status(application, request.POST.get("status", ""), site_url)
    except CareersRefused as refusal:
        return HttpResponse(str(refusal), status=400, content_type="text/plain")
    except (OSError, smtplib.SMTPException) as error:
        messages.error(request, f"The status was not changed: the applicant could not be emailed ({error}).")
    return redirect("careers:applicants", job_id=application.job_id)


def _own_job(request: HttpRequest, job_id: int) -> Job:
    return get_object_or_404(Job, pk=job_id, employer__user=request.user)


def _own_application(request: HttpRequest, application_id: int) -> Application:
    return get_object_or_404(Application, pk=application_id, job__employer__user=request.user)
