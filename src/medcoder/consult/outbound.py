"""Replies as mail: correct threading headers, plain text + HTML, the citations listed."""

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


@dataclass(frozen=True)
class Citation:
    label: str  # e.g. "ICD-10-CM Tabular List, FY2026 (April 1 update)"
    url: str  # absolute link to the code page or the official reference


def compose_reply(
    *,
    to: str,
    from_address: str,
    subject: str,
    answer: str,
    citations: list[Citation],
    in_reply_to: str,
    references: list[str],
    domain: str,
    automatic: bool,
) -> EmailMessage:
    """A reply that threads under `in_reply_to` in every mail client (RFC 5322 §3.6.4). `automatic`:
    sent without a person (an instant answer, a notice), so it says so for other robots (RFC 3834);
    a consultant's answer is a person's mail and carries no Auto-Submitted header."""
    reply = EmailMessage()
    reply["From"] = from_address
    reply["To"] = to
    reply["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}".strip()
    reply["Date"] = format_datetime(datetime.now(UTC))
    reply["Message-ID"] = make_msgid(domain=domain)
    reply["In-Reply-To"] = in_reply_to
    reply["References"] = " ".join([*[r for r in references if r != in_reply_to], in_reply_to])
    if automatic:
        reply["Auto-Submitted"] = "auto-replied"
    sources = "\n".join(f"- {c.label}: {c.url}" for c in citations)
    reply.set_content(f"{answer}\n\nSources:\n{sources}\n" if citations else f"{answer}\n")
    items = "".join(f'<li><a href="{html.escape(c.url)}">{html.escape(c.label)}</a></li>' for c in citations)
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in answer.split("\n\n"))
    sources_html = f"<h4>Sources</h4><ul>{items}</ul>" if citations else ""
    reply.add_alternative(f"<html><body>{paragraphs}{sources_html}</body></html>", subtype="html")
    return reply
