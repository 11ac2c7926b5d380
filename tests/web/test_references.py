"""Finding the codes a note names."""

from medcoder.web.codes.references import NoteSegment, link_references

EXISTING = {"E10", "I60-I69", "Z79.4", "E08-E13", "I60"}


def exists(code: str) -> bool:
    return code in EXISTING


def test_category_with_dash_links_the_category():
    assert link_references("type 1 diabetes mellitus (E10.-)", exists) == [
        NoteSegment("type 1 diabetes mellitus ("),
        NoteSegment("E10.-", "E10"),
        NoteSegment(")"),
    ]


def test_ranges_link_the_block_and_single_codes_link_the_code():
    segments = link_references("sequelae (I60-I69); insulin (Z79.4)", exists)
    assert [s.code for s in segments if s.code] == ["I60-I69", "Z79.4"]
    assert "".join(s.text for s in segments) == "sequelae (I60-I69); insulin (Z79.4)"


def test_a_range_that_is_not_a_block_links_each_end_not_just_the_first_code():
    segments = link_references("(E10-Z79.4) and (E10-Q99)", exists)
    assert [(s.text, s.code) for s in segments if s.code] == [
        ("E10", "E10"),
        ("Z79.4", "Z79.4"),
        ("E10", "E10"),
    ]
    assert "".join(s.text for s in segments) == "(E10-Z79.4) and (E10-Q99)"


def test_codes_that_do_not_exist_and_codes_outside_parentheses_stay_text():
    text = "see E10 elsewhere (Q99.9) and (E08-E13 with .641)"
    segments = link_references(text, exists)
    assert [s.code for s in segments if s.code] == ["E08-E13"]
    assert "".join(s.text for s in segments) == text
