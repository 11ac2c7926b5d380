"""Building is atomic: a corrupt file fails with file, line and reason, and the old codebook stays."""

import shutil

import pytest

from medcoder.codebook import Codebook, DataFileError, build_codebook
from medcoder.codebook.importers import icd10cm_tabular


def test_corrupt_tabular_fails_and_keeps_the_previous_codebook(tmp_path, codebook_path):
    target = tmp_path / "codebook.sqlite"
    shutil.copy(codebook_path, target)
    before = target.read_bytes()
    data = tmp_path / "data" / "icd10cm"
    data.mkdir(parents=True)
    (data / "icd10cm_tabular_2027.xml").write_text("<ICD10CM.tabular><chapter><name>1</name>\n<desc>broken")
    with pytest.raises(DataFileError) as raised:
        build_codebook(target, tmp_path / "data", steps=[icd10cm_tabular.STEP])
    assert raised.value.line == 2 and "icd10cm_tabular_2027.xml" in str(raised.value)
    assert target.read_bytes() == before
    assert not list(tmp_path.glob("*.building"))
    assert Codebook.open(target).get("E11.9")
