"""MUE tables: the quoted multi-line AMA notice and the two-line header are skipped, indicators parsed."""

import shutil
import zipfile
from pathlib import Path

import pytest

from medcoder.codebook import Codebook, DataFileError, build_codebook
from medcoder.codebook.importers import mue

SYNTHETIC = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic" / "cms" / "mue"
PRACTITIONER = "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv"


def _build(tmp_path: Path, data: Path) -> Codebook:
    build_codebook(tmp_path / "codebook.sqlite", data, steps=mue.STEPS)
    return Codebook.open(tmp_path / "codebook.sqlite")


def _data(tmp_path: Path) -> Path:
    shutil.copytree(SYNTHETIC, tmp_path / "data" / "cms" / "mue")
    return tmp_path / "data"


def test_each_setting_is_imported_with_value_indicator_and_rationale(tmp_path):
    book = _build(tmp_path, _data(tmp_path))
    rows = book.connection.execute("SELECT * FROM mues WHERE code = '96372' ORDER BY setting").fetchall()
    assert rows == [
        ("outpatient-hospital", "96372", 6, 3, "Clinical: CMS Workgroup", "ncci-mue-outpatient-hospital"),
        ("practitioner", "96372", 4, 3, "Clinical: CMS Workgroup", "ncci-mue-practitioner"),
    ]
    assert book.connection.execute("SELECT mue_value FROM mues WHERE code = '36415'").fetchone() == (0,)
    source = book.source("ncci-mue-dme-supplier")
    assert source.effective == "2026-07-01" and source.records == 1


def test_the_table_is_read_from_the_cms_zip(tmp_path):
    folder = tmp_path / "data" / "cms" / "mue"
    folder.mkdir(parents=True)
    with zipfile.ZipFile(
        folder / "medicare-ncci-2026-q3-practitioner-services-mue-table.zip", "w"
    ) as archive:
        archive.write(SYNTHETIC / PRACTITIONER, PRACTITIONER)
    report = build_codebook(tmp_path / "codebook.sqlite", tmp_path / "data", steps=mue.STEPS)
    assert report.imported == ["ncci-mue-practitioner"]
    assert "!" in Codebook.open(tmp_path / "codebook.sqlite").source("ncci-mue-practitioner").location


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("99213,x,1 Line Edit,CMS Policy", "not a whole number"),
        ("99213,1,4 Something,CMS Policy", "adjudication indicator"),
        ("11042,1,1 Line Edit,CMS Policy", "listed twice"),
    ],
)
def test_a_corrupt_row_names_the_file_and_line(tmp_path, row, reason):
    data = _data(tmp_path)
    path = data / "cms" / "mue" / PRACTITIONER
    path.write_bytes(path.read_bytes() + row.encode() + b"\r\n")
    with pytest.raises(DataFileError) as raised:
        _build(tmp_path, data)
    assert raised.value.line == 13 and reason in raised.value.reason  # notice: 5 lines, header: 2, rows: 5
