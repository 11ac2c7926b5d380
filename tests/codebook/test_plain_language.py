"""Generated plain-language descriptions: built from the data, for every code the data can describe."""

import re

import pytest
from click.testing import CliRunner

from medcoder.cli import main
from medcoder.codebook.plain_language import describe_hcpcs, describe_icd, describe_pcs


def test_icd_title_is_reworded_with_the_lay_glossary():
    plain = describe_icd("Essential (primary) hypertension", False, None, [])
    assert plain == "High blood pressure with no identified underlying cause."


def test_icd_description_names_category_inclusion_terms_and_heading_status():
    plain = describe_icd("Acute pharyngitis", True, "Acute pharyngitis", ["Acute sore throat NOS"])
    assert "Also covers: Acute sore throat NOS." in plain
    assert "not a billable code" in plain
    assert "In the category" not in plain  # the category is the code itself


def test_hcpcs_abbreviations_are_expanded_and_the_section_named():
    section = "Drugs administered other than oral method, chemotherapy drugs"
    plain = describe_hcpcs("J9999", "Inj drug w/ diluent, per 10 mg", False, section)
    assert plain == (
        "Injection drug with diluent, per 10 mg."
        " HCPCS section: drugs administered other than oral method, chemotherapy drugs."
    )


def test_an_abbreviation_already_spelled_out_beside_it_is_not_expanded_again():
    section = "Durable medical equipment"
    cpap = describe_hcpcs("E0601", "Continuous positive airway pressure (cpap) device", False, section)
    assert cpap.startswith("Continuous positive airway pressure (cpap) device.")
    # alone in parentheses after words, an abbreviation names those words (synthetic description)
    assert describe_hcpcs("E9999", "Lift for home use (dme)", False, None) == "Lift for home use (dme)."
    assert describe_hcpcs("E9999", "Dme lift", False, None) == "Durable medical equipment lift."


def test_a_roman_numeral_is_no_abbreviation():
    heart = describe_hcpcs("C9760", "Procedure for nyha class ii, iii, iv heart failure", False, None)
    assert heart == "Procedure for nyha class ii, iii, iv heart failure."
    assert describe_hcpcs("E0776", "Iv pole", False, None) == "Intravenous (IV) pole."


def test_a_term_is_explained_once_and_reads_before_the_word_it_qualifies():
    plain = describe_icd(
        "Displaced fracture of shaft of left femur, subsequent encounter for closed fracture with routine healing",
        False,
        "Fracture of femur",
        [],
    )
    assert plain == (
        "Broken bone (displaced fracture: the pieces out of line) of shaft of left femur (thigh bone),"
        " follow-up visit during healing or recovery for closed broken bone with healing as expected."
        " In the category: broken bone of femur."
    )
    congenital = describe_icd("Congenital malformation of heart", False, None, [])
    assert congenital == "Congenital (present from birth) malformation of heart."
    assert describe_icd("Frostbite with tissue necrosis", False, None, []) == "Frostbite with tissue death."


def test_a_category_the_title_already_says_is_not_repeated():
    plain = describe_icd("Acute myocardial infarction, unspecified", False, "Acute myocardial infarction", [])
    assert plain == "Heart attack, unspecified."


def test_pcs_code_is_read_from_its_characters():
    axes = [
        {"position": 1, "axis": "Section", "value": "0", "label": "Medical and Surgical"},
        {"position": 2, "axis": "Body System", "value": "D", "label": "Gastrointestinal System"},
        {"position": 3, "axis": "Operation", "value": "T", "label": "Resection"},
        {"position": 4, "axis": "Body Part", "value": "J", "label": "Appendix"},
        {"position": 5, "axis": "Approach", "value": "4", "label": "Percutaneous Endoscopic"},
        {"position": 6, "axis": "Device", "value": "Z", "label": "No Device"},
        {"position": 7, "axis": "Qualifier", "value": "Z", "label": "No Qualifier"},
    ]
    plain = describe_pcs(axes, "Cutting out or off, without replacement, all of a body part")
    assert plain == (
        "Medical and Surgical procedure: Resection (cutting out or off, without replacement, all of a"
        " body part). Body Part: Appendix. Done through a small incision, using a scope (percutaneous"
        " endoscopic approach)."
    )


@pytest.mark.shared_data
def test_every_described_system_has_plain_language_for_every_code(codebook):
    missing = codebook.connection.execute(
        "SELECT system, count(*) FROM codes WHERE plain IS NULL AND system IN"
        " ('icd10cm', 'icd10pcs', 'hcpcs', 'hcpcs-modifier') GROUP BY system"
    ).fetchall()
    assert missing == []
    assert codebook.get("I10").plain == "High blood pressure with no identified underlying cause."
    assert "heading" not in codebook.get("001.0", "icd9cm").plain  # a retired code, not a heading


@pytest.mark.shared_data
def test_real_pcs_code_uses_the_official_root_operation_definition(codebook):
    plain = codebook.get("0DTJ4ZZ").plain
    assert plain.startswith("Medical and Surgical procedure: Resection (cutting out or off")
    assert "Appendix" in plain


@pytest.mark.shared_data
def test_lookup_labels_plain_language_as_generated(codebook_path):
    result = CliRunner().invoke(main, ["lookup", "I21.9"])
    assert result.exit_code == 0
    assert "Plain language (generated): Heart attack, unspecified." in result.output


@pytest.mark.shared_data
def test_no_generated_description_says_a_word_twice_in_a_row(codebook):
    doubled = re.compile(r"\b(\w+) \1\b", re.IGNORECASE)
    rows = codebook.connection.execute("SELECT title, plain FROM codes WHERE plain IS NOT NULL")
    reworded = [
        (title, plain.partition(" Also covers: ")[0]) for title, plain in rows
    ]  # not the quoted terms
    assert [plain for title, plain in reworded if doubled.search(plain) and not doubled.search(title)] == []
    assert "(forearm bone on the thumb side)" in codebook.get("S52.501B").plain  # radius (...)
    assert "The image may also be stored" in codebook.get("B51GYZZ").plain  # definitions keep their case
