"""CaseConsultant under load: 500 questions arrive over SMTP within a minute; none may be lost.

Starts the real SMTP listener (the intake `medcoder consult smtpd` runs), a loopback SMTP server that
collects our replies, and the django-tasks database worker in a thread, on a fresh SQLite site
database in a temporary folder. 50 verified premium users (10 consults a month each) send the
questions from 4 SMTP clients, half about real codes (answerable at once), half about codes that do
not exist (queued for a consultant). Each carries the DMARC pass a trusted border mail server adds,
as instant answers need an authenticated sender. Prints the arrival rate, the processing time per message, and
the answered / queued / parked / lost counts.

    .venv/bin/python bench/consult_load.py [--codebook PATH] [--questions 500] [--seconds 60]
"""

import argparse
import os
import smtplib
import socket
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage
from pathlib import Path

from medcoder.codebook import default_path

ADDRESS = "consult@medcoder.test"
BORDER_MTA = "mx.medcoder.test"
REAL_CODES = ["E11.9", "I10", "J45.909", "E10.9", "K21.9", "M54.50", "N39.0", "R51.9", "F41.1", "J06.9"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", type=Path, default=default_path())
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=60.0, help="spread the arrivals over this long")
    options = parser.parse_args()
    os.environ["MEDCODER_CODEBOOK"] = str(options.codebook)
    os.environ["MEDCODER_VAR_DIR"] = tempfile.mkdtemp(prefix="consult-load-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "medcoder.web.settings"
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.core.management import call_command

    replies = CountingHandler()
    outbound = Controller(replies, hostname="127.0.0.1", port=free_port())
    outbound.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", outbound.port
    settings.MEDCODER_CONSULT = {
        **settings.MEDCODER_CONSULT,
        "address": ADDRESS,
        "trusted_authserv_ids": [BORDER_MTA],
    }
    call_command("migrate", verbosity=0)
    users = create_users(options.questions)
    run(options, users)
    outbound.stop()
    print(f"replies the SMTP server got {replies.received}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CountingHandler:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received += 1
        return "250 OK"


def create_users(questions: int) -> list[str]:
    from django.contrib.auth import get_user_model

    from medcoder.web.accounts.models import Plan, Profile

    emails = [f"coder{n}@example.org" for n in range(max(1, -(-questions // 10)))]
    for email in emails:
        user = get_user_model().objects.create_user(username=email, email=email, password="x" * 12)
        Profile.objects.update_or_create(user=user, defaults={"plan": Plan.PREMIUM, "email_verified": True})
    return emails


def question(number: int, sender: str) -> bytes:
    code = REAL_CODES[number % len(REAL_CODES)] if number % 2 == 0 else f"X9{number % 10}.{number:03d}"
    message = EmailMessage()
    message["Authentication-Results"] = f"{BORDER_MTA}; dmarc=pass header.from=example.org"
    message["From"], message["To"] = sender, ADDRESS
    message["Subject"], message["Message-ID"] = f"Question {number}", f"<load{number}@example.org>"
    message.set_content(f"Is {code} billable?")
    return message.as_bytes()


def run(options: argparse.Namespace, users: list[str]) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    from medcoder.consult.smtp_listener import start_listener
    from medcoder.web.consult.intake import accept_from_listener
    from medcoder.web.consult.models import InboundMail

    port = free_port()
    listener = start_listener(accept_from_listener, host="127.0.0.1", port=port, recipients={ADDRESS})
    worker = Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench",
        excluded_queue_names=[],
    )
    worker_thread = threading.Thread(target=worker.run, daemon=True)
    worker_thread.start()

    started = time.monotonic()
    refused = send_all(port, options, users)
    arrival_seconds = time.monotonic() - started
    stored = InboundMail.objects.count()
    while InboundMail.objects.filter(status__in=["new", "retrying"]).exists():
        time.sleep(0.5)
    drained_seconds = time.monotonic() - started
    worker.running = False
    worker_thread.join(timeout=10)
    listener.stop()
    report(options.questions, refused, stored, arrival_seconds, drained_seconds)


def send_all(port: int, options: argparse.Namespace, users: list[str]) -> int:
    """Send every question at an even pace over `seconds` from 4 SMTP clients; returns the refusals."""
    gap = options.seconds / options.questions
    start = time.monotonic()

    def send_share(client_number: int) -> int:
        refused = 0
        with smtplib.SMTP("127.0.0.1", port) as client:
            for number in range(client_number, options.questions, 4):
                time.sleep(max(0.0, start + number * gap - time.monotonic()))
                sender = users[number // 10]
                try:
                    client.sendmail(sender, [ADDRESS], question(number, sender))
                except smtplib.SMTPResponseException:
                    refused += 1
        return refused

    with ThreadPoolExecutor(max_workers=4) as clients:
        return sum(clients.map(send_share, range(4)))


def report(sent: int, refused: int, stored: int, arrival_seconds: float, drained_seconds: float) -> None:
    from medcoder.web.consult.models import ConsultCase, InboundMail

    processing = [
        (mail.case.messages.last().created_at - mail.received_at).total_seconds()
        for mail in InboundMail.objects.filter(case__isnull=False).select_related("case")
    ]
    statuses = dict.fromkeys(["answered", "queued", "over_allowance"], 0)
    for status in ConsultCase.objects.values_list("status", flat=True):
        statuses[status] = statuses.get(status, 0) + 1
    parked = InboundMail.objects.filter(status="parked").count()
    print(f"questions sent            {sent} ({refused} refused with a temporary error)")
    print(f"arrival                   {arrival_seconds:.1f} s ({sent / arrival_seconds:.1f} messages/s)")
    print(f"stored                    {stored}")
    print(f"all processed after       {drained_seconds:.1f} s from the first arrival")
    if processing:
        processing.sort()
        p95 = processing[int(len(processing) * 0.95) - 1]
        print(f"arrival -> answered/queued  median {statistics.median(processing):.2f} s, p95 {p95:.2f} s")
    print(f"answered at once          {statuses['answered']}")
    print(f"queued for a consultant   {statuses['queued']}")
    print(f"over allowance            {statuses['over_allowance']}")
    print(f"parked                    {parked}")
    print(f"lost                      {sent - refused - stored}")


if __name__ == "__main__":
    main()
