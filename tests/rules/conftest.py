"""A codebook for the rule tests: real ICD-10-CM, HCPCS, GEM, POS, LCD and MS-DRG data, plus the synthetic
NCCI, MUE and fee-schedule files (tests/fixtures/synthetic), built through the real build."""

import shutil
from pathlib import Path

import pytest

from medcoder.codebook import Codebook, build_codebook
from medcoder.codebook.build import billing_rule_steps
from medcoder.codebook.importers import gems, hcpcs, icd10cm_tabular
from medcoder.web.codebook import shared_codebook

SYNTHETIC = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic"


def rules_data_dir(root: Path, shared_data: Path) -> Path:
    """A data folder holding the shared official files and the synthetic CMS rule files."""
    data = root / "data"
    (data / "cms").mkdir(parents=True)
    for folder in ("hcpcs", "pos", "lcd"):
        (data / "cms" / folder).mkdir()
        for official in (shared_data / "cms" / folder).iterdir():
            (data / "cms" / folder / official.name).symlink_to(official)
    for folder in ("ncci", "mue", "pfs"):
        shutil.copytree(SYNTHETIC / "cms" / folder, data / "cms" / folder)
    return data


@pytest.fixture(scope="session")
def rules_codebook_path(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    root = tmp_path_factory.mktemp("rules")
    target = root / "codebook.sqlite"
    steps = [icd10cm_tabular.STEP, hcpcs.STEP, gems.STEP, *billing_rule_steps()]
    build_codebook(target, rules_data_dir(root, shared_data), steps=steps)
    return target


@pytest.fixture(scope="session")
def rules_codebook(rules_codebook_path: Path) -> Codebook:
    return Codebook.open(rules_codebook_path)


@pytest.fixture
def web_rules_codebook(rules_codebook_path, monkeypatch):
    """Serve the rules codebook for one test, then give the site back its own."""
    monkeypatch.setenv("MEDCODER_CODEBOOK", str(rules_codebook_path))
    shared_codebook.cache_clear()
    yield
    shared_codebook.cache_clear()
