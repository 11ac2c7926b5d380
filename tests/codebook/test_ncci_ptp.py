"""NCCI PTP edits are read as CMS distributes them: TXT parts with the 6-line header, in zips, or xlsx."""

import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from medcoder.codebook import Codebook, DataFileError, build_codebook
from medcoder.codebook.importers import ncci_ptp

SYNTHETIC = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic" / "cms" / "ncci"


def _data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "cms" / "ncci"
    shutil.copytree(SYNTHETIC, folder)
    return tmp_path / "data"


def _build(tmp_path: Path, data: Path) -> Codebook:
    target = tmp_path / "codebook.sqlite"
    build_codebook(target, data, steps=ncci_ptp.STEPS)
    return Codebook.open(target)


def _edits(book: Codebook, setting: str) -> list[tuple]:
    return book.connection.execute(
        "SELECT column_one, column_two, prior_1996, effective, deleted, modifier_indicator, text"
        " FROM ptp_edits JOIN ptp_rationales ON id = rationale WHERE setting = ? ORDER BY column_one, column_two",
        (setting,),
    ).fetchall()


def test_all_parts_of_a_release_are_read_with_their_fields(tmp_path):
    book = _build(tmp_path, _data_dir(tmp_path))
    edits = _edits(book, "practitioner")
    assert len(edits) == 7  # 4 rows in f1 + 3 in f2
    assert ("29881", "29880", 0, "2020-01-01", None, "0", "Mutually exclusive procedures") in edits
    assert ("20610", "20604", 0, "2020-01-01", "2022-12-31", "1", "Mutually exclusive procedures") in edits
    assert (
        "J1100",
        "J1100",
        1,
        "1996-01-01",
        None,
        "9",
        "CPT Manual or CMS manual coding instruction",
    ) in edits
    source = book.source("ncci-ptp-practitioner")
    assert source.version.startswith("v322r0") and source.effective == "2026-07-01" and source.records == 7
    assert len(_edits(book, "outpatient-hospital")) == 1


def test_the_newest_version_wins_and_zipped_parts_are_read(tmp_path):
    data = _data_dir(tmp_path)
    folder = data / "cms" / "ncci"
    with zipfile.ZipFile(
        folder / "medicare-ncci-2026q4-practitioner-ptp-edits-ccipra-v323r0-f1.zip", "w"
    ) as archive:
        text = (SYNTHETIC / "ccipra-v322r0-f1.TXT").read_text().replace("29881\t29880", "29881\t29877")
        archive.writestr("ccipra-v323r0-f1.TXT", text)
    book = _build(tmp_path, data)
    edits = _edits(book, "practitioner")
    assert ("29881", "29877") in [edit[:2] for edit in edits] and len(edits) == 4
    assert book.source("ncci-ptp-practitioner").effective == "2026-10-01"


def test_an_xlsx_part_is_read_like_the_text(tmp_path):
    data = tmp_path / "data"
    folder = data / "cms" / "ncci"
    folder.mkdir(parents=True)
    sheet = Workbook()
    rows = [line.split("\t") for line in (SYNTHETIC / "ccioph-v321r0-f1.TXT").read_text().splitlines()]
    for cells in rows[:6]:
        sheet.active.append(cells)
    sheet.active.append(["29881", 29880, None, 20200101, "*", 1, "Mutually exclusive procedures"])
    sheet.save(folder / "ccioph-v321r0-f1.xlsx")
    book = _build(tmp_path, data)
    assert _edits(book, "outpatient-hospital") == [
        ("29881", "29880", 0, "2020-01-01", None, "1", "Mutually exclusive procedures")
    ]


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ("29881\t2988\t\t20200101\t*\t0\tx", "column 2 code '2988'"),
        ("29881\t29880\t\t2020-01-01\t*\t0\tx", "effective date"),
        ("29881\t29880\t\t20200101\t*\t5\tx", "modifier indicator '5'"),
        ("29881\t29880\t\t20200101\t*", "expected 7"),
    ],
)
def test_a_corrupt_line_fails_the_build_naming_file_and_line(tmp_path, bad_line, reason):
    data = _data_dir(tmp_path)
    part = data / "cms" / "ncci" / "ccipra-v322r0-f2.TXT"
    part.write_text(part.read_text() + bad_line + "\r\n")
    with pytest.raises(DataFileError) as raised:
        _build(tmp_path, data)
    assert raised.value.line == 10 and "ccipra-v322r0-f2.TXT" in str(raised.value.path)
    assert reason in raised.value.reason
    assert not (tmp_path / "codebook.sqlite").exists()


def test_a_file_without_the_header_block_is_refused(tmp_path):
    data = _data_dir(tmp_path)
    part = data / "cms" / "ncci" / "ccioph-v321r0-f1.TXT"
    part.write_text("29881\t29880\t\t20200101\t*\t1\tx\r\n" * 8)
    with pytest.raises(DataFileError, match="NCCI header"):
        _build(tmp_path, data)


def test_without_ncci_files_the_sources_are_skipped(tmp_path):
    (tmp_path / "data").mkdir()
    report = build_codebook(tmp_path / "codebook.sqlite", tmp_path / "data", steps=ncci_ptp.STEPS)
    assert {missing.source for missing in report.skipped} == {
        "ncci-ptp-practitioner",
        "ncci-ptp-outpatient-hospital",
    }


def test_a_row_whose_blank_rationale_lost_its_tab_is_still_read(tmp_path):
    data = _data_dir(tmp_path)
    part = data / "cms" / "ncci" / "ccioph-v321r0-f1.TXT"
    part.write_text(part.read_text() + "64450\t64405\t\t20210101\t*\t1\r\n")
    book = _build(tmp_path, data)
    assert ("64450", "64405", 0, "2021-01-01", None, "1", "") in _edits(book, "outpatient-hospital")
