"""How much of a metered thing each visitor may use, shared by every product area.

A meter ("code_page", "casepilot_question", "case2code_note", "consult") has a period and a limit per
plan in settings.MEDCODER_ALLOWANCES. Call `use(visitor, meter, item)` before giving the thing; it
counts the item once per period (re-opening a counted page is free) or raises `AllowanceExhausted`.

Guests are counted by a keyed hash of their client address, stored on the server, so clearing cookies
does not give them a new allowance. A page someone opened as a guest stays free once they sign in from
the same address.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from medcoder.web.accounts.models import MeteredUse, Profile

GUEST = "guest"


@dataclass(frozen=True)
class Visitor:
    """Who is using a meter: `key` identifies them across requests, `plan` sets their limits."""

    key: str
    plan: str
    user_id: int | None = None
    # Other keys whose counted items are free for this visitor too (the guest they were before signing in).
    also_counted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Allowance:
    meter: str
    plan: str
    period: str  # when the count starts over: "lifetime", "day" or "month"
    limit: int | None  # None: unlimited
    used: int

    @property
    def unlimited(self) -> bool:
        return self.limit is None

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)


class UnknownMeter(KeyError):
    """The meter is not configured in settings.MEDCODER_ALLOWANCES."""


class AllowanceExhausted(Exception):
    def __init__(self, allowance: Allowance):
        self.allowance = allowance
        super().__init__(f"{allowance.meter}: the {allowance.plan} plan allows {allowance.limit}")


def guest_visitor(address: str) -> Visitor:
    return Visitor(key=_guest_key(address), plan=GUEST)


def user_visitor(user, address: str | None = None) -> Visitor:
    """`address`, where known, is the client address the user signs in from: what they opened there
    as a guest stays free."""
    profile, _ = Profile.objects.get_or_create(user=user)
    also = (_guest_key(address),) if address else ()
    return Visitor(key=f"user:{user.pk}", plan=profile.plan, user_id=user.pk, also_counted=also)


def visitor_for(request: HttpRequest) -> Visitor:
    """The signed-in user, else a guest identified by the client address."""
    if request.user.is_authenticated:
        return user_visitor(request.user, client_address(request))
    return guest_visitor(client_address(request))


def _guest_key(address: str) -> str:
    return "guest:" + salted_hmac("medcoder.guest-address", address).hexdigest()[:40]


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR as the server saw it (behind a proxy, the proxy must set it from X-Forwarded-For)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def allowance(visitor: Visitor, meter: str) -> Allowance:
    rule = _rule(meter)
    used = MeteredUse.objects.filter(
        meter=meter, visitor=visitor.key, period_start=_period_start(rule["period"])
    ).count()
    return Allowance(
        meter=meter, plan=visitor.plan, period=rule["period"], limit=rule[visitor.plan], used=used
    )


def has_used(visitor: Visitor, meter: str, item: str) -> bool:
    """Whether `item` was already counted this period (so using it again is free)."""
    period_start = _period_start(_rule(meter)["period"])
    return MeteredUse.objects.filter(
        meter=meter,
        visitor__in=(visitor.key, *visitor.also_counted),
        period_start=period_start,
        item=item[:200],
    ).exists()


def use(visitor: Visitor, meter: str, item: str) -> Allowance:
    """Count `item` against the visitor's allowance and return what is left; free if already counted.

    The check and the count run in one transaction that holds the visitor's lock, so parallel requests
    for different items cannot together go past the limit.
    """
    if has_used(visitor, meter, item):
        return allowance(visitor, meter)
    try:
        with transaction.atomic():
            _lock(visitor)
            current = allowance(visitor, meter)
            if current.remaining == 0 and not has_used(visitor, meter, item):
                raise AllowanceExhausted(current)
            MeteredUse.objects.get_or_create(
                meter=meter,
                visitor=visitor.key,
                item=item[:200],
                period_start=_period_start(_rule(meter)["period"]),
                defaults={"user_id": visitor.user_id},
            )
    except IntegrityError:
        pass  # the same item counted by a concurrent request: still one use
    return allowance(visitor, meter)


def _lock(visitor: Visitor) -> None:
    """Serialise one visitor's uses until the transaction ends. SQLite needs nothing here: the site
    database begins every transaction IMMEDIATE (settings), which already takes the write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [visitor.key])


def _rule(meter: str) -> dict:
    try:
        return settings.MEDCODER_ALLOWANCES[meter]
    except KeyError:
        raise UnknownMeter(meter) from None


def _period_start(period: str) -> date:
    today = timezone.now().date()
    if period == "day":
        return today
    if period == "month":
        return today.replace(day=1)
    if period == "lifetime":
        return date(1970, 1, 1)
    raise ValueError(f"unknown allowance period {period!r}")
