"""MS-DRG grouping with the reason, from the CMS CC/MCC tables and the drg package's grouper."""

import pytest

from medcoder.rules.drg import DrgInputError, group_drg

pytestmark = pytest.mark.shared_data


def test_an_mcc_secondary_moves_heart_failure_to_the_with_mcc_drg(rules_codebook):
    plain = group_drg(rules_codebook, "I50.9", [], [])
    with_mcc = group_drg(rules_codebook, "I50.9", ["J96.01", "I10"], [])
    assert (plain.drg, plain.severity) == ("293", "None")
    assert (with_mcc.drg, with_mcc.severity, with_mcc.mdc) == ("291", "MCC", "05")
    assert "MCC present: J96.01" in with_mcc.reason and with_mcc.weight > plain.weight
    assert "not the CMS MS-DRG Grouper" in with_mcc.grouper


def test_a_cc_excluded_by_the_principal_does_not_count(rules_codebook):
    result = group_drg(rules_codebook, "A00.0", ["A00.1"], [])
    assert result.severity == "None"
    assert result.secondary[0].reason == "CC excluded with principal A00.0"


def test_an_mcc_that_counts_only_if_discharged_alive(rules_codebook):
    alive = group_drg(rules_codebook, "I21.4", ["I46.9"], [])
    died = group_drg(rules_codebook, "I21.4", ["I46.9"], [], discharged_alive=False)
    assert alive.severity == "MCC" and died.severity == "None"
    assert died.secondary[0].reason == "MCC only if discharged alive"


@pytest.mark.parametrize(("principal", "message"), [("E11", "header"), ("X99.99", "not an ICD-10-CM code")])
def test_invalid_diagnoses_are_refused(rules_codebook, principal, message):
    with pytest.raises(DrgInputError, match=message):
        group_drg(rules_codebook, principal, [], [])


def test_a_code_that_is_not_a_pcs_procedure_is_refused(rules_codebook):
    with pytest.raises(DrgInputError, match="ICD-10-PCS"):
        group_drg(rules_codebook, "I21.4", [], ["99213"])


def test_a_pcs_procedure_makes_the_stay_surgical(codebook):
    result = group_drg(codebook, "I21.4", [], ["02703ZZ"])  # coronary dilation, percutaneous, no device
    assert (result.drg, result.drg_type) == ("251", "SURG")
    assert result.reason.startswith("surgical (O.R. procedure present)")
