"""Case2Code end to end on the real codebook built from ../shared/data."""

import sqlite3

import pytest

from medcoder.codebook import Codebook
from medcoder.notecoder import EmptyNote, NoteCoder, UnknownSetting
from medcoder.notecoder.learned_terms import LearnedTerm
from medcoder.notecoder.lexicon import title_terms
from medcoder.notecoder.measured_values import value_ranges
from medcoder.notecoder.words import stem

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def coder(codebook: Codebook) -> NoteCoder:
    return NoteCoder(codebook)


def codes_of(coder: NoteCoder, note: str, **options) -> list[str]:
    return [suggestion.code for suggestion in coder.code(note, **options).codes]


def test_every_code_is_billable_with_evidence_pointing_into_the_note(
    coder: NoteCoder, codebook: Codebook
) -> None:
    note = "Patient with HTN and CKD 3b, s/p CABG.\nAssessment and Plan: NSTEMI, started on heparin."
    result = coder.code(note, min_confidence=0)
    assert result.codes
    for suggestion in result.codes:
        assert codebook.get(suggestion.code, suggestion.system).billable
        assert all(note[span.start : span.end] == span.text for span in suggestion.evidence)
        assert 0 <= suggestion.confidence <= 1
    assert {"I12.9", "N18.32", "Z95.1", "I21.4"} <= {s.code for s in result.codes}


def test_combination_code_preferred_and_code_first_sequenced(coder: NoteCoder) -> None:
    codes = codes_of(coder, "Type 2 diabetes mellitus with diabetic chronic kidney disease. CKD 3b.")
    assert "E11.22" in codes and "N18.32" in codes
    assert "E11.9" not in codes  # the combination code covers the diabetes
    assert codes.index("E11.22") < codes.index("N18.32")  # N18.3-: "code first ... (E11.22)"


def test_negated_and_family_findings_are_set_aside_with_their_cue(coder: NoteCoder) -> None:
    result = coder.code("No fever. Family history of breast cancer. Acute appendicitis.", min_confidence=0)
    coded = [s.code for s in result.codes]
    assert "K35.80" in coded
    assert not any(code.startswith(("R50", "C50")) for code in coded)
    reasons = {aside.code: aside.reason for aside in result.set_aside}
    assert reasons["R50.9"].startswith("negated")
    assert any(code.startswith("C50") and reason.startswith("family") for code, reason in reasons.items())


def test_a_result_reported_normal_codes_the_test_not_the_finding(coder: NoteCoder) -> None:
    result = coder.code("Osteotendinous reflexes were normal. Chest x-ray was normal.", min_confidence=0)
    assert "BW03ZZZ" in [s.code for s in result.codes]  # the radiograph was taken
    assert "R29.2" not in [s.code for s in result.codes]  # no abnormal reflex
    assert any(a.code == "R29.2" and a.reason.startswith("normal") for a in result.set_aside)
    assert "B20" not in codes_of(coder, "Serology for HIV was negative.", min_confidence=0)


def test_setting_decides_uncertain_diagnoses(coder: NoteCoder) -> None:
    inpatient = coder.code("Probable pneumonia.", setting="inpatient", min_confidence=0)
    outpatient = coder.code("Probable pneumonia.", setting="outpatient", min_confidence=0)
    assert [s.code for s in inpatient.codes] == ["J18.9"]
    assert any(
        check.name == "assertion" and check.outcome == "changed" for check in inpatient.codes[0].checks
    )
    assert outpatient.codes == ()
    assert "Section IV.H" in outpatient.set_aside[0].reason


def test_excludes1_keeps_one_of_the_pair(coder: NoteCoder) -> None:
    result = coder.code("Type 1 diabetes mellitus. Type 2 diabetes mellitus.")
    kept = [s.code for s in result.codes if s.code.startswith(("E10", "E11"))]
    assert len(kept) == 1
    assert any("Excludes1" in aside.reason for aside in result.set_aside)


