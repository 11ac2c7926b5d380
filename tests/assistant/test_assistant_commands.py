"""`medcoder ask` as a user runs it: one question, JSON output, follow-ups, stdin batches, bad input."""

import json

import pytest
from click.testing import CliRunner

from medcoder.cli import main

pytestmark = pytest.mark.shared_data


def test_one_question_in_json_with_citations_and_conversation(codebook_path):
    result = CliRunner().invoke(main, ["ask", "Can I report E11.9 with E10.9?", "--format", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["answer"].startswith("No: an Excludes1 note")
    assert "E10.9" in answer["codes"]
    assert all({"source", "version", "url"} <= set(c) for c in answer["citations"])
    follow_up = CliRunner().invoke(
        main,
        [
            "ask",
            "and what about E13.9?",
            "--format",
            "json",
            "--conversation",
            json.dumps(answer["conversation"]),
        ],
    )
    assert "E13.9" in json.loads(follow_up.output)["codes"]


def test_text_output_puts_the_answer_first_then_sources(codebook_path):
    result = CliRunner().invoke(main, ["ask", "What is E11.9?"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("E11.9 is the ICD-10-CM code")
    assert any("FY20" in line for line in lines)


def test_stdin_gives_one_json_line_per_question(codebook_path):
    result = CliRunner().invoke(main, ["ask"], input="What is E11.9?\n\nWhat is modifier 25?\n")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [set(row) for row in rows] == [{"question", "answer", "codes", "citations"}] * 2
    assert rows[1]["question"] == "What is modifier 25?"


def test_bad_input_is_a_clear_error(codebook_path):
    assert CliRunner().invoke(main, ["ask", "   "]).exit_code == 1
    bad = CliRunner().invoke(main, ["ask", "What is E11.9?", "--conversation", "{not json"])
    assert bad.exit_code == 2 and "not JSON" in bad.output
