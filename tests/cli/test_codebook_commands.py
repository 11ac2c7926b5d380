"""The CLI as a person uses it: lookup, search, unknown codes."""

import json

from click.testing import CliRunner

from medcoder.cli import main


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


def test_lookup_json(codebook_path):
    result = run("lookup", "s72001a", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["code"]["code"] == "S72.001A"
    assert report["ancestors"][0]["code"] == "S00-T88"


def test_unknown_code_exits_1_with_suggestions(codebook_path):
    result = run("lookup", "E11.99")
    assert result.exit_code == 1
    assert "Did you mean" in result.output and "E11.9" in result.output


def test_search_batch_writes_one_json_line_per_query(codebook_path):
    result = run("search", "--batch", "-", "--limit", "3", stdin="E11.6\n\nI21\n")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["query"] for line in lines] == ["E11.6", "I21"]
    assert all(set(r) == {"code", "system", "title"} for line in lines for r in line["results"])


def test_lookup_prints_bracketed_official_text_verbatim(codebook_path):
    # ICD-9-CM titles contain square brackets; they must not be swallowed as terminal markup
    result = run("lookup", "008.64", "--system", "icd9cm")
    assert result.exit_code == 0, result.output
    assert "[SRV's]" in result.output


def test_lookup_says_an_icd9_code_is_retired_not_a_header(codebook_path):
    result = run("lookup", "250.00")
    assert result.exit_code == 0, result.output
    assert "retired (replaced by ICD-10-CM): not reportable for dates of service on or after 2015-10-01" in (
        " ".join(result.output.split())
    )
    assert "header" not in result.output


def test_codebook_info_counts_retired_codes(codebook_path):
    result = run("codebook", "info")
    assert result.exit_code == 0, result.output
    assert "ICD-9-CM (diagnoses): 14567 retired codes (replaced by ICD-10-CM)" in result.output
    assert "ICD-10-CM: 74719 billable codes, 23786 headers" in result.output
