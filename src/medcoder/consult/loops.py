"""Mail that must never get an answer: auto-replies, bounces, mailing lists (RFC 3834 and practice)."""

from email.message import Message

AUTOMATED_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
SYSTEM_SENDERS = ("mailer-daemon@", "postmaster@", "mailer-daemon", "noreply@", "no-reply@", "do-not-reply@")


def automated_reason(message: Message) -> str | None:
    """Why this message is automated (and so must not be answered), or None for a person's mail."""
    auto_submitted = str(message.get("Auto-Submitted", "")).strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    precedence = str(message.get("Precedence", "")).strip().lower()
    if precedence in AUTOMATED_PRECEDENCE:
        return f"Precedence: {precedence}"
    for header in ("List-Id", "List-Unsubscribe", "List-Post"):
        if message.get(header):
            return f"mailing list ({header})"
    if str(message.get("Return-Path", "")).strip() == "<>":
        return "Return-Path <> (bounce or auto-reply)"
    for header in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"):
        value = str(message.get(header, "")).strip().lower()
        if value and (header != "X-Auto-Response-Suppress" or value == "all"):
            return f"{header}: {value}"
    if message.get_content_type() == "multipart/report":
        return "delivery status report (bounce)"
    sender = str(message.get("From", "")).lower()
    if any(marker in sender for marker in SYSTEM_SENDERS):
        return f"system sender {sender.strip()}"
    return None
