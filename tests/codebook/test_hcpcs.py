"""HCPCS Level II codes and modifiers, from the official xlsx (../shared/data) and the fixed-width txt
(a small synthetic file in the official layout), read back through the codebook API."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook

from medcoder.codebook import Codebook, DataFileError, build_codebook
from medcoder.codebook.hcpcs_values import describe, facts
from medcoder.codebook.importers import hcpcs
from medcoder.codebook.importers.hcpcs_record import COLUMNS
from medcoder.codebook.importers.hcpcs_txt import POSITIONS
from medcoder.codebook.writer import sha256_of

FIXTURE = Path(__file__).parent / "fixtures" / "HCPC2025_OCT_ANWEB_synthetic.txt"
ANY_SIZE = replace(hcpcs.STEP, minimum_records={})  # the synthetic files are far below the real minimum


def _build(tmp_path: Path, data_dir: Path) -> Codebook:
    target = tmp_path / "codebook.sqlite"
    build_codebook(target, data_dir, steps=[ANY_SIZE])
    return Codebook.open(target)


@pytest.fixture(scope="module")
def hcpcs_book(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Codebook:
    """A codebook holding only the HCPCS step's output from the official October 2025 xlsx."""
    target = tmp_path_factory.mktemp("hcpcs") / "codebook.sqlite"
    build_codebook(target, shared_data, steps=[hcpcs.STEP])
    return Codebook.open(target)


@pytest.fixture(scope="module")
def txt_book(tmp_path_factory: pytest.TempPathFactory) -> Codebook:
    data = tmp_path_factory.mktemp("txt-data")
    shutil.copy(FIXTURE, data)
    return _build(tmp_path_factory.mktemp("txt"), data)


@pytest.mark.shared_data
def test_the_october_2025_file_gives_8463_codes_and_383_modifiers(hcpcs_book, shared_data):
    xlsx = shared_data / "cms/hcpcs/HCPC2025_OCT_ANWEB.xlsx"
    codes, modifiers = hcpcs_book.source("hcpcs"), hcpcs_book.source("hcpcs-modifiers")
    assert (codes.records, modifiers.records) == (8463, 383)
    for source in (codes, modifiers):
        assert (source.version, source.effective) == ("October 2025 quarterly", "2025-10-01")
        assert (source.location, source.sha256) == (str(xlsx), sha256_of(xlsx))
    count = "SELECT count(*) FROM codes WHERE system = ? AND kind = ?"
    assert hcpcs_book.connection.execute(count, ("hcpcs", "code")).fetchone()[0] == 8463
    assert hcpcs_book.connection.execute(count, ("hcpcs-modifier", "modifier")).fetchone()[0] == 383


@pytest.mark.shared_data
def test_a_code_keeps_its_coded_fields_and_pages_can_say_what_they_mean(hcpcs_book):
    kegel = hcpcs_book.get("E0716", "hcpcs")
    assert kegel.short_title == "Supp and acces intravag pelv"
    assert kegel.attributes["coverage"] == "S"
    assert describe("coverage", kegel.attributes["coverage"]) == "COV S: Non-covered by Medicare statute"
    assert kegel.attributes["added"] == "2024-10-01"
    psa = hcpcs_book.get("G0103", "hcpcs")
    assert psa.attributes["lab_certifications"] and psa.attributes["cim"] and psa.attributes["mcm"]
    assert describe("pricing_indicators", psa.attributes["pricing_indicators"][0]).startswith("PRICE 21: ")
    assert describe("betos", "O1L") is None  # newer than the BETOS list we carry: no label invented


@pytest.mark.shared_data
def test_facts_label_the_coverage_manual_sections_and_explain_the_coded_values(hcpcs_book):
    psa = {fact.label: fact.value for fact in facts(hcpcs_book.get("G0103", "hcpcs"))}
    cim, mcm = psa["Coverage manual"].split("; ")  # both manuals in one row
    assert cim.startswith("Coverage Issues Manual section ") and mcm.startswith(
        "Medicare Carriers Manual section "
    )
    assert describe("mcm", "2130") == "Medicare Carriers Manual section 2130"
    assert psa["Pricing"].startswith("21 (Clinical lab fee schedule: national limitation amount)")
    assert psa["Lab certification codes"] == "; ".join(
        hcpcs_book.get("G0103", "hcpcs").attributes["lab_certifications"]
    )
    assert "Anesthesia base units" not in psa  # 0: none
    ended = {fact.label: fact.value for fact in facts(hcpcs_book.get("C9088", "hcpcs"))}
    assert ended["Terminated (last date of service)"] == "2025-09-30"
    assert ended["Action"] == "D (Code discontinued)"


@pytest.mark.shared_data
def test_terminated_codes_stay_but_are_not_billable(hcpcs_book):
    ended = hcpcs_book.get("C9088", "hcpcs")
    assert not ended.billable
    assert (ended.attributes["terminated"], ended.attributes["action"]) == ("2025-09-30", "D")
    assert hcpcs_book.get("L6034", "hcpcs").billable  # added in this very release


@pytest.mark.shared_data
def test_modifiers_are_a_system_of_their_own(hcpcs_book):
    modifier = hcpcs_book.get("a1")
    assert (modifier.system, modifier.code, modifier.title) == (
        "hcpcs-modifier",
        "A1",
        "Dressing for one wound",
    )
    assert not hcpcs_book.exists("A1", "hcpcs")
    assert hcpcs_book.get("CP", "hcpcs-modifier").billable is False  # terminated 2017-12-31


