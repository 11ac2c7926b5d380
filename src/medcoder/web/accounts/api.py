"""What every API router shares: who is calling (token, session or guest) and the JSON error shapes."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema

from medcoder.web.accounts.metering import AllowanceExhausted, Visitor, user_visitor, visitor_for
from medcoder.web.accounts.tokens import InvalidToken, user_for_token


class ErrorOut(Schema):
    detail: str


class AllowanceErrorOut(Schema):
    detail: str
    meter: str
    plan: str
    limit: int | None


def api_visitor(request: HttpRequest) -> Visitor:
    """The token's owner when `Authorization: Bearer` is sent (an invalid token is refused, never
    downgraded to guest), else the session user, else a guest by client address."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise InvalidToken("use: Authorization: Bearer <token>")
        return user_visitor(user_for_token(secret.strip()))
    return visitor_for(request)


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(InvalidToken)
    def invalid_token(request: HttpRequest, error: InvalidToken) -> HttpResponse:
        return api.create_response(request, {"detail": str(error)}, status=401)

    @api.exception_handler(AllowanceExhausted)
    def allowance_exhausted(request: HttpRequest, error: AllowanceExhausted) -> HttpResponse:
        spent = error.allowance
        body = {
            "detail": f"The {spent.plan} plan allows {spent.limit} {spent.meter} uses; register or upgrade.",
            "meter": spent.meter,
            "plan": spent.plan,
            "limit": spent.limit,
        }
        return api.create_response(request, body, status=402)