def test_excludes1_codes_documented_as_separate_findings_are_both_kept_with_a_reminder(
    coder: NoteCoder,
) -> None:
    note = "Examination revealed tachypnea (32 breaths/minute) and dyspnea."
    result = coder.code(note, min_confidence=0)
    codes = {s.code: s for s in result.codes}
    assert {"R06.82", "R06.00"} <= codes.keys()  # R06.0 Excludes1 "tachypnea NOS (R06.82)"
    checks = [
        c for s in codes.values() for c in s.checks if c.name == "excludes1" and c.outcome == "reminder"
    ]
    assert checks and "I.A.12.a" in checks[0].detail


def test_a_use_additional_partner_that_excludes1_forbids_is_not_brought_in(coder: NoteCoder) -> None:
    note = "Ischemic heart disease. He smokes 20 cigarettes a day; tobacco use since youth."
    found = {s.code: s.confidence for s in coder.code(note, min_confidence=0).codes}
    # I25.9 asks for "tobacco use (Z72.0)" and "tobacco dependence (F17.-)"; Z72.0 excludes F17.2-.
    threshold = (found["Z72.0"] + min(found["I25.9"], found["F17.210"])) / 2
    assert found["Z72.0"] < threshold < min(found["I25.9"], found["F17.210"])
    result = coder.code(note, min_confidence=threshold)
    codes = [s.code for s in result.codes]
    assert "I25.9" in codes and "F17.210" in codes and "Z72.0" not in codes
    heart = next(s for s in result.codes if s.code == "I25.9")
    assert not any("(Z72.0)" in c.detail and "not found" in c.detail for c in heart.checks)


def test_a_finding_said_generally_and_specifically_takes_the_specific_code(coder: NoteCoder) -> None:
    result = coder.code("He had pain. He also had lumbar pain.", min_confidence=0.1)
    assert [s.code for s in result.codes] == ["M54.50"]  # R52 Excludes1 "low back pain (M54.5-)"
    assert any(a.code == "R52" and "more specifically" in a.reason for a in result.set_aside)


def test_enlarged_meets_enlargement(coder: NoteCoder) -> None:
    # Index: "Enlargement, enlarged, spleen - see Splenomegaly"
    assert "R16.1" in codes_of(coder, "An enlarged spleen.", min_confidence=0)


def test_later_is_a_time_not_a_side(coder: NoteCoder) -> None:
    result = coder.code("He had pain. Later abdominal pain.", min_confidence=0.1)
    assert [s.code for s in result.codes if s.system == "icd10cm"] == ["R10.9"]


def test_laterality_and_seventh_character_are_explained(coder: NoteCoder) -> None:
    result = coder.code("Pain in right knee for two weeks.", min_confidence=0)
    knee = next(s for s in result.codes if s.code.startswith("M25.56"))
    assert knee.code == "M25.561"
    fracture = coder.code("Fracture of right femur after a fall.", min_confidence=0)
    femur = next(s for s in fracture.codes if s.code.startswith("S72"))
    assert femur.code.endswith("A")
    assert any("initial encounter" in reason for reason in femur.specificity)


def test_bad_input_gets_a_clear_error(coder: NoteCoder) -> None:
    with pytest.raises(EmptyNote):
        coder.code("   \n")
    with pytest.raises(UnknownSetting):
        coder.code("Fever.", setting="emergency")


def test_procedures_and_named_drugs_get_pcs_and_hcpcs_codes(coder: NoteCoder, codebook: Codebook) -> None:
    result = coder.code("A chest x-ray was done and ceftriaxone was given.", min_confidence=0)
    by_system = {s.system: s for s in result.codes}
    x_ray = by_system["icd10pcs"]
    assert x_ray.code == "BW03ZZZ"
    assert x_ray.title == codebook.get("BW03ZZZ", "icd10pcs").title
    assert any("characters 5-7" in reason for reason in x_ray.specificity)
    assert by_system["hcpcs"].code == "J0696"
    assert by_system["hcpcs"].evidence[0].text == "ceftriaxone"


