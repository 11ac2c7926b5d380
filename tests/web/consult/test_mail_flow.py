"""Mail in (real SMTP listener, real IMAP server), the real django-tasks worker, replies out to a real
loopback SMTP server: instant answers, threading, no mail loops, one notice to strangers, nothing lost."""

import re
import smtplib
from email import message_from_bytes, policy

import pytest

from medcoder.consult.imap_poller import Mailbox, connect, fetch_unseen
from medcoder.consult.smtp_listener import start_listener
from medcoder.web.accounts.metering import allowance, user_visitor
from medcoder.web.accounts.models import Plan
from medcoder.web.consult.intake import accept_from_listener, accept_from_mailbox, store_inbound
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
    assert case.status == ConsultCase.Status.ANSWERED and case.draft_confident and not case.queue_reason
    assert case.messages.first().sender_authenticated

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


def test_an_unverified_account_is_told_to_confirm_its_address_and_gets_a_new_link(outbox, client):
    pending = verified_user("pending@example.org", is_active=False)
    pending.profile.email_verified = False
    pending.profile.save()
    store_inbound(question("pending@example.org", BILLABLE, 1), "test")
    store_inbound(question("pending@example.org", BILLABLE, 2), "test")
    run_worker()
    notice, confirmation = outbox  # once, however often they write
    assert notice["In-Reply-To"] == "<question1@example.org>" and notice["Auto-Submitted"] == "auto-replied"
    text = notice.get_body(("plain",)).get_content()
    assert "confirm" in text and "/accounts/register/" not in text
    assert confirmation["To"] == "pending@example.org"
    link = re.search(
        r"https://medcoder\.test(/accounts/verify/\S+)", confirmation.get_body(("plain",)).get_content()
    )
    assert client.get(link.group(1)).status_code == 302
    pending.refresh_from_db()
    assert pending.is_active and pending.profile.email_verified
    store_inbound(question("pending@example.org", BILLABLE, 3, "Now verified"), "test")
    run_worker()
    assert len(outbox) == 3 and ConsultCase.objects.get().status == ConsultCase.Status.ANSWERED


FORGED = [
    {"authenticated": False},  # no Authentication-Results at all
    {
        "authenticated": False,
        "Authentication_Results": "attacker.example; dmarc=pass header.from=example.org",
    },
    {
        "authenticated": False,
        "Authentication_Results": "mx.medcoder.test; dkim=pass header.d=attacker.example",
    },
    {
        "authenticated": False,
        "Authentication_Results": "mx.medcoder.test; dmarc=fail header.from=example.org",
    },
]


def test_mail_that_may_be_forged_waits_for_a_consultant_and_spends_no_allowance(outbox, admin_client):
    user = verified_user("free@example.org", plan=Plan.FREE)
    for number, headers in enumerate(FORGED, start=1):
        store_inbound(question("free@example.org", BILLABLE, number, f"Question {number}", **headers), "test")
    run_worker()
    assert outbox == []  # no instant answer, and no over-allowance notice either
    cases = ConsultCase.objects.order_by("pk")
    assert [case.status for case in cases] == [ConsultCase.Status.QUEUED] * len(FORGED)
    assert all(case.queue_reason.startswith("sender not authenticated") for case in cases)
    assert allowance(user_visitor(user), "consult").used == 0
    page = admin_client.get(f"/consult/console/cases/{cases[0].pk}/").content.decode()
    assert "unauthenticated sender" in page and "no Authentication-Results header" in page
    assert "sender not authenticated" in admin_client.get("/consult/console/").content.decode()

    admin_client.post(f"/consult/console/cases/{cases[0].pk}/send/", {"text": "Yes, E11.9 is billable."})
    assert len(outbox) == 1 and allowance(user_visitor(user), "consult").used == 1  # charged when answered
    refused = admin_client.post(
        f"/consult/console/cases/{cases[1].pk}/send/", {"text": "Another."}, follow=True
    )
    assert "has used its 1 consult question(s) this month" in refused.content.decode() and len(outbox) == 1


