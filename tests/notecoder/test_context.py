"""ConText assertions and sections, on the components alone (no codebook needed)."""

import pytest

from medcoder.notecoder.context import assert_mention, find_cues
from medcoder.notecoder.sections import find_sections
from medcoder.notecoder.sentences import split_sentences


def status_of(sentence_text: str, finding: str) -> str:
    """The assertion status of the word `finding` in a one-sentence note."""
    (sentence,) = split_sentences(sentence_text)
    words = [token.text for token in sentence.tokens]
    index = words.index(finding)
    return assert_mention(sentence, find_cues(sentence), frozenset({index})).status


@pytest.mark.parametrize(
    ("sentence", "finding", "status"),
    [
        ("The patient denies chest pain and fever", "fever", "negated"),
        ("Pulmonary embolism was ruled out", "embolism", "negated"),
        ("Cardiac arrhythmia, not murmurs", "arrhythmia", "present"),
        ("Cardiac arrhythmia, not murmurs", "murmurs", "negated"),
        ("No change in the pneumonia", "pneumonia", "present"),
        ("She has a history of breast cancer", "cancer", "historical"),
        ("A man with a previous active life who complained of osteoarticular pain", "pain", "present"),
        ("His mother had colon cancer", "cancer", "family"),
        ("A woman with a history of ulcer complaining of pain in the flank", "pain", "present"),
        ("Admitted to rule out myocardial infarction", "infarction", "hypothetical"),
        ("Probable community acquired pneumonia", "pneumonia", "uncertain"),
        ("No fever but a persistent cough", "cough", "present"),
        ("A testicle with no abnormalities and an epididymal cyst", "cyst", "present"),
        ("No nausea and vomiting", "vomiting", "negated"),
        ("No fever, chills or a rash", "rash", "negated"),
        ("Treatment led to complete resolution of the empyema", "empyema", "present"),
        ("The pneumonia resolved with antibiotics", "pneumonia", "present"),
        ("A woman with no relevant medical history, smoker for 15 years", "smoker", "present"),
        ("An ex-smoker with asthma", "smoker", "historical"),
        ("He quit smoking in 2010", "smoking", "historical"),
        ("He gave up smoking in 2010", "smoking", "historical"),
        ("A man with no history of diabetes presents with cough", "diabetes", "negated"),
        ("No previous history of seizures", "seizures", "negated"),
        ("Osteotendinous reflexes were normal", "reflexes", "normal"),
        ("The biopsy was negative for malignancy", "biopsy", "normal"),
        ("The biopsy was negative for malignancy", "malignancy", "negated"),
    ],
)
def test_assertion_status(sentence: str, finding: str, status: str) -> None:
    assert status_of(sentence, finding) == status


def test_sections_found_where_medspacy_defaults_miss_them() -> None:
    note = "Seen today.\nImpression: pneumonia.\nAssessment and Plan:\n1. CAP\nPlan: antibiotics\n"
    names = [section.name for section in find_sections(note)]
    assert names == ["note", "assessment_plan", "assessment_plan", "plan"]
    assert find_sections(note)[-1].end == len(note)


def test_sentences_do_not_break_inside_numbers_or_after_titles() -> None:
    sentences = split_sentences("Temperature 37.5 C seen by Dr. Smith. Then discharged home.")
    assert len(sentences) == 2
