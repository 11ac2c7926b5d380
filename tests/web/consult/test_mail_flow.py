"""Mail in (real SMTP listener, real IMAP server), the real django-tasks worker, replies out to a real
loopback SMTP server: instant answers, threading, no mail loops, one notice to strangers, nothing lost."""

import smtplib
from email import message_from_bytes, policy

import pytest

from medcoder.consult.imap_poller import Mailbox, connect, fetch_unseen
from medcoder.consult.smtp_listener import start_listener
from medcoder.web.accounts.models import Plan
from medcoder.web.consult.intake import accept_from_listener, store_inbound
from medcoder.web.consult.models import CaseAttachment, CaseMessage, ConsultCase, InboundMail
from tests.consult.conftest import free_port
from tests.web.consult.conftest import CONSULT_ADDRESS, question, run_worker, verified_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BILLABLE = "Is E11.9 billable?"


def test_a_question_by_smtp_is_answered_at_once_and_a_reply_continues_the_case(outbox):
    verified_user("coder@example.org")
    port = free_port()
    listener = start_listener(accept_from_listener, port=port, recipients={CONSULT_ADDRESS})
    try:
        with smtplib.SMTP("127.0.0.1", port) as client:
            client.sendmail(
                "coder@example.org", [CONSULT_ADDRESS], question("coder@example.org", BILLABLE, 1)
            )
    finally:
        listener.stop()
    assert InboundMail.objects.get().status == InboundMail.Status.NEW  # stored before any processing
    run_worker()
    [reply] = outbox
    assert reply["To"] == "coder@example.org" and reply["In-Reply-To"] == "<question1@example.org>"
    assert reply["Auto-Submitted"] == "auto-replied" and reply["Subject"] == "Re: Coding question"
    plain, html = reply.get_body(("plain",)).get_content(), reply.get_body(("html",)).get_content()
    assert "E11.9" in plain and "Sources:" in plain and "https://medcoder.test" in plain
    assert "<li><a href=" in html
    case = ConsultCase.objects.get()
    assert case.status == ConsultCase.Status.ANSWERED and case.draft_confident

    store_inbound(
        question("coder@example.org", "And E10.9?", 2, "Re: Coding question", reply["Message-ID"]), "test"
    )
    run_worker()
    assert ConsultCase.objects.count() == 1
    assert list(case.messages.values_list("direction", flat=True)) == ["in", "out", "in", "out"]
    assert outbox[1]["References"].split() == [
        "<question1@example.org>",
        reply["Message-ID"],
        "<question2@example.org>",
    ]


def test_mail_polled_over_imap_from_a_stranger_gets_exactly_one_registration_notice(outbox, imap_server):
    host, port, user, password = imap_server
    client = connect(Mailbox(host, port, user, password, ssl=False))
    for number in (1, 2, 3):
        client.append("INBOX", None, None, question("stranger@example.net", BILLABLE, number))
    assert fetch_unseen(client, store_inbound) == 3
    client.logout()
    run_worker()
    [notice] = outbox
    assert notice["To"] == "stranger@example.net"
    assert "https://medcoder.test/accounts/register/" in notice.get_body(("plain",)).get_content()
    assert ConsultCase.objects.count() == 0
    assert set(InboundMail.objects.values_list("status", flat=True)) == {InboundMail.Status.PROCESSED}


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto_Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"List_Id": "<coders.lists.example.org>"},
        {"Return_Path": "<>"},
    ],
)
def test_automated_mail_is_never_answered(outbox, headers):
    verified_user("coder@example.org")
    store_inbound(question("coder@example.org", BILLABLE, 1, **headers), "test")
    run_worker()
    assert outbox == []
    inbound = InboundMail.objects.get()
    assert inbound.status == InboundMail.Status.PROCESSED and inbound.outcome.startswith("dropped, automated")


def test_our_own_reply_coming_back_is_not_answered(outbox):
    verified_user("coder@example.org")
    store_inbound(question("coder@example.org", BILLABLE, 1), "test")
    run_worker()
    store_inbound(outbox[0].as_bytes(), "test: our reply bounced back to the consult address")
    run_worker()
    assert len(outbox) == 1


