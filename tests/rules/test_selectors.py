"""What the code pages call: PTP edits (paged, searchable), MUEs, fee-schedule rows, CC/MCC status."""

from datetime import date

import pytest

from medcoder.codebook import UnknownCode
from medcoder.rules.coverage import coverage_documents_matching
from medcoder.rules.drg import drg_relevance
from medcoder.rules.fee_schedule import fee_schedule_for
from medcoder.rules.mue import mue_for
from medcoder.rules.ptp import ptp_edit_between, ptp_edits_for

pytestmark = pytest.mark.shared_data


def test_ptp_edits_as_column_one_and_as_column_two(rules_codebook):
    edits, total = ptp_edits_for(rules_codebook, "11042", column=1)
    assert total == 1 and edits[0].column_two == "97597" and edits[0].modifier_indicator == "1"
    edits, total = ptp_edits_for(rules_codebook, "20610", column=2)
    assert [edit.column_one for edit in edits] == ["27447"]
    assert ptp_edits_for(rules_codebook, "20610", column=1) == ([], 0)  # its only edit is deleted
    edits, total = ptp_edits_for(rules_codebook, "20610", column=1, active_only=False)
    assert total == 1 and edits[0].deleted == "2022-12-31"


def test_ptp_edits_filter_by_the_other_code_and_page(rules_codebook):
    assert ptp_edits_for(rules_codebook, "29881", query="2988")[1] == 1
    assert ptp_edits_for(rules_codebook, "29881", query="9")[1] == 0
    assert ptp_edits_for(rules_codebook, "29881", page=2) == ([], 1)
    hospital, _ = ptp_edits_for(rules_codebook, "29881", setting="outpatient-hospital")
    assert hospital[0].modifier_indicator == "1"


def test_ptp_edit_between_honours_the_dates(rules_codebook):
    assert ptp_edit_between(rules_codebook, "20610", "20604", date(2022, 12, 31)) is not None
    assert ptp_edit_between(rules_codebook, "20610", "20604", date(2023, 1, 1)) is None
    assert ptp_edit_between(rules_codebook, "20604", "20610", date(2022, 6, 1)) is None  # order matters


def test_mue_and_fee_schedule_rows(rules_codebook):
    by_setting = {m.setting: m for m in mue_for(rules_codebook, "96372")}
    assert by_setting["practitioner"].mue_value == 4 and by_setting["outpatient-hospital"].mue_value == 6
    assert "date-of-service" in by_setting["practitioner"].adjudication
    assert [m.setting for m in mue_for(rules_codebook, "96372", "outpatient-hospital")] == [
        "outpatient-hospital"
    ]
    rows = fee_schedule_for(rules_codebook, "88305")
    assert [row.modifier for row in rows] == ["", "26", "TC"] and rows[0].pctc == "1"
    assert fee_schedule_for(rules_codebook, "0001F")[0].status_meaning == "not valid for Medicare"


def test_drg_relevance_of_diagnoses(rules_codebook):
    mcc = drg_relevance(rules_codebook, "a021")
    assert (mcc.code, mcc.level, mcc.discharged_alive_only) == ("A02.1", "MCC", False)
    assert mcc.excluding_principal_count > 0 and mcc.source_version.startswith("FY 2026")
    assert drg_relevance(rules_codebook, "I46.9").discharged_alive_only
    assert drg_relevance(rules_codebook, "E11.9").level is None
    with pytest.raises(UnknownCode):
        drg_relevance(rules_codebook, "E11.99")


def test_coverage_search_reads_coders_abbreviations_as_title_words(rules_codebook):
    documents, total = coverage_documents_matching(rules_codebook, "CPAP")
    assert "L33718" in [d.display_id for d in documents] and total >= 1
    assert all("Positive Airway Pressure" in d.title for d in documents)
    pap_smear, _ = coverage_documents_matching(rules_codebook, "Pap smear")
    assert not any("Airway" in d.title for d in pap_smear)
