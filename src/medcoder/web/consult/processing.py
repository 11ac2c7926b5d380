"""What happens to one stored inbound message: the rules of CaseConsultant in one place.

Automated mail and mail from our own address are dropped (never answered). Senders without a
verified account get one notice (`notices`). A verified user's mail opens a case, or continues one
when it replies to it; a new case counts against the plan's monthly "consult" allowance. CasePilot
drafts an answer; it is sent at once only when the draft is a grounded coding answer
(`consult.instant`) and the sender is authenticated: an Authentication-Results pass from one of the
site's trusted authserv-ids, or mail from a mailbox the site trusts. Anything else waits for a
consultant, with the reason shown in the console.
"""

import logging
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from medcoder.assistant import Answer, QuestionError, ask
from medcoder.consult.inbound import InboundMessage, parse_message, thread_keys
from medcoder.consult.instant import why_not_instant
from medcoder.consult.redact import redact
from medcoder.web.accounts.metering import AllowanceExhausted
from medcoder.web.codebook import shared_codebook
from medcoder.web.consult.allowances import charge_allowance
from medcoder.web.consult.models import CaseAttachment, CaseMessage, ConsultCase, InboundMail
from medcoder.web.consult.notices import notice_for_stranger
from medcoder.web.consult.replies import answer_case, citations_for, consult_address, consult_setting

log = logging.getLogger(__name__)


class UnprocessableMail(Exception):
    """Mail that no retry can fix (no usable sender, nothing to answer): parked for staff at once."""


def process(inbound: InboundMail) -> tuple[str, ConsultCase | None]:
    """Decide and carry out what happens to `inbound`; returns the outcome in words and the case."""
    trusted_ids = frozenset(consult_setting("trusted_authserv_ids"))
    message = parse_message(bytes(inbound.raw), trusted_authserv_ids=trusted_ids)
    for problem in message.problems:
        log.info("inbound #%s: %s", inbound.pk, problem)
    if message.automated:
        return f"dropped, automated mail ({message.automated})", None
    if not message.sender:
        raise UnprocessableMail("no usable sender address (" + "; ".join(message.problems) + ")")
    if message.sender == consult_address():
        return "dropped, mail from our own consult address (a reply of ours come back)", None
    known = CaseMessage.objects.filter(message_id=message.message_id).first()
    if known:
        return f"duplicate of a message already in case #{known.case_id}", known.case
    user = _verified_user(message.sender)
    if user is None:
        return notice_for_stranger(message), None
    return _take_question(inbound, message, user)


def _take_question(inbound: InboundMail, message: InboundMessage, user) -> tuple[str, ConsultCase]:
    """File a verified user's question; answer it at once or queue it. Unauthenticated mail uses no
    allowance here (a forged From must not spend someone's plan): the consultant's answer charges it."""
    question, subject = _stored_text(message.question), _stored_text(message.subject)
    if not question and not message.attachments:
        raise UnprocessableMail("no question text and no attachment")
    case = _thread_case(message, user)
    answer = _draft(question or subject)
    unauthenticated = _unauthenticated(inbound, message)
    with transaction.atomic():
        case = _file_question(inbound, message, user, case, question, subject, unauthenticated is None)
        if unauthenticated is None and (
            not case.allowance_used or case.status == ConsultCase.Status.OVER_ALLOWANCE
        ):
            try:
                charge_allowance(case)
            except AllowanceExhausted as exhausted:
                return _over_allowance(case, exhausted), case
        return _answer_or_queue(case, answer, unauthenticated), case


def _verified_user(address: str):
    return (
        get_user_model()
        .objects.filter(email__iexact=address, is_active=True, profile__email_verified=True)
        .first()
    )


def _unauthenticated(inbound: InboundMail, message: InboundMessage) -> str | None:
    """None when the From address is vouched for; otherwise why not, for the console."""
    verdict = message.authentication
    if verdict.passed or (inbound.channel_trusted and not verdict.failed):
        return None
    return f"sender not authenticated ({verdict.detail})"


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


def _file_question(
    inbound: InboundMail,
    message: InboundMessage,
    user,
    case: ConsultCase | None,
    question: str,
    subject: str,
    authenticated: bool,
) -> ConsultCase:
    """The question stored on its case (a new case when it continues none), with its attachments."""
    if case is None:
        case = ConsultCase.objects.create(user=user, subject=subject[:300] or "(no subject)")
    stored = CaseMessage.objects.create(
        case=case,
        direction=CaseMessage.Direction.QUESTION,
        message_id=message.message_id,
        references=_thread_references(case, message),
        text=question,
        sender_authenticated=authenticated,
    )
    _keep_attachments(stored, inbound, message)
    return case


def _answer_or_queue(case: ConsultCase, answer: Answer | None, unauthenticated: str | None) -> str:
    grounded = why_not_instant(answer)
    case.draft = answer.text if answer else ""
    case.draft_citations = citations_for(answer) if answer else []
    case.draft_confident = grounded is None
    case.waiting_since, case.closed_at = timezone.now(), None
    case.queue_reason = "; ".join(reason for reason in (unauthenticated, grounded) if reason)[:300]
    if not case.queue_reason:
        case.status = ConsultCase.Status.ANSWERED
        case.save()
        answer_case(case, case.draft, instant=True)
        return "answered at once"
    case.status = ConsultCase.Status.QUEUED
    case.save()
    return f"queued for a consultant ({case.queue_reason})"


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


def _keep_attachments(stored: CaseMessage, inbound: InboundMail, message: InboundMessage) -> None:
    """Kept files go under var/ (never served directly); refused ones are listed on the question.
    Mail held unredacted (redaction on, but it could not be rebuilt) keeps no file at all, and its
    file names, which often name the patient, are not repeated (`consult.redact_mail` names the rest)."""
    held_unredacted = inbound.redaction == InboundMail.Redaction.PENDING
    refused = [
        {"filename": r["filename"], "reason": f"not kept: redaction cannot check {r['content_type']} files"}
        for r in inbound.removed_attachments
    ]
    for number, (filename, reason) in enumerate(message.refused_attachments, start=1):
        refused.append({"filename": f"refused-{number}" if held_unredacted else filename, "reason": reason})
    folder = Path(consult_setting("attachments_dir")) / str(stored.case_id)
    for number, attachment in enumerate(message.attachments, start=1):
        if held_unredacted:
            reason = "not kept: redaction could not read this message"
            refused.append({"filename": f"attachment-{number}", "reason": reason})
            continue
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
    for item in refused:
        log.info("refused attachment %r on %s: %s", item["filename"], message.message_id, item["reason"])
    if refused:
        stored.refused_attachments = refused
        stored.save(update_fields=["refused_attachments"])
