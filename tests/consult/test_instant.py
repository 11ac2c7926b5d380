"""Which CasePilot drafts may go out without a consultant, asked of the real CasePilot and codebook."""

import pytest

from medcoder.assistant import Answer, Citation, Fact, ask
from medcoder.consult.instant import UNANSWERED_MARKERS, why_not_instant


@pytest.mark.parametrize(
    "question",
    [
        "Is E11.9 billable?",
        "What does modifier 25 mean?",
        "How do I code hypertension with CKD?",
        "What is 99213?",
    ],
)
def test_grounded_coding_answers_are_instant(codebook, question):
    assert why_not_instant(ask(codebook, question)) is None


@pytest.mark.parametrize(
    "question",
    [
        "Please unsubscribe me",
        "What is the holiday schedule?",
        "When is your office open?",
        "Is X99.999 billable? Our payer says yes.",
        # the PTP and MUE files are not in the test codebook
        "Can I bill 99213 with 99214 on the same day?",
        "What is the MUE for 99213?",
    ],
)
def test_off_topic_mail_and_missing_data_are_never_instant(codebook, question):
    assert why_not_instant(ask(codebook, question)) is not None


@pytest.mark.parametrize(
    "question",
    [
        "Can I bill 99213 with 99214 on the same day?",
        "What is the MUE for 99213?",
        "Is X99.999 billable?",
        "What does modifier 63 mean?",
        "Is 99999 billable?",
    ],
)
def test_the_markers_are_casepilots_own_words_for_what_it_could_not_answer(codebook, question):
    summary = ask(codebook, question).summary.lower()
    assert any(marker in summary for marker in UNANSWERED_MARKERS), summary


ARTICLE = Citation(
    "NCCI Policy Manual", "summarised in our article 'NCCI procedure-to-procedure (PTP) edits'"
)


@pytest.mark.parametrize(
    "summary",
    [
        "I cannot check 99213 and 99214 here: the quarterly CMS NCCI procedure-to-procedure edit files: not "
        "loaded in this codebook. Put the files in the data folder and rebuild.",
        "X99.999 is not a ICD-10-CM code in this codebook (loaded: ICD-10-CM, HCPCS Level II).",
        "I have no summary of modifier 77. CPT modifiers are defined in CPT Appendix A (AMA).",
        "99213 has the shape of a CPT code. CPT descriptors are AMA copyright and this codebook holds no "
        "licensed CPT file; import yours with `medcoder codebook import-cpt PATH` to see it.",
    ],
)
def test_a_draft_whose_tool_could_not_answer_is_not_instant_even_with_an_article(summary):
    """CasePilot's wording when a tool fails while an article still supplies cited facts."""
    answer = Answer("Can I bill 99213 with 99214?", "ptp", summary, (Fact("PTP edits pair codes.", ARTICLE),))
    assert "data is missing" in why_not_instant(answer)


def test_an_answer_needs_a_source_and_a_coding_question():
    cited = (Fact("E11.9 is billable.", Citation("ICD-10-CM", "FY2026")),)
    assert why_not_instant(None) == "CasePilot could not take the question"
    assert why_not_instant(Answer("Is E11.9 billable?", "billability", "Yes.")) == "the draft cites no source"
    everyday = Answer("When is your office open on Friday?", "guideline", "Office visits...", cited)
    assert why_not_instant(everyday) == "the question does not read as a coding question"
    assert why_not_instant(Answer("Which diagnosis goes first?", "guideline", "The reason...", cited)) is None
