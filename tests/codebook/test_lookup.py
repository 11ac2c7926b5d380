"""The query API: lookup in any form, unknown codes, sources."""

import shutil
import sqlite3

import pytest

from medcoder.codebook import Codebook, CodebookOutdated, UnknownCode
from medcoder.codebook.writer import SCHEMA_VERSION


@pytest.mark.parametrize("written", ["E11.9", "e11.9", "E119", " e119 "])
def test_get_accepts_dotted_or_undotted_any_case(codebook, written):
    assert codebook.get(written).code == "E11.9"


def test_unknown_code_suggests_near_codes(codebook):
    with pytest.raises(UnknownCode) as raised:
        codebook.get("E11.99")
    assert "E11.9" in raised.value.suggestions


def test_every_code_names_a_recorded_source(codebook):
    orphans = codebook.connection.execute(
        "SELECT count(*) FROM codes WHERE source NOT IN (SELECT name FROM sources)"
    ).fetchone()[0]
    assert orphans == 0
    source = codebook.source(codebook.get("E11.9").source)
    assert source.version.startswith("FY2026") and len(source.sha256) == 64


def test_a_billable_code_wins_over_a_same_key_header(codebook):
    # GZ is both an HCPCS modifier and an ICD-10-PCS body-system header (section G, body system Z)
    assert {c.system for c in codebook.find("GZ")} >= {"hcpcs-modifier", "icd10pcs"}
    assert codebook.get("GZ").system == "hcpcs-modifier"
    assert codebook.get("GZ", "icd10pcs").kind == "body-system"


def test_pcs_definitions_explain_the_characters_of_a_code(codebook):
    definitions = {d.axis_title: d for d in codebook.pcs_definitions(codebook.get("0DTJ4ZZ"))}
    assert definitions["Operation"].term == "Resection"
    assert definitions["Operation"].definition.startswith(
        "Cutting out or off, without replacement, all of a body part"
    )
    assert definitions["Approach"].term == "Percutaneous Endoscopic"
    assert codebook.pcs_definitions(codebook.get("E11.9")) == []


def test_a_codebook_built_with_older_tables_is_refused_with_what_to_do(codebook_path, tmp_path):
    old = tmp_path / "old.sqlite"
    shutil.copy(codebook_path, old)
    with sqlite3.connect(old) as connection:
        connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with pytest.raises(
        CodebookOutdated, match=rf"schema 1; this medcoder reads schema {SCHEMA_VERSION}\. Rebuild it"
    ):
        Codebook.open(old)
