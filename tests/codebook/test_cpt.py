"""CPT: numbers from CMS files without a license; descriptors only from the user's licensed file,
added atomically and remembered for the next build."""

import shutil
from pathlib import Path

import pytest

from medcoder.codebook import Codebook, DataFileError, build_codebook
from medcoder.codebook.importers import cpt, mue, ncci_ptp, pfs_rvu

SYNTHETIC = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic"
LICENSED_TXT = SYNTHETIC / "cpt" / "cpt-long-descriptors.synthetic.txt"
STEPS = [cpt.LICENSED_STEP, *ncci_ptp.STEPS, *mue.STEPS, pfs_rvu.STEP, cpt.NUMBERS_STEP]


@pytest.fixture
def target(tmp_path, monkeypatch) -> Path:
    """A codebook built from the synthetic CMS files, at the path `medcoder` uses by default."""
    for folder in ("ncci", "mue", "pfs"):
        shutil.copytree(SYNTHETIC / "cms" / folder, tmp_path / "data" / "cms" / folder)
    path = tmp_path / "codebook.sqlite"
    monkeypatch.setenv("MEDCODER_CODEBOOK", str(path))
    build_codebook(path, tmp_path / "data", steps=STEPS)
    return path


def test_without_a_license_cms_cpt_numbers_are_known_without_descriptors(target):
    book = Codebook.open(target)
    found = book.get("99213", "cpt")
    assert found.title == cpt.LICENSE_REQUIRED and found.source == "cpt-numbers"
    assert book.exists("20604", "cpt") is False  # only in a deleted PTP edit
    assert book.source("cpt-ama") is None


def test_import_adds_descriptors_atomically_and_the_next_build_keeps_them(target, tmp_path):
    assert cpt.import_licensed_cpt(target, LICENSED_TXT) == 6
    book = Codebook.open(target)
    assert book.get("99213", "cpt").title == "SYNTHETIC descriptor 99213 for medcoder tests (not AMA text)"
    assert book.get("96372", "cpt").title == cpt.LICENSE_REQUIRED  # in the MUE file, not in the licensed file
    assert [hit.code for hit in book.search("SYNTHETIC descriptor 27447", systems=["cpt"])][:1] == ["27447"]
    assert book.source("cpt-ama").records == 6
    assert cpt.remembered_file(target).read_text().strip() == str(LICENSED_TXT)
    book.close()
    build_codebook(target, tmp_path / "data", steps=STEPS)
    assert Codebook.open(target).get("29880", "cpt").source == "cpt-ama"


def test_a_csv_with_a_header_row_is_accepted(target):
    assert cpt.import_licensed_cpt(target, SYNTHETIC / "cpt" / "cpt-descriptors.synthetic.csv") == 2
    assert Codebook.open(target).get("0001F", "cpt").title == "SYNTHETIC descriptor 0001F, for tests"


def test_the_consumer_file_with_a_concept_id_first_is_read_by_its_header(target):
    assert cpt.import_licensed_cpt(target, SYNTHETIC / "cpt" / "ConsumerDescriptor.synthetic.txt") == 3
    book = Codebook.open(target)
    assert book.get("27447", "cpt").title == "SYNTHETIC consumer descriptor 27447 (not AMA text)"
    assert book.get("0001F", "cpt").source == "cpt-ama"


def test_the_clinician_file_keeps_the_first_of_several_descriptors_per_code():
    pairs = cpt.read_cpt_file(SYNTHETIC / "cpt" / "ClinicianDescriptor.synthetic.txt")
    assert pairs == [
        ("99213", "SYNTHETIC clinician descriptor 99213, first (not AMA text)"),
        ("27447", "SYNTHETIC clinician descriptor 27447 (not AMA text)"),
    ]


def test_a_header_naming_several_descriptors_prefers_the_long_one(tmp_path):
    path = tmp_path / "cpt.txt"
    path.write_text("CPT Code\tShort Descriptor\tLong Descriptor\n99213\tSYNTH short\tSYNTHETIC long\n")
    assert cpt.read_cpt_file(path) == [("99213", "SYNTHETIC long")]


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("99213\tSYNTHETIC one\n9921\tSYNTHETIC two\n", 2, "not a CPT code"),
        ("99213\tSYNTHETIC one\n99214\t\n", 2, "no descriptor"),
        ("99213\tSYNTHETIC one\n99213\tSYNTHETIC again\n", 2, "listed twice (first on line 1)"),
        ("just a title line\n99213\tSYNTHETIC\n", 1, "not a header naming a 'CPT Code'"),
        ("Concept Id\tCPT Code\tConsumer Friendly Descriptor\n", None, "no CPT codes found below"),
        ("Concept Id\tCPT Code\tConsumer Friendly Descriptor\n1000001\t9921\tSYNTHETIC\n", 2, "'9921'"),
        ("Concept Id\tDescriptor\n1000001\tSYNTHETIC\n", 1, "not a header naming"),
        ("", None, "empty"),
    ],
)
def test_a_bad_file_leaves_the_codebook_unchanged(target, tmp_path, content, line, reason):
    bad = tmp_path / "cpt.txt"
    bad.write_text(content)
    before = target.read_bytes()
    with pytest.raises(DataFileError) as raised:
        cpt.import_licensed_cpt(target, bad)
    assert raised.value.line == line and reason in raised.value.reason
    assert target.read_bytes() == before
    assert not cpt.remembered_file(target).exists()
    assert not list(tmp_path.glob("*.cpt-import"))
