"""`medcoder case2code` through click, on the real codebook."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from medcoder.cli import main

pytestmark = pytest.mark.shared_data


def test_one_note_as_json(codebook_path: Path) -> None:
    result = CliRunner().invoke(main, ["case2code", "-", "--format", "json"], input="CKD 3b. No fever.\n")
    assert result.exit_code == 0, result.output
    coded = json.loads(result.output)
    assert [c["code"] for c in coded["codes"]] == ["N18.32"]
    assert coded["codes"][0]["evidence"][0] == {"start": 0, "end": 6, "text": "CKD 3b"}
    assert coded["set_aside"][0]["code"] == "R50.9"


def test_empty_note_is_a_clear_error(codebook_path: Path) -> None:
    result = CliRunner().invoke(main, ["case2code", "-"], input="\n")
    assert result.exit_code == 1
    assert "note is empty" in result.output


@pytest.mark.slow
def test_batch_writes_one_line_per_note(codebook_path: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text("Acute appendicitis.", encoding="utf-8")
    (notes / "b.txt").write_text("  ", encoding="utf-8")
    out = tmp_path / "coded.jsonl"
    result = CliRunner().invoke(
        main, ["case2code", "--batch", str(notes), "--out", str(out), "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["file"] for line in lines] == ["a.txt", "b.txt"]
    assert lines[0]["codes"][0]["code"] == "K35.80"
    assert "empty" in lines[1]["error"]
