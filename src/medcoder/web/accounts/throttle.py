"""Login rate limiting: too many failures for one address and user name locks that user name's logins
from the address for a while; many more from one address, whatever the user names (someone trying
one password on many accounts), lock the address."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from medcoder.web.accounts.models import LoginFailure


def logins_blocked(address: str, username: str) -> bool:
    from_address = LoginFailure.objects.filter(address=address, failed_at__gte=_window_start())
    return (
        from_address.filter(username=username.lower()[:150]).count()
        >= settings.MEDCODER_LOGIN_FAILURES_ALLOWED
        or from_address.count() >= settings.MEDCODER_LOGIN_FAILURES_PER_ADDRESS
    )


def record_login_failure(address: str, username: str) -> None:
    LoginFailure.objects.create(address=address, username=username.lower()[:150])


def clear_login_failures(address: str, username: str) -> None:
    _recent_failures(address, username).delete()


def _recent_failures(address: str, username: str):
    return LoginFailure.objects.filter(
        address=address, username=username.lower()[:150], failed_at__gte=_window_start()
    )


def _window_start():
    return timezone.now() - timedelta(minutes=settings.MEDCODER_LOGIN_FAILURE_WINDOW_MINUTES)
