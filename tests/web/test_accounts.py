"""Registration with email verification, login rate limiting, password reset, API tokens, admin
(also run on PostgreSQL)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from medcoder.web.accounts.models import Plan, Profile

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PASSWORD = "correct horse battery"


def link_in_last_mail() -> str:
    return re.search(r"https?://\S+", mail.outbox[-1].body).group(0)


def register(client, email: str = "new@example.org", next_url: str = "") -> None:
    client.post("/accounts/register/", {"email": email, "password": PASSWORD, "next": next_url})


def test_registering_sends_a_verification_link_that_activates_and_signs_in(client):
    register(client, next_url="/codes/icd10cm/E11.9/")
    user = get_user_model().objects.get(username="new@example.org")
    assert not user.is_active
    assert mail.outbox[-1].to == ["new@example.org"]
    response = client.get(link_in_last_mail())
    assert response.status_code == 302 and response.url == "/codes/icd10cm/E11.9/"
    user.refresh_from_db()
    assert user.is_active and user.profile.email_verified and user.profile.plan == Plan.FREE
    assert client.get("/accounts/profile/").status_code == 200


def test_a_tampered_verification_link_is_refused(client):
    register(client)
    assert client.get(link_in_last_mail()[:-3] + "xyz/").status_code == 400
    assert client.get("/accounts/verify/!!/abc/").status_code == 400


def test_registration_refuses_duplicates_and_weak_passwords(client):
    register(client)
    again = client.post("/accounts/register/", {"email": "NEW@example.org", "password": PASSWORD})
    assert b"exists already" in again.content
    weak = client.post("/accounts/register/", {"email": "w@example.org", "password": "password"})
    assert b"This password is too common" in weak.content
    assert not get_user_model().objects.filter(username="w@example.org").exists()


def test_passwords_are_hashed_with_argon2():
    user = get_user_model().objects.create_user(username="h@example.org", password=PASSWORD)
    assert user.password.startswith("argon2")


def test_logins_are_refused_after_five_failures_even_with_the_right_password(client):
    get_user_model().objects.create_user(username="l@example.org", email="l@example.org", password=PASSWORD)
    for _ in range(5):
        client.post("/accounts/login/", {"username": "l@example.org", "password": "wrong password"})
    response = client.post("/accounts/login/", {"username": "l@example.org", "password": PASSWORD})
    assert b"Too many failed attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_user_names_is_locked_out_too(client, settings):
    get_user_model().objects.create_user(username="m@example.org", email="m@example.org", password=PASSWORD)
    for number in range(settings.MEDCODER_LOGIN_FAILURES_PER_ADDRESS):
        client.post(
            "/accounts/login/", {"username": f"guess{number}@example.org", "password": "wrong password"}
        )
    response = client.post("/accounts/login/", {"username": "m@example.org", "password": PASSWORD})
    assert b"Too many failed attempts" in response.content
    elsewhere = client.__class__(REMOTE_ADDR="198.51.100.9")
    elsewhere.post("/accounts/login/", {"username": "m@example.org", "password": PASSWORD})
    assert "_auth_user_id" in elsewhere.session


def test_password_reset_by_email(client):
    get_user_model().objects.create_user(username="r@example.org", email="r@example.org", password=PASSWORD)
    client.post("/accounts/password-reset/", {"email": "r@example.org"})
    form = client.get(link_in_last_mail(), follow=True)
    new_password = "a brand new passphrase"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert b"new password is saved" in done.content
    logged_in = client.post("/accounts/login/", {"username": "r@example.org", "password": new_password})
    assert logged_in.status_code == 302


def test_csrf_is_enforced_on_forms():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert (
        strict.post("/accounts/register/", {"email": "c@example.org", "password": PASSWORD}).status_code
        == 403
    )


def test_api_tokens_are_issued_once_used_and_revoked(client):
    user = get_user_model().objects.create_user(
        username="t@example.org", email="t@example.org", password=PASSWORD
    )
    Profile.objects.create(user=user, plan=Plan.PREMIUM)
    client.force_login(user)
    page = client.post("/accounts/tokens/", {"name": "my script"}, follow=True).content.decode()
    secret = re.search(r"mc_[\w-]+", page).group(0)
    api = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/codes/icd10cm/E11.9", **api).json()["remaining_lookups"] is None
    token_id = user.api_tokens.get().pk
    client.post(f"/accounts/tokens/{token_id}/revoke/")
    assert client.get("/api/v1/codes/icd10cm/E11.9", **api).status_code == 401


def test_staff_see_users_plans_and_view_counts_in_the_admin(admin_client, client):
    client.get("/codes/icd10cm/E11.9/")
    assert admin_client.get("/admin/auth/user/").status_code == 200
    assert admin_client.get("/admin/accounts/profile/").status_code == 200
    view_counts = admin_client.get("/admin/accounts/metereduse/")
    assert b"icd10cm:E11.9" in view_counts.content
