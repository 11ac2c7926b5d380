"""How search reads absence, residual categories and numerals in a text."""

import pytest

from medcoder.codebook.search_words import is_residual, negated_stems, stem


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Incisional hernia without obstruction or gangrene", {"obstruc", "gangren"}),
        ("Incisional hernia with obstruction, without gangrene", {"gangren"}),
        ("Migraine with aura, not intractable, without status migrainosus", {"intract", "stat"}),
        ("Hydrops fetalis not due to isoimmunization", {"isoimmu"}),
        ("Bronchiectasis with (acute) exacerbation", set()),
    ],
)
def test_negation_reaches_to_the_end_of_its_clause_or_the_next_with(text, negated):
    assert negated_stems(text) == negated


def test_a_stem_said_present_elsewhere_is_not_negated():
    """'Migraine without aura ... migraine': the migraine is there, only the aura is absent."""
    assert negated_stems("Migraine, without aura, with migraine") == {"aura"}


@pytest.mark.parametrize(
    ("title", "residual"),
    [
        ("Other neutropenia", True),
        ("Postsurgical malabsorption, not elsewhere classified", True),
        ("Neutropenia, unspecified", False),
        ("Motherhood", False),
    ],
)
def test_residual_categories(title, residual):
    assert is_residual(title) is residual


def test_roman_numerals_stem_to_their_digits():
    assert [stem(word) for word in ("ii", "iv", "2", "x")] == ["2", "4", "2", "x"]
