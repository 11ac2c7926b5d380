"""Generated plain-language descriptions: built from the data, for every code the data can describe."""

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
