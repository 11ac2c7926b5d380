"""The /case2code/ page and POST /api/v1/case2code on the real codebook, metered per day."""

import json
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect, sync_playwright

from medcoder.web.case2code.services import shared_coder
from medcoder.web.codebook import shared_codebook

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]

NOTE = "Patient with HTN and CKD 3b, s/p CABG. No fever."


@pytest.fixture(autouse=True)
def web_codebook(codebook_path: Path) -> None:
    shared_codebook.cache_clear()
    shared_coder.cache_clear()


def test_api_codes_a_note_with_evidence_offsets(client: Client) -> None:
    response = client.post("/api/v1/case2code", {"note": NOTE}, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    codes = {c["code"]: c for c in body["codes"]}
    assert {"I12.9", "N18.32"} <= set(codes)
    assert all(c["checks"] and c["source"] for c in body["codes"])
    span = codes["N18.32"]["evidence"][0]
    assert NOTE[span["start"] : span["end"]] == span["text"] == "CKD 3b"
    assert body["remaining_today"] == 0  # a guest codes one note a day


def test_api_refuses_empty_notes_and_meters_guests(client: Client) -> None:
    empty = client.post("/api/v1/case2code", {"note": " "}, content_type="application/json")
    assert empty.status_code == 400 and "empty" in empty.json()["detail"]
    assert (
        client.post("/api/v1/case2code", {"note": NOTE}, content_type="application/json").status_code == 200
    )
    again = client.post("/api/v1/case2code", {"note": "Acute appendicitis."}, content_type="application/json")
    assert again.status_code == 402


def test_page_highlights_evidence_and_exports_accepted_codes(client: Client) -> None:
    page = client.post("/case2code/", {"note": NOTE, "setting": "inpatient"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-codes="I12.9 N18.32">CKD 3b</mark>' in html
    assert "N18.32" in html and "negated" in html
    exported = client.post("/case2code/export", {"accepted": ["icd10cm:N18.32"], "format": "csv"})
    assert exported.status_code == 200
    assert exported.content.decode().splitlines()[1] == 'icd10cm,N18.32,"Chronic kidney disease, stage 3b"'
    forged = client.post("/case2code/export", {"accepted": ["icd10cm:N18.3"], "format": "json"})
    assert forged.status_code == 400  # a header is not exported as a code


@pytest.mark.slow
@pytest.mark.browser
def test_a_coder_codes_a_note_in_chromium_rejects_one_code_and_exports_json(live_server, settings) -> None:
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page(base_url=live_server.url)
        page.goto("/case2code/")
        page.get_by_label("Clinical note").fill(NOTE)
        page.get_by_role("button", name="Code this note").click()
        expect(page.locator("mark[data-codes~='N18.32']")).to_have_text("CKD 3b")
        page.locator("input[name=accepted][value='icd10cm:I12.9']").uncheck()
        with page.expect_download() as download:
            page.get_by_role("button", name="JSON").click()
        exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        browser.close()
    assert "N18.32" in [row["code"] for row in exported]
    assert "I12.9" not in [row["code"] for row in exported]
