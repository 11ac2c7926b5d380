"""Search: code prefixes, words, typos and everyday language over the real codebook; the search
build's see-reference resolution and held-out entries on a small synthetic codebook."""

import pytest

from medcoder.codebook.records import Code, Source
from medcoder.codebook.search_index import build_search_index
from medcoder.codebook.writer import CodebookWriter

pytestmark = pytest.mark.shared_data


def codes_of(hits):
    return [hit.code for hit in hits]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("heart attack", "I21.9"),
        ("high blood pressure", "I10"),
        ("sugar diabetes", "E11.9"),
        ("pneumonia", "J18.9"),
        ("diabetis", "E11.9"),
        ("pnemonia", "J18.9"),
    ],
)
def test_everyday_words_and_typos_find_the_code_a_coder_picks_first(codebook, query, first):
    assert codes_of(codebook.search(query, limit=5))[0] == first


def test_broken_hip_leads_to_a_fracture_of_the_femoral_neck(codebook):
    assert codebook.search("broken hip", limit=3)[0].code.startswith("S72.0")


def test_pink_eye_leads_to_conjunctivitis(codebook):
    assert codebook.search("pink eye", limit=3)[0].code.startswith("H10.")


def test_flu_shot_finds_the_immunization_encounter(codebook):
    assert "Z23" in codes_of(codebook.search("flu shot", limit=3))


@pytest.mark.parametrize(("query", "first"), [("E11.", "E11"), ("e116", "E11.6"), ("J12", "J12")])
def test_code_prefix_lists_the_code_then_its_descendants(codebook, query, first):
    hits = codebook.search(query, limit=10)
    assert hits[0].code == first
    assert all(hit.code.replace(".", "").startswith(first.replace(".", "")) for hit in hits)


def test_pcs_prefix_lists_pcs_codes(codebook):
    hits = codebook.search("0DT", systems=["icd10pcs"], limit=10)
    assert hits and all(hit.system == "icd10pcs" and hit.code.startswith("0DT") for hit in hits)


def test_filters_by_system_and_billable(codebook):
    hits = codebook.search("fracture of femur", systems=["icd10cm"], billable_only=True, limit=30)
    assert len(hits) == 30
    assert all(hit.system == "icd10cm" and hit.billable for hit in hits)


def test_hcpcs_words_find_hcpcs_codes(codebook):
    hits = codebook.search("wheelchair", systems=["hcpcs"], limit=10)
    assert len(hits) == 10 and all(hit.system == "hcpcs" for hit in hits)
    assert hits[0].code.startswith(("E", "K"))  # durable medical equipment


def test_hits_carry_the_official_title(codebook):
    for hit in codebook.search("asthma", limit=5):
        assert hit.title == codebook.get(hit.code, hit.system).title


def test_blank_query_finds_nothing(codebook):
    assert codebook.search("   ") == []


@pytest.fixture
def tiny_codebook(tmp_path):
    """Synthetic: three ICD-10-CM codes and an index where "Attack, heart" refers on to a term
    that carries the code only through an abbreviated reference."""
    writer = CodebookWriter(tmp_path / "tiny.sqlite")
    writer.add_source(Source("synthetic", "Synthetic test data", "1", None, "test", "0" * 64, 3))
    writer.add_codes(
        [
            Code("icd10cm", "I21", "category", "Acute myocardial infarction", False, source="synthetic"),
            Code("icd10cm", "I21.9", "code", "Acute myocardial infarction, unspecified", True, "I21"),
            Code("icd10cm", "I21.4", "code", "Non-ST elevation (NSTEMI) myocardial infarction", True, "I21"),
        ]
    )
    rows = [
        (1, "diseases", None, 0, "Attack, attacks", "Attack, attacks", None, None, None, None, None),
        (2, "diseases", 1, 1, "heart", "Attack, attacks, heart", None, None, None, "Infarct, heart", None),
        (3, "diseases", None, 0, "Infarct, infarction", "Infarct, infarction", None, None, None, None, None),
        (4, "diseases", 3, 1, "heart", "Infarct, infarction, heart", None, None, None, "Infarct, myocardium", None),
        (5, "diseases", 3, 1, "myocardium, myocardial", "Infarct, infarction, myocardium, myocardial",
         "(acute)", "I21.-", None, None, None),
        (6, "diseases", 5, 2, "non-Q wave", "Infarct, infarction, myocardium, myocardial, non-Q wave",
         None, "I21.4", None, None, None),
    ]  # fmt: skip
    writer.add_rows("index_terms", [(*row, "synthetic") for row in rows])
    return writer.connection


def search_entries(connection, code):
    return {text for (text,) in connection.execute("SELECT text FROM search_entries WHERE code = ?", (code,))}


def test_see_references_are_followed_to_the_default_billable_code(tiny_codebook):
    build_search_index(tiny_codebook)
    assert "Attack, attacks, heart" in search_entries(tiny_codebook, "I21.9")
    assert "Infarct, infarction, myocardium, myocardial" in search_entries(tiny_codebook, "I21")


def test_held_out_index_terms_are_left_out(tiny_codebook):
    build_search_index(tiny_codebook, excluded_index_terms={6})
    assert search_entries(tiny_codebook, "I21.4") == {"Non-ST elevation (NSTEMI) myocardial infarction"}
