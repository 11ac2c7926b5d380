"""Code pages show the billing rules: PTP edits (paged, filtered), MUEs, fee-schedule indicators, LCDs,
and CC/MCC status, each with its source, over the rules codebook (synthetic NCCI/MUE/PFS files)."""

import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_cpt_page_without_license_shows_ptp_edits_in_both_columns_and_the_mue(client, web_rules_codebook):
    page = text_of(client.get("/codes/cpt/20610/"))
    assert "needs an AMA license" in page
    column_one, column_two = page.split('id="ptp-column-1"')[1].split('id="ptp-column-2"')
    # 20610/20604 was deleted 2022-12-31: only active edits are listed by default
    assert "20604" not in column_one and "No active edits" in column_one
    assert '<td class="code">27447</td>' in column_two and "1 (allowed)" in column_two
    assert "Misuse of Column Two code with Column One code" in column_two
    assert "v322r0" in column_two
    mue = page.split('id="mue"')[1].split("</section>")[0]
    assert "<td>2</td>" in mue and "1: " in mue


def test_deleted_edits_are_shown_marked_with_their_last_day_when_asked_for(client, web_rules_codebook):
    assert client.get("/codes/cpt/20610/").status_code == 200
    active = text_of(client.get("/codes/cpt/20610/ptp/", {"column": 1}))
    assert (
        "No active edits." in active and 'Deleted edits are listed with "Active and deleted edits"' in active
    )
    every = text_of(client.get("/codes/cpt/20610/ptp/", {"column": 1, "status": "all"}))
    assert '<tr class="deleted"> <td class="code">20604</td>' in every
    assert "deleted: last day 2022-12-31" in every and "1 edit, active and deleted" in every
    assert '<option value="all" selected>' in every


def test_a_page_past_the_end_says_so_and_links_back(client, web_rules_codebook):
    assert client.get("/codes/cpt/20610/").status_code == 200
    past = text_of(client.get("/codes/cpt/20610/ptp/", {"column": 2, "page": 7}))
    assert "Page 7 is past the end: there is 1 active edit on 1 page." in past and "Go to page 1" in past
    assert "No active edits" not in past


def test_the_hospital_outpatient_setting_reads_its_own_file(client, web_rules_codebook):
    assert client.get("/codes/cpt/29881/").status_code == 200
    hospital = text_of(client.get("/codes/cpt/29881/ptp/", {"column": 1, "setting": "outpatient-hospital"}))
    assert '<td class="code">29880</td>' in hospital and "1 (allowed)" in hospital and "v321r0" in hospital


def test_fee_schedule_indicators_show_their_meanings(client, web_rules_codebook):
    page = text_of(client.get("/codes/cpt/27447/"))
    fees = page.split('id="fee-schedule"')[1].split("</section>")[0]
    assert (
        "<dt>Global days</dt><dd><strong>090</strong>: 90-day global: 1 day before and 90 days after" in fees
    )
    assert "<dt>Bilateral surgery</dt><dd><strong>1</strong>: 150% payment adjustment applies" in fees
    assert "<dt>Co-surgeons</dt><dd><strong>1</strong>: permitted with supporting documentation" in fees
    assert "<dt>PC/TC</dt><dd><strong>0</strong>: physician service" in fees


def test_ptp_fragment_filters_pages_and_refuses_bad_parameters(client, web_rules_codebook):
    assert client.get("/codes/cpt/20610/").status_code == 200
    filtered = text_of(client.get("/codes/cpt/20610/ptp/", {"column": 2, "q": "274"}))
    assert "27447" in filtered and "1 active edit," in filtered
    assert "No active edits with codes starting 99" in text_of(
        client.get("/codes/cpt/20610/ptp/", {"column": 2, "q": "99"})
    )
    for bad in ({"column": 3}, {"page": "x"}, {"setting": "dentist"}, {"page": 0}, {"status": "gone"}):
        assert client.get("/codes/cpt/20610/ptp/", bad).status_code == 400
    assert client.get("/codes/icd10cm/E11.9/ptp/").status_code == 404


def test_hcpcs_page_shows_its_mue_with_the_adjudication_indicator(client, web_rules_codebook):
    page = text_of(client.get("/codes/hcpcs/J1100/"))
    mue = page.split('id="mue"')[1].split("</section>")[0]
    assert "<td>100</td>" in mue and "3: " in mue
    assert "Physician fee schedule indicators" in page


def test_without_ncci_files_the_page_says_they_are_not_loaded(client):
    page = text_of(client.get("/codes/hcpcs/J1100/"))
    assert "NCCI PTP edits (practitioner) are not loaded in this codebook" in page
    assert "NCCI MUE tables are not loaded" in page
    assert "Medicare Coverage Database document list" in page


@pytest.mark.parametrize(
    ("code", "status"),
    [("A41.9", "major complication or comorbidity (MCC)"), ("E11.9", "neither a CC nor an MCC")],
)
def test_icd10cm_page_shows_cc_mcc_status_with_its_source(client, code, status):
    page = text_of(client.get(f"/codes/icd10cm/{code}/"))
    assert status in page
    assert "Tables 6I, 6J, 6K" in page
