"""The claim check page and POST /api/v1/claims/check, served by Django over the rules codebook
(real ICD-10-CM, HCPCS, POS and DRG data, synthetic NCCI/MUE/PFS files)."""

import pytest
from django.test import Client
from playwright.sync_api import sync_playwright

pytestmark = pytest.mark.shared_data
CLAIM = {
    "date_of_service": "2026-08-01",
    "place_of_service": "11",
    "diagnoses": ["E10.9", "E11.9"],
    "lines": [
        {"code": "29881", "diagnosis_pointers": [1]},
        {"code": "29880", "modifiers": ["59"], "diagnosis_pointers": [1]},
    ],
}


def test_the_api_returns_every_finding_with_its_source(web_rules_codebook):
    response = Client().post("/api/v1/claims/check", CLAIM, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    rules = {finding["rule"]: finding for finding in body["findings"]}
    assert rules["ncci-ptp"]["line"] == 2 and rules["ncci-ptp"]["source_version"].startswith("v322r0")
    assert rules["excludes1"]["codes"] == ["E10.9", "E11.9"]
    assert body["errors"] == 2


@pytest.mark.parametrize(
    ("claim", "status", "detail"),
    [
        ({**CLAIM, "date_of_service": "yesterday"}, 400, "ISO date"),
        ({**CLAIM, "lines": [{"code": "99213", "units": 0}]}, 400, "units"),
        ({"date_of_service": "2026-08-01"}, 422, None),
    ],
)
def test_the_api_refuses_bad_claims_with_4xx(web_rules_codebook, claim, status, detail):
    response = Client().post("/api/v1/claims/check", claim, content_type="application/json")
    assert response.status_code == status
    if detail:
        assert detail in response.json()["detail"]


def test_the_page_shows_findings_beside_their_lines(web_rules_codebook):
    page = Client().post(
        "/claims/",
        {
            "date_of_service": "2026-08-01",
            "place_of_service": "11",
            "setting": "practitioner",
            "diagnoses": "M17.11",
            "lines": "29881 dx1\n20610 RT x3 dx1",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200
    line_two = html[html.index('id="line-2"') :]
    assert "exceed the MUE of 2 per line" in line_two and "ncci-mue-practitioner" in line_two
    assert "Fix:" in line_two


def test_the_page_refuses_a_bad_line_with_a_message(web_rules_codebook):
    page = Client().post("/claims/", {"date_of_service": "2026-08-01", "lines": "20610 RIGHT"})
    assert page.status_code == 400 and "is not a modifier" in page.content.decode()


@pytest.mark.browser
def test_a_coder_pastes_a_claim_and_reads_the_findings_in_chromium(web_rules_codebook, live_server):
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page()
        page.goto(f"{live_server.url}/claims/")
        page.fill("input[name=date_of_service]", "2026-08-01")
        page.fill("input[name=diagnoses]", "G63")
        page.fill("textarea[name=lines]", "29881 dx1\n29880 59 dx1")
        page.click("button[type=submit]")
        findings = page.inner_text("#findings")
        browser.close()
    assert "manifestation-first" in findings and "PTP edit 29881 (line 1) / 29880 (line 2)" in findings
