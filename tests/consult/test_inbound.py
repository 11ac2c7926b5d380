"""Inbound mail parsing: real MIME built with the stdlib, including the broken kinds mail servers deliver."""

from email.message import EmailMessage

import pytest

from medcoder.consult.inbound import parse_message, thread_keys
from tests.test_file_content import docx_bytes

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def mail(body: str = "What is E11.9?", **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = headers.pop("From", "Coder Jane <jane@example.org>")
    message["To"] = "consult@medcoder.test"
    message["Subject"] = headers.pop("Subject", "Question")
    message["Message-ID"] = headers.pop("Message_ID", "<q1@example.org>")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def test_plain_question_with_threading_headers():
    raw = mail(In_Reply_To="<a1@medcoder.test>", References="<q0@example.org> <a1@medcoder.test>").as_bytes()
    parsed = parse_message(raw)
    assert parsed.sender == "jane@example.org" and parsed.sender_name == "Coder Jane"
    assert parsed.question == "What is E11.9?"
    assert thread_keys(parsed) == ["<a1@medcoder.test>", "<q0@example.org>"]
    assert parsed.automated is None and not parsed.problems


def test_html_only_mail_is_converted_and_scripts_dropped():
    message = mail()
    message.set_content("<p>Is <b>J45.909</b> billable?</p><script>alert(1)</script>", subtype="html")
    parsed = parse_message(message.as_bytes())
    assert parsed.question == "Is J45.909 billable?"
    assert "HTML-only message: converted to text" in parsed.problems


def test_unknown_charset_is_decoded_with_a_note():
    raw = (
        b"From: a@example.org\r\nMessage-ID: <c@example.org>\r\nSubject: x\r\n"
        b"Content-Type: text/plain; charset=x-unknown-9\r\n\r\nCan I code R07.9 w\xe9th I20.9?\r\n"
    )
    parsed = parse_message(raw)
    assert parsed.question.startswith("Can I code R07.9")
    assert any("unknown charset" in p for p in parsed.problems)


@pytest.mark.parametrize(
    ("subject", "expected", "problem"),
    [
        (
            b"=?x-unknown-9?q?Can_I_code_R07=2E9?=",
            "Can I code R07.9",
            "unknown charset 'x-unknown-9' in Subject",
        ),
        (b"=?utf-8?b?TlVMAHMgaGVyZQ==?=", "NULs here", "control characters removed from Subject"),
        (b"Caf\xe9 \xff raw bytes", "Caf\ufffd \ufffd raw bytes", "8-bit Subject not valid utf-8"),
        (b"=?utf-8?q?Caf=C3=A9?= =?iso-8859-1?q?cr=E8me?=", "Cafécrème", None),
    ],
)
def test_subjects_decode_safely_and_say_what_was_wrong(subject, expected, problem):
    raw = b"From: a@example.org\r\nMessage-ID: <s@example.org>\r\nSubject: " + subject + b"\r\n\r\nE11.9?\r\n"
    parsed = parse_message(raw)
    assert parsed.subject == expected and "\x00" not in parsed.subject
    if problem:
        assert any(p.startswith(problem) for p in parsed.problems), parsed.problems
    else:
        assert not parsed.problems


def test_nul_characters_in_the_text_are_removed_with_a_note():
    parsed = parse_message(mail("Is E11.9\x00 billable?").as_bytes())
    assert parsed.question == "Is E11.9 billable?"
    assert "control characters removed from the text" in parsed.problems


def test_garbage_bytes_never_raise_and_say_what_is_missing():
    parsed = parse_message(b"\x00\xff garbage \r\n\r\n\x89 not mail at all")
    assert parsed.sender == ""
    assert parsed.message_id.startswith("<missing-")
    assert any("From" in p for p in parsed.problems)


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("Auto_Submitted", "auto-replied"),
        ("Precedence", "bulk"),
        ("List_Id", "<coders.lists.example.org>"),
        ("Return_Path", "<>"),
        ("From", "MAILER-DAEMON@mx.example.org"),
    ],
)
def test_automated_mail_is_recognised(header, value):
    assert parse_message(mail(**{header: value}).as_bytes()).automated


def test_attachments_are_kept_or_refused_by_type_content_and_size():
    message = mail()
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="op-note.pdf")
    message.add_attachment(b"MZ\x90\x00", maintype="application", subtype="octet-stream", filename="run.exe")
    message.add_attachment(b"not a pdf", maintype="application", subtype="pdf", filename="fake.pdf")
    message.add_attachment(
        b"%PDF-" + b"0" * 6_000_000, maintype="application", subtype="pdf", filename="big.pdf"
    )
    parsed = parse_message(message.as_bytes())
    assert [a.filename for a in parsed.attachments] == ["op-note.pdf"]
    reasons = dict(parsed.refused_attachments)
    assert reasons["run.exe"] == "dangerous file type"
    assert reasons["fake.pdf"] == "content does not match application/pdf"
    assert reasons["big.pdf"].startswith("larger than")


def test_word_documents_with_macros_are_refused_whatever_they_claim_to_be():
    message = mail()
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    maintype, subtype = docx.split("/")
    message.add_attachment(docx_bytes(), maintype=maintype, subtype=subtype, filename="codes.docx")
    message.add_attachment(
        docx_bytes(macros=True), maintype=maintype, subtype=subtype, filename="op-note.docx"
    )
    message.add_attachment(
        docx_bytes(macros=True), maintype=maintype, subtype=subtype, filename="op-note.docm"
    )
    message.add_attachment(b"%PDF-1.4 renamed", maintype=maintype, subtype=subtype, filename="note.docx")
    parsed = parse_message(message.as_bytes())
    assert [a.filename for a in parsed.attachments] == ["codes.docx"]
    assert parsed.refused_attachments == (
        ("op-note.docx", "dangerous content: a Word document with macros"),
        ("op-note.docm", "dangerous file type"),
        ("note.docx", f"content does not match {docx}"),
    )


def test_the_sender_is_authenticated_only_by_a_trusted_server():
    trusted = frozenset({"mx.medcoder.test"})
    passing = "mx.medcoder.test; spf=pass smtp.mailfrom=example.org; dmarc=pass header.from=example.org"
    assert parse_message(
        mail(Authentication_Results=passing).as_bytes(), trusted_authserv_ids=trusted
    ).authentication.passed
    assert not parse_message(mail(Authentication_Results=passing).as_bytes()).authentication.passed
    failed = parse_message(
        mail(Authentication_Results="mx.example; dmarc=fail header.from=example.org").as_bytes()
    )
    assert failed.authentication.failed
