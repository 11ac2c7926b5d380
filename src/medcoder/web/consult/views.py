"""Pages: the consultant console (staff only) and the user's own cases. Only HTTP lives here."""

import smtplib

from django import forms
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from medcoder.web.accounts.metering import AllowanceExhausted
from medcoder.web.consult import console
from medcoder.web.consult.models import ConsultCase, InboundMail
from medcoder.web.consult.tasks import retry_parked


class AnswerForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), max_length=20_000, strip=True)


@staff_member_required
def queue(request: HttpRequest) -> HttpResponse:
    context = {"queue": console.queue(), "parked": console.parked_mail()}
    return render(request, "consult/queue.html", context)


@staff_member_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(ConsultCase.objects.select_related("user", "claimed_by"), pk=case_id)
    form = AnswerForm(initial={"text": case.draft})
    return render(request, "consult/case.html", _case_context(case, form))


@staff_member_required
@require_POST
def claim(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(ConsultCase, pk=case_id)
    try:
        console.claim(case, request.user)
    except console.ClaimedByAnother as error:
        messages.error(request, str(error))
    return redirect("consult:case", case_id=case.pk)


@staff_member_required
@require_POST
def save_draft(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(ConsultCase.objects.select_related("user"), pk=case_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render(request, "consult/case.html", _case_context(case, form), status=400)
    try:
        console.save_draft(case, request.user, form.cleaned_data["text"])
    except (console.CaseNotOpen, console.ClaimedByAnother) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Draft saved; it has not been sent.")
    return redirect("consult:case", case_id=case.pk)


@staff_member_required
@require_POST
def send(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(ConsultCase.objects.select_related("user"), pk=case_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render(request, "consult/case.html", _case_context(case, form), status=400)
    try:
        console.send_answer(case, request.user, form.cleaned_data["text"])
    except (console.CaseNotOpen, console.ClaimedByAnother) as error:
        messages.error(request, str(error))
        return redirect("consult:case", case_id=case.pk)
    except AllowanceExhausted as exhausted:
        allowance = exhausted.allowance
        messages.error(
            request,
            f"Not sent: {case.user.email}'s {allowance.plan} plan has used its {allowance.limit} consult "
            "question(s) this month. Close the case or answer it next month.",
        )
        return redirect("consult:case", case_id=case.pk)
    except (OSError, smtplib.SMTPException) as error:
        messages.error(request, f"The answer was not sent (mail server: {error}); try again.")
        return render(request, "consult/case.html", _case_context(case, form), status=503)
    messages.success(request, f"Answer sent to {case.user.email}.")
    return redirect("consult:queue")


@staff_member_required
@require_POST
def close(request: HttpRequest, case_id: int) -> HttpResponse:
    console.close(get_object_or_404(ConsultCase, pk=case_id))
    return redirect("consult:queue")


@staff_member_required
@require_POST
def retry(request: HttpRequest, inbound_id: int) -> HttpResponse:
    retry_parked(get_object_or_404(InboundMail, pk=inbound_id, status=InboundMail.Status.PARKED))
    messages.success(request, f"Inbound message #{inbound_id} will be processed again.")
    return redirect("consult:queue")


@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    return render(request, "consult/my_cases.html")


def _case_context(case: ConsultCase, form: AnswerForm) -> dict:
    return {
        "case": case,
        "form": form,
        "case_messages": case.messages.prefetch_related("attachments"),
        "history": console.history(case),
    }
