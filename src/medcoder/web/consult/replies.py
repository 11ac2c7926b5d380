"""Mail we send: answers to a case (stored as case messages), and the one-off notices (registration
link, allowance used up). All go through Django's EMAIL_BACKEND, composed by `consult.outbound`."""

import email.message
from email.utils import parseaddr
from urllib.parse import urljoin

from django.conf import settings
from django.core import mail

from medcoder.assistant import Answer
from medcoder.consult.outbound import Citation, compose_reply
from medcoder.web.consult.models import CaseMessage, ConsultCase


class _WireMessage:
    """What Django's SMTP backend expects from `EmailMessage.message()`: bytes with a chosen line end."""

    def __init__(self, composed: email.message.EmailMessage):
        self.composed = composed

    def as_bytes(self, linesep: str = "\n") -> bytes:
        return self.composed.as_bytes(policy=self.composed.policy.clone(linesep=linesep))

    def __getitem__(self, name: str) -> str:
        return self.composed[name]


class ComposedMail(mail.EmailMessage):
    """A message composed with the standard library, sent through whichever EMAIL_BACKEND is set."""

    def __init__(self, composed: email.message.EmailMessage):
        super().__init__(subject=composed["Subject"], from_email=composed["From"], to=[composed["To"]])
        self.composed = composed

    def message(self) -> _WireMessage:
        return _WireMessage(self.composed)


def consult_setting(name: str):
    return settings.MEDCODER_CONSULT[name]


def consult_address() -> str:
    """The bare consult address, lower-cased, even when the setting names it ("CaseConsultant <...>")."""
    return parseaddr(consult_setting("address"))[1].lower()


def citations_for(answer: Answer) -> list[dict]:
    """CasePilot's citations as {"label", "url"} with absolute links (the site root when a source has
    no page of its own), ready to store on the case and to list in the reply."""
    site_url = consult_setting("site_url")
    return [
        {"label": c.label(), "url": urljoin(site_url, c.url) if c.url else site_url} for c in answer.citations
    ]


def send_reply(
    *,
    to: str,
    subject: str,
    text: str,
    citations: list[dict],
    in_reply_to: str,
    references: list[str],
    automatic: bool = True,
) -> email.message.EmailMessage:
    """Compose and send one reply (`automatic` unless a consultant wrote it); raises the backend's
    error (OSError, SMTPException) when it fails."""
    address = consult_setting("address")
    composed = compose_reply(
        to=to,
        from_address=address,
        subject=subject,
        answer=text,
        citations=[Citation(c["label"], c["url"]) for c in citations],
        in_reply_to=in_reply_to,
        references=references,
        domain=parseaddr(address)[1].rpartition("@")[2] or "localhost",
        automatic=automatic,
    )
    ComposedMail(composed).send(fail_silently=False)
    return composed


def answer_case(case: ConsultCase, text: str, *, sent_by=None, instant: bool = False) -> CaseMessage:
    """Send `text` (with the case's draft citations) as a reply to the case's latest question; a
    reply without a consultant (`sent_by` None) is marked as automatic."""
    question = case.messages.filter(direction=CaseMessage.Direction.QUESTION).last()
    composed = send_reply(
        to=case.user.email,
        subject=case.subject,
        text=text,
        citations=case.draft_citations,
        in_reply_to=question.message_id,
        references=question.references,
        automatic=sent_by is None,
    )
    return CaseMessage.objects.create(
        case=case,
        direction=CaseMessage.Direction.ANSWER,
        message_id=composed["Message-ID"],
        references=[*question.references, question.message_id],
        text=text,
        sent_by=sent_by,
        instant=instant,
    )
