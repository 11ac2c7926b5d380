"""The /pilot/ chat page (history, suggested questions, citations as links) and the article pages."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from medcoder.assistant import Conversation, QuestionError
from medcoder.assistant.knowledge import article_by_slug
from medcoder.web.accounts.metering import AllowanceExhausted, allowance, visitor_for
from medcoder.web.pilot.services import METER, answer_question, history

SUGGESTED = (
    "Can I report E11.9 with E10.9?",
    "What does modifier 25 mean?",
    "ICD-9 250.00 in ICD-10?",
    "What 7th character does S72.001 need?",
    "What is an MUE?",
    "Is a CPAP covered by Medicare?",
    "What is MS-DRG 871?",
    "Guidelines for E/M services",
)
SESSION_KEY = "pilot_conversation"


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    visitor = visitor_for(request)
    if request.method == "POST" and "new" in request.POST:
        request.session.pop(SESSION_KEY, None)
        return redirect("pilot:home")
    if request.method == "GET":
        return _page(request, visitor, prefill=request.GET.get("q", "")[:2000])
    question = request.POST.get("question", "")
    conversation = Conversation.from_json(request.session.get(SESSION_KEY))
    try:
        answer, _ = answer_question(visitor, question, conversation)
    except QuestionError as error:
        return _page(request, visitor, prefill=question, error=str(error), status=400)
    except AllowanceExhausted as spent:
        message = (
            f"You have used the {spent.allowance.limit} questions a day the {spent.allowance.plan} plan allows. "
            "Register or upgrade for more."
        )
        return _page(request, visitor, prefill=question, error=message, status=402)
    request.session[SESSION_KEY] = answer.conversation.to_json()
    return redirect(f"{request.path}#latest")


def _page(
    request: HttpRequest, visitor, prefill: str = "", error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "exchanges": history(visitor),
        "suggested": SUGGESTED,
        "prefill": prefill,
        "error": error,
        "allowance": allowance(visitor, METER),
    }
    return render(request, "pilot/home.html", context, status=status)


def article(request: HttpRequest, slug: str) -> HttpResponse:
    found = article_by_slug(slug)
    if found is None:
        raise Http404(f"No CasePilot article {slug!r}")
    return render(request, "pilot/article.html", {"article": found})