def test_condition_documented_as_history_is_coded_with_a_reminder(coder: NoteCoder) -> None:
    result = coder.code("A woman with a history of hypertension. No fever.", min_confidence=0)
    hypertension = next(s for s in result.codes if s.code == "I10")
    check = next(c for c in hypertension.checks if c.name == "assertion")
    assert check.outcome == "reminder" and "personal-history Z code" in check.detail
    assert "R50.9" not in [s.code for s in result.codes]


def test_a_condition_the_note_says_has_ended_takes_its_personal_history_code(coder: NoteCoder) -> None:
    former = coder.code("Former smoker of 20 cigarettes a day.", min_confidence=0)
    assert "Z87.891" in [s.code for s in former.codes]
    assert not any(s.code.startswith("F17") for s in former.codes)
    history = next(s for s in former.codes if s.code == "Z87.891")
    check = next(c for c in history.checks if c.name == "assertion")
    assert check.outcome == "changed" and "F17.210" in check.detail
    assert any("F17 excludes history of tobacco dependence (Z87.891)" in why for why in history.specificity)
    quit_ = codes_of(coder, "She quit smoking ten years ago.", min_confidence=0)
    assert "Z87.891" in quit_ and not any(code.startswith("F17") for code in quit_)
    # Without a cue that it ended, a history stays the condition (notes write current smoking so).
    assert "F17.210" in codes_of(coder, "He smokes 20 cigarettes a day.", min_confidence=0)
    assert "Z85.71" not in codes_of(coder, "A history of Hodgkin lymphoma.", min_confidence=0)


def test_a_learned_term_codes_the_annotators_code_but_not_when_negated(codebook: Codebook) -> None:
    learned = [LearnedTerm((stem("trauma"),), "icd10cm", "t14.90", 30, 0.8)]
    coder = NoteCoder(codebook, learned=learned)
    injured = coder.code("She fell and suffered a trauma to the head.", min_confidence=0)
    trauma = next(s for s in injured.codes if s.code.startswith("T14.90"))
    assert trauma.evidence[0].text == "trauma"
    assert "codiesp_train" in trauma.specificity[0]
    denied = coder.code("She denied any trauma.", min_confidence=0)
    assert not any(s.code.startswith("T14.90") for s in denied.codes)
    assert any(a.code.startswith("T14.90") and a.reason.startswith("negated") for a in denied.set_aside)


def test_an_unreliable_one_word_phrase_must_be_a_word_of_the_code(codebook: Codebook) -> None:
    learned = [
        LearnedTerm((stem("relatives"),), "icd10cm", "r58", 3, 0.375),  # misplaced evidence
        LearnedTerm((stem("flap"),), "icd10cm", "l90.5", 4, 0.7),  # reliable enough on its own
        LearnedTerm((stem("nodes"),), "icd10cm", "r59.9", 20, 0.4),  # "Enlarged lymph nodes"
        LearnedTerm((stem("tobacco"),), "icd10cm", "k35.80", 1, 1.0),  # right in its one note
    ]
    coder = NoteCoder(codebook, learned=learned)
    codes = codes_of(
        coder, "Her relatives came. A flap was raised. Two nodes. She chews tobacco.", min_confidence=0
    )
    assert "R58" not in codes and "K35.80" not in codes
    assert "L90.5" in codes and "R59.9" in codes


def test_learned_phrases_use_written_words_and_give_way_to_specific_codes(codebook: Codebook) -> None:
    learned = [
        LearnedTerm(("diseas",), "icd10cm", "r69", 80, 0.7),
        LearnedTerm(("pain",), "icd10cm", "r52", 80, 0.9),
        LearnedTerm(("diabet",), "icd10cm", "e11.9", 40, 0.9),
    ]
    coder = NoteCoder(codebook, learned=learned)
    assert "R69" in codes_of(coder, "A rare disease of the skin.", min_confidence=0)
    assert "R69" not in codes_of(coder, "CKD 3b.", min_confidence=0)  # "disease" only in the expansion
    combination = codes_of(
        coder, "Type 2 diabetes mellitus with diabetic chronic kidney disease.", min_confidence=0
    )
    assert "E11.22" in combination and "E11.9" not in combination
    knee = coder.code("Pain in right knee for two weeks.", min_confidence=0)
    assert [s.code for s in knee.codes] == ["M25.561"]
    (aside,) = [a for a in knee.set_aside if a.code == "R52"]
    assert "Excludes1" in aside.reason and "more specifically" in aside.reason


