"""ICD-10-CM tabular import: hierarchy, billable flags, 7th-character expansion, notes."""

import simple_icd_10_cm

from medcoder.codebook.importers.icd10cm_tabular import find_tabular_xml, parse_tabular, with_lead_ins


def test_billable_codes_match_the_official_release_exactly():
    content = parse_tabular(find_tabular_xml(None))
    ours = {c.code for c in content.codes if c.billable}
    official = {
        code
        for code in simple_icd_10_cm.get_all_codes(True)
        if simple_icd_10_cm.is_leaf(code) and "-" not in code
    }
    assert ours == official
    assert len(ours) > 74000


def test_seventh_characters_are_padded_with_placeholder_x(codebook):
    assert codebook.get("S72.001A").billable
    assert codebook.get("T40.411A").title.endswith("accidental (unintentional), initial encounter")
    assert codebook.get("W61.62XD").title == "Struck by duck, subsequent encounter"
    assert codebook.get("T07.XXXA").parent == "T07"
    assert not codebook.get("S72.001").billable


def test_category_exceptions_to_seventh_characters_are_respected(codebook):
    # S06: 7th characters D and S do not apply with 6th character 7 or 8 (death before regaining consciousness)
    assert codebook.exists("S06.1X7A", "icd10cm")
    assert not codebook.exists("S06.1X7D", "icd10cm")
    assert not codebook.exists("S06.1X8S", "icd10cm")
    assert codebook.exists("S06.1X1S", "icd10cm")


def test_hierarchy_runs_from_chapter_to_code(codebook):
    chain = [c.code for c in codebook.ancestors(codebook.get("E11.9"))]
    assert chain == ["E00-E89", "E08-E13", "E11"]
    assert [c.kind for c in codebook.ancestors(codebook.get("E11.9"))] == ["chapter", "block", "category"]
    assert "E11.9" in [c.code for c in codebook.children(codebook.get("E11"))]


def test_one_category_blocks_do_not_collide_with_their_category(codebook):
    hiv = codebook.get("B20", "icd10cm")
    assert hiv.billable and hiv.parent == "B20-B20"
    assert codebook.get("B20-B20").kind == "block"


def test_notes_are_inherited_with_where_they_were_declared(codebook):
    notes = codebook.notes(codebook.get("E11.9"))
    excludes1 = [n for n in notes if n.kind == "excludes1"]
    assert any(
        n.text.startswith("type 1 diabetes mellitus (E10.-)") and n.declared_on == "E11" for n in excludes1
    )
    assert all(n.inherited for n in notes if n.declared_on != "E11.9")
    inclusion = [n for n in codebook.notes(codebook.get("I01.0")) if n.kind == "inclusion_term"]
    assert "Rheumatic pericarditis (acute)" in [n.text for n in inclusion]
    # inclusion terms describe only their own code: none are inherited from I01
    assert all(n.declared_on == "I01.0" for n in inclusion)


def test_seventh_character_table_comes_from_the_declaring_category(codebook):
    table = codebook.seventh_characters(codebook.get("S72.001"))
    assert {s.character for s in table} >= {"A", "B", "C", "D", "S"}
    assert {s.declared_on for s in table} == {"S72"}


def test_a_list_keeps_its_lead_in_with_its_items():
    notes = [
        "type 1 diabetes (E10.-)",
        "venous embolism and thrombosis (of):",
        "cerebral (I63.6)",
        "coronary (I21-I25)",
    ]
    assert with_lead_ins(notes) == [
        ("type 1 diabetes (E10.-)", None),
        ("cerebral (I63.6)", "venous embolism and thrombosis (of):"),
        ("coronary (I21-I25)", "venous embolism and thrombosis (of):"),
    ]
    # a note that ends its element introduces nothing there (the 7th characters follow elsewhere)
    assert with_lead_ins(["One of the following 7th characters is to be assigned:"]) == [
        ("One of the following 7th characters is to be assigned:", None)
    ]


def test_opening_words_of_a_note_are_no_note_of_their_own(codebook):
    additional = [n for n in codebook.notes(codebook.get("I21.9")) if n.kind == "use_additional_code"]
    assert "code, if applicable, to identify:" not in [n.text for n in additional]
    tobacco = next(n for n in additional if n.text == "tobacco use (Z72.0)")
    assert (tobacco.lead_in, tobacco.declared_on) == ("code, if applicable, to identify:", "I21")
    assert tobacco.wording == "code, if applicable, to identify: tobacco use (Z72.0)"
    excludes2 = [n for n in codebook.notes(codebook.get("I82.0")) if n.kind == "excludes2"]
    cerebral = next(n for n in excludes2 if n.text == "cerebral (I63.6, I67.6)")
    assert cerebral.lead_in == "venous embolism and thrombosis (of):"
