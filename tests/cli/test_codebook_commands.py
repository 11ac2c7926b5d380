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


def test_lookup_shows_a_hcpcs_codes_dates_coverage_and_pricing(codebook_path):
    output = " ".join(run("lookup", "E0601").output.split())
    assert "Added: 1988-01-01" in output
    assert "Medicare coverage: D (Special coverage instructions apply)" in output
    assert "Coverage manual: Coverage Issues Manual section 60-17" in output
    assert "BETOS category: D1E (Other DME)" in output
    assert "Pricing: 36 (DMEPOS fee schedule: capped rental items)" in output


def test_lookup_json_carries_the_labelled_hcpcs_facts(codebook_path):
    report = json.loads(run("lookup", "J1100", "--format", "json").output)
    assert {"label": "Coverage manual", "value": "Medicare Carriers Manual section 2049"} in report["facts"]


def test_lookup_says_a_terminated_hcpcs_code_is_retired(codebook_path):
    output = " ".join(run("lookup", "A4397").output.split())
    assert (
        "retired (terminated 2021-12-31): not reportable for dates of service on or after 2022-01-01"
        in output
    )


def test_lookup_shows_the_definition_or_includes_of_each_pcs_character(codebook_path):
    output = " ".join(run("lookup", "0DTJ4ZZ").output.split())
    assert "3 Operation: T Resection Cutting out or off, without replacement, all of a body part" in output
    assert "4 Body Part: J Appendix Includes: Appendiceal orifice; Vermiform appendix" in output
    assert "Appendix:" not in output  # no empty definition: body parts have none, only what they include


def test_lookup_prints_a_notes_lead_in_once_above_its_items(codebook_path):
    lines = [line.strip() for line in run("lookup", "I21.9").output.splitlines()]
    lead_in = "Use additional code: code, if applicable, to identify: (from I21)"
    assert lines.count(lead_in) == 1
    assert lines[lines.index(lead_in) + 1] == "exposure to environmental tobacco smoke (Z77.22)"
