"""The door every inbound message comes through: store it, then hand it to the background worker.

Storing and enqueuing happen in one database transaction (the task queue lives in the same
database), so a message acknowledged to the sender is always both kept and scheduled. With redaction
on, what is written is already redacted (`consult.redact_mail`); only mail too broken to rebuild is
held as received, and cleared when processing ends (`tasks`).
"""

from django.conf import settings
from django.db import close_old_connections, transaction

from medcoder.consult.redact_mail import redact_message
from medcoder.web.consult.models import InboundMail
from medcoder.web.consult.tasks import process_inbound_mail


def store_inbound(raw: bytes, received_via: str, channel_trusted: bool = False) -> InboundMail:
    """Keep `raw` and schedule its processing. `channel_trusted`: it came from a mailbox the site
    trusts to have authenticated the sender. Raises only when the database cannot store it; the SMTP
    listener then answers 451 and the sending server retries."""
    fields = {"raw": raw, "received_via": received_via[:120], "channel_trusted": channel_trusted}
    if settings.MEDCODER_CONSULT["redact"]:
        fields |= _redacted_fields(raw)
    with transaction.atomic():
        inbound = InboundMail.objects.create(**fields)
        process_inbound_mail.enqueue(inbound.pk)
    return inbound


def accept_from_listener(raw: bytes, received_via: str) -> None:
    """`store_inbound` for the SMTP listener, which calls it on its own worker thread: that thread's
    database connection may have gone stale between messages."""
    close_old_connections()
    store_inbound(raw, received_via)


def accept_from_mailbox(raw: bytes, received_via: str) -> None:
    """`store_inbound` for the IMAP poller; trusted as the site's settings say."""
    store_inbound(raw, received_via, settings.MEDCODER_CONSULT["imap_mailbox_trusted"])


def _redacted_fields(raw: bytes) -> dict:
    redacted = redact_message(raw)
    if redacted is None:
        return {"redaction": InboundMail.Redaction.PENDING}
    removed = [
        {"filename": r.filename, "content_type": r.content_type, "size": r.size} for r in redacted.removed
    ]
    return {"raw": redacted.raw, "redaction": InboundMail.Redaction.DONE, "removed_attachments": removed}
