"""Conditions named in words, read into codes for questions about two of them, and what the pair tool
then says (the Index "with" joins, the symptom rule)."""

import pytest

from medcoder.assistant import ask
from medcoder.assistant.conditions_in_text import conditions_named

pytestmark = pytest.mark.shared_data


def read(codebook, question):
    return [(phrase, code.code) for phrase, code in conditions_named(codebook, question)]


def test_conditions_are_read_from_an_email_around_them(codebook):
    question = (
        "Hi team, we had a patient with chest pain and GERD documented in the ED note. "
        "Which code goes first? Thanks, Maria"
    )
    assert read(codebook, question) == [("chest pain", "R07.9"), ("gerd", "K21.9")]


def test_a_phrase_the_search_only_half_explains_is_not_read(codebook):
    assert read(codebook, "Can the patient be seen by Maria?") == []


def test_a_symptom_and_its_diagnosis_in_words_get_the_symptom_rule(codebook):
    answer = ask(codebook, "Hi, chest pain and GERD in the ED note, which code goes first?")
    assert answer.summary.startswith('Reading "chest pain" as R07.9 and "gerd" as K21.9: Not when R07.9')
    assert any("read as R07.9" in fact.text for fact in answer.facts)


def test_the_index_with_convention_joins_two_conditions_into_one_code(codebook):
    answer = ask(codebook, "Can I report type 2 diabetes with CKD stage 3 together?")
    assert (
        'the Alphabetic Index joins them at "Diabetes, diabetic, with, chronic kidney disease"'
        in answer.summary
    )
    assert "report E11.22, with N18.30 as its use additional code note asks" in answer.summary


def test_a_join_needs_every_word_below_the_entry_to_name_the_other_condition(codebook):
    answer = ask(codebook, "Should I code fever with pneumonia?")
    assert "A78" not in answer.text
    assert "Not when R50.9 is part of J18.9" in answer.summary


def test_a_search_question_for_one_code_is_not_read_as_two_conditions(codebook):
    answer = ask(codebook, "What is the code for type 2 diabetes with hyperglycemia?")
    assert "E11.65" in answer.summary and "Reading" not in answer.summary


def test_a_coding_question_nothing_answers_is_not_called_off_topic(codebook):
    answer = ask(codebook, "Can I code the flux capacitor?")
    assert answer.summary.startswith("I cannot answer that")
    assert not answer.answered
