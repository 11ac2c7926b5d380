"""Raw inbound mail -> `InboundMessage`: the question, threading ids, sender, kept attachments.

Parsing never raises for bad mail. Malformed MIME, unknown charsets, HTML-only bodies, missing or
suspicious headers each leave a note in `problems` so the caller can log the outcome; the caller
stores the raw bytes first, so nothing is ever lost.
"""

import codecs
import email
import email.header
import email.policy
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.message import Message
from email.utils import getaddresses, parseaddr

from medcoder.consult.authentication import SenderAuthentication, authenticate_sender
from medcoder.consult.html_text import html_to_text
from medcoder.consult.loops import automated_reason
from medcoder.consult.quoting import trim_quoted_history
from medcoder.file_content import DOCX, JPEG, PDF, PNG, TEXT, FileKind, UnsafeFile, kind_of


@dataclass(frozen=True)
class AttachmentPolicy:
    max_bytes: int = 5_000_000
    max_total_bytes: int = 10_000_000
    # declared content type -> what the bytes must be (`medcoder.file_content`)
    allowed: dict[str, FileKind] = field(
        default_factory=lambda: {
            PDF.content_type: PDF,
            PNG.content_type: PNG,
            JPEG.content_type: JPEG,
            "text/plain": TEXT,
            "text/csv": TEXT,
            DOCX.content_type: DOCX,
        }
    )


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    payload: bytes


@dataclass(frozen=True)
class InboundMessage:
    message_id: str
    in_reply_to: str | None
    references: tuple[str, ...]
    sender: str  # lower-cased address; '' when the From header is missing or unusable
    sender_name: str
    subject: str
    question: str  # the new text only: quoted history and signatures trimmed
    attachments: tuple[Attachment, ...]
    refused_attachments: tuple[tuple[str, str], ...]  # (filename, reason)
    automated: str | None  # why it must not be answered (auto-reply, bounce, list), else None
    authentication: SenderAuthentication  # only a pass may be answered at once
    problems: tuple[str, ...]


def parse_message(
    raw: bytes, policy: AttachmentPolicy | None = None, trusted_authserv_ids: frozenset[str] = frozenset()
) -> InboundMessage:
    """`trusted_authserv_ids`: the Authentication-Results authserv-ids of the site's own mail servers."""
    policy = policy or AttachmentPolicy()
    problems: list[str] = []
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if message.defects:
        problems.append("malformed MIME: " + "; ".join(type(d).__name__ for d in message.defects[:5]))
    sender_name, sender = _sender(message, problems)
    message_id = _header(message, "Message-ID", problems).strip()
    if not message_id:
        message_id = f"<missing-{hashlib.sha256(raw).hexdigest()[:24]}@medcoder.invalid>"
        problems.append("missing Message-ID: derived one from the content")
    in_reply_to = _header(message, "In-Reply-To", problems).strip() or None
    references = tuple(re.findall(r"<[^<>\s]+>", _header(message, "References", problems)))
    body, attachments, refused = _walk_parts(message, policy, problems)
    return InboundMessage(
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        sender=sender,
        sender_name=sender_name,
        subject=" ".join(_decoded_header(message, "Subject", problems).split()),
        question=trim_quoted_history(body),
        attachments=tuple(attachments),
        refused_attachments=tuple(refused),
        automated=automated_reason(message),
        authentication=authenticate_sender(
            [str(value) for value in message.get_all("Authentication-Results", []) or []],
            sender,
            trusted_authserv_ids,
        ),
        problems=tuple(problems),
    )


def _header(message: Message, name: str, problems: list[str]) -> str:
    try:
        return str(message.get(name, "") or "")
    except (ValueError, IndexError, TypeError) as error:  # unparsable header values in policy.default
        problems.append(f"unreadable {name} header: {error}")
        return ""


def _sender(message: Message, problems: list[str]) -> tuple[str, str]:
    raw_from = _header(message, "From", problems)
    addresses = [(name, address) for name, address in getaddresses([raw_from]) if "@" in address]
    if len(addresses) != 1:
        problems.append(f"unusable From header {raw_from!r}" if raw_from else "missing From header")
        return "", ""
    name, address = addresses[0]
    _, return_path = parseaddr(_header(message, "Return-Path", problems))
    if return_path and return_path.lower() != address.lower():
        problems.append(f"Return-Path {return_path} differs from From {address}")
    return name, address.lower()


