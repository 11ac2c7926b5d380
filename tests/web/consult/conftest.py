"""CaseConsultant web fixtures: a loopback SMTP server collecting our replies, consult settings
pointing at it, verified users, and the django-tasks database worker run for real."""

from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django_tasks_db.management.commands.db_worker import Worker

from medcoder.web.accounts.models import Plan, Profile
from tests.consult.conftest import free_port, imap_server  # noqa: F401  (the pymap fixture, shared)

CONSULT_ADDRESS = "consult@medcoder.test"
BORDER_MTA = "mx.medcoder.test"  # the authserv-id of "our" mail server, trusted in the tests' settings


class CollectingHandler:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def outbox(settings, tmp_path):
    """Replies as received by a real SMTP server on loopback; consult settings for the test."""
    handler = CollectingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.MEDCODER_CONSULT = {
        **settings.MEDCODER_CONSULT,
        "address": CONSULT_ADDRESS,
        "site_url": "https://medcoder.test",
        "retry_seconds": 0,
        "max_attempts": 3,
        "attachments_dir": tmp_path / "attachments",
        "trusted_authserv_ids": [BORDER_MTA],
        "imap_mailbox_trusted": False,
    }
    yield handler.messages
    controller.stop()


def run_worker() -> None:
    """django-tasks' db_worker loop, until no task is ready."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="consult-test",
        excluded_queue_names=[],
    ).run()


def verified_user(email: str, plan: str = Plan.PREMIUM, **fields):
    user = get_user_model().objects.create_user(username=email, email=email, password="x" * 12, **fields)
    Profile.objects.update_or_create(user=user, defaults={"plan": plan, "email_verified": True})
    return user


def question(
    sender: str,
    text: str,
    number: int,
    subject: str = "Coding question",
    in_reply_to: str = "",
    authenticated: bool = True,
    **headers,
) -> bytes:
    """A question as our border mail server hands it on: with its DMARC pass unless `authenticated`
    is False (mail that server could not vouch for)."""
    message = EmailMessage()
    if authenticated:
        domain = sender.rpartition("@")[2]
        message["Authentication-Results"] = f"{BORDER_MTA}; dmarc=pass header.from={domain}"
    message["From"] = sender
    message["To"] = CONSULT_ADDRESS
    message["Subject"] = subject
    message["Message-ID"] = f"<question{number}@example.org>"
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    return message.as_bytes()
