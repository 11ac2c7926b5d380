"""Answers over the billing rules when their data is loaded: a codebook built through the real build
from the synthetic NCCI, MUE and fee-schedule files of tests/fixtures/synthetic (labelled synthetic)."""

import shutil
from pathlib import Path

import pytest

from medcoder.assistant import ask
from medcoder.codebook import Codebook, build_codebook
from medcoder.codebook.importers import cpt, mue, ncci_ptp, pfs_rvu

SYNTHETIC = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic" / "cms"


@pytest.fixture(scope="module")
def rules_codebook(tmp_path_factory: pytest.TempPathFactory) -> Codebook:
    root = tmp_path_factory.mktemp("pilot-rules")
    for folder in ("ncci", "mue", "pfs"):
        shutil.copytree(SYNTHETIC / folder, root / "data" / "cms" / folder)
    target = root / "codebook.sqlite"
    build_codebook(target, root / "data", steps=[*ncci_ptp.STEPS, *mue.STEPS, pfs_rvu.STEP, cpt.NUMBERS_STEP])
    return Codebook.open(target)


def test_ptp_pair_states_column_order_and_modifier_indicator(rules_codebook):
    answer = ask(rules_codebook, "Is there an NCCI edit between 96372 and 99213?")
    assert answer.topic == "ptp"
    assert "column 1 99213, column 2 96372, modifier indicator 1 (allowed)" in answer.summary
    assert answer.facts[0].citation.version


def test_indicator_zero_says_no_modifier_allows_both(rules_codebook):
    answer = ask(rules_codebook, "Can I bill 29881 with 29880 (NCCI)?")
    assert "modifier indicator 0 (not allowed): no modifier allows both" in answer.summary


def test_pair_without_an_edit_says_so(rules_codebook):
    answer = ask(rules_codebook, "Can I bill 11042 with 20610 (NCCI)?")
    assert "No practitioner NCCI PTP edit in force today pairs 11042 and 20610" in answer.summary


def test_mue_value_and_adjudication_indicator_come_from_the_table(rules_codebook):
    answer = ask(rules_codebook, "What is the MUE for J1100?")
    assert "MUE for J1100 is 100 unit(s) per date of service, MAI 3" in answer.summary
    assert answer.facts[0].citation.version


def test_cpt_number_without_a_license_never_shows_a_descriptor(rules_codebook):
    answer = ask(rules_codebook, "What is CPT 29881?")
    assert "descriptor is AMA copyright" in answer.summary


def test_cpt_visit_code_without_a_license_is_explained_by_our_own_summary(rules_codebook):
    answer = ask(rules_codebook, "What is CPT code 99213?")
    assert answer.summary.startswith("99213: established patient office visit; low MDM")
    assert any("AMA copyright" in fact.text for fact in answer.facts)
