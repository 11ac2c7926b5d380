"""Raw inbound mail -> `InboundMessage`: the question, threading ids, sender, kept attachments.

Parsing never raises for bad mail. Malformed MIME, unknown charsets, HTML-only bodies, missing or
suspicious headers each leave a note in `problems` so the caller can log the outcome; the caller
stores the raw bytes first, so nothing is ever lost.
"""

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from email.message import Message
from email.utils import getaddresses, parseaddr

from medcoder.consult.html_text import html_to_text
from medcoder.consult.loops import automated_reason


@dataclass(frozen=True)
class AttachmentPolicy:
    max_bytes: int = 5_000_000
    max_total_bytes: int = 10_000_000
    # content type -> magic prefixes the payload must start with (an empty tuple: any text)
    allowed: dict[str, tuple[bytes, ...]] = field(
        default_factory=lambda: {
            "application/pdf": (b"%PDF-",),
            "image/png": (b"\x89PNG\r\n\x1a\n",),
            "image/jpeg": (b"\xff\xd8\xff",),
            "text/plain": (),
            "text/csv": (),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
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
    sender_unverified: bool  # SPF/DKIM/DMARC failed per Authentication-Results: never answer instantly
    problems: tuple[str, ...]


QUOTE_HEADERS = [
    re.compile(r"^On .{1,200}wrote:\s*$"),
    re.compile(r"^-{2,}\s*Original Message\s*-{2,}", re.IGNORECASE),
    re.compile(r"^From: .+$"),  # Outlook-style quoted header block
    re.compile(r"^_{10,}$"),
]


def parse_message(raw: bytes, policy: AttachmentPolicy | None = None) -> InboundMessage:
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
        subject=" ".join(_header(message, "Subject", problems).split()),
        question=trim_quoted_history(body),
        attachments=tuple(attachments),
        refused_attachments=tuple(refused),
        automated=automated_reason(message),
        sender_unverified=_authentication_failed(message, problems),
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


def _authentication_failed(message: Message, problems: list[str]) -> bool:
    results = " ".join(str(v) for v in message.get_all("Authentication-Results", []) or []).lower()
    failed = any(f"{check}=fail" in results for check in ("dmarc", "spf", "dkim"))
    if failed:
        problems.append("sender authentication failed (Authentication-Results)")
    return failed


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
    charset = part.get_content_charset() or "us-ascii"
    try:
        return payload.decode(charset)
    except LookupError:
        problems.append(f"unknown charset {charset!r}: decoded as UTF-8 with replacements")
    except UnicodeDecodeError:
        problems.append(f"text not valid {charset}: decoded as UTF-8 with replacements")
    return payload.decode("utf-8", errors="replace")


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
)


def _refusal(
    filename: str, content_type: str, payload: bytes, total: int, policy: AttachmentPolicy
) -> str | None:
    if filename.lower().endswith(DANGEROUS_SUFFIXES):
        return "dangerous file type"
    if content_type not in policy.allowed:
        return f"type {content_type} not accepted"
    magics = policy.allowed[content_type]
    if magics and not payload.startswith(magics):
        return f"content does not match {content_type}"
    if len(payload) > policy.max_bytes:
        return f"larger than {policy.max_bytes // 1_000_000} MB"
    if total + len(payload) > policy.max_total_bytes:
        return "attachments together exceed the size limit"
    return None


def trim_quoted_history(text: str) -> str:
    """The text above the quoted reply history and the signature."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped in ("--", "-- ") or any(p.match(stripped) for p in QUOTE_HEADERS):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def thread_keys(message: InboundMessage) -> list[str]:
    """Message-IDs that may identify an existing case: In-Reply-To first, then References newest first."""
    keys = [message.in_reply_to] if message.in_reply_to else []
    keys += [ref for ref in reversed(message.references) if ref not in keys]
    return keys
