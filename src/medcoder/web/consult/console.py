"""The consultant's actions on a case (services) and what the console lists (selectors)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from medcoder.web.consult.allowances import charge_allowance
from medcoder.web.consult.models import ConsultCase, InboundMail
from medcoder.web.consult.replies import answer_case


class CaseNotOpen(Exception):
    """The case is closed; reopening happens only when the user writes again."""


class ClaimedByAnother(Exception):
    def __init__(self, case: ConsultCase):
        super().__init__(f"case #{case.pk} is claimed by {case.claimed_by}")


@dataclass(frozen=True)
class QueuedCase:
    case: ConsultCase
    age: timedelta
    due: datetime
    overdue: bool


def queue() -> list[QueuedCase]:
    """Cases waiting for a consultant, oldest first, with their age and SLA due time."""
    now = timezone.now()
    sla = timedelta(hours=settings.MEDCODER_CONSULT["sla_hours"])
    waiting = (
        ConsultCase.objects.filter(status=ConsultCase.Status.QUEUED)
        .select_related("user", "claimed_by")
        .order_by("waiting_since")
    )
    return [
        QueuedCase(case, now - case.waiting_since, case.waiting_since + sla, now > case.waiting_since + sla)
        for case in waiting
    ]


def parked_mail() -> list[InboundMail]:
    return list(InboundMail.objects.filter(status=InboundMail.Status.PARKED).order_by("received_at"))


def history(case: ConsultCase) -> list[ConsultCase]:
    """The same user's other cases, newest first."""
    return list(ConsultCase.objects.filter(user=case.user).exclude(pk=case.pk).order_by("-opened_at")[:20])


def claim(case: ConsultCase, consultant) -> None:
    with transaction.atomic():
        locked = ConsultCase.objects.select_for_update().get(pk=case.pk)
        if locked.claimed_by_id not in (None, consultant.pk):
            raise ClaimedByAnother(locked)
        locked.claimed_by, locked.claimed_at = consultant, timezone.now()
        locked.save(update_fields=["claimed_by", "claimed_at"])
    case.refresh_from_db()


def save_draft(case: ConsultCase, consultant, text: str) -> None:
    """Keep the consultant's edited draft without sending it; the case stays queued (and claimed)."""
    _check_open_to(case, consultant)
    case.draft = text
    case.save(update_fields=["draft"])


def send_answer(case: ConsultCase, consultant, text: str) -> None:
    """Send the consultant's (edited) answer to the user; the case is answered and released. A case
    whose sender was not authenticated is counted against the plan now (raises `AllowanceExhausted`)."""
    _check_open_to(case, consultant)
    with transaction.atomic():
        if not case.allowance_used:
            charge_allowance(case)
        case.draft = text
        case.status = ConsultCase.Status.ANSWERED
        case.claimed_by = None
        case.save()
        answer_case(case, text, sent_by=consultant)


def _check_open_to(case: ConsultCase, consultant) -> None:
    if case.status == ConsultCase.Status.CLOSED:
        raise CaseNotOpen(f"case #{case.pk} is closed")
    if case.claimed_by_id not in (None, consultant.pk):
        raise ClaimedByAnother(case)


def close(case: ConsultCase) -> None:
    case.status, case.closed_at, case.claimed_by = ConsultCase.Status.CLOSED, timezone.now(), None
    case.save(update_fields=["status", "closed_at", "claimed_by"])
