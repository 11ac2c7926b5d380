"""The form a message is stored in when the site redacts: identifiers removed before the first write.

`redact_message` rebuilds the MIME: the Subject, every text part and every text attachment pass
through `redact`; HTML parts are stored as their (redacted) text, since a name split by tags would
slip past the patterns; attachment file names, which often carry the patient's name, become
"attachment-N"; binary attachments (PDF, images, Word) cannot be checked for identifiers, so they are
left out and listed. Sender, threading and loop headers stay as they arrived, so processing reads the
stored form exactly like an original.

Mail too broken to rebuild is stored as received and cleared with `redact_unparsable` once processing
ends (answered, dropped or parked): retrying needs the original bytes.
"""

import email
import email.policy
import html
import re
from dataclasses import dataclass, field
from email.message import EmailMessage

from medcoder.consult.html_text import html_to_text
from medcoder.consult.redact import redact

TEXT_ATTACHMENTS = {"text/plain": "txt", "text/csv": "csv"}
BASE64_LINE = re.compile(rb"^[A-Za-z0-9+/=]{40,}\r?$", re.MULTILINE)


@dataclass(frozen=True)
class RemovedAttachment:
    filename: str  # the generic name it would have had ("attachment-2")
    content_type: str
    size: int


@dataclass(frozen=True)
class RedactedMail:
    raw: bytes
    kinds: tuple[str, ...]  # the identifier kinds found (SSN, NAME, ...)
    removed: tuple[RemovedAttachment, ...]


def redact_message(raw: bytes) -> RedactedMail | None:
    """`raw` rebuilt with identifiers removed, or None when its MIME cannot be rebuilt."""
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        redactor = _Redactor()
        if message["Subject"] is not None:
            message.replace_header("Subject", redactor.text(" ".join(str(message["Subject"]).split())))
        if _is_binary(message):  # a whole message that is one file
            redactor.removed.append(RemovedAttachment("attachment-1", message.get_content_type(), len(raw)))
            message.set_content("")
        else:
            redactor.part(message)
        return RedactedMail(message.as_bytes(), tuple(dict.fromkeys(redactor.kinds)), tuple(redactor.removed))
    except Exception:  # the caller keeps the original and clears it later: never lose the message
        return None


def redact_unparsable(raw: bytes) -> bytes:
    """What staff may still read of a message `redact_message` could not rebuild, once processing is
    over: its text with identifiers removed and base64 blocks (where text could hide) dropped."""
    text = BASE64_LINE.sub(b"", raw).decode("utf-8", errors="replace")
    return redact(text)[0].encode()


@dataclass
class _Redactor:
    """Walks one message; attachments are numbered in order, kept or not."""

    kinds: list[str] = field(default_factory=list)
    removed: list[RemovedAttachment] = field(default_factory=list)
    attachments: int = 0

    def text(self, text: str) -> str:
        cleaned, found = redact(text)
        self.kinds.extend(found)
        return cleaned

    def part(self, part: EmailMessage) -> None:
        if part.is_multipart():
            kept = [child for child in part.iter_parts() if self._kept(child)]
            part.set_payload(kept)
        elif _is_attachment(part):
            self.attachments += 1
            name = f"attachment-{self.attachments}.{TEXT_ATTACHMENTS[part.get_content_type()]}"
            text = self.text(part.get_content())
            part.set_content(
                text, subtype=part.get_content_subtype(), disposition="attachment", filename=name
            )
        elif part.get_content_type() == "text/html":
            text = self.text(html_to_text(_text_of(part)))
            part.set_content(f"<html><body><pre>{html.escape(text)}</pre></body></html>", subtype="html")
        else:  # text/plain, or any other text a client sends inline
            part.set_content(self.text(_text_of(part)), subtype=part.get_content_subtype())

    def _kept(self, child: EmailMessage) -> bool:
        """Redacts `child`, or records it as removed (False) when it cannot be redacted."""
        if not _is_binary(child):
            self.part(child)
            return True
        if _is_attachment(child):
            self.attachments += 1
        size = len(child.get_payload(decode=True) or b"")
        self.removed.append(
            RemovedAttachment(f"attachment-{self.attachments}", child.get_content_type(), size)
        )
        return False


def _text_of(part: EmailMessage) -> str:
    """The part's text; an unknown or wrong charset reads as UTF-8 with replacements, as processing
    would read it (`consult.inbound`)."""
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError):
        return (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")


def _is_attachment(part: EmailMessage) -> bool:
    return bool(part.get_filename()) or part.get_content_disposition() == "attachment"


def _is_binary(part: EmailMessage) -> bool:
    """A leaf part we cannot redact: an attachment other than text, or an inline image or file."""
    if part.is_multipart():
        return False
    if _is_attachment(part):
        return part.get_content_type() not in TEXT_ATTACHMENTS
    return part.get_content_maintype() != "text"
