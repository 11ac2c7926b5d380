"""POST /api/v1/ask: CasePilot over HTTP, metered per day like the chat page."""

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from medcoder.assistant import Conversation, QuestionError
from medcoder.web.accounts.api import AllowanceErrorOut, ErrorOut, api_visitor
from medcoder.web.pilot.services import answer_question

router = Router(tags=["casepilot"])


class AskIn(Schema):
    question: str = Field(examples=["Can I report E11.9 with E10.9?"])
    conversation: dict | None = Field(
        None, description="The `conversation` object of the previous answer, for follow-up questions."
    )


class CitationOut(Schema):
    source: str
    version: str
    url: str | None


class FactOut(Schema):
    text: str
    source: str
    version: str
    url: str | None


class AskOut(Schema):
    question: str
    answer: str
    summary: str
    facts: list[FactOut]
    topic: str
    answered: bool
    codes: list[str]
    links: list[str]
    citations: list[CitationOut]
    conversation: dict
    remaining_today: int | None


@router.post(
    "/ask",
    response={200: AskOut, 400: ErrorOut, 401: ErrorOut, 402: AllowanceErrorOut},
    summary="Ask CasePilot",
)
def ask_pilot(request: HttpRequest, body: AskIn):
    """The answer first, then its facts, each citing the official source and version it rests on."""
    try:
        answer, allowance = answer_question(
            api_visitor(request), body.question, Conversation.from_json(body.conversation)
        )
    except QuestionError as error:
        return Status(400, {"detail": str(error)})
    return {**answer.to_json(), "remaining_today": allowance.remaining}
