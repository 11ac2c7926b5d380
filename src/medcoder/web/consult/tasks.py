"""The background task that processes one stored inbound message, with bounded retries.

A failure never loses the message: it stays stored with its error, is retried after
MEDCODER_CONSULT["retry_seconds"], and after MEDCODER_CONSULT["max_attempts"] it is parked for staff.
Mail that retrying cannot fix (no sender, nothing to answer) is parked at once. A message held
unredacted (redaction on, MIME too broken to rebuild) is redacted as soon as it is processed or
parked: only a retry needs the original.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from medcoder.consult.redact_mail import redact_unparsable
from medcoder.web.consult.models import InboundMail

log = logging.getLogger(__name__)


@task()
def process_inbound_mail(inbound_id: int) -> str:
    from medcoder.web.consult.processing import UnprocessableMail, process

    inbound = InboundMail.objects.get(pk=inbound_id)
    if inbound.status in (InboundMail.Status.PROCESSED, InboundMail.Status.PARKED):
        return inbound.status  # already done by an earlier run of this task
    inbound.attempts += 1
    try:
        inbound.outcome, inbound.case = process(inbound)
    except UnprocessableMail as error:
        log.warning("inbound #%s parked: %s", inbound.pk, error)
        inbound.status, inbound.last_error = InboundMail.Status.PARKED, str(error)
    except Exception as error:  # the never-lose boundary: whatever failed, keep the mail and retry
        log.exception("inbound #%s failed (attempt %s)", inbound.pk, inbound.attempts)
        _retry_or_park(inbound, f"{type(error).__name__}: {error}")
    else:
        inbound.status, inbound.last_error = InboundMail.Status.PROCESSED, ""
        log.info("inbound #%s: %s", inbound.pk, inbound.outcome)
    if inbound.status != InboundMail.Status.RETRYING and inbound.redaction == InboundMail.Redaction.PENDING:
        inbound.raw, inbound.redaction = redact_unparsable(bytes(inbound.raw)), InboundMail.Redaction.DONE
    inbound.save()
    if inbound.status == InboundMail.Status.RETRYING:
        delay = timedelta(seconds=settings.MEDCODER_CONSULT["retry_seconds"])
        process_inbound_mail.using(run_after=timezone.now() + delay).enqueue(inbound.pk)
    return inbound.status


def _retry_or_park(inbound: InboundMail, error: str) -> None:
    inbound.last_error = error[:2000]
    exhausted = inbound.attempts >= settings.MEDCODER_CONSULT["max_attempts"]
    inbound.status = InboundMail.Status.PARKED if exhausted else InboundMail.Status.RETRYING


def retry_parked(inbound: InboundMail) -> None:
    """Staff asked to try a parked message again (after fixing what made it fail)."""
    inbound.status, inbound.attempts = InboundMail.Status.NEW, 0
    inbound.save(update_fields=["status", "attempts"])
    process_inbound_mail.enqueue(inbound.pk)