def test_mail_from_a_trusted_mailbox_counts_as_authenticated(outbox, settings, imap_server):
    verified_user("coder@example.org")
    host, port, user, password = imap_server
    client = connect(Mailbox(host, port, user, password, ssl=False))
    client.append("INBOX", None, None, question("coder@example.org", BILLABLE, 1, "One", authenticated=False))
    fetch_unseen(client, accept_from_mailbox)
    settings.MEDCODER_CONSULT = {**settings.MEDCODER_CONSULT, "imap_mailbox_trusted": True}
    client.append("INBOX", None, None, question("coder@example.org", BILLABLE, 2, "Two", authenticated=False))
    fetch_unseen(client, accept_from_mailbox)
    client.logout()
    run_worker()
    statuses = dict(ConsultCase.objects.values_list("subject", "status"))
    assert statuses == {"One": ConsultCase.Status.QUEUED, "Two": ConsultCase.Status.ANSWERED}
    [reply] = outbox
    assert reply["In-Reply-To"] == "<question2@example.org>"


def test_redaction_removes_identifiers_before_anything_is_stored(outbox, settings, admin_client):
    settings.MEDCODER_CONSULT = {**settings.MEDCODER_CONSULT, "redact": True}
    working_port, settings.EMAIL_PORT = settings.EMAIL_PORT, free_port()  # mail server down: retried
    verified_user("coder@example.org")
    raw = question(
        "coder@example.org", "Patient: John Smith, SSN 123-45-6789. Is E11.9 billable?", 1, "MRN: 88812345"
    )
    message = message_from_bytes(raw, policy=policy.default)
    message.add_attachment(
        b"%PDF-1.4 John Smith", maintype="application", subtype="pdf", filename="smith.pdf"
    )
    message.add_attachment("claim,ssn\n1,123-45-6789\n", subtype="csv", filename="john-smith.csv")
    store_inbound(message.as_bytes(), "test")
    assert_redacted(InboundMail.objects.get())  # from the first write
    run_worker()
    inbound = InboundMail.objects.get()
    assert inbound.status == InboundMail.Status.PARKED and inbound.attempts == 3
    assert_redacted(inbound)  # while retrying and parked too
    settings.EMAIL_PORT = working_port
    admin_client.post(f"/consult/console/parked/{inbound.pk}/retry/")
    run_worker()
    question_message = CaseMessage.objects.get(direction=CaseMessage.Direction.QUESTION)
    assert question_message.text == "[REDACTED NAME], SSN [REDACTED SSN]. Is E11.9 billable?"
    assert question_message.case.subject == "[REDACTED MRN]"
    [attachment] = CaseAttachment.objects.all()
    assert attachment.filename == "attachment-2.csv"
    with open(attachment.stored_path, "rb") as kept:
        assert kept.read() == b"claim,ssn\n1,[REDACTED SSN]\n"
    assert question_message.refused_attachments == [
        {"filename": "attachment-1", "reason": "not kept: redaction cannot check application/pdf files"}
    ]
    page = admin_client.get(f"/consult/console/cases/{question_message.case_id}/").content.decode()
    assert "Attachment refused: attachment-1" in page and "Smith" not in page


def test_mail_too_broken_to_redact_is_held_only_until_it_is_parked(outbox, settings):
    settings.MEDCODER_CONSULT = {**settings.MEDCODER_CONSULT, "redact": True}
    raw = b"Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\nPatient: John Smith SSN 123-45-6789\x00"
    store_inbound(raw, "test")
    assert InboundMail.objects.get().redaction == InboundMail.Redaction.PENDING  # kept as received, for now
    run_worker()
    inbound = InboundMail.objects.get()
    assert inbound.status == InboundMail.Status.PARKED and inbound.redaction == InboundMail.Redaction.DONE
    assert b"123-45-6789" not in bytes(inbound.raw) and b"John" not in bytes(inbound.raw)
    assert b"[REDACTED SSN]" in bytes(inbound.raw)  # staff still see what arrived, without the identifiers


def assert_redacted(inbound: InboundMail) -> None:
    assert inbound.redaction == InboundMail.Redaction.DONE
    assert not {b"123-45-6789", b"John", b"Smith", b"88812345"} & set(_words(bytes(inbound.raw)))


def _words(raw: bytes) -> list[bytes]:
    """Every token of the stored message, base64 and quoted-printable parts decoded."""
    message = message_from_bytes(raw, policy=policy.default)
    text = [str(message["Subject"] or "")] + [
        (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
        for part in message.walk()
        if not part.is_multipart()
    ]
    return re.findall(rb"[\w-]+", " ".join(text).encode())
