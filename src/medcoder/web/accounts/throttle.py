"""Login rate limiting: too many failures for one address and user name locks logins for a while."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from medcoder.web.accounts.models import LoginFailure


def logins_blocked(address: str, username: str) -> bool:
    return _recent_failures(address, username).count() >= settings.MEDCODER_LOGIN_FAILURES_ALLOWED


def record_login_failure(address: str, username: str) -> None:
    LoginFailure.objects.create(address=address, username=username.lower()[:150])


def clear_login_failures(address: str, username: str) -> None:
    _recent_failures(address, username).delete()


def _recent_failures(address: str, username: str):
    since = timezone.now() - timedelta(minutes=settings.MEDCODER_LOGIN_FAILURE_WINDOW_MINUTES)
    return LoginFailure.objects.filter(address=address, username=username.lower()[:150], failed_at__gte=since)