@pytest.mark.shared_data
def test_codes_are_browsed_by_letter_under_their_section_heading(hcpcs_book):
    code = hcpcs_book.get("A0021", "hcpcs")
    (section,) = hcpcs_book.ancestors(code)
    assert (section.code, section.kind, section.billable) == ("A0000-A9999", "section", False)
    assert section.title.startswith("Transportation services including ambulance")
    assert hcpcs_book.children(section)[0].code == "A0021"
    letters = hcpcs_book.connection.execute(
        "SELECT group_concat(code_key, ' ') FROM codes WHERE system = 'hcpcs' AND kind = 'section'"
    ).fetchone()[0]
    assert [key[0] for key in letters.split()] == list("ABCEGHJKLMPQRSTUV")
    assert "the CMS file has no hierarchy" in hcpcs_book.source("hcpcs-sections").title


def test_the_fixed_width_txt_reads_codes_modifiers_and_continuations(txt_book):
    assert (txt_book.source("hcpcs").records, txt_book.source("hcpcs-modifiers").records) == (6, 2)
    assert txt_book.source("hcpcs").version == "October 2025 quarterly"
    cytology = txt_book.get("G0124", "hcpcs")
    assert cytology.title == (
        "Screening cytopathology, cervical or vaginal (any reporting system), collected in preservative "
        "fluid, automated thin layer preparation, requiring interpretation by physician"
    )
    assert cytology.attributes["pricing_indicators"] == ["11", "21"]
    assert txt_book.get("AB", "hcpcs-modifier").title.endswith("once every 12 months, per beneficiary")
    assert not txt_book.find("99999") and not txt_book.find("25")  # CPT code and modifier rows dropped


@pytest.mark.shared_data
def test_the_txt_and_the_xlsx_of_a_release_say_the_same(txt_book, hcpcs_book):
    rows = txt_book.connection.execute("SELECT system, code FROM codes WHERE kind != 'section'").fetchall()
    assert len(rows) == 8
    for system, code in rows:
        from_txt, from_xlsx = txt_book.get(code, system), hcpcs_book.get(code, system)
        assert replace(from_txt, seq=0) == replace(from_xlsx, seq=0)


def test_the_txt_layout_covers_every_xlsx_column():
    assert [name for name, _, _ in POSITIONS] == list(COLUMNS)


def _write_xlsx(path: Path, header: list[str], *rows: dict[str, str]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column, "") for column in header])
    workbook.save(path)
    return path


OXYGEN = {
    "HCPC": "E0424",
    "SEQNUM": "0010",
    "RECID": "3",
    "LONG DESCRIPTION": "Stationary compressed gaseous oxygen system, rental (synthetic test row)",
    "SHORT DESCRIPTION": "Stationary compressed gas 02",
    "COV": "D",
    "ADD DT": "19890101",
    "ACT EFF DT": "19890101",
    "ACTION CD": "N",
}


def test_an_xlsx_lacking_a_column_is_refused_with_the_column_named(tmp_path):
    header = [column for column in COLUMNS if column != "COV"]
    path = _write_xlsx(tmp_path / "HCPC2025_OCT_ANWEB.xlsx", header, OXYGEN)
    with pytest.raises(DataFileError) as raised:
        hcpcs.read_records(path)
    assert raised.value.line == 1 and "COV" in raised.value.reason


def test_a_bad_date_names_its_row_and_column(tmp_path):
    _write_xlsx(
        tmp_path / "HCPC2025_OCT_ANWEB.xlsx",
        list(COLUMNS),
        OXYGEN,
        {**OXYGEN, "HCPC": "E0425", "ADD DT": "19891332"},
    )
    with pytest.raises(DataFileError) as raised:
        _build(tmp_path, tmp_path)
    assert raised.value.line == 3 and "ADD DT '19891332'" in raised.value.reason


def test_a_truncated_txt_record_names_its_line(tmp_path):
    lines = FIXTURE.read_text(encoding="latin-1").splitlines()
    lines[5] = lines[5][:200]
    path = tmp_path / FIXTURE.name
    path.write_text("\r\n".join(lines), encoding="latin-1")
    with pytest.raises(DataFileError) as raised:
        hcpcs.read_records(path)
    assert raised.value.line == 6


def test_a_corrupt_file_fails_the_build_and_keeps_the_previous_codebook(tmp_path, txt_book):
    target = tmp_path / "codebook.sqlite"
    shutil.copy(txt_book.path, target)
    before = target.read_bytes()
    data = tmp_path / "data" / "cms" / "hcpcs"
    data.mkdir(parents=True)
    (data / "HCPC2026_JAN_ANWEB.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(DataFileError) as raised:
        build_codebook(target, tmp_path / "data", steps=[ANY_SIZE])
    assert "HCPC2026_JAN_ANWEB.xlsx" in str(raised.value)
    assert target.read_bytes() == before


def test_no_hcpcs_file_is_reported_and_skipped(tmp_path):
    report = build_codebook(tmp_path / "codebook.sqlite", tmp_path, steps=[hcpcs.STEP])
    assert [missing.source for missing in report.skipped] == ["hcpcs"]
    assert report.imported == []


def test_the_newest_release_is_read_and_the_xlsx_preferred(tmp_path):
    for name in ("HCPC2025_JUL_ANWEB.xlsx", "HCPC2025_OCT_ANWEB_v2.txt", "HCPC2025_OCT_ANWEB.xlsx"):
        (tmp_path / name).touch()
    assert hcpcs.find_hcpcs_file(tmp_path).name == "HCPC2025_OCT_ANWEB.xlsx"
