"""MS-DRG grouping with the reason: the DRG from drgpy over the CMS definitions tables, the CC/MCC
reason from the CMS Table 6 lists."""

import pytest

from medcoder.rules.drg import DrgInputError, Ungroupable, group_drg

pytestmark = pytest.mark.shared_data


def test_an_mcc_secondary_moves_heart_failure_to_the_with_mcc_drg(rules_codebook):
    plain = group_drg(rules_codebook, "I50.9", [], [])
    with_mcc = group_drg(rules_codebook, "I50.9", ["J96.01", "I10"], [])
    assert (plain.drg, plain.severity) == ("293", "None")
    assert (with_mcc.drg, with_mcc.severity, with_mcc.mdc) == ("291", "MCC", "05")
    assert "MCC present: J96.01" in with_mcc.reason and with_mcc.weight > plain.weight
    assert "not the CMS MS-DRG Grouper software" in with_mcc.grouper and "v43.1" in with_mcc.grouper


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


@pytest.mark.parametrize(
    ("principal", "procedure", "drg", "title"),
    [
        # knee replacement for primary osteoarthritis of the right knee (the drg package said 428)
        ("M17.11", "0SRD0J9", "470", "MAJOR HIP AND KNEE JOINT REPLACEMENT"),
        # open reduction, internal fixation of a right femoral neck fracture (the drg package said 902)
        ("S72.001A", "0QS604Z", "482", "HIP AND FEMUR PROCEDURES EXCEPT MAJOR JOINT"),
    ],
)
def test_surgical_stays_group_by_the_procedure_within_the_principal_diagnosis_mdc(
    codebook, principal, procedure, drg, title
):
    result = group_drg(codebook, principal, [], [procedure])
    assert (result.drg, result.mdc, result.drg_type) == (drg, "08", "SURG")
    assert result.title.startswith(title) and result.weight > 1
    assert result.reason.startswith("surgical")


def test_an_mcc_moves_the_knee_replacement_to_the_with_mcc_drg(codebook):
    result = group_drg(codebook, "M17.11", ["J96.01"], ["0SRD0J9"])
    assert (result.drg, result.severity) == ("469", "MCC")


def test_a_drg_that_depends_on_the_sex_needs_it(codebook):
    # prostatectomy for benign prostatic hyperplasia: an MDC 12 (male) DRG only for a male patient
    with pytest.raises(DrgInputError, match="depends on the patient's sex"):
        group_drg(codebook, "N40.0", [], ["0VT04ZZ"])
    assert group_drg(codebook, "N40.0", [], ["0VT04ZZ"], sex="M").mdc == "12"


def test_a_stay_the_grouper_cannot_group_is_refused(codebook):
    with pytest.raises(Ungroupable, match="998"):
        group_drg(codebook, "O80", [], [])
