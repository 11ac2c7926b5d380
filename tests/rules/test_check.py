"""The claim checker on a real codebook (ICD-10-CM, HCPCS, POS) with synthetic NCCI/MUE/PFS files."""

import pytest

from medcoder.rules import ClaimError, check_claim, claim_from_dict

pytestmark = pytest.mark.shared_data


def _claim(*lines: dict, diagnoses=("M17.11",), **header) -> dict:
    return {"date_of_service": "2026-08-01", "diagnoses": list(diagnoses), "lines": list(lines), **header}


def _line(code: str, *modifiers: str, units: int = 1, pointers=(1,)) -> dict:
    return {"code": code, "modifiers": list(modifiers), "units": units, "diagnosis_pointers": list(pointers)}


def _findings(codebook, claim: dict, rule: str | None = None):
    found = check_claim(codebook, claim_from_dict(claim))
    return [f for f in found if rule in (None, f.rule)]


def test_a_clean_claim_has_no_findings(rules_codebook):
    claim = _claim(_line("27447", "RT"), _line("99213", "57"), place_of_service="21")
    assert _findings(rules_codebook, claim) == []


def test_ptp_pair_with_indicator_0_is_an_error_whatever_the_modifier(rules_codebook):
    (finding,) = _findings(rules_codebook, _claim(_line("29881"), _line("29880", "59")), "ncci-ptp")
    assert finding.severity == "error" and finding.codes == ("29881", "29880") and finding.line == 2
    assert finding.source == "ncci-ptp-practitioner" and finding.source_version.startswith("v322r0")
    assert "no modifier bypasses" in finding.fix


@pytest.mark.parametrize(
    ("first", "second", "bypass"),
    [((), ("59",), "59"), (("XS",), (), "XS"), (("RT",), ("LT",), "LT, RT"), (("F1", "59"), ("F1",), "59")],
)
def test_ptp_pair_with_indicator_1_is_bypassed_by_an_ncci_modifier(rules_codebook, first, second, bypass):
    claim = _claim(_line("11042", *first), _line("97597", *second))
    (finding,) = _findings(rules_codebook, claim, "ncci-ptp")
    assert finding.severity == "info" and f"modifier {bypass} " in finding.message


def test_an_e_and_m_modifier_bypasses_only_on_the_e_and_m_line(rules_codebook):
    # 99213 (E&M) / 96372, indicator 1: 25 belongs on the E&M line.
    (on_the_visit,) = _findings(rules_codebook, _claim(_line("99213", "25"), _line("96372")), "ncci-ptp")
    assert on_the_visit.severity == "info" and "modifier 25 " in on_the_visit.message
    (on_the_injection,) = _findings(rules_codebook, _claim(_line("99213"), _line("96372", "25")), "ncci-ptp")
    assert on_the_injection.severity == "error"
    assert (
        "bypasses an edit only on the E&M code's line; 96372 is not an E&M code" in on_the_injection.message
    )


@pytest.mark.parametrize(
    ("modifiers", "why"),
    [
        (((), ()), None),
        ((("RT",), ("RT",)), "RT on both lines names the same site"),
        (((), ("LT",)), "LT is on 97597 only: anatomic modifiers bypass an edit when they show the two"),
        ((("RT",), ()), "RT is on 11042 only"),
        ((("RT",), ("F6",)), "RT is on 11042 only"),  # a side and a finger are not two sites of one kind
        (((), ("76",)), None),  # repeat-procedure modifiers are not PTP-associated
    ],
)
def test_ptp_pair_with_indicator_1_and_no_bypass_says_why_and_which_modifiers_would_do(
    rules_codebook, modifiers, why
):
    (finding,) = _findings(
        rules_codebook, _claim(_line("11042", *modifiers[0]), _line("97597", *modifiers[1])), "ncci-ptp"
    )
    assert finding.severity == "error" and "59/XE/XS/XP/XU" in finding.fix and "RT and LT" in finding.fix
    if why:
        assert why in finding.message and "Policy Manual ch. I, E" in finding.message
    else:
        assert "No bypass under NCCI policy" not in finding.message


