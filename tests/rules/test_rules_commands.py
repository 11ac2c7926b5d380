"""`medcoder check`, `medcoder drg` and `medcoder codebook import-cpt` from the shell."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from medcoder.cli import main
from medcoder.codebook import Codebook, build_codebook
from medcoder.codebook.importers import cpt, ncci_ptp
from tests.rules.conftest import rules_data_dir

pytestmark = pytest.mark.shared_data
SYNTHETIC_CPT = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic" / "cpt"
CLAIM = {
    "date_of_service": "2026-08-01",
    "place_of_service": "11",
    "diagnoses": ["M17.11"],
    "lines": [
        {"code": "29881", "modifiers": [], "units": 1, "diagnosis_pointers": [1]},
        {"code": "29880", "modifiers": ["59"], "units": 1, "diagnosis_pointers": [1]},
    ],
}


@pytest.fixture
def run(rules_codebook_path, monkeypatch):
    monkeypatch.setenv("MEDCODER_CODEBOOK", str(rules_codebook_path))
    return lambda *args, stdin=None: CliRunner().invoke(main, list(args), input=stdin)


def test_check_reads_json_from_stdin_and_exits_1_on_errors(run):
    result = run("check", "-", "--format", "json", stdin=json.dumps(CLAIM))
    assert result.exit_code == 1
    (finding,) = json.loads(result.output)["findings"]
    assert finding["rule"] == "ncci-ptp" and finding["source"] == "ncci-ptp-practitioner" and finding["fix"]


def test_check_from_flags_with_a_clean_claim(run):
    result = run("check", "--dos", "2026-08-01", "--pos", "21", "--dx", "M17.11", "--line", "27447:RT:1:1")
    assert result.exit_code == 0 and "No findings" in result.output


def test_check_text_output_names_rule_fix_and_source(run):
    result = run("check", "--dos", "2026-08-01", "--dx", "M17.11", "--line", "20610::3:1")
    assert result.exit_code == 1
    assert "mue" in result.output and "fix:" in result.output and "ncci-mue-practitioner" in result.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("check", "-"), "{not json", "not valid JSON"),
        (("check", "-"), json.dumps({**CLAIM, "date_of_service": "08/01/2026"}), "ISO date"),
        (("check", "--dos", "2026-08-01", "--line", "20610::two"), None, "whole numbers"),
        (("check", "--line", "99213"), None, "date_of_service must be an ISO date"),
    ],
)
def test_check_refuses_bad_input_with_a_message(run, args, stdin, message):
    result = run(*args, stdin=stdin)
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output


def test_drg_prints_the_drg_and_why(run):
    result = run("drg", "I50.9", "-s", "J96.01")
    assert result.exit_code == 0 and "MS-DRG 291" in result.output and "MCC present: J96.01" in result.output
    payload = json.loads(run("drg", "I50.9", "--format", "json").output)
    assert payload["drg"] == "293" and payload["severity"] == "None"
    refused = run("drg", "E11")
    assert refused.exit_code == 1 and "header" in refused.output


def test_drg_refuses_a_stay_whose_drg_depends_on_a_sex_not_given(run):
    refused = run("drg", "N40.0")  # benign prostatic hyperplasia: MDC 12 only for a male patient
    assert refused.exit_code == 1 and "depends on the patient's sex" in refused.output
    male = run("drg", "N40.0", "--sex", "M")
    assert male.exit_code == 0 and "MS-DRG 726" in male.output and "drgpy" in male.output


def test_import_cpt_replaces_the_codebook_and_a_bad_file_changes_nothing(tmp_path, monkeypatch, shared_data):
    target = tmp_path / "codebook.sqlite"
    monkeypatch.setenv("MEDCODER_CODEBOOK", str(target))
    build_codebook(target, rules_data_dir(tmp_path, shared_data), steps=[*ncci_ptp.STEPS, cpt.NUMBERS_STEP])
    bad = tmp_path / "bad.txt"
    bad.write_text("99213\tSYNTHETIC\n123\tnot a code\n")
    refused = CliRunner().invoke(main, ["codebook", "import-cpt", str(bad)])
    assert refused.exit_code == 1 and "codebook unchanged" in refused.output and "bad.txt:2" in refused.output
    result = CliRunner().invoke(
        main, ["codebook", "import-cpt", str(SYNTHETIC_CPT / "cpt-long-descriptors.synthetic.txt")]
    )
    assert result.exit_code == 0 and "Imported 6 CPT descriptors" in result.output
    assert Codebook.open(target).get("27447", "cpt").title.startswith("SYNTHETIC descriptor 27447")
