"""The door every inbound message comes through: store it, then hand it to the background worker.

Storing and enqueuing happen in one database transaction (the task queue lives in the same
database), so a message acknowledged to the sender is always both kept and scheduled.
"""

from concurrent.futures import ThreadPoolExecutor

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


class ThreadedIntake:
    """`store_inbound` for the SMTP listener, whose handler runs inside an asyncio event loop where
    Django refuses database calls: each message is stored from one dedicated thread."""

    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="consult-intake")

    def __call__(self, raw: bytes, received_via: str) -> None:
        self.executor.submit(self._store, raw, received_via).result()

    @staticmethod
    def _store(raw: bytes, received_via: str) -> None:
        close_old_connections()
        store_inbound(raw, received_via)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
