"""`medcoder consult smtpd`: a built-in SMTP listener for sites that route consult mail to us.

A message is acknowledged (250) only after `accept` has stored it; if storing fails the sender gets
a temporary failure (451) and retries, so no message is lost. `accept` is ordinary blocking code (a
database write): it runs on one worker thread, one message at a time, while the event loop keeps
serving the other SMTP sessions.
"""

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

log = logging.getLogger(__name__)

Accept = Callable[[bytes, str], None]  # (raw message, how it arrived)


class ConsultHandler:
    def __init__(self, accept: Accept, recipients: set[str], max_bytes: int):
        self.accept = accept
        self.recipients = {r.lower() for r in recipients}
        self.max_bytes = max_bytes
        self.storer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="consult-accept")

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str, options):
        if self.recipients and address.lower() not in self.recipients:
            return f"550 5.1.1 <{address}>: not a consult address"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if len(raw) > self.max_bytes:
            return "552 5.3.4 Message too big"
        via = f"smtp from {session.peer[0] if session.peer else 'unknown'}"
        try:
            await asyncio.get_running_loop().run_in_executor(self.storer, self.accept, raw, via)
        except Exception:
            log.exception("could not store an inbound consult message; asked the sender to retry")
            return "451 4.3.0 Temporary failure, please retry"
        return "250 OK"


class ConsultListener(Controller):
    """The running listener; `stop()` also waits for the message being stored."""

    def stop(self, no_assert: bool = False) -> None:
        super().stop(no_assert)
        self.handler.storer.shutdown(wait=True)


def start_listener(
    accept: Accept,
    host: str = "127.0.0.1",
    port: int = 2525,
    recipients: set[str] | None = None,
    max_bytes: int = 25_000_000,
) -> ConsultListener:
    """Start listening in a background thread; call `.stop()` on the result to end."""
    handler = ConsultHandler(accept, recipients or set(), max_bytes)
    controller = ConsultListener(handler, hostname=host, port=port, data_size_limit=max_bytes)
    controller.start()
    return controller