def _decoded_header(message: Message, name: str, problems: list[str]) -> str:
    """A header's text decoded by hand, so an unknown charset, undecodable 8-bit bytes or control
    characters give readable text and a note in `problems` instead of silent replacement marks."""
    raw = next((str(value) for key, value in message.raw_items() if key.lower() == name.lower()), "")
    raw = re.sub(r"\r?\n[ \t]", " ", raw)
    if any("\udc80" <= char <= "\udcff" for char in raw):  # 8-bit bytes sent without encoding
        raw = _decode_bytes(raw.encode("utf-8", "surrogateescape"), "utf-8", f"8-bit {name}", problems)
    try:
        chunks = email.header.decode_header(raw)
    except (HeaderParseError, ValueError) as error:
        problems.append(f"undecodable {name} header ({error}): kept as sent")
        chunks = [(raw, None)]
    text = "".join(
        chunk if isinstance(chunk, str) else _decode_bytes(chunk, charset or "utf-8", name, problems)
        for chunk, charset in chunks
    )
    return _printable(text, name, problems)


def _decode_bytes(payload: bytes, charset: str, where: str, problems: list[str]) -> str:
    try:
        codecs.lookup(charset)
    except LookupError:
        problems.append(f"unknown charset {charset!r} in {where}: decoded as UTF-8 with replacements")
        return payload.decode("utf-8", errors="replace")
    try:
        return payload.decode(charset)
    except UnicodeDecodeError:
        problems.append(f"{where} not valid {charset}: decoded as UTF-8 with replacements")
        return payload.decode("utf-8", errors="replace")


def _printable(text: str, where: str, problems: list[str]) -> str:
    """`text` without control characters (NUL, escape codes) other than tabs and line breaks: no
    database stores NUL in text, and nothing a person wrote needs them."""
    cleaned = "".join(c for c in text if c in "\t\n\r" or unicodedata.category(c) != "Cc")
    if len(cleaned) != len(text):
        problems.append(f"control characters removed from {where}")
    return cleaned


def _walk_parts(
    message: Message, policy: AttachmentPolicy, problems: list[str]
) -> tuple[str, list[Attachment], list[tuple[str, str]]]:
    plain: list[str] = []
    html: list[str] = []
    attachments: list[Attachment] = []
    refused: list[tuple[str, str]] = []
    total = 0
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        content_type = part.get_content_type()
        if filename or part.get_content_disposition() == "attachment":
            payload = part.get_payload(decode=True) or b""
            reason = _refusal(filename or "(unnamed)", content_type, payload, total, policy)
            if reason:
                refused.append((filename or "(unnamed)", reason))
            else:
                total += len(payload)
                attachments.append(Attachment(filename or "attachment", content_type, payload))
        elif content_type == "text/plain":
            plain.append(_decode_text(part, problems))
        elif content_type == "text/html":
            html.append(_decode_text(part, problems))
    if plain:
        return "\n".join(plain), attachments, refused
    if html:
        problems.append("HTML-only message: converted to text")
        return "\n".join(html_to_text(h) for h in html), attachments, refused
    problems.append("no readable text part")
    return "", attachments, refused


def _decode_text(part: Message, problems: list[str]) -> str:
    payload = part.get_payload(decode=True) or b""
    text = _decode_bytes(payload, part.get_content_charset() or "us-ascii", "the text", problems)
    return _printable(text, "the text", problems)


DANGEROUS_SUFFIXES = (
    ".exe",
    ".bat",
    ".cmd",
    ".com",
    ".scr",
    ".js",
    ".vbs",
    ".jar",
    ".msi",
    ".ps1",
    ".sh",
    ".html",
    ".htm",
    ".docm",
    ".dotm",
    ".xlsm",
    ".pptm",
)


def _refusal(
    filename: str, content_type: str, payload: bytes, total: int, policy: AttachmentPolicy
) -> str | None:
    if filename.lower().endswith(DANGEROUS_SUFFIXES):
        return "dangerous file type"
    if content_type not in policy.allowed:
        return f"type {content_type} not accepted"
    try:
        kind = kind_of(payload)
    except UnsafeFile as unsafe:
        return f"dangerous content: {unsafe}"
    if kind != policy.allowed[content_type]:
        return f"content does not match {content_type}"
    if len(payload) > policy.max_bytes:
        return f"larger than {policy.max_bytes // 1_000_000} MB"
    if total + len(payload) > policy.max_total_bytes:
        return "attachments together exceed the size limit"
    return None


def thread_keys(message: InboundMessage) -> list[str]:
    """Message-IDs that may identify an existing case: In-Reply-To first, then References newest first."""
    keys = [message.in_reply_to] if message.in_reply_to else []
    keys += [ref for ref in reversed(message.references) if ref not in keys]
    return keys
