"""End to end in a real headless Chromium: an employer posts, staff approve in the admin, a coder
searches and applies with a resume, and the employer sees the application."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Browser, Page, expect, sync_playwright

from medcoder.web.careers.models import EmployerProfile
from tests.web.careers.conftest import PDF_RESUME, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(live_server, settings):
    # The live server speaks plain HTTP on loopback, so cookies cannot require HTTPS here.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    with sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        yield launched
        launched.close()


@pytest.fixture
def sessions() -> dict[str, str]:
    """Session ids of a verified employer, a staff member and a coder (made before Playwright's loop runs)."""
    employer = EmployerProfile.objects.create(
        user=make_user("hr@clinic.example"), organisation="Lakeside Clinic", verified=True
    )
    staff = get_user_model().objects.create_superuser("staff@example.org", "staff@example.org", "x" * 12)
    people = {"employer": employer.user, "staff": staff, "seeker": make_user("coder@example.org")}
    ids = {}
    for role, user in people.items():
        client = Client()
        client.force_login(user)
        ids[role] = client.cookies["sessionid"].value
    return ids


def signed_in_page(browser: Browser, base_url: str, session_id: str) -> Page:
    context = browser.new_context(base_url=base_url)
    context.add_cookies([{"name": "sessionid", "value": session_id, "url": base_url}])
    return context.new_page()


def test_post_approve_search_apply_and_the_employer_sees_the_application(
    sessions, browser, live_server, tmp_path
):

    posting = signed_in_page(browser, live_server.url, sessions["employer"])
    posting.goto("/careers/employer/post/")
    posting.get_by_label("Title").fill("Remote Cardiology Coder")
    posting.get_by_label("City").fill("Madison")
    posting.get_by_label("Region").fill("WI")
    posting.get_by_label("Work arrangement").select_option("remote")
    posting.get_by_label("Employment type").select_option("full-time")
    posting.get_by_label("CPC: Certified Professional Coder (AAPC)").check()
    posting.get_by_label("Description").fill("Code **interventional cardiology** procedures.")
    posting.get_by_role("button", name="Send for review").click()
    expect(posting.locator("table")).to_contain_text("Waiting for review")

    moderation = signed_in_page(browser, live_server.url, sessions["staff"])
    moderation.goto("/admin/careers/job/")
    moderation.locator("input[name=_selected_action]").first.check()
    moderation.locator("select[name=action]").select_option("approve")
    moderation.get_by_role("button", name="Go").click()
    expect(moderation.locator("#result_list")).to_contain_text("Live")

    applying = signed_in_page(browser, live_server.url, sessions["seeker"])
    applying.goto("/careers/")
    applying.get_by_label("Keywords").fill("cardiology")
    applying.get_by_label("Credential").select_option("CPC")
    applying.get_by_role("button", name="Search jobs").click()
    applying.get_by_role("link", name="Remote Cardiology Coder").click()
    expect(applying.locator("script[type='application/ld+json']")).to_have_count(1)
    resume = tmp_path / "resume.pdf"
    resume.write_bytes(PDF_RESUME)
    applying.get_by_label("Resume").set_input_files(resume)
    applying.get_by_label("Cover note").fill("Five years of cardiology coding.")
    applying.get_by_role("button", name="Send application").click()
    expect(applying.locator("main")).to_contain_text("Remote Cardiology Coder at Lakeside Clinic")
    expect(applying.locator("main")).to_contain_text("Submitted")

    posting.goto("/careers/employer/")
    posting.get_by_role("link", name="1 applicant").click()
    expect(posting.locator(".applicants")).to_contain_text("coder@example.org")
    expect(posting.locator(".applicants")).to_contain_text("Five years of cardiology coding.")
    expect(posting.get_by_role("link", name="Download resume")).to_be_visible()
