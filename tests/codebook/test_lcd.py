"""LCD and Article documents from the MCD document list: searchable, dated, linked."""

import pytest

from medcoder.codebook import Codebook, DataFileError, build_codebook
from medcoder.codebook.importers import lcd
from medcoder.rules.coverage import coverage_documents_matching, lcd_documents_mentioning


@pytest.fixture(scope="module")
def book(tmp_path_factory, shared_data) -> Codebook:
    target = tmp_path_factory.mktemp("lcd") / "codebook.sqlite"
    build_codebook(target, shared_data, steps=[lcd.STEP])
    return Codebook.open(target)


@pytest.mark.shared_data
def test_every_document_is_imported_with_dates_and_links(book):
    assert book.source("mcd-documents").records == 3133
    documents, total = coverage_documents_matching(book, "urine drug testing", document_type="LCD")
    assert total >= 1
    first = documents[0]
    assert first.display_id.startswith("L") and first.url.startswith(
        "https://www.cms.gov/medicare-coverage-database/"
    )
    assert first.effective and first.effective[4] == "-"


@pytest.mark.shared_data
def test_documents_naming_a_code_or_a_range_holding_it_are_found(book):
    assert {d.display_id for d in lcd_documents_mentioning(book, "87641")}
    in_range = lcd_documents_mentioning(book, "81266")  # "CPT® codes 81265-81268"
    assert in_range and all("81265-81268" in d.title for d in in_range)
    assert lcd_documents_mentioning(book, "81269") == []


def test_a_bad_date_names_the_line(tmp_path):
    folder = tmp_path / "cms" / "lcd"
    folder.mkdir(parents=True)
    header = ",".join(lcd.COLUMNS)
    row = "Noridian,L1,1,LCD,2,2025-08-14,,N/A,Title,08/06/2025,1,https://example.org"
    (folder / "documents_latest.csv").write_text(f"{header}\n{row}\n")
    with pytest.raises(DataFileError) as raised:
        build_codebook(tmp_path / "codebook.sqlite", tmp_path, steps=[lcd.STEP])
    assert raised.value.line == 2 and "MM/DD/YYYY" in raised.value.reason
