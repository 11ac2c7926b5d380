"""The JSON API: codes and search, metering by token, clear 4xx errors; schemathesis over the schema."""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from medcoder.codebook import Codebook
from medcoder.web.accounts.models import Plan, Profile
from medcoder.web.accounts.tokens import issue_token
from medcoder.web.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


def token_for(plan: str) -> dict:
    user = get_user_model().objects.create_user(username=f"{plan}@example.org", password="x" * 12)
    Profile.objects.create(user=user, plan=plan)
    _, secret = issue_token(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_code_lookup_returns_the_code_with_notes_hierarchy_and_source(client, codebook: Codebook):
    body = client.get("/api/v1/codes/icd10cm/S72.001A").json()
    code = codebook.get("S72.001A")
    assert body["title"] == code.title
    assert body["source"]["version"] == codebook.source(code.source).version
    assert body["parents"][-1] == code.parent
    assert body["seventh_characters"]["A"] == "initial encounter for closed fracture"
    assert any(note["inherited"] for note in body["notes"])


def test_unknown_codes_and_systems_are_404_with_suggestions(client):
    missing = client.get("/api/v1/codes/icd10cm/E11.99")
    assert missing.status_code == 404 and missing.json()["suggestions"]
    assert client.get("/api/v1/codes/icd11/E11.9").status_code == 404


def test_search_returns_the_codebooks_hits(client, codebook: Codebook):
    body = client.get("/api/v1/search", {"q": "E11.6", "limit": 3}).json()
    assert [hit["code"] for hit in body] == [hit.code for hit in codebook.search("E11.6", limit=3)]


@pytest.mark.parametrize(
    "params, status",
    [
        ({"q": ""}, 422),
        ({"q": "x", "limit": 0}, 422),
        ({"q": "x", "limit": "many"}, 422),
        ({"q": "x", "system": "no"}, 400),
    ],
)
def test_bad_search_input_is_a_clear_4xx(client, params, status):
    response = client.get("/api/v1/search", params)
    assert response.status_code == status
    assert response.json()["detail"]


def test_free_tokens_are_metered_like_pages_and_premium_is_unlimited(client):
    free = token_for(Plan.FREE)
    codes = ["E11.9", "E11.65", "I10", "J45.909", "N39.0"]
    assert [client.get(f"/api/v1/codes/icd10cm/{c}", **free).json()["remaining_lookups"] for c in codes] == [
        4,
        3,
        2,
        1,
        0,
    ]
    refused = client.get("/api/v1/codes/icd10cm/R05.9", **free)
    assert refused.status_code == 402 and refused.json()["plan"] == "free"
    premium = token_for(Plan.PREMIUM)
    assert all(
        client.get(f"/api/v1/codes/icd10cm/{c}", **premium).status_code == 200 for c in [*codes, "R05.9"]
    )


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer mc_unknown", "Basic abc", "Bearer "])
def test_bad_tokens_are_401_never_treated_as_guest(client, header):
    response = client.get("/api/v1/codes/icd10cm/E11.9", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/codes/{system}/{code}" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema_and_never_fails_with_500(case):
    # Metering (402) and business rules (400) may refuse schema-valid input; every other check applies.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
