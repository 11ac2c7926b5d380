"""Search: code prefixes, words, typos and everyday language over the real codebook; the search
build's see-reference resolution and held-out entries on a small synthetic codebook."""

import pytest

from medcoder.codebook import Codebook
from medcoder.codebook.records import Code, Source
from medcoder.codebook.search import Candidate, _score
from medcoder.codebook.search_index import build_search_index
from medcoder.codebook.search_query import Reading, Term, readings
from medcoder.codebook.search_words import stem
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


def test_broken_arm_is_a_traumatic_fracture_not_a_pathological_one(codebook):
    """ "Fracture, traumatic, arm" says "see Fracture, humerus": the humerus under Fracture,
    traumatic, not under the other main term Fracture, pathological."""
    assert codebook.search("broken arm", limit=3)[0].code.startswith(("S42", "S52"))


@pytest.mark.parametrize(
    ("query", "first"), [("earache", "H92.0"), ("bad breath", "R19.6"), ("cold sore", "B00.1")]
)
def test_everyday_names_of_symptoms(codebook, query, first):
    assert codebook.search(query, limit=3)[0].code.startswith(first)


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


def synthetic_codebook(tmp_path, codes, index_rows, seventh_characters=()):
    """A codebook of hand-written ICD-10-CM codes (each under the longest other code it starts
    with), index rows (id, parent, term, path, code, column) and seventh characters (declaring
    code, character, meaning), with its search tables built."""
    writer = CodebookWriter(tmp_path / "synthetic.sqlite")
    writer.add_source(Source("synthetic", "Synthetic test data", "1", None, "test", "0" * 64, len(codes)))
    writer.add_codes(
        Code("icd10cm", code, "code", title, billable, _parent(code, codes), source="synthetic")
        for code, title, billable in codes
    )
    writer.add_rows("seventh_characters", [("icd10cm", *row) for row in seventh_characters])
    writer.add_rows(
        "index_terms",
        [
            (id_, "drugs" if column else "diseases", parent, path.count(","), term, path, None, code, column,
             None, None, "synthetic")
            for id_, parent, term, path, code, column in index_rows
        ],
    )  # fmt: skip
    build_search_index(writer.connection)
    writer.connection.commit()
    return Codebook.open(tmp_path / "synthetic.sqlite")


def _parent(code, codes):
    above = [other for other, _title, _billable in codes if code.startswith(other) and other != code]
    return max(above, key=len, default=None)


def test_a_subterm_the_index_lacks_is_looked_for_in_the_family_of_its_term(tmp_path):
    """The Index codes "Diabetes" as type 2 (E11.9) and lists no "with, polyneuropathy" under it
    here: type 2's E11.42 comes before drug-induced E09.42, whose index entry shares more words."""
    codebook = synthetic_codebook(
        tmp_path,
        [
            ("E09.42", "Drug or chemical induced diabetes mellitus with neurological complications"
             " with diabetic polyneuropathy", True),
            ("E11.42", "Type 2 diabetes mellitus with diabetic polyneuropathy", True),
            ("E11.44", "Type 2 diabetes mellitus with diabetic amyotrophy", True),
            ("E11.9", "Type 2 diabetes mellitus without complications", True),
        ],
        [
            (1, None, "Diabetes, diabetic", "Diabetes, diabetic", "E11.9", None),
            (2, 1, "with", "Diabetes, diabetic, with", None, None),
            (3, 2, "amyotrophy", "Diabetes, diabetic, with, amyotrophy", "E11.44", None),
            (4, 1, "due to drug or chemical", "Diabetes, diabetic, due to drug or chemical", None, None),
            (5, 4, "with", "Diabetes, diabetic, due to drug or chemical, with", None, None),
            (6, 5, "polyneuropathy", "Diabetes, diabetic, due to drug or chemical, with, polyneuropathy",
             "E09.42", None),
        ],
    )  # fmt: skip
    assert codes_of(codebook.search("diabetes with polyneuropathy", limit=3))[0] == "E11.42"