def test_ptp_edit_dates_and_settings_are_respected(rules_codebook):
    deleted_edit = _claim(_line("20610"), _line("20604"))  # edit ended 2022-12-31
    assert _findings(rules_codebook, deleted_edit, "ncci-ptp") == []
    before = {**deleted_edit, "date_of_service": "2022-06-01"}
    assert len(_findings(rules_codebook, before, "ncci-ptp")) == 1
    hospital = _claim(_line("29881"), _line("29880", "59"), setting="outpatient-hospital")
    assert _findings(rules_codebook, hospital, "ncci-ptp")[0].severity == "info"  # indicator 1 there


def test_mue_line_edit_counts_each_line(rules_codebook):
    claim = _claim(_line("20610", "RT", units=2), _line("20610", "LT", units=3))
    (finding,) = _findings(rules_codebook, claim, "mue")
    assert finding.line == 2 and "MUE of 2 per line" in finding.message


def test_mue_date_of_service_edit_adds_up_the_day(rules_codebook):
    claim = _claim(_line("96372", units=3), _line("96372", units=2))
    (finding,) = _findings(rules_codebook, claim, "mue")
    assert "5 units" in finding.message and "MAI 3" in finding.message and "appeal" in finding.message
    assert _findings(rules_codebook, _claim(_line("96372", units=4)), "mue") == []


def test_surgical_modifiers_follow_the_fee_schedule_indicators(rules_codebook):
    findings = _findings(
        rules_codebook, _claim(_line("99213", "50"), _line("29881", "80"), _line("27447", "62"))
    )
    by_code = {f.codes: f for f in findings if f.rule == "fee-schedule-modifier"}
    assert by_code[("99213", "50")].severity == "error"  # bilateral indicator 9
    assert by_code[("29881", "80")].severity == "error"  # assistant indicator 1: never paid
    assert by_code[("27447", "62")].severity == "warning"  # co-surgeon indicator 1: with documentation


def test_diagnosis_code_problems(rules_codebook):
    claim = _claim(_line("27447"), diagnoses=("S72.001", "E11", "Q99.9X"))
    rules = {f.rule: f for f in _findings(rules_codebook, claim)}
    assert "S72.001A" in rules["seventh-character"].fix
    assert rules["header-code"].codes == ("E11",) and "E11.9" in rules["header-code"].fix
    assert rules["invalid-code"].codes == ("Q99.9X",)


def test_excludes1_conflict_including_inherited_notes(rules_codebook):
    # E10 (type 1 diabetes) Excludes1 type 2 diabetes mellitus (E11.-): declared on the category.
    (finding,) = _findings(rules_codebook, _claim(_line("99213"), diagnoses=("E10.9", "E11.9")), "excludes1")
    assert finding.codes == ("E10.9", "E11.9") and "declared on E10" in finding.message


def test_excludes1_with_a_subcode_qualifier_only_hits_that_subcode(rules_codebook):
    # G63 Excludes1 "diabetes mellitus (E08-E13 with .42)": E11.42 conflicts, E11.9 does not.
    assert (
        _findings(rules_codebook, _claim(_line("99213"), diagnoses=("E85.4", "G63", "E11.9")), "excludes1")
        == []
    )
    assert _findings(rules_codebook, _claim(_line("99213"), diagnoses=("E11.42", "G63")), "excludes1")


def test_manifestation_first_and_code_first_etiology(rules_codebook):
    first = {f.rule for f in _findings(rules_codebook, _claim(_line("99213"), diagnoses=("G63",)))}
    assert {"manifestation-first", "code-first"} <= first
    wrong_order = _findings(
        rules_codebook, _claim(_line("99213"), diagnoses=("M17.11", "G63", "E85.4")), "code-first"
    )
    assert wrong_order[0].fix == "Sequence E85.4 before G63."
    assert _findings(rules_codebook, _claim(_line("99213"), diagnoses=("E85.4", "G63")), "code-first") == []


def test_a_date_outside_the_loaded_icd10cm_release_is_said_with_the_release_used(rules_codebook):
    covid_2019 = {**_claim(_line("99213"), diagnoses=("U07.1",)), "date_of_service": "2019-05-01"}
    rules = {f.rule: f for f in _findings(rules_codebook, covid_2019)}
    period = rules["icd10cm-release-period"]
    assert period.severity == "warning" and period.line is None
    assert "FY2026 (April 1 update), in force 2026-04-01 to 2026-09-30" in period.message
    assert "2019-05-01 is outside it" in period.message
    added = rules["code-added-since"]
    assert added.codes == ("U07.1",) and "may not yet have been valid on 2019-05-01" in added.message
    assert added.source == "gems-icd10cm-to-icd9cm"
    # before the April update, in the same fiscal year: still not what the release vouches for
    base_release = {**_claim(_line("99213")), "date_of_service": "2025-11-03"}
    assert _findings(rules_codebook, base_release, "icd10cm-release-period")
    in_force = _claim(_line("99213"), diagnoses=("U07.1",))
    assert _findings(rules_codebook, in_force, "icd10cm-release-period") == []
    assert _findings(rules_codebook, in_force, "code-added-since") == []


