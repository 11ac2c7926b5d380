"""End to end in a real headless Chromium: type-ahead, the guest allowance, registering with email
verification, the free allowance. Screenshots of the home, code and locked pages go to test-artifacts/."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect, sync_playwright

from tests.web.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.shared_data]

FREE_CODES = ["E11.65", "J45.909", "N39.0", "R05.9"]


@pytest.fixture
def page(live_server, settings):
    # The live server speaks plain HTTP on loopback, so cookies cannot require HTTPS here.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page(base_url=live_server.url, viewport={"width": 1200, "height": 900})
        yield page
        browser.close()


def open_code(page: Page, code: str) -> None:
    page.goto(f"/codes/icd10cm/{code}/")
    expect(page.locator("h1 .code")).to_have_text(code)


def test_typeahead_then_allowance_then_register_verify_and_the_free_allowance(page: Page):
    page.goto("/")
    page.screenshot(path=ARTIFACTS / "home.png", full_page=True)
    page.locator("#q").press_sequentially("E11.9", delay=60)
    first = page.locator("#suggestions [role=option]").first
    expect(first).to_contain_text("E11.9")
    page.locator("#q").press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"/codes/icd10cm/E11\.9/$"))
    expect(page.locator("#official")).to_contain_text("Type 2 diabetes mellitus without complications")
    expect(page.locator(".allowance")).to_contain_text("0 code page views remaining")
    page.screenshot(path=ARTIFACTS / "code-page.png", full_page=True)

    open_code(page, "I10")
    expect(page.locator("#locked")).to_be_visible()
    expect(page.locator("#official")).to_have_count(0)
    page.screenshot(path=ARTIFACTS / "locked-page.png", full_page=True)

    page.get_by_role("link", name="Register free account").click()
    page.get_by_label("Email").fill("browser@example.org")
    page.get_by_label("Password").fill("a long enough passphrase")
    page.get_by_role("button", name="Register").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)

    page.goto(link)
    page.wait_for_url(re.compile(r"/codes/icd10cm/I10/$"))
    expect(page.locator("#official")).to_contain_text("Essential (primary) hypertension")
    expect(page.locator(".allowance")).to_contain_text("4 code page views remaining on the free plan")
    for code in FREE_CODES:
        open_code(page, code)
        expect(page.locator("#official")).to_be_visible()
    open_code(page, "M54.50")
    expect(page.locator("#locked")).to_contain_text("free plan")