def test_a_drug_table_column_is_found_from_the_drugs_other_columns(tmp_path):
    """Fluroxene's row has no Underdosing entry here; its other columns say it is an inhaled
    anesthetic (T41.0X-), so underdosing of inhaled anesthetics comes first, not another drug's."""
    codebook = synthetic_codebook(
        tmp_path,
        [
            ("T41.0X1", "Poisoning by inhaled anesthetics, accidental (unintentional)", False),
            ("T41.0X5", "Adverse effect of inhaled anesthetics", False),
            ("T41.0X6", "Underdosing of inhaled anesthetics", False),
            ("T41.0X6A", "Underdosing of inhaled anesthetics, initial encounter", True),
            ("T38.0X6", "Underdosing of glucocorticoids and synthetic analogues", False),
            ("T38.0X6A", "Underdosing of glucocorticoids and synthetic analogues, initial encounter", True),
        ],
        [
            (1, None, "Fluroxene", "Fluroxene", "T41.0X1", "Poisoning Accidental (unintentional)"),
            (2, None, "Fluroxene", "Fluroxene", "T41.0X5", "Adverse effect"),
            (3, None, "Cortisone", "Cortisone", "T38.0X6", "Underdosing"),
        ],
        [("T41", "A", "initial encounter"), ("T38", "A", "initial encounter")],
    )
    assert codes_of(codebook.search("fluroxene underdosing", limit=3))[0] == "T41.0X6A"


def test_the_initial_encounter_comes_first_without_being_asked_for(tmp_path):
    """A seventh character's words ("initial encounter for closed fracture") may match but are
    not held against a query that leaves them out: the billable initial encounter beats its header."""
    codebook = synthetic_codebook(
        tmp_path,
        [
            ("S72.001", "Fracture of unspecified part of neck of right femur", False),
            ("S72.001A", "Fracture of unspecified part of neck of right femur, initial encounter for closed"
             " fracture", True),
            ("S72.001S", "Fracture of unspecified part of neck of right femur, sequela", True),
        ],
        [],
        [("S72", "A", "initial encounter for closed fracture"), ("S72", "S", "sequela")],
    )  # fmt: skip
    assert codes_of(codebook.search("fracture of neck of right femur", limit=3))[0] == "S72.001A"
    assert codes_of(codebook.search("fracture of neck of right femur sequela", limit=3))[0] == "S72.001S"


def test_words_the_index_and_the_titles_use_for_each_other_are_learned(codebook):
    """The Index says "homicide" where the titles say "assault" (learned from entries pairing them)."""
    assert codebook.search("homicide by knife", limit=3)[0].code.startswith("X99.1")


def test_nos_asks_for_nothing_more(tmp_path):
    """'Myxedema NOS' is Myxedema's own code, not a code whose inclusion term happens to say NOS."""
    codebook = synthetic_codebook(
        tmp_path,
        [
            ("E03.1", "Congenital hypothyroidism without goiter", True),
            ("E03.8", "Other specified hypothyroidism", True),
            ("E03.9", "Hypothyroidism, unspecified", True),
        ],
        [
            (1, None, "Myxedema", "Myxedema", "E03.9", None),
            (2, 1, "congenital", "Myxedema, congenital", "E03.1", None),
            (3, None, "Hypothyroidism", "Hypothyroidism", "E03.9", None),
            (4, 3, "congenital NOS", "Hypothyroidism, congenital NOS", "E03.1", None),
            (5, 3, "specified NOS", "Hypothyroidism, specified NOS", "E03.8", None),
        ],
    )
    assert codes_of(codebook.search("myxedema NOS", limit=3))[0] == "E03.9"


def test_a_modifier_typed_as_itself_comes_first_and_other_letters_stay_words(codebook: Codebook):
    assert [(hit.system, hit.code) for hit in codebook.search("LT", limit=1)] == [("hcpcs-modifier", "LT")]
    assert codebook.search("tc", limit=1)[0].code == "TC"
    assert all(hit.system != "hcpcs-modifier" for hit in codebook.search("flu", limit=5))


def test_a_procedure_name_leads_to_current_pcs_codes_under_the_index_prefix(codebook: Codebook):
    """The PCS Index sends "Appendectomy" to Excision and Resection of the appendix (0DBJ, 0DTJ);
    a name that does not say part means all of it, so Resection comes first, one code per approach,
    and the retired ICD-9 appendectomies come after every current code."""
    hits = codebook.search("appendectomy", limit=10)
    assert [hit.system for hit in hits[:4]] == ["icd10pcs"] * 4
    assert all(hit.code.startswith("0DTJ") for hit in hits[:4])
    assert len({hit.code[4] for hit in hits[:4]}) == 4  # four approaches
    assert all(codebook.get(hit.code).billable for hit in hits[:4])
    assert "icd9pcs" not in {hit.system for hit in hits[:8]}