def test_named_procedures_and_latin_nouns_reach_their_pcs_codes(coder: NoteCoder) -> None:
    codes = codes_of(
        coder, "Orotracheal intubation was required. A pleural ultrasound was done.", min_confidence=0
    )
    assert "0BH17EZ" in codes  # Insertion of Endotracheal Airway into Trachea
    assert "BB4BZZZ" in codes  # "pleural" meets the axis label "Pleura"


def test_pcs_index_procedure_names_reach_the_body_part_their_root_names(coder: NoteCoder) -> None:
    assert "0DTJ0ZZ" in codes_of(coder, "Appendectomy was performed.", min_confidence=0)  # printed 0DTJ
    left = codes_of(coder, "A left radical nephrectomy was performed.", min_confidence=0)
    assert "0TT10ZZ" in left and "0TT00ZZ" not in left  # "nephr-" is the kidney; the side decides
    assert "0TB10ZZ" not in left  # "-ectomy" removes the whole kidney: Resection, not Excision
    assert "0GTK0ZZ" in codes_of(coder, "Total thyroidectomy.", min_confidence=0)  # the gland, not a lobe
    assert "BG24ZZZ" in codes_of(
        coder, "CT of the thyroid showed a nodule.", min_confidence=0
    )  # "Thyroid Gland"


def test_a_rival_code_on_the_same_words_is_seen_by_the_ranker(codebook: Codebook) -> None:
    coder = NoteCoder(codebook, learned=[LearnedTerm(("brain", "ct"), "icd10pcs", "bn20", 20, 0.9)])
    features = {f.code: f for f in coder.features("A cranial CT was normal.")}
    skull = next(code for code in features if code.startswith("BN20"))
    assert features[skull].learned_precision == 0.9
    assert features["B020ZZZ"].rival_precision == 0.9  # CT of the brain, by the code axes


def test_a_finding_does_not_swallow_the_procedure_that_found_it(coder: NoteCoder) -> None:
    codes = codes_of(coder, "Chest X-ray revealed an infiltrate in the left base.", min_confidence=0)
    assert "R91.8" in codes  # Index: Infiltrate, on chest x-ray
    assert "BW03ZZZ" in codes  # Plain Radiography of Chest, on words inside the finding's


def test_a_learned_code_cut_before_its_seventh_character_is_completed(codebook: Codebook) -> None:
    coder = NoteCoder(codebook, learned=[LearnedTerm(("fall",), "icd10cm", "w19.xxx", 5, 0.8)])
    (fall,) = [
        s for s in coder.code("She had a fall at home.", min_confidence=0).codes if s.code.startswith("W")
    ]
    assert fall.code == "W19.XXXA"  # CodiEsp's W19.XXX, initial encounter by default


def test_a_thoracoabdominal_ct_is_a_ct_of_chest_and_abdomen(coder: NoteCoder) -> None:
    codes = codes_of(coder, "A thoracoabdominal CT scan showed a single lesion.", min_confidence=0)
    assert "BW24ZZZ" in codes  # Computerized Tomography (CT Scan) of Chest and Abdomen
    assert "BW21ZZZ" in codes_of(coder, "An abdominopelvic CT.", min_confidence=0)  # Abdomen and Pelvis
    assert "BW25ZZZ" in codes_of(coder, "A thoraco-abdomino-pelvic CT.", min_confidence=0)


