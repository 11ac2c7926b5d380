"""The stored form of a message when the site redacts: identifiers gone from every text, files that
cannot be checked left out, and the rebuilt message still read by the parser like the original."""

from email.message import EmailMessage

from medcoder.consult.inbound import parse_message
from medcoder.consult.redact_mail import redact_message, redact_unparsable

SSN = "123-45-6789"


def question_with_attachments() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Coder Jane <jane@example.org>"
    message["Subject"] = "MRN: 88812345"
    message["Message-ID"] = "<q1@example.org>"
    message["In-Reply-To"] = "<a1@medcoder.test>"
    message["Authentication-Results"] = "mx.medcoder.test; dmarc=pass header.from=example.org"
    message.set_content(f"Patient: John Smith, SSN {SSN}. Is E11.9 billable?")
    message.add_alternative(
        f"<p>Patient: <b>John Smith</b>, SSN {SSN}. Is E11.9 billable?</p>", subtype="html"
    )
    message.add_attachment(
        b"%PDF-1.4 John Smith", maintype="application", subtype="pdf", filename="john-smith.pdf"
    )
    message.add_attachment(f"name,ssn\nSmith,{SSN}\n", subtype="csv", filename="john-smith-claims.csv")
    return message


def test_identifiers_are_gone_from_every_text_and_names_from_file_names():
    redacted = redact_message(question_with_attachments().as_bytes())
    assert (
        SSN.encode() not in redacted.raw and b"John" not in redacted.raw and b"88812345" not in redacted.raw
    )
    assert set(redacted.kinds) == {"MRN", "NAME", "SSN"}
    parsed = parse_message(redacted.raw, trusted_authserv_ids=frozenset({"mx.medcoder.test"}))
    assert parsed.question == "[REDACTED NAME], SSN [REDACTED SSN]. Is E11.9 billable?"
    assert parsed.subject == "[REDACTED MRN]"
    assert (parsed.message_id, parsed.in_reply_to, parsed.sender) == (
        "<q1@example.org>",
        "<a1@medcoder.test>",
        "jane@example.org",
    )
    assert parsed.authentication.passed
    [kept] = parsed.attachments
    assert kept.filename == "attachment-2.csv" and kept.payload == b"name,ssn\nSmith,[REDACTED SSN]\n"


def test_binary_attachments_cannot_be_checked_so_they_are_left_out_and_listed():
    redacted = redact_message(question_with_attachments().as_bytes())
    [removed] = redacted.removed
    assert (removed.filename, removed.content_type, removed.size) == ("attachment-1", "application/pdf", 19)
    assert b"%PDF" not in redacted.raw


def test_an_html_only_question_is_redacted_even_where_tags_split_the_identifier():
    message = EmailMessage()
    message["From"] = "jane@example.org"
    message.set_content("<p>Patient: <b>John Smith</b></p><p>Is E11.9 billable?</p>", subtype="html")
    raw = redact_message(message.as_bytes()).raw
    assert b"John" not in raw
    assert parse_message(raw).question == "[REDACTED NAME]\n\nIs E11.9 billable?"


def test_mail_too_broken_to_rebuild_is_left_for_later_and_then_cleared():
    raw = b"Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\nPatient: John Smith SSN 123-45-6789\x00"
    assert redact_message(raw) is None
    base64_block = b"UGF0aWVudDogSm9obiBTbWl0aCBTU04gMTIzLTQ1LTY3ODkgaXMgaGlkZGVuIGhlcmU=\r\n"
    cleared = redact_unparsable(raw + b"\r\n" + base64_block)
    assert b"John" not in cleared and SSN.encode() not in cleared and b"UGF0aWVud" not in cleared