def test_a_date_before_icd10cm_took_effect_is_an_error_and_stops_the_diagnosis_checks(rules_codebook):
    claim = {**_claim(_line("99213"), diagnoses=("E11", "Q99.9X")), "date_of_service": "2015-09-30"}
    diagnosis_rules = {f.rule for f in _findings(rules_codebook, claim) if f.line is None}
    assert diagnosis_rules == {"icd10cm-not-in-effect"}


def test_a_code_deleted_since_the_date_of_service_is_a_warning_not_an_invalid_code(rules_codebook):
    (deleted,) = rules_codebook.connection.execute(
        "SELECT from_code FROM crosswalks x WHERE from_system = 'icd10cm' AND NOT EXISTS"
        " (SELECT 1 FROM codes c WHERE c.system = 'icd10cm' AND c.code = x.from_code) LIMIT 1"
    ).fetchone()
    then = {**_claim(_line("99213"), diagnoses=(deleted,)), "date_of_service": "2017-03-01"}
    (finding,) = _findings(rules_codebook, then, "code-deleted-since")
    assert finding.severity == "warning" and "may still have been valid on 2017-03-01" in finding.message
    assert _findings(rules_codebook, then, "invalid-code") == []
    now = _claim(_line("99213"), diagnoses=(deleted,))
    assert _findings(rules_codebook, now, "invalid-code")[0].codes == (deleted,)


def test_hcpcs_code_dates_and_modifiers(rules_codebook):
    rules = {f.rule: f for f in _findings(rules_codebook, _claim(_line("J1100", "ZZ"), _line("A0001")))}
    assert rules["invalid-modifier"].codes == ("J1100", "ZZ")
    assert rules["invalid-code"].codes == ("A0001",)
    terminated = rules_codebook.connection.execute(
        "SELECT code, json_extract(attributes, '$.terminated') FROM codes"
        " WHERE system = 'hcpcs' AND json_extract(attributes, '$.terminated') IS NOT NULL LIMIT 1"
    ).fetchone()
    late = {**_claim(_line(terminated[0])), "date_of_service": "2030-01-01"}
    (finding,) = _findings(rules_codebook, late, "deleted-code")
    assert (
        finding.codes == (terminated[0],) and terminated[1] in finding.message and finding.source == "hcpcs"
    )


def test_place_of_service_must_exist_on_the_date(rules_codebook):
    assert _findings(rules_codebook, _claim(_line("99213"), place_of_service="30"), "place-of-service")
    early = {**_claim(_line("99213"), place_of_service="66"), "date_of_service": "2024-01-15"}
    (finding,) = _findings(rules_codebook, early, "place-of-service")
    assert "2024-08-01" in finding.message and finding.source == "pos-cms-additions"


def test_unverifiable_cpt_is_said_not_guessed(rules_codebook):
    (finding,) = _findings(rules_codebook, _claim(_line("99499")), "cpt-unverified")
    assert finding.severity == "info" and "import-cpt" in finding.fix


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ({"diagnoses": [], "lines": [{"code": "99213"}]}, "date_of_service"),
        ({"date_of_service": "2026-08-01", "lines": []}, "lines"),
        ({"date_of_service": "2026-08-01", "lines": [{"code": "99213", "units": 0}]}, "units"),
        (
            {"date_of_service": "2026-08-01", "lines": [{"code": "99213", "diagnosis_pointers": [2]}]},
            "pointers",
        ),
        ({"date_of_service": "2026-08-01", "setting": "asc", "lines": [{"code": "99213"}]}, "setting"),
        ([], "JSON object"),
        ({"date_of_service": "2026-08-01", "lines": [{"code": "99213"}] * 1000}, "at most"),
    ],
)
def test_malformed_claims_are_refused_with_the_field_named(claim, message):
    with pytest.raises(ClaimError, match=message):
        claim_from_dict(claim)
