"""The /case2code/ page and POST /api/v1/case2code on the real codebook, metered per day."""

from pathlib import Path

import pytest
from django.test import Client

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