def test_the_approach_named_in_everyday_words_picks_the_code(codebook: Codebook):
    assert codebook.search("laparoscopic appendectomy", limit=3)[0].code == "0DTJ4ZZ"
    # cholecystectomy and cholecystoscopy share their first letters, not their meaning
    first = codebook.search("laparoscopic cholecystectomy", limit=3)[0]
    assert first.code == "0FT44ZZ"


def test_a_system_filter_applies_before_the_first_matches_are_cut(codebook: Codebook):
    """ "Excision" matches thousands of PCS entries before any ICD-9 one: asked for ICD-9 procedures,
    the search still finds them."""
    hits = codebook.search("excision", systems=["icd9pcs"], limit=5)
    assert len(hits) == 5
    assert {hit.system for hit in hits} == {"icd9pcs"}


def test_a_pcs_title_is_found_by_its_operation_and_body_part_whatever_device_it_adds(codebook: Codebook):
    """Every Replacement of the lingula bronchus adds a device to the title; the query naming only
    the operation and body part still finds them before another operation on the same bronchus."""
    hits = codebook.search("replacement lingula bronchus", limit=5)
    assert all(hit.code.startswith("0BR9") for hit in hits[:3])


def test_the_other_side_loses_to_the_side_the_query_names(codebook: Codebook):
    for query, prefix in (("excision right kidney", "0TB0"), ("resection of left lung lower lobe", "0BTJ")):
        assert codebook.search(query, limit=3)[0].code.startswith(prefix)
    sides = {
        hit.title.split(" of ")[1].split()[0] for hit in codebook.search("excision right kidney", limit=3)
    }
    assert sides == {"Right"}


def test_a_side_the_query_names_beats_the_unspecified_side(codebook: Codebook):
    assert codebook.search("left knee osteoarthritis", limit=3)[0].code == "M17.12"


def test_a_procedure_without_a_side_still_finds_its_sided_pcs_codes_first(codebook: Codebook):
    """PCS has no knee replacement for an unspecified knee: the side is the coder's to choose, and the
    procedure comes before a complication that shares the words ("Painful, joint replacement")."""
    first = codebook.search("knee replacement", limit=3)[0]
    assert first.system == "icd10pcs" and first.code[:4] in ("0SRC", "0SRD")


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("incisional ventral hernia, with gangrene", "K43.1"),
        ("bronchiectasis without acute exacerbation", "J47.9"),
        ("hydrops fetalis not due to isoimmunization", "P83.2"),
        # and "aura", which some of G43's titles say, is not credited in full to G43.909's
        ("migraine with aura, without mention of intractable migraine without status migrainosus", "G43.109"),
    ],
)
def test_what_the_query_says_absent_is_not_a_code_that_has_it(codebook: Codebook, query, first):
    assert codes_of(codebook.search(query, systems=["icd10cm"], limit=3))[0] == first


@pytest.mark.parametrize(("query", "first"), [("other neutropenia", "D70.8"), ("neutropenia", "D70.9")])
def test_other_asks_for_the_residual_code_and_its_absence_for_the_unspecified_one(
    codebook: Codebook, query, first
):
    assert codes_of(codebook.search(query, systems=["icd10cm"], limit=3))[0] == first


def test_a_title_typed_in_full_is_that_code(codebook: Codebook):
    """The Index's carcinoid tumor of the descending colon shares every word but one with the title."""
    assert codes_of(codebook.search("Malignant neoplasm of descending colon", limit=3))[0] == "C18.6"


@pytest.mark.parametrize(("query", "first"), [("stage II necrotizing enterocolitis in newborn", "P77.2")])
def test_roman_numerals_are_their_digits(codebook: Codebook, query, first):
    assert codes_of(codebook.search(query, limit=3))[0] == first


