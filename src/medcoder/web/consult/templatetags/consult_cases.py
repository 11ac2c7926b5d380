"""`{% consult_cases user %}`: the user's consult cases with their questions and answers, on their own
cases page and on the account page, from one template."""

from django import template
from django.conf import settings

from medcoder.web.consult.models import ConsultCase

register = template.Library()


@register.inclusion_tag("consult/cases_list.html")
def consult_cases(user, limit: int | None = None) -> dict:
    """The user's cases, newest first; `limit` shows only the latest (the account page)."""
    cases = ConsultCase.objects.filter(user=user).prefetch_related("messages").order_by("-opened_at")
    total = cases.count()
    return {
        "cases": cases[:limit] if limit else cases,
        "more": bool(limit) and total > limit,
        "consult_address": settings.MEDCODER_CONSULT["address"],
    }
