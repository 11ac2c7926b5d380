"""Asking CasePilot on behalf of a site visitor: meter the question, answer it, keep the exchange."""

from medcoder.assistant import Answer, Conversation, ask
from medcoder.web.accounts.metering import Allowance, Visitor, use
from medcoder.web.codebook import shared_codebook
from medcoder.web.pilot.models import Exchange

METER = "casepilot_question"
HISTORY_LENGTH = 30


def answer_question(visitor: Visitor, question: str, conversation: Conversation) -> tuple[Answer, Allowance]:
    """Raises `QuestionError` for an empty or overlong question (not counted) and `AllowanceExhausted`
    when the visitor's daily questions are used up."""
    answer = ask(shared_codebook(), question, conversation)
    allowance = use(visitor, METER, answer.question.lower())
    Exchange.objects.create(
        visitor=visitor.key, user_id=visitor.user_id, question=answer.question, answer=answer.to_json()
    )
    return answer, allowance


def history(visitor: Visitor) -> list[Exchange]:
    """The visitor's most recent exchanges, oldest first."""
    recent = Exchange.objects.filter(visitor=visitor.key).order_by("-asked_at", "-id")[:HISTORY_LENGTH]
    return list(reversed(recent))