def test_words_in_parentheses_and_brackets_need_not_be_asked_for(tmp_path):
    """ICD-10-CM's nonessential words: the nose's "(septum)" is not held against a query without it."""
    codebook = synthetic_codebook(
        tmp_path,
        [
            ("T20.24", "Burn of second degree of nose (septum)", True),
            ("T20.20", "Burn of second degree of head, face, and neck, unspecified site", True),
        ],
        [],
    )
    assert codes_of(codebook.search("second degree burn nose", limit=3))[0] == "T20.24"
    assert codes_of(codebook.search("burn of septum", limit=3))[0] == "T20.24"


@pytest.mark.parametrize(
    ("query", "first"),
    [("poisoning by barbiturates", "T42.3X1"), ("poisoning by barbiturates, assault", "T42.3X3")],
)
def test_a_query_naming_no_intent_asks_for_the_accidental_code(tmp_path, query, first):
    """Guidelines I.C.19.e.5.b: an unknown or unspecified intent is coded as accidental."""
    codebook = synthetic_codebook(
        tmp_path,
        [
            ("T42.3X3", "Poisoning by barbiturates, assault", True),
            ("T42.3X1", "Poisoning by barbiturates, accidental (unintentional)", True),
            ("T42.3X4", "Poisoning by barbiturates, undetermined", True),
        ],
        [],
    )
    assert codes_of(codebook.search(query, limit=3))[0] == first


def test_a_code_saying_what_is_absent_is_the_default_for_a_query_that_says_nothing(tmp_path):
    codebook = synthetic_codebook(
        tmp_path,
        [
            ("A37.01", "Whooping cough due to Bordetella pertussis with pneumonia", True),
            ("A37.00", "Whooping cough due to Bordetella pertussis without pneumonia", True),
        ],
        [],
    )
    assert codes_of(codebook.search("whooping cough due to Bordetella pertussis", limit=3))[0] == "A37.00"


def test_a_rare_word_also_matches_its_commoner_spelling(codebook: Codebook):
    """ICD-9-CM titles spell it "Hypercarotinemia"; ICD-10-CM writes "Hypercarotenemia"."""
    assert codes_of(codebook.search("Hypercarotinemia", systems=["icd10cm"], limit=3))[0] == "E67.1"


def test_a_title_saying_the_query_in_the_code_sets_other_words_is_a_candidate(tmp_path, monkeypatch):
    """The entries pair "mouth" with "oral cavity", so "contusion, mouth" finds "Contusion of oral
    cavity" though no entry holds both words, and however many shorter contusions come first."""
    codebook = synthetic_codebook(
        tmp_path,
        [
            ("S00.512", "Abrasion of oral cavity", True),
            ("S00.522", "Blister of oral cavity", True),
            ("S00.532", "Contusion of oral cavity", True),
            *[
                (f"S80.0{n}", f"Contusion of {site}", True)
                for n, site in enumerate(("knee", "hip", "toe", "ear"))
            ],
        ],
        [
            (1, None, "Abrasion", "Abrasion", None, None),
            (2, 1, "mouth", "Abrasion, mouth", "S00.512", None),
            (3, None, "Blister", "Blister", None, None),
            (4, 3, "mouth", "Blister, mouth", "S00.522", None),
        ],
    )
    monkeypatch.setattr("medcoder.codebook.search.CANDIDATES", 4)  # as crowded as the whole Index
    assert codes_of(codebook.search("contusion, mouth", limit=3))[0] == "S00.532"


def test_what_a_title_says_it_leaves_out_is_not_held_against_it(tmp_path):
    """ "..., except ankle and foot" names no words the query must have said."""
    codebook = synthetic_codebook(
        tmp_path,
        [
            (
                "T24.101",
                "Burn of first degree of unspecified site of right lower limb, except ankle and foot",
                True,
            ),
            ("T24.199", "Burn of first degree of multiple sites of right lower limb", True),
        ],
        [],
    )
    assert codes_of(codebook.search("burn of first degree of right lower limb", limit=2))[0] == "T24.101"


