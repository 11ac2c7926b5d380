"""ICD-10-CM Alphabetic Index import and "see" resolution: a hand-written index XML in the official
layout, the real FY2025 files in ../shared/data, and corrupt files that must leave the old codebook."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from medcoder.codebook import Codebook, DataFileError, build_codebook
from medcoder.codebook.importers import icd10cm_index
from medcoder.codebook.writer import sha256_of

FIXTURES = Path(__file__).parent / "fixtures" / "icd10cm-index"
ANY_SIZE = [replace(step, minimum_records={}) for step in icd10cm_index.STEPS]  # fixtures are tiny
CSV_HEADER = "RowID,Letter,Level,Term,See,SeeAlso,NonEssModif,Code\n"


def _terms(codebook: Codebook, where: str, *params: object) -> list[dict]:
    cursor = codebook.connection.execute(f"SELECT * FROM index_terms WHERE {where} ORDER BY id", params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


@pytest.fixture(scope="module")
def fixture_book(tmp_path_factory: pytest.TempPathFactory) -> Codebook:
    target = tmp_path_factory.mktemp("index-fixture") / "codebook.sqlite"
    build_codebook(target, FIXTURES, steps=ANY_SIZE)
    return Codebook.open(target)


@pytest.fixture(scope="module")
def index_book(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Codebook:
    """Only the four index steps, from the real FY2025 files, with the real minimum row counts."""
    target = tmp_path_factory.mktemp("index-real") / "codebook.sqlite"
    build_codebook(target, shared_data, steps=list(icd10cm_index.STEPS))
    return Codebook.open(target)


# --- the official XML layout, on a hand-written file ---------------------------------------------


def test_index_xml_keeps_paths_levels_parents_and_nonessential_modifiers(fixture_book):
    [subsequent] = _terms(fixture_book, "path = ?", "Infarct, infarction, myocardium, myocardial, subsequent")
    assert (subsequent["level"], subsequent["code"]) == (2, "I22.9")
    assert subsequent["nonessential"] == "(recurrent) (reinfarction)"
    [parent] = _terms(fixture_book, "id = ?", subsequent["parent_id"])
    assert (parent["term"], parent["code"]) == ("myocardium, myocardial", "I21.9")
    [pain] = _terms(fixture_book, "level = 0 AND term = 'Pain(s)'")
    assert (pain["code"], pain["see_also"], pain["parent_id"]) == ("R52", "Painful", None)


def test_manifestation_code_is_its_own_row_after_the_etiology_code(fixture_book):
    rows = _terms(fixture_book, "path = 'Amyloidosis, heart'")
    assert [(row["code"], row["column_name"]) for row in rows] == [("E85.4", None), ("I43", "manifestation")]
    assert {row["level"] for row in rows} == {1}
    [amyloidosis] = _terms(fixture_book, "path = 'Amyloidosis'")
    assert amyloidosis["nonessential"] == "(generalized) (primary)"


def test_source_row_names_version_checksum_and_count(fixture_book):
    source = fixture_book.source("icd10cm-index-diseases")
    assert (source.version, source.effective) == ("FY2025", "2024-10-01")
    assert source.sha256 == sha256_of(FIXTURES / "icd10cm_index_2025.xml")
    assert source.records == len(_terms(fixture_book, "index_name = 'diseases'")) == 11


def test_see_reference_leads_to_the_coded_entry(fixture_book):
    [abdominalgia] = _terms(fixture_book, "path = 'Abdominalgia'")
    target = fixture_book.resolve_see(abdominalgia["see"])
    assert target.resolved and [(e.path, e.code) for e in target.entries] == [("Pain(s), abdominal", "R10.9")]
    # a main term named by one of its forms, a subterm by one of its forms
    assert [e.code for e in fixture_book.resolve_see("see Infarct, myocardium").entries] == ["I21.9"]


def test_missing_files_are_reported_and_skipped(tmp_path):
    report = build_codebook(tmp_path / "codebook.sqlite", FIXTURES, steps=ANY_SIZE)
    assert report.imported == ["ICD-10-CM index: diseases"]
    assert {missing.source for missing in report.skipped} == {
        "icd10cm-external-cause",
        "icd10cm-neoplasm",
        "icd10cm-drugs",
    }


CORRUPT = {
    "non-integer level": (
        "ICD10CM_2025_Index.derived.csv",
        CSV_HEADER + '1,A,0,Abdominalgia,"Pain, abdominal",,,\n2,A,one,acute,,,,R10.0\n',
        3,
        "Level 'one' is not a whole number",
    ),
    "level jump": (
        "ICD10CM_2025_Index.derived.csv",
        CSV_HEADER + "1,A,0,Abasia,,,,F44.4\n2,A,2,hysterical,,,,F44.4\n",
        3,
        "a level-2 term under a level-0 term",
    ),
    "truncated xml": (
        "icd10cm_index_2025.xml",
        "<ICD10CM.index>\n<letter><title>A</title>\n<mainTerm><title>Abasia</title>\n",
        4,
        "not well-formed XML",
    ),
    "term at the wrong level": (
        "icd-10-cm-eindex-2025.xml",
        '<ICD10CM.index>\n<letter><mainTerm><title>Accident</title>\n<term level="2">\n'
        "<title>bus</title></term></mainTerm></letter></ICD10CM.index>\n",
        3,
        "sits at depth 1",
    ),
    "cell without a column heading": (
        "icd-10-cm-neoplasm-2025.xml",
        '<ICD10CM.index>\n<indexHeading><head col="1">Neoplasm</head></indexHeading>\n<letter><mainTerm>\n'
        '<title>Neoplasm, neoplastic</title>\n<cell col="2">C80.1</cell>\n</mainTerm></letter></ICD10CM.index>',
        5,
        "<cell col='2'> has no column heading",
    ),
}


@pytest.mark.parametrize("case", CORRUPT)
def test_corrupt_file_fails_the_build_and_keeps_the_previous_codebook(case, tmp_path, fixture_book):
    name, text, line, reason = CORRUPT[case]
    target = tmp_path / "codebook.sqlite"
    shutil.copy(fixture_book.path, target)
    before = target.read_bytes()
    data = tmp_path / "data" / "icd10cm-index-2025"
    data.mkdir(parents=True)
    (data / name).write_text(text)
    with pytest.raises(DataFileError) as raised:
        build_codebook(target, tmp_path / "data", steps=ANY_SIZE)
    assert (raised.value.path.name, raised.value.line) == (name, line)
    assert reason in raised.value.reason
    assert target.read_bytes() == before
    assert not list(tmp_path.glob("*.building"))


# --- the real FY2025 files ------------------------------------------------------------------------


@pytest.mark.shared_data
def test_each_real_file_is_a_source_with_its_row_count(index_book):
    counts = dict(index_book.connection.execute("SELECT source, count(*) FROM index_terms GROUP BY source"))
    sources = {s.name: s for s in index_book.sources()}
    assert set(sources) == set(counts) == {f.source for f in icd10cm_index.INDEX_FILES}
    for index_file in icd10cm_index.INDEX_FILES:
        source = sources[index_file.source]
        assert source.records == counts[index_file.source] >= index_file.minimum_rows
        assert (source.version, source.effective) == ("FY2025", "2024-10-01")
    assert "not the CDC's" in sources["icd10cm-index-diseases"].title  # the flattened CSV says so


@pytest.mark.shared_data
def test_flattened_csv_rebuilds_the_term_paths(index_book):
    [infarct] = _terms(index_book, "path = 'Infarct, infarction, myocardium, myocardial'")
    assert (infarct["code"], infarct["level"]) == ("I21.9", 1)
    assert infarct["nonessential"] == "(acute) (with stated duration of 4 weeks or less)"
    [abdominalgia] = _terms(index_book, "index_name = 'diseases' AND path = 'Abdominalgia'")
    assert abdominalgia["see"] == "Pain, abdominal" and abdominalgia["code"] is None


@pytest.mark.shared_data
def test_neoplasm_table_keeps_one_row_per_coded_cell_as_printed(index_book):
    rows = _terms(index_book, "path = 'Neoplasm, neoplastic, abdomen, abdominal, wall, connective tissue'")
    cells = {row["column_name"]: row["code"] for row in rows}
    assert cells["Malignant Secondary"] == "C79.8-"  # the trailing dash: more characters needed
    assert "Ca in situ" not in cells  # printed '-': no code, no row
    assert cells["Benign"] == "D21.4"


@pytest.mark.shared_data
def test_drug_table_columns_and_empty_cells(index_book):
    aspirin = {row["column_name"]: row["code"] for row in _terms(index_book, "path = 'Aspirin'")}
    assert aspirin["Adverse effect"] == "T39.015" and aspirin["Poisoning Intentional self-harm"] == "T39.012"
    propanol = {row["column_name"] for row in _terms(index_book, "path = '1-propanol'")}
    assert "Adverse effect" not in propanol and len(propanol) == 4  # '--' cells hold no code


@pytest.mark.shared_data
def test_external_cause_index_from_the_official_xml(index_book):
    [abandonment] = _terms(index_book, "index_name = 'external-cause' AND path = 'Abandonment NEC'")
    assert abandonment["code"] == "X58"
    assert (
        abandonment["nonessential"]
        == "(causing exposure to weather conditions) (with intent to injure or kill)"
    )
    [strangulation] = _terms(index_book, "index_name = 'external-cause' AND path = 'Strangulation'")
    assert index_book.resolve_see(strangulation["see"], "external-cause").codes == ("T71",)
    car = index_book.resolve_see("see Accident, transport, car occupant", "external-cause")
    assert [e.code for e in car.entries] == ["V49.9"] and car.index_name == "external-cause"


SEE_FORMS = [
    ("see Pain, abdominal", ["R10.9"], ()),
    ("see Disease, heart", ["I51.9"], ()),
    ("see Infarct, myocardium", ["I21.9"], ()),
    ("see Neoplasm, benign, by site", ["D36.9"], ("by site",)),
    ("see Neoplasm, benign, colon", ["D12.6"], ()),  # colon: see also Neoplasm, intestine, large
    ("see Neoplasm, skin, benign", ["D23.9"], ()),
    ("see Table of Drugs and Chemicals, aspirin, adverse effect", ["T39.015"], ()),
    ("see Injury, by site", ["T14.90"], ("by site",)),
    # the forms the index abbreviates to, beyond the terms' own forms
    ("see Diabetes, cataract", ["E11.36"], ()),  # the connecting "with" left out
    ("see Fracture, carpal, pisiform", ["S62.16-"], ()),  # "traumatic" left out
    ("see Fracture, pathological, due to osteoporosis", ["M80.00"], ()),  # two levels in one part
    ("see Diabetes, due to, drug or chemical", ["E09.9"], ()),  # one term in two parts
    ("see Bite, vocal cord", ["S11.035"], ()),  # "vocal cords"
    ("see Neoplasm ovary, malignant", ["C56.-"], ()),  # no comma after the table's name
    ("see Bite, superficial, eyelid", ["S00.27-"], ()),  # "superficial - see Bite, by site, superficial"
    ("see Foreign body, accidentally left during a procedure", ["T81.509"], ()),  # renamed "following"
]


@pytest.mark.shared_data
@pytest.mark.parametrize(("reference", "codes", "instructions"), SEE_FORMS)
def test_see_references_in_the_forms_the_index_prints(index_book, reference, codes, instructions):
    target = index_book.resolve_see(reference)
    assert [e.code for e in target.entries] == codes
    assert target.instructions == instructions and not target.unresolved


@pytest.mark.shared_data
def test_see_also_condition_and_category_references(index_book):
    malposition = index_book.resolve_see("see also Malposition, congenital")
    assert [e.path for e in malposition.entries] == ["Malposition, congenital"]  # its subterms carry codes
    condition = index_book.resolve_see("see condition")
    assert condition.entries == () and condition.instructions == ("condition",)
    assert index_book.resolve_see("see category M01").codes == ("M01",)
    assert not index_book.resolve_see("see Nonexistent, thing").entries


@pytest.mark.shared_data
def test_an_abbreviated_reference_never_lands_on_a_lookalike_term(index_book):
    # "carpal" also ends like "Fracture, pathological, carpus"; a fracture is traumatic unless it says so
    assert [e.code for e in index_book.resolve_see("see Fracture, carpal").entries] == ["S62.10-"]
    diverticulosis = index_book.resolve_see("see Diverticulosis, intestine, small")
    assert {e.path.split(",")[0] for e in diverticulosis.entries} == {"Diverticulosis"}  # not Diverticulitis


@pytest.mark.shared_data
def test_a_subterm_the_index_does_not_hold_is_reported_not_guessed(index_book):
    mechanical = index_book.resolve_see("see Complication, cardiovascular device, mechanical")
    assert [e.code for e in mechanical.entries] == ["T82.9"] and mechanical.unresolved == ("mechanical",)
    assert not mechanical.resolved


@pytest.mark.shared_data
def test_references_naming_tabular_codes_or_telling_the_coder_what_to_look_up(index_book):
    nephritis = index_book.resolve_see("see N00-N07 with fourth character .4")
    assert nephritis.codes == ("N00-N07",) and nephritis.instructions == ("with fourth character .4",)
    examination = index_book.resolve_see("see Examination, medical Z00.00")
    assert examination.codes == ("Z00.00",) and [e.code for e in examination.entries] == ["Z00.00"]
    organism = index_book.resolve_see("see also specific organism")
    assert organism.entries == () and organism.instructions == ("specific organism",)


@pytest.mark.shared_data
def test_most_see_references_printed_in_the_index_resolve(index_book):
    references = index_book.connection.execute(
        "SELECT DISTINCT index_name, see FROM index_terms WHERE see IS NOT NULL ORDER BY see"
    ).fetchall()[::16]
    targets = [index_book.resolve_see(see, index_name) for index_name, see in references]
    followable = [t for t in targets if not t.codes and not (t.instructions and not t.entries)]
    # 0.91 when only the terms' own forms were read
    assert sum(t.resolved for t in followable) / len(followable) >= 0.93


@pytest.mark.shared_data
def test_the_full_build_carries_the_index(codebook):
    paths = [term.path for term in codebook.index_terms(codebook.get("I21.9"))]
    assert "Infarct, infarction, myocardium, myocardial" in paths
    assert codebook.source("icd10cm-drugs").records > 30_000
