"""Finding codes in questions: any system, dotted or not; modifiers, DRG and POS numbers only when the
question says so; ordinary numbers never."""

import pytest

from medcoder.assistant.codes_in_text import find_codes
from medcoder.assistant.grounding import ungrounded_codes
from medcoder.assistant.note_references import note_covers

pytestmark = pytest.mark.shared_data


def known(codebook, question):
    return [(c.system, c.code) for c in find_codes(codebook, question).known]


def test_dotted_and_undotted_icd10cm_codes_are_found(codebook):
    assert known(codebook, "is e119 the same as E11.9?") == [("icd10cm", "E11.9")]


def test_modifiers_need_the_word_modifier_unless_written_as_letters(codebook):
    assert ("modifier", "25") in known(codebook, "What does modifier 25 mean?")
    assert known(codebook, "Is 25 minutes enough for 2021 rules?") == []
    assert ("hcpcs-modifier", "LT") in known(codebook, "When do I use LT?")
    assert known(codebook, "Is it an issue?") == []


def test_drg_and_pos_numbers_follow_their_words(codebook):
    assert known(codebook, "What is MS-DRG 871?") == [("drg", "871")]
    assert known(codebook, "What is place of service 11?") == [("pos", "11")]


def test_code_shaped_tokens_the_codebook_lacks_are_reported_as_unknown(codebook):
    found = find_codes(codebook, "What is E11.99?")
    assert [c.code for c in found.unknown] == ["E11.99"] and not found.known


def test_note_references_cover_categories_and_ranges():
    assert note_covers("type 1 diabetes mellitus (E10.-)", "E10.9")
    assert note_covers("malignant neoplasm (C00-C96)", "C50.911")
    assert note_covers("diseases of the pancreas (K85-K86.-)", "K86.1")
    assert not note_covers("gestational diabetes (O24.4-)", "O24.3")


def test_grounding_flags_codes_outside_the_tool_results():
    assert ungrounded_codes("Use E11.9 or E10.9.", {"E119"}) == ["E10.9"]
    assert ungrounded_codes("See section 30.6.7 and PCS guideline B3.4a.", set()) == []


def test_a_modifier_appended_to_a_procedure_code_is_found(codebook):
    assert ("modifier", "25") in known(codebook, "Can I bill 99213-25 with 20610?")


def test_a_slashed_term_is_not_a_modifier_but_slashed_modifiers_are(codebook):
    assert known(codebook, "What is the PC/TC indicator?") == []
    assert [code for _, code in known(codebook, "When do I use LT/RT?")] == ["LT", "RT"]
