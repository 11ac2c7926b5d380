"""The knowledge articles: enough of them, each citing an official section, each code they name real."""

import pytest

from medcoder.assistant.codes_in_text import code_shaped_tokens
from medcoder.assistant.knowledge import (
    ArticleFormatError,
    articles,
    best_articles,
    parse_article,
    point_about,
)
from medcoder.codebook.systems import code_key


def test_at_least_sixty_articles_each_with_references_and_a_summary():
    loaded = articles()
    assert len(loaded) >= 60
    for article in loaded:
        assert article.references and article.summary and article.keywords, article.slug


@pytest.mark.shared_data
def test_codes_named_in_articles_exist_in_the_codebook_or_are_declared(codebook):
    for article in articles():
        declared = {code_key(code) for code in article.codes}
        text = " ".join([article.summary, *article.points])
        unknown = [
            t for t in code_shaped_tokens(text) if code_key(t) not in declared and not codebook.find(t)
        ]
        assert unknown == [], article.slug


@pytest.mark.parametrize(
    ("question", "topic", "expected"),
    [
        ("What is an MUE?", "mue", "ncci-mue"),
        ("What do MAI 1, 2 and 3 mean?", "mue", "ncci-mue-mai"),
        ("When did ICD-10 replace ICD-9?", "crosswalk", "icd9-transition"),
        (
            "Can I code rule out diagnoses in an outpatient visit?",
            "guideline",
            "icd10cm-uncertain-outpatient",
        ),
    ],
)
def test_retrieval_picks_the_article_the_question_is_about(question, topic, expected):
    assert best_articles(question, topic)[0].slug == expected


def test_article_without_references_is_rejected():
    with pytest.raises(ArticleFormatError):
        parse_article("bad", "---\ntitle: T\ntopic: t\nkeywords: k\n---\nBody.\n")


@pytest.mark.parametrize(
    "question",
    ["What should our coding team order for lunch on Friday?", "Who will audit the parking lot?"],
)
def test_one_shared_everyday_word_does_not_retrieve_an_article(question):
    assert best_articles(question, topic=None) == []


def test_a_question_without_a_topic_needs_more_than_one_shared_word():
    assert best_articles("Please unsubscribe me from this list", topic=None) == []


def test_a_connector_phrase_counts_as_its_one_word():
    """'due to' is a keyword of the "with" convention; 'sepsis' says what the question is about."""
    assert (
        best_articles("How do I sequence sepsis due to pneumonia?", "sequencing")[0].slug == "icd10cm-sepsis"
    )


def test_a_point_written_about_a_code_range_is_found_for_each_code_in_it():
    article, point = point_about("99396")
    assert article.slug == "preventive-medicine-codes" and point.startswith("99391-99397:")
    assert point_about("99999") is None


def test_one_whole_keyword_is_enough():
    assert [a.slug for a in best_articles("What is unbundling?", topic=None)]


def test_two_everyday_words_without_a_topic_retrieve_nothing():
    assert best_articles("What time does the office close on Friday?", topic=None) == []


def test_a_range_of_categories_names_each_code_in_it():
    from medcoder.assistant.knowledge import names_code

    assert names_code("the malignancy (C00-C96) second", "C50911")
    assert not names_code("the malignancy (C00-C96) second", "D0510")
