"""What happens to one stored inbound message: the rules of CaseConsultant in one place.

Automated mail is dropped (never answered). Senders without a verified account get one registration
notice, ever. A verified user's mail opens a case, or continues one when it replies to it; a new case
counts against the plan's monthly "consult" allowance. CasePilot drafts an answer: a confident draft
from an authenticated sender is sent at once, anything else waits for a consultant.
"""

import logging
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from medcoder.assistant import Answer, QuestionError, ask
from medcoder.consult.inbound import InboundMessage, parse_message, thread_keys
from medcoder.consult.redact import redact
from medcoder.web.accounts.metering import AllowanceExhausted, use, user_visitor
from medcoder.web.codebook import shared_codebook
from medcoder.web.consult.models import (
    CaseAttachment,
    CaseMessage,
    ConsultCase,
    InboundMail,
    RegistrationInvite,
)
from medcoder.web.consult.replies import answer_case, citations_for, consult_setting, send_reply

log = logging.getLogger(__name__)


class UnprocessableMail(Exception):
    """Mail that no retry can fix (no usable sender, nothing to answer): parked for staff at once."""


def process(inbound: InboundMail) -> tuple[str, ConsultCase | None]:
    """Decide and carry out what happens to `inbound`; returns the outcome in words and the case."""
    message = parse_message(bytes(inbound.raw))
    for problem in message.problems:
        log.info("inbound #%s: %s", inbound.pk, problem)
    if message.automated:
        return f"dropped, automated mail ({message.automated})", None
    if not message.sender:
        raise UnprocessableMail("no usable sender address (" + "; ".join(message.problems) + ")")
    known = CaseMessage.objects.filter(message_id=message.message_id).first()
    if known:
        return f"duplicate of a message already in case #{known.case_id}", known.case
    user = _verified_user(message.sender)
    if user is None:
        return _invite_to_register(message), None
    question, subject = _stored_text(message.question), _stored_text(message.subject)
    if not question and not message.attachments:
        raise UnprocessableMail("no question text and no attachment")
    case = _thread_case(message, user)
    answer = _draft(question or subject)
    with transaction.atomic():
        return _file_question(message, user, case, question, subject, answer)


def _verified_user(address: str):
    return (
        get_user_model()
        .objects.filter(email__iexact=address, is_active=True, profile__email_verified=True)
        .first()
    )


def _invite_to_register(message: InboundMessage) -> str:
    if message.sender_unverified:
        return "dropped, unknown sender failed authentication (no notice, to avoid backscatter)"
    if RegistrationInvite.objects.filter(address=message.sender).exists():
        return "dropped, unknown sender already sent the registration link"
    site_url = consult_setting("site_url").rstrip("/")
    with transaction.atomic():
        RegistrationInvite.objects.create(address=message.sender)
        send_reply(
            to=message.sender,
            subject=message.subject,
            text=(
                "Thank you for your coding question. CaseConsultant answers questions from registered "
                f"medcoder users with a verified address. Register at {site_url}/accounts/register/ with "
                "this address, then send your question again.\n\nThis notice is sent only once."
            ),
            citations=[],
            in_reply_to=message.message_id,
            references=list(message.references),
        )
    return "registration link sent to an unknown sender"


def _stored_text(text: str) -> str:
    """`text` as it may be stored: with obvious patient identifiers removed when the site asks for it."""
    if not consult_setting("redact"):
        return text
    redacted, kinds = redact(text)
    if kinds:
        log.info("redacted %s from a question", ", ".join(kinds))
    return redacted


def _thread_case(message: InboundMessage, user) -> ConsultCase | None:
    """The user's case this message replies to; a Message-ID from someone else's case starts a new one."""
    keys = thread_keys(message)
    earlier = CaseMessage.objects.filter(message_id__in=keys, case__user=user).select_related("case")
    by_key = {m.message_id: m.case for m in earlier}
    return next((by_key[key] for key in keys if key in by_key), None)


def _draft(question: str) -> Answer | None:
    try:
        return ask(shared_codebook(), question)
    except QuestionError as error:
        log.info("CasePilot could not take the question: %s", error)
        return None


def is_confident(answer: Answer | None) -> bool:
    """Instant answers only when CasePilot answered and every statement is backed by cited facts."""
    return answer is not None and answer.answered and bool(answer.facts)


def _file_question(
    message: InboundMessage,
    user,
    case: ConsultCase | None,
    question: str,
    subject: str,
    answer: Answer | None,
) -> tuple[str, ConsultCase]:
    now = timezone.now()
    charge = case is None or case.status == ConsultCase.Status.OVER_ALLOWANCE
    if case is None:
        case = ConsultCase.objects.create(user=user, subject=subject[:300] or "(no subject)")
    stored = CaseMessage.objects.create(
        case=case,
        direction=CaseMessage.Direction.QUESTION,
        message_id=message.message_id,
        references=_thread_references(case, message),
        text=question,
    )
    _keep_attachments(stored, message)
    if charge:
        try:
            use(user_visitor(user), "consult", message.message_id)
        except AllowanceExhausted as exhausted:
            return _over_allowance(case, exhausted), case
    case.draft = answer.text if answer else ""
    case.draft_citations = citations_for(answer) if answer else []
    case.draft_confident = is_confident(answer)
    case.waiting_since, case.closed_at = now, None
    if case.draft_confident and not message.sender_unverified:
        case.status = ConsultCase.Status.ANSWERED
        case.save()
        answer_case(case, case.draft, instant=True)
        return "answered at once", case
    case.status = ConsultCase.Status.QUEUED
    case.save()
    reason = "sender failed authentication" if message.sender_unverified else "draft not confident"
    return f"queued for a consultant ({reason})", case


def _over_allowance(case: ConsultCase, exhausted: AllowanceExhausted) -> str:
    allowance = exhausted.allowance
    case.status = ConsultCase.Status.OVER_ALLOWANCE
    case.draft_citations = []
    case.save()
    answer_case(
        case,
        f"Your {allowance.plan} plan includes {allowance.limit} consult question(s) per month and this "
        "month's are used. Your question is kept on your account page; send it again next month or "
        "ask us about the premium plan.",
        instant=True,
    )
    return "over the monthly allowance: told the sender"


def _thread_references(case: ConsultCase, message: InboundMessage) -> list[str]:
    """The whole thread, oldest first, even when the sender's client kept only the last Message-ID."""
    earlier = case.messages.exclude(message_id=message.message_id).last()
    thread = [*earlier.references, earlier.message_id] if earlier else []
    thread += [*message.references, *([message.in_reply_to] if message.in_reply_to else [])]
    return list(dict.fromkeys(thread))


def _keep_attachments(stored: CaseMessage, message: InboundMessage) -> None:
    folder = Path(consult_setting("attachments_dir")) / str(stored.case_id)
    for number, attachment in enumerate(message.attachments, start=1):
        folder.mkdir(parents=True, exist_ok=True)
        safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", attachment.filename)[:80].strip(".") or "file"
        path = folder / f"{stored.pk}-{number}-{safe_name}"
        path.write_bytes(attachment.payload)
        CaseAttachment.objects.create(
            message=stored,
            filename=attachment.filename[:200],
            content_type=attachment.content_type,
            size=len(attachment.payload),
            stored_path=str(path),
        )
    for filename, reason in message.refused_attachments:
        log.info("refused attachment %r on %s: %s", filename, message.message_id, reason)