def test_a_measured_value_decides_the_code_its_range_holds(coder: NoteCoder) -> None:
    result = coder.code("She was 34 weeks pregnant. Weight 98 kg, BMI of 32.4 kg/m2.", min_confidence=0)
    codes = {s.code: s for s in result.codes}
    assert codes["Z3A.34"].evidence[0].text == "34 weeks pregnant"
    assert codes["Z68.32"].evidence[0].text == "BMI of 32.4"  # "[BMI] 32.0-32.9, adult"
    assert "Z3A.00" not in codes_of(
        coder, "At 27 weeks of gestation.", min_confidence=0
    )  # not "not specified"
    assert "Z3A.27" in codes_of(coder, "At 27 weeks of gestation.", min_confidence=0)
    assert "Z3A.22" in codes_of(coder, "At 22.4 weeks of gestation.", min_confidence=0)  # week begun
    assert "Z68.45" not in codes_of(coder, "BMI 97th percentile.", min_confidence=0)  # a child's: Z68.5-


def test_value_ranges_are_read_from_the_titles(codebook: Codebook) -> None:
    with sqlite3.connect(codebook.path) as connection:
        ranges = {r.code: (r.low, r.high) for r in value_ranges(connection)}
    assert ranges["Z3A.34"] == (34, 35)
    assert ranges["Z3A.01"] == (0, 8)  # "Less than 8 weeks"
    assert ranges["Z3A.49"] == (43, 60)  # "Greater than 42 weeks"
    assert ranges["Z68.1"] == (0, 20.0)  # "19.9 or less"
    assert ranges["Z68.45"] == (70, 1000)  # "70 or greater"
    assert "Z68.53" not in ranges  # percentiles are the coder's


def test_a_without_clause_is_the_default_and_the_bare_words_name_the_unspecified_code(
    coder: NoteCoder,
) -> None:
    assert title_terms("Laceration without foreign body of right hand") == "Laceration of right hand"
    assert title_terms("Traumatic subdural hemorrhage without loss of consciousness") == (
        "Traumatic subdural hemorrhage"
    )
    assert codes_of(coder, "He presented with vomiting.", min_confidence=0) == ["R11.10"]  # not R11.11
    assert "S61.411A" in codes_of(coder, "Laceration of the right hand.", min_confidence=0)


def test_an_entry_without_a_finding_needs_the_note_to_say_without_before_it(coder: NoteCoder) -> None:
    said_otherwise = codes_of(coder, "Headache with nausea and vomiting without fever.", min_confidence=0)
    assert "R11.2" in said_otherwise and "R11.11" not in said_otherwise
    assert "R11.11" in codes_of(coder, "Vomiting without nausea.", min_confidence=0)


def test_a_limb_is_an_extremity(coder: NoteCoder) -> None:
    codes = codes_of(coder, "Deep venous thrombosis of the left lower limb.", min_confidence=0)
    # I82.402: "Acute embolism and thrombosis of unspecified deep veins of left lower extremity"
    assert "I82.402" in codes


def test_abbreviations_of_two_words_and_of_syndromes_expand(coder: NoteCoder) -> None:
    assert "I44.2" in codes_of(coder, "Complete AV block.", min_confidence=0)  # atrioventricular
    assert "Z21" in codes_of(coder, "HIV carrier since 1990.", min_confidence=0)  # asymptomatic status
    assert "J84.112" in codes_of(coder, "IPF diagnosed 13 years earlier.", min_confidence=0)


def test_an_acronym_of_the_code_set_matches_only_as_written(coder: NoteCoder) -> None:
    assert "N42.31" in codes_of(coder, "The biopsy showed high-grade PIN.", min_confidence=0)
    assert "N42.31" not in codes_of(coder, "Fixation with two Kirschner pins.", min_confidence=0)
    assert "B20" in codes_of(coder, "A patient with AIDS.", min_confidence=0)
    assert "B20" not in codes_of(coder, "She wears hearing aids.", min_confidence=0)
    # An abbreviation's expansion is matched the same way: "NSTEMI" still says non-ST elevation.
    assert "I21.4" in codes_of(coder, "Admitted with an NSTEMI.", min_confidence=0)
    assert "BF110ZZ" in codes_of(coder, "A CPRE was performed.", min_confidence=0)