def test_malformed_mail_without_a_sender_is_parked_with_its_raw_bytes(outbox, admin_client):
    raw = b"Subject: \xff\xfe broken\r\nContent-Type: multipart/mixed; boundary=\r\n\r\n--\r\ngarbage\x00"
    store_inbound(raw, "test")
    run_worker()
    inbound = InboundMail.objects.get()
    assert inbound.status == InboundMail.Status.PARKED and bytes(inbound.raw) == raw
    assert "no usable sender" in inbound.last_error and outbox == []
    assert "no usable sender" in admin_client.get("/consult/console/").content.decode()


def test_a_message_that_keeps_failing_is_retried_then_parked_and_staff_can_retry_it(
    outbox, settings, admin_client
):
    verified_user("coder@example.org")
    working_port, settings.EMAIL_PORT = settings.EMAIL_PORT, free_port()  # nothing listens there
    store_inbound(question("coder@example.org", BILLABLE, 1), "test")
    run_worker()
    inbound = InboundMail.objects.get()
    assert inbound.status == InboundMail.Status.PARKED and inbound.attempts == 3
    assert "ConnectionRefusedError" in inbound.last_error
    assert ConsultCase.objects.count() == 0 and outbox == []  # the failed attempts left nothing behind
    settings.EMAIL_PORT = working_port
    admin_client.post(f"/consult/console/parked/{inbound.pk}/retry/")
    run_worker()
    assert len(outbox) == 1 and ConsultCase.objects.get().status == ConsultCase.Status.ANSWERED


def test_the_free_plan_allows_one_consult_a_month(outbox):
    verified_user("free@example.org", plan=Plan.FREE)
    store_inbound(question("free@example.org", BILLABLE, 1), "test")
    store_inbound(question("free@example.org", "Is E10.9 billable?", 2, "Another question"), "test")
    run_worker()
    statuses = list(ConsultCase.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == [ConsultCase.Status.ANSWERED, ConsultCase.Status.OVER_ALLOWANCE]
    assert "1 consult question(s) per month" in outbox[1].get_body(("plain",)).get_content()


def test_unverified_accounts_and_failed_authentication_never_get_instant_answers(outbox):
    verified_user("coder@example.org")
    unverified = verified_user("pending@example.org")
    unverified.profile.email_verified = False
    unverified.profile.save()
    store_inbound(question("pending@example.org", BILLABLE, 1), "test")
    spoofed = question("coder@example.org", BILLABLE, 2, Authentication_Results="mx.test; dmarc=fail")
    store_inbound(spoofed, "test")
    run_worker()
    assert [m["To"] for m in outbox] == ["pending@example.org"]  # the registration notice only
    case = ConsultCase.objects.get()
    assert case.user.email == "coder@example.org" and case.status == ConsultCase.Status.QUEUED


def test_redaction_and_attachment_limits(outbox, settings):
    settings.MEDCODER_CONSULT = {**settings.MEDCODER_CONSULT, "redact": True}
    verified_user("coder@example.org")
    raw = question(
        "coder@example.org", "Patient: John Smith, SSN 123-45-6789. Is E11.9 billable?", 1, "MRN: 88812345"
    )
    message = message_from_bytes(raw, policy=policy.default)
    message.add_attachment(b"%PDF-1.4 op note", maintype="application", subtype="pdf", filename="note.pdf")
    message.add_attachment(b"MZ", maintype="application", subtype="octet-stream", filename="run.exe")
    store_inbound(message.as_bytes(), "test")
    run_worker()
    stored = CaseMessage.objects.get(direction=CaseMessage.Direction.QUESTION)
    assert "123-45-6789" not in stored.text and "[REDACTED SSN]" in stored.text and "John" not in stored.text
    assert stored.case.subject == "[REDACTED MRN]"
    assert bytes(InboundMail.objects.get().raw) == b""  # processed: the unredacted original is gone
    [attachment] = CaseAttachment.objects.all()
    assert attachment.filename == "note.pdf" and attachment.stored_path.startswith(
        str(settings.MEDCODER_CONSULT["attachments_dir"])
    )
    with open(attachment.stored_path, "rb") as kept:
        assert kept.read() == b"%PDF-1.4 op note"
