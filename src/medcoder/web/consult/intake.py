"""The door every inbound message comes through: store it, then hand it to the background worker.

Storing and enqueuing happen in one database transaction (the task queue lives in the same
database), so a message acknowledged to the sender is always both kept and scheduled.
"""

from django.db import close_old_connections, transaction

from medcoder.web.consult.models import InboundMail
from medcoder.web.consult.tasks import process_inbound_mail


def store_inbound(raw: bytes, received_via: str) -> InboundMail:
    """Keep `raw` exactly as received and schedule its processing. Raises only when the database
    cannot store it; the SMTP listener then answers 451 and the sending server retries."""
    with transaction.atomic():
        inbound = InboundMail.objects.create(raw=raw, received_via=received_via[:120])
        process_inbound_mail.enqueue(inbound.pk)
    return inbound


def accept_from_listener(raw: bytes, received_via: str) -> None:
    """`store_inbound` for the SMTP listener, which calls it on its own worker thread: that thread's
    database connection may have gone stale between messages."""
    close_old_connections()
    store_inbound(raw, received_via)