def test_an_index_code_printed_incomplete_defaults_to_the_code_naming_no_side(tmp_path):
    """ "Crush, toe" (S97.10-) is "unspecified toe(s)", S97.109, not the right foot's unspecified toe."""
    codebook = synthetic_codebook(
        tmp_path,
        [
            ("S97.10", "Crushing injury of unspecified toe(s)", False),
            ("S97.101", "Crushing injury of unspecified right toe(s)", True),
            ("S97.102", "Crushing injury of unspecified left toe(s)", True),
            ("S97.109", "Crushing injury of unspecified toe(s)", True),
        ],
        [(1, None, "Crush", "Crush", None, None), (2, 1, "toe", "Crush, toe", "S97.10-", None)],
    )
    assert "Crush, toe" in {
        text
        for (text,) in codebook.connection.execute("SELECT text FROM search_entries WHERE code = 'S97.109'")
    }
    assert codes_of(codebook.search("crush toe", limit=1)) == ["S97.109"]


def test_an_icd10pcs_body_part_is_not_found_by_a_diagnosis_words_synonym():
    """ICD-10-CM's "muscle and tendon" pairs the two words; in ICD-10-PCS they are two body parts, so
    a tendon entry does not say "muscle" to a PCS query while a diagnosis title may."""
    muscle = Term('"muscle"', stem("muscle"), False, 5.0, frozenset({stem("tendon")}))
    leg = Term('"leg"', stem("leg"), False, 3.0)
    reading = Reading((muscle, leg), 0.0, "", ("muscle", "leg"), frozenset(), False)

    def entry(system):
        stems = " ".join(sorted({stem("tendon"), stem("leg")}))
        return Candidate(system, "X", "title", "Leg Tendon", 1, stems, "", "", 0)

    pcs = _score(reading, entry("icd10pcs"), frozenset(), frozenset())
    diagnosis = _score(reading, entry("icd10cm"), frozenset(), frozenset())
    assert pcs < diagnosis - 3


def test_a_header_found_first_is_preceded_by_its_own_unspecified_code(tmp_path):
    codebook = synthetic_codebook(
        tmp_path,
        [
            ("M32", "Systemic lupus erythematosus (SLE)", False),
            ("M32.1", "Systemic lupus erythematosus with organ or system involvement", False),
            ("M32.10", "Systemic lupus erythematosus, organ or system involvement unspecified", True),
            ("M32.9", "Systemic lupus erythematosus, unspecified", True),
            ("I83", "Varicose veins of lower extremities", False),
            ("I83.009", "Varicose veins of unspecified lower extremity with ulcer of unspecified site", True),
            ("I83.90", "Asymptomatic varicose veins of unspecified lower extremity", True),
        ],
        [],
    )
    hits = codebook.search("Systemic lupus erythematosus (SLE)")
    assert codes_of(hits)[:2] == ["M32.9", "M32"] and hits[0].matched == "unspecified code of M32"
    # No "Varicose veins of lower extremities, unspecified": the header keeps its place.
    assert codes_of(codebook.search("Varicose veins of lower extremities"))[0] == "I83"


def test_forms_of_a_word_listed_side_by_side_ask_for_one_word(tmp_path):
    """An index path lists a term's forms together ("Cirrhosis, cirrhotic"): a title saying one of
    them says the term, and is not outranked by an entry that repeats both and adds words."""
    codebook = synthetic_codebook(
        tmp_path,
        [
            ("K70.0", "Alcoholic fatty liver", True),
            ("K70.30", "Alcoholic cirrhosis of liver without ascites", True),
            ("K74.60", "Unspecified cirrhosis of liver", True),
        ],
        [
            (1, None, "Cirrhosis, cirrhotic", "Cirrhosis, cirrhotic", "K7460", None),
            (2, 1, "liver", "Cirrhosis, cirrhotic, liver", "K7460", None),
            (3, 2, "alcoholic", "Cirrhosis, cirrhotic, liver, alcoholic", None, None),
            (4, 3, "fatty", "Cirrhosis, cirrhotic, liver, alcoholic, fatty", "K700", None),
        ],
    )
    assert codes_of(codebook.search("Cirrhosis, cirrhotic, alcoholic", limit=3))[0] == "K70.30"
    terms = readings(codebook.connection, "cirrhosis, cirrhotic, alcoholic")[0].terms
    assert [term.stems for term in terms] == [(stem("cirrhosis"), stem("cirrhotic")), (stem("alcoholic"),)]
    unlike = readings(codebook.connection, "hyperplasia hypertrophy")[0].terms
    assert len(unlike) == 2
