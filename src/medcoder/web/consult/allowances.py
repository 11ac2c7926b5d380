"""A consult case counts once against its user's monthly "consult" allowance (settings
MEDCODER_ALLOWANCES): when an authenticated question opens it, or, for mail whose sender could not be
authenticated, when a consultant answers it, so forged mail never spends a user's plan."""

from medcoder.web.accounts.metering import use, user_visitor
from medcoder.web.consult.models import ConsultCase


def charge_allowance(case: ConsultCase) -> None:
    """Count `case` for this month; raises `AllowanceExhausted` when the month's questions are used."""
    use(user_visitor(case.user), "consult", f"case {case.pk}")
    case.allowance_used = True
    case.save(update_fields=["allowance_used"])
