"""Metered code pages and the metering service other areas use (also run on PostgreSQL)."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

from medcoder.web.accounts import metering
from medcoder.web.accounts.metering import AllowanceExhausted, UnknownMeter, guest_visitor, use, user_visitor
from medcoder.web.accounts.models import Plan, Profile

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.shared_data]

CODES = ["E11.9", "E11.65", "I10", "J45.909", "N39.0", "R05.9", "M54.50"]


def is_full(response) -> bool:
    return b"Official Description" in response.content


def is_locked(response) -> bool:
    return b'id="locked"' in response.content


def member(plan: str, email: str = "coder@example.org") -> Client:
    user = get_user_model().objects.create_user(username=email, email=email, password="x" * 12)
    Profile.objects.create(user=user, plan=plan)
    client = Client()
    client.force_login(user)
    return client


def test_a_guest_opens_one_code_page_then_sees_the_lock_with_register_and_login(client):
    assert is_full(client.get("/codes/icd10cm/E11.9/"))
    locked = client.get("/codes/icd10cm/I10/")
    assert is_locked(locked) and not is_full(locked)
    assert b"Register free account" in locked.content and b"Log in" in locked.content
    assert b"Essential (primary) hypertension" in locked.content  # the title stays free


def test_reopening_a_counted_page_is_free(client):
    for _ in range(3):
        assert is_full(client.get("/codes/icd10cm/E11.9/"))


def test_clearing_cookies_does_not_reset_a_guest_but_another_address_has_its_own_allowance():
    Client(REMOTE_ADDR="203.0.113.7").get("/codes/icd10cm/E11.9/")
    assert is_locked(Client(REMOTE_ADDR="203.0.113.7").get("/codes/icd10cm/I10/"))
    assert is_full(Client(REMOTE_ADDR="203.0.113.8").get("/codes/icd10cm/I10/"))


def test_a_free_account_opens_five_pages_and_counts_them_down():
    client = member(Plan.FREE)
    remaining = []
    for code in CODES[:5]:
        response = client.get(f"/codes/icd10cm/{code}/")
        assert is_full(response)
        remaining.append(int(response.content.split(b'data-remaining="')[1].split(b'"')[0]))
    assert remaining == [4, 3, 2, 1, 0]
    assert is_locked(client.get(f"/codes/icd10cm/{CODES[5]}/"))
    assert is_full(client.get(f"/codes/icd10cm/{CODES[0]}/"))


def test_a_page_opened_as_a_guest_stays_free_after_signing_in_from_the_same_address():
    Client(REMOTE_ADDR="203.0.113.20").get("/codes/icd10cm/B01.9/")
    user = get_user_model().objects.create_user(
        username="g@example.org", email="g@example.org", password="x" * 12
    )
    Profile.objects.create(user=user, plan=Plan.FREE)
    signed_in = Client(REMOTE_ADDR="203.0.113.20")
    signed_in.force_login(user)
    response = signed_in.get("/codes/icd10cm/B01.9/")
    assert is_full(response) and b'data-remaining="5"' in response.content
    assert b'data-remaining="4"' in signed_in.get("/codes/icd10cm/I10/").content


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_for_different_pages_never_go_past_the_limit():
    """Six threads each open a different page at once on a free account (5 views): exactly five count.

    PostgreSQL only: the in-memory SQLite test database shares one cache between threads, which has
    table locks instead of the file database's IMMEDIATE transactions."""
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL job (MEDCODER_TEST_POSTGRES=1)")
    user = get_user_model().objects.create_user(username="p@example.org", password="x" * 12)
    Profile.objects.create(user=user, plan=Plan.FREE)
    visitor = user_visitor(user)
    start = threading.Barrier(6)

    def open_page(item: str) -> bool:
        start.wait()
        try:
            use(visitor, "code_page", item)
            return True
        except AllowanceExhausted:
            return False
        finally:
            connection.close()

    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(open_page, [f"icd10cm:{code}" for code in CODES[:6]]))
    assert outcomes.count(True) == 5
    assert metering.allowance(visitor, "code_page").used == 5


def test_premium_is_unlimited():
    client = member(Plan.PREMIUM)
    for code in CODES:
        response = client.get(f"/codes/icd10cm/{code}/")
        assert is_full(response) and b"remaining" not in response.content


def test_daily_meters_start_over_the_next_day(monkeypatch, settings):
    settings.MEDCODER_ALLOWANCES = {
        "casepilot_question": {"period": "day", "guest": 2, "free": 5, "premium": None}
    }
    visitor = guest_visitor("198.51.100.1")
    use(visitor, "casepilot_question", "q1")
    assert use(visitor, "casepilot_question", "q2").remaining == 0
    with pytest.raises(AllowanceExhausted) as exhausted:
        use(visitor, "casepilot_question", "q3")
    assert exhausted.value.allowance.limit == 2
    tomorrow = timezone.now() + timedelta(days=1)
    monkeypatch.setattr(metering.timezone, "now", lambda: tomorrow)
    assert use(visitor, "casepilot_question", "q3").remaining == 1


def test_monthly_meter_counts_per_plan_and_unknown_meters_are_refused():
    user = get_user_model().objects.create_user(username="a@example.org", password="x" * 12)
    visitor = user_visitor(user)
    assert visitor.plan == "free"
    assert use(visitor, "consult", "case-1").remaining == 0
    with pytest.raises(AllowanceExhausted):
        use(visitor, "consult", "case-2")
    with pytest.raises(UnknownMeter):
        use(visitor, "no-such-meter", "x")


def test_the_postgresql_job_really_runs_on_postgresql():
    expected = "postgresql" if os.environ.get("MEDCODER_TEST_POSTGRES") == "1" else "sqlite"
    assert connection.vendor == expected
