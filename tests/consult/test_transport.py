"""Mail in through a real SMTP listener and a real IMAP server; replies thread correctly."""

import imaplib
import smtplib
import threading
import time
from email import message_from_bytes
from email.message import EmailMessage

import pytest

from medcoder.consult.imap_poller import Mailbox, connect, fetch_unseen, supports_idle, wait_for_mail
from medcoder.consult.inbound import parse_message
from medcoder.consult.outbound import Citation, compose_reply
from medcoder.consult.smtp_listener import start_listener
from tests.consult.conftest import free_port


def question(number: int) -> bytes:
    message = EmailMessage()
    message["From"] = f"coder{number}@example.org"
    message["To"] = "consult@medcoder.test"
    message["Subject"] = f"Question {number}"
    message["Message-ID"] = f"<q{number}@example.org>"
    message.set_content(f"Is E11.{number} billable?")
    return message.as_bytes()


def test_smtp_listener_acknowledges_only_stored_mail():
    stored: list[bytes] = []
    failing = threading.Event()

    def accept(raw: bytes, via: str) -> None:
        if failing.is_set():
            raise OSError("disk full")
        stored.append(raw)

    port = free_port()
    listener = start_listener(accept, port=port, recipients={"consult@medcoder.test"})
    try:
        with smtplib.SMTP("127.0.0.1", port) as client:
            client.sendmail("coder1@example.org", ["consult@medcoder.test"], question(1))
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                client.sendmail("coder1@example.org", ["someone@medcoder.test"], question(2))
            failing.set()
            with pytest.raises(smtplib.SMTPDataError) as refused:
                client.sendmail("coder1@example.org", ["consult@medcoder.test"], question(3))
            assert refused.value.smtp_code == 451
    finally:
        listener.stop()
    assert len(stored) == 1 and parse_message(stored[0]).message_id == "<q1@example.org>"


def test_imap_poller_marks_seen_only_after_accepting(imap_server):
    host, port, user, password = imap_server
    mailbox = Mailbox(host, port, user, password, ssl=False)
    client = connect(mailbox)
    for number in (1, 2):
        client.append("INBOX", None, None, question(number))

    def refuse(raw: bytes, via: str) -> None:
        raise OSError("database locked")

    with pytest.raises(OSError):
        fetch_unseen(client, refuse)
    received: list[bytes] = []
    assert fetch_unseen(client, lambda raw, via: received.append(raw)) == 2
    assert sorted(parse_message(r).message_id for r in received) == ["<q1@example.org>", "<q2@example.org>"]
    assert fetch_unseen(client, lambda raw, via: received.append(raw)) == 0
    client.logout()


def test_imap_idle_wakes_up_when_mail_arrives(imap_server):
    host, port, user, password = imap_server
    mailbox = Mailbox(host, port, user, password, ssl=False)
    watcher = connect(mailbox)
    assert supports_idle(watcher)

    def deliver_later() -> None:
        time.sleep(0.5)
        sender = imaplib.IMAP4(host, port)
        sender.login(user, password)
        sender.append("INBOX", None, None, question(7))
        sender.logout()

    threading.Thread(target=deliver_later).start()
    started = time.monotonic()
    assert wait_for_mail(watcher, seconds=10)
    assert time.monotonic() - started < 5
    received: list[bytes] = []
    assert fetch_unseen(watcher, lambda raw, via: received.append(raw)) == 1
    watcher.logout()


def test_reply_threads_under_the_question_with_text_and_html():
    reply = compose_reply(
        to="coder1@example.org",
        from_address="CaseConsultant <consult@medcoder.test>",
        subject="Question 1",
        answer="E11.9 is billable.\n\nIt means type 2 diabetes <without complications>.",
        citations=[Citation("ICD-10-CM FY2026", "https://medcoder.test/codes/icd10cm/E11.9/")],
        in_reply_to="<q2@example.org>",
        references=["<q1@example.org>", "<q2@example.org>"],
        domain="medcoder.test",
        automatic=True,
    )
    parsed = message_from_bytes(reply.as_bytes())
    assert parsed["Subject"] == "Re: Question 1"
    assert parsed["In-Reply-To"] == "<q2@example.org>"
    assert parsed["References"] == "<q1@example.org> <q2@example.org>"
    assert parsed["Auto-Submitted"] == "auto-replied"
    plain, html = (
        part.get_payload(decode=True).decode() for part in parsed.walk() if not part.is_multipart()
    )
    assert "https://medcoder.test/codes/icd10cm/E11.9/" in plain
    assert "&lt;without complications&gt;" in html


def test_only_automatic_replies_say_they_are_auto_submitted():
    """RFC 3834: a consultant's answer is a person's mail; marking it automatic would make the user's
    own vacation responder (rightly) stay silent, and a filter file it away."""
    replies = [
        compose_reply(
            to="coder1@example.org",
            from_address="consult@medcoder.test",
            subject="Question 1",
            answer="Answer.",
            citations=[],
            in_reply_to="<q1@example.org>",
            references=[],
            domain="medcoder.test",
            automatic=automatic,
        )
        for automatic in (True, False)
    ]
    assert [reply["Auto-Submitted"] for reply in replies] == ["auto-replied", None]
