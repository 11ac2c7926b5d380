"""Coverage documents (LCDs and Articles) searched by a user: `medcoder coverage search`, GET
/api/v1/coverage and the /claims/coverage/ page, over the real MCD document list in the rules codebook."""

import json
import re

import pytest
from click.testing import CliRunner
from django.test import Client

from medcoder.cli import main

pytestmark = [pytest.mark.shared_data, pytest.mark.django_db]


def test_the_command_finds_lcds_by_a_coders_abbreviation(rules_codebook_path, monkeypatch):
    monkeypatch.setenv("MEDCODER_CODEBOOK", str(rules_codebook_path))
    result = CliRunner().invoke(main, ["coverage", "search", "cpap", "--type", "LCD"])
    assert result.exit_code == 0, result.output
    assert "L33718" in result.output and "Positive Airway Pressure" in result.output
    assert "NCDs) are not searched" in " ".join(result.output.split())
    payload = json.loads(
        CliRunner().invoke(main, ["coverage", "search", "L33718", "--format", "json"]).output
    )
    # the LCD named first, then documents whose titles cite it ("... - DL33718")
    assert payload["documents"][0]["display_id"] == "L33718" and payload["total"] >= 1
    missing = CliRunner().invoke(main, ["coverage", "search", "zzqqxx"])
    assert missing.exit_code == 1 and "No LCD or Article matches 'zzqqxx'" in missing.output


def test_the_api_pages_and_filters_and_says_ncds_are_not_there(web_rules_codebook):
    body = Client().get("/api/v1/coverage", {"q": "positive airway pressure"}).json()
    assert body["total"] >= 2 and {"LCD", "Article"} <= {d["document_type"] for d in body["documents"]}
    assert body["documents"][0]["display_id"] == "L33718"  # the LCD before its Articles
    assert body["source_version"].startswith("documents updated up to") and "ncd.zip" in body["ncds"]
    articles = Client().get("/api/v1/coverage", {"q": "positive airway pressure", "type": "Article"}).json()
    assert articles["total"] < body["total"] and all(d["display_id"][0] == "A" for d in articles["documents"])
    billing = Client().get("/api/v1/coverage", {"q": "billing"}).json()
    assert billing["pages"] > 1 and len(billing["documents"]) == 25
    second = Client().get("/api/v1/coverage", {"q": "billing", "page": 2}).json()
    assert not {d["display_id"] for d in second["documents"]} & {
        d["display_id"] for d in billing["documents"]
    }
    for bad in ({}, {"q": ""}, {"q": "cpap", "type": "NCD"}, {"q": "cpap", "page": 0}):
        assert Client().get("/api/v1/coverage", bad).status_code == 422


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_page_lists_matching_documents_with_links(client, web_rules_codebook):
    empty = text_of(client.get("/claims/coverage/"))
    assert 'name="q"' in empty and "coverage-results" not in empty and "ncd.zip" in empty
    page = text_of(client.get("/claims/coverage/", {"q": "cpap", "type": "LCD"}))
    assert "1 document, page 1 of 1" in page
    assert '<a href="https://www.cms.gov/medicare-coverage-database/view/lcd.aspx?lcdid=33718' in page
    past = text_of(client.get("/claims/coverage/", {"q": "cpap", "page": 9}))
    assert "Page 9 is past the end" in past
    assert "No LCD or Article id or title matches" in text_of(
        client.get("/claims/coverage/", {"q": "zzqqxx"})
    )
    assert client.get("/claims/coverage/", {"q": "cpap", "type": "NCD"}).status_code == 400
    assert 'href="/claims/coverage/"' in text_of(client.get("/claims/"))


def test_the_navigation_marks_the_coverage_page_and_not_the_claim_check_above_it(client, web_rules_codebook):
    page = text_of(client.get("/claims/coverage/"))
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', page) == ["/claims/coverage/"]
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', text_of(client.get("/claims/"))) == [
        "/claims/"
    ]


def test_a_page_number_past_what_sqlite_can_count_is_just_past_the_end(client, web_rules_codebook):
    """Found by schemathesis: page 2**63 once overflowed SQLite's OFFSET and answered 500."""
    huge = 2**63
    body = Client().get("/api/v1/coverage", {"q": "cpap", "page": huge}).json()
    assert body["documents"] == [] and body["total"] >= 1
    assert f"Page {huge} is past the end" in text_of(
        client.get("/claims/coverage/", {"q": "cpap", "page": huge})
    )
    ptp = text_of(client.get("/codes/cpt/20610/ptp/", {"column": 2, "page": huge}))
    assert f"Page {huge} is past the end" in ptp
