"""API tokens: issued from the profile page, sent as `Authorization: Bearer <token>`."""

import hashlib
import secrets

from django.utils import timezone

from medcoder.web.accounts.models import ApiToken

TOKEN_PREFIX = "mc_"


class InvalidToken(Exception):
    """The bearer token is malformed, unknown or revoked."""


def issue_token(user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; the returned secret is the only copy (we keep its hash)."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name or "API token", prefix=secret[:10], secret_sha256=_sha256(secret)
    )
    return token, secret


def user_for_token(secret: str):
    """The active user owning this token; raises `InvalidToken`."""
    if not secret.startswith(TOKEN_PREFIX):
        raise InvalidToken("not a medcoder API token")
    token = ApiToken.objects.select_related("user").filter(secret_sha256=_sha256(secret)).first()
    if token is None or not token.user.is_active:
        raise InvalidToken("unknown or revoked API token")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
