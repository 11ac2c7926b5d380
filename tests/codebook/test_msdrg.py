"""MS-DRG tables from the drg package's CMS files: weights, MDCs, CC/MCC levels, exclusions."""

import pytest

from medcoder.codebook import Codebook, DataFileError, build_codebook
from medcoder.codebook.importers import msdrg


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Codebook:
    target = tmp_path_factory.mktemp("drg") / "codebook.sqlite"
    build_codebook(target, None, steps=[msdrg.STEP])
    return Codebook.open(target)


def _one(book: Codebook, sql: str, *params) -> tuple:
    return book.connection.execute(sql, params).fetchone()


def test_drg_titles_weights_and_mdcs(book):
    drg = _one(book, "SELECT title, mdc, drg_type, weight FROM ms_drgs WHERE drg = '291'")
    assert drg[0] == "HEART FAILURE AND SHOCK WITH MCC" and drg[1:3] == ("05", "MED") and drg[3] > 1
    assert _one(book, "SELECT weight FROM ms_drgs WHERE drg = '999'") == (None,)
    assert _one(book, "SELECT title FROM major_diagnostic_categories WHERE mdc = '05'")[0].startswith(
        "Diseases"
    )
    assert book.source("ms-drg-weights").version.startswith("FY 2026 Final Rule")


def test_cc_mcc_levels_in_display_form_with_their_exclusions(book):
    assert _one(
        book, "SELECT level, discharged_alive_only FROM complication_levels WHERE code = 'A02.1'"
    ) == ("MCC", 0)
    assert _one(
        book, "SELECT level, discharged_alive_only FROM complication_levels WHERE code = 'I46.9'"
    ) == ("MCC", 1)
    assert _one(book, "SELECT level FROM complication_levels WHERE code = 'I50.9'") is None
    assert _one(
        book,
        "SELECT 1 FROM complication_levels l JOIN cc_exclusions x USING (pdx_collection)"
        " WHERE l.code = 'A00.0' AND x.principal_code = 'A00.1'",
    ) == (1,)


def test_a_table_6k_without_codes_is_refused(tmp_path):
    broken = tmp_path / "6k.txt"
    broken.write_text("TABLE 6K\nnothing here\n")
    with pytest.raises(DataFileError, match="no CC/MCC codes"):
        msdrg.level_rows(broken)
