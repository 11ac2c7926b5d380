"""PPRRVU: CSV columns found by header text under a variable preamble; the fixed-width TXT too."""

import shutil
from pathlib import Path

import pytest

from medcoder.codebook import Codebook, DataFileError, build_codebook
from medcoder.codebook.importers import pfs_rvu

SYNTHETIC = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic"
CSV = "PPRRVU2026_Jul_nonQPP.csv"


def _build(tmp_path: Path, folder: Path) -> Codebook:
    shutil.copytree(folder, tmp_path / "data" / "cms" / "pfs")
    build_codebook(tmp_path / "codebook.sqlite", tmp_path / "data", steps=[pfs_rvu.STEP])
    return Codebook.open(tmp_path / "codebook.sqlite")


def _row(book: Codebook, code: str, modifier: str = "") -> tuple:
    return book.connection.execute(
        "SELECT status, work_rvu, global_days, bilateral_surgery, assistant_surgery, co_surgeons, team_surgery,"
        " pctc FROM fee_schedule WHERE code = ? AND modifier = ?",
        (code, modifier),
    ).fetchone()


def test_csv_indicators_are_read_by_header_name(tmp_path):
    book = _build(tmp_path, SYNTHETIC / "cms" / "pfs")
    assert _row(book, "27447") == ("A", 19.6, "090", "1", "2", "1", "0", "0")
    assert _row(book, "88305", "26") == ("A", 0.75, "XXX", "9", "9", "9", "9", "1")
    assert book.source("pfs-rvu").effective == "2026-07-01"
    assert "SYNTHETIC" not in str(book.connection.execute("SELECT * FROM fee_schedule").fetchall())


def test_a_longer_preamble_and_a_missing_pric_ind_column_change_nothing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = (SYNTHETIC / "cms" / "pfs" / CSV).read_text().splitlines()
    without_pric = [",".join(c for i, c in enumerate(line.split(",")) if i != 23) for line in lines]
    (folder / "PPRRVU2026_Jan_nonQPP.csv").write_text(
        "\n".join(["extra,title,line", ",,", *without_pric]) + "\n"
    )
    book = _build(tmp_path, folder)
    assert _row(book, "27447") == ("A", 19.6, "090", "1", "2", "1", "0", "0")


def test_fixed_width_txt_is_read_at_the_layout_positions(tmp_path):
    book = _build(tmp_path, SYNTHETIC / "pfs-txt" / "cms" / "pfs")
    assert _row(book, "27447") == ("A", 19.6, "090", "1", "2", "1", "0", "0")
    assert book.connection.execute(
        "SELECT nonfacility_pe_rvu FROM fee_schedule WHERE code='27447'"
    ).fetchone() == (None,)
    assert book.source("pfs-rvu").effective == "2025-10-01"


def test_a_missing_column_is_named(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = (SYNTHETIC / "cms" / "pfs" / CSV).read_text().replace("BILAT", "BILATERAL")
    (folder / CSV).write_text(text)
    with pytest.raises(DataFileError, match="no column headed 'BILAT SURG'"):
        _build(tmp_path, folder)


def test_a_bad_rvu_names_the_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = (SYNTHETIC / "cms" / "pfs" / CSV).read_text().replace("19.60", "nineteen")
    (folder / CSV).write_text(text)
    with pytest.raises(DataFileError) as raised:
        _build(tmp_path, folder)
    assert raised.value.line == 14 and "work_rvu" in raised.value.reason
