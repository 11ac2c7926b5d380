"""CasePilot on the site: the /pilot/ chat page with history and citations as links, the article pages,
POST /api/v1/ask, and the daily question allowance (guests 3, free 20, premium unlimited)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import sync_playwright

from medcoder.web.accounts.models import Plan, Profile
from medcoder.web.accounts.tokens import issue_token

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


def user_with(plan: str):
    user = get_user_model().objects.create_user(username=f"{plan}@example.org", password="x" * 12)
    Profile.objects.create(user=user, plan=plan)
    return user


def test_page_offers_suggested_questions_and_prefills_from_the_code_page_box(client):
    page = client.get("/pilot/", {"q": "How do I use E11.9?"}).content.decode()
    assert "What does modifier 25 mean?" in page
    assert ">How do I use E11.9?</textarea>" in page
    assert "3 of 3 questions left today" in page


def test_question_is_answered_with_citations_as_links_and_kept_in_the_history(client):
    response = client.post("/pilot/", {"question": "Can I report E11.9 with E10.9?"})
    assert response.status_code == 302
    page = client.get("/pilot/").content.decode()
    assert "No: an Excludes1 note" in page
    assert 'href="/codes/icd10cm/E11.9/"' in page
    assert "ICD-10-CM Tabular List" in page
    client.post("/pilot/", {"question": "and what about E13.9?"})
    page = client.get("/pilot/").content.decode()
    assert "excludes E13.9 from E11.9" in page
    assert page.index("Can I report E11.9 with E10.9?") < page.index("and what about E13.9?")


def test_signed_in_history_follows_the_user_to_a_new_session():
    user = user_with(Plan.FREE)
    first, second = Client(), Client()
    first.force_login(user)
    first.post("/pilot/", {"question": "What is E11.9?"})
    second.force_login(user)
    page = second.get("/pilot/").content.decode()
    assert "Type 2 diabetes mellitus without complications" in page
    assert "19 of 20 questions left today" in page


def test_guests_get_three_questions_a_day_then_a_clear_402(client):
    for question in ("What is E11.9?", "What is I10?", "What is J45.909?"):
        assert client.post("/pilot/", {"question": question}).status_code == 302
    refused = client.post("/pilot/", {"question": "What is N18.6?"})
    assert refused.status_code == 402
    assert "Register or upgrade" in refused.content.decode()


def test_empty_question_is_a_400_and_not_counted(client):
    assert client.post("/pilot/", {"question": "   "}).status_code == 400
    assert "3 of 3 questions left today" in client.get("/pilot/").content.decode()


def test_article_pages_show_the_summary_and_the_official_sources(client):
    page = client.get("/pilot/articles/modifier-25/").content.decode()
    assert "separately identifiable" in page and "Chapter 12, section 30.6.6" in page
    assert client.get("/pilot/articles/no-such-article/").status_code == 404


def test_api_answers_with_facts_citations_and_a_conversation_to_pass_back(client):
    body = client.post(
        "/api/v1/ask", {"question": "Can I report E11.9 with E10.9?"}, content_type="application/json"
    ).json()
    assert body["summary"].startswith("No: an Excludes1 note")
    assert "/codes/icd10cm/E11.9/" in body["links"]
    assert all(fact["source"] and fact["version"] for fact in body["facts"])
    assert body["remaining_today"] == 2
    follow_up = client.post(
        "/api/v1/ask",
        {"question": "and what about E13.9?", "conversation": body["conversation"]},
        content_type="application/json",
    ).json()
    assert "E13.9" in follow_up["codes"]


def test_api_refuses_bad_input_and_meters_by_token(client):
    assert client.post("/api/v1/ask", {"question": ""}, content_type="application/json").status_code == 400
    assert client.post("/api/v1/ask", {}, content_type="application/json").status_code == 422
    _, secret = issue_token(user_with(Plan.PREMIUM), "tests")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for number in range(5):
        response = client.post(
            "/api/v1/ask", {"question": f"What is E11.{number}?"}, content_type="application/json", **headers
        )
        assert response.status_code == 200 and response.json()["remaining_today"] is None
    bad = client.post(
        "/api/v1/ask", {"question": "x"}, content_type="application/json", HTTP_AUTHORIZATION="Bearer no"
    )
    assert bad.status_code == 401


@pytest.mark.slow
@pytest.mark.browser
def test_a_coder_asks_in_chromium_and_follows_a_citation_to_the_code_page(live_server):
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page()
        page.goto(f"{live_server.url}/pilot/")
        page.get_by_label("Your question").fill("Can I report E11.9 with E10.9?")
        page.get_by_role("button", name="Ask", exact=True).click()
        page.wait_for_selector("#latest")
        assert "No: an Excludes1 note" in page.locator("#latest").inner_text()
        page.locator("#latest a[href='/codes/icd10cm/E10.9/']").first.click()
        page.wait_for_load_state()
        assert "/codes/icd10cm/E10.9/" in page.url
        assert "Type 1 diabetes mellitus without complications" in page.content()
        browser.close()
