"""Two ICD-10-CM codes together on the real codebook: Excludes1, linking notes, Index combinations,
symptoms beside a definitive diagnosis, Excludes2, and which code goes first."""

import pytest

from medcoder.assistant import ask

pytestmark = pytest.mark.shared_data


def test_a_combination_code_is_found_through_the_index_and_replaces_the_broader_code(codebook):
    answer = ask(codebook, "Can I report I10 with I12.9 together?")
    assert answer.summary.startswith("No: I12.9 already says what I10 says")
    assert '"Hypertension, hypertensive, kidney"' in answer.summary
    assert "code both" not in answer.text
    assert any("Index to Diseases" in citation.source for citation in answer.citations)


def test_a_symptom_beside_a_definitive_diagnosis_is_not_coded_when_integral(codebook):
    answer = ask(codebook, "Can I code R10.9 with K35.80?")
    assert answer.summary.startswith("Not when R10.9 is part of K35.80")
    assert "Excludes2" not in answer.summary


def test_an_instructional_note_outranks_the_symptom_rule(codebook):
    answer = ask(codebook, "Can I report R65.20 with A41.9?")
    assert answer.summary.startswith("Yes: the code first note under R65.2 calls for A41.9")


def test_a_status_code_only_other_categories_call_for_is_not_coded_both(codebook):
    answer = ask(codebook, "Can I report Z79.4 with E10.9?")
    assert answer.summary.startswith("Z79.4 is not reported with type 1 diabetes (E10)")
    assert "notes under E08, E09, E11, E13, in the same block as E10.9" in answer.summary
    type_2 = ask(codebook, "Can I report Z79.4 with E11.9?")
    assert "the use additional code note under E11 calls for Z79.4 with E11.9" in type_2.summary


def test_code_first_and_use_additional_notes_set_the_order(codebook):
    answer = ask(codebook, "Which code is sequenced first, G30.9 or F02.80?")
    assert answer.topic == "sequencing"
    assert answer.summary.startswith("G30.9 first, then F02.80")
    assert "never sequenced first" in answer.summary
    kidney = ask(codebook, "Which is first, N18.3 or I12.9?")
    assert kidney.summary.startswith("I12.9 first, then N18.3")


def test_an_order_the_tables_do_not_set_comes_from_the_guideline_article(codebook):
    answer = ask(codebook, "Which goes first, A41.9 or J18.9?")
    assert answer.summary.startswith("Sepsis with a localized infection")
    assert "No Tabular instruction sets the order of A41.9 and J18.9" in answer.summary
    assert any("Section I.C.1.d" in citation.source for citation in answer.citations)


def test_excludes2_still_allows_both(codebook):
    answer = ask(codebook, "Can I use S72.001A with S82.101A on the same claim?")
    assert answer.summary.startswith("Yes, when the patient has both: an Excludes2 note under S72")


def test_a_question_about_two_codes_also_gets_the_article_about_them(codebook):
    answer = ask(codebook, "What is the principal diagnosis when a patient is admitted for sepsis and UTI?")
    assert answer.summary.startswith("Sepsis with a localized infection")
    assert any("Section I.C.1.d" in citation.source for citation in answer.citations)


def test_a_point_naming_one_category_is_no_point_about_two_codes_in_it(codebook):
    answer = ask(codebook, "Can I report N18.3 with N18.4?")
    assert not answer.summary.startswith("Type 2 diabetes with chronic kidney disease")
