"""Code pages, search, type-ahead and browsing, rendered by the real site over the real codebook."""

import re

import pytest

from medcoder.codebook import Codebook, hcpcs_values

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_code_page_shows_official_description_with_source_and_copyright(client, codebook: Codebook):
    code = codebook.get("E11.9")
    source = codebook.source(code.source)
    page = text_of(client.get("/codes/icd10cm/E11.9/"))
    assert "Official Description" in page
    assert code.title in page
    assert source.version in page
    assert source.copyright in page


def test_code_page_links_codes_named_in_notes_and_says_where_inherited_notes_come_from(client):
    page = text_of(client.get("/codes/icd10cm/E11.9/"))
    # E11.9's own Excludes1 names E11.A; E11's "use additional code" note names Z79.85.
    assert '<a href="/codes/icd10cm/E11.A/">E11.A</a>' in page
    assert 'inherited from <a href="/codes/icd10cm/E11/">E11</a>' in page
    assert '<a href="/codes/icd10cm/Z79.85/">Z79.85</a>' in page


def test_code_page_shows_breadcrumb_and_children(client):
    page = text_of(client.get("/codes/icd10cm/E11.6/"))
    for ancestor in ("E08-E13", "E11"):
        assert f'href="/codes/icd10cm/{ancestor}/"' in page
    assert 'href="/codes/icd10cm/E11.65/"' in page


def test_fracture_code_page_shows_the_seventh_character_table(client, codebook: Codebook):
    page = text_of(client.get("/codes/icd10cm/S72.001A/"))
    declared = codebook.seventh_characters(codebook.get("S72.001A"))
    assert "7th characters" in page
    assert all(row.meaning in page for row in declared)


def test_hcpcs_page_explains_coverage_and_pricing(client, codebook: Codebook):
    code = codebook.get("J1100", "hcpcs")
    page = text_of(client.get("/codes/hcpcs/J1100/"))
    assert all(f"<dt>{fact.label}</dt><dd>{fact.value}</dd>" in page for fact in hcpcs_values.facts(code))
    assert "<dd>D (Special coverage instructions apply)</dd>" in page  # J1100's coverage code, explained
    assert "Dates, coverage and pricing" in page


def test_ask_casepilot_box_links_to_the_assistant_with_the_code(client):
    page = text_of(client.get("/codes/icd10cm/E11.9/"))
    assert 'action="/pilot/"' in page
    assert "How do I use E11.9" in page


def test_code_typed_loosely_redirects_to_its_official_form(client):
    response = client.get("/codes/icd10cm/e119/")
    assert response.status_code == 302
    assert response.url == "/codes/icd10cm/E11.9/"


def test_unknown_code_gets_a_404_with_suggestions(client, codebook: Codebook):
    response = client.get("/codes/icd10cm/E11.99/")
    assert response.status_code == 404
    suggestions = codebook.suggest("E11.99", "icd10cm")
    assert suggestions
    assert f'href="/codes/icd10cm/{suggestions[0]}/"' in text_of(response)


def test_unknown_system_is_a_404_not_a_crash(client):
    assert client.get("/codes/icd11/E11.9/").status_code == 404


def test_cpt_number_without_license_says_so_and_shows_no_descriptor(client):
    page = text_of(client.get("/codes/cpt/99213/"))
    assert "needs an AMA license" in page
    assert "Evaluation and Management" in page
    category_three = text_of(client.get("/codes/cpt/0042T/"))
    assert "Category III" in category_three


def test_search_page_lists_the_codebooks_hits_with_paging(client, codebook: Codebook):
    hits = codebook.search("E11", limit=500)
    assert len(hits) > 25
    first_page = text_of(client.get("/search/", {"q": "E11"}))
    second_page = text_of(client.get("/search/", {"q": "E11", "page": 2}))
    assert f'href="/codes/{hits[0].system}/{hits[0].code}/"' in first_page
    assert f'href="/codes/{hits[25].system}/{hits[25].code}/"' in second_page
    assert "Page 2 of" in second_page


def test_search_filters_by_system_and_refuses_an_unknown_one(client):
    page = text_of(client.get("/search/", {"q": "J1100", "system": "hcpcs"}))
    assert 'href="/codes/hcpcs/J1100/"' in page
    assert client.get("/search/", {"q": "x", "system": "nonsense"}).status_code == 400


def test_typeahead_returns_a_keyboard_navigable_list_of_links(client, codebook: Codebook):
    hits = codebook.search("E11.6", limit=8)
    fragment = text_of(client.get("/search/suggest/", {"q": "E11.6"}))
    assert 'role="listbox"' in fragment
    assert fragment.count('role="option"') == len(hits)
    assert f'href="/codes/{hits[0].system}/{hits[0].code}/"' in fragment


def test_browse_lists_icd10cm_chapters_and_hcpcs_letter_ranges(client, codebook: Codebook):
    chapters = text_of(client.get("/browse/icd10cm/"))
    assert 'href="/codes/icd10cm/A00-B99/"' in chapters
    hcpcs = text_of(client.get("/browse/hcpcs/"))
    section = codebook.get("J1100", "hcpcs").parent
    assert f'href="/codes/hcpcs/{section}/"' in hcpcs
    assert 'href="/codes/hcpcs/J1100/"' in text_of(client.get(f"/codes/hcpcs/{section}/"))


def test_chapter_pages_are_free_to_browse(client):
    for chapter in ("A00-B99", "C00-D49", "D50-D89"):
        page = text_of(client.get(f"/codes/icd10cm/{chapter}/"))
        assert "Official Description" in page
    assert "Official Description" in text_of(client.get("/codes/icd10cm/E11.9/"))


def test_pcs_page_explains_the_seven_characters(client, codebook: Codebook):
    code = codebook.get("0016070", "icd10pcs")
    page = text_of(client.get("/codes/icd10pcs/0016070/"))
    assert "The seven characters" in page
    for axis in code.attributes["axes"]:
        assert f"<td>{axis['axis']}</td><td>{axis['label']}" in page


def test_pcs_page_gives_the_official_definitions_of_operation_approach_and_body_part(
    client, codebook: Codebook
):
    page = text_of(client.get("/codes/icd10pcs/0DTJ4ZZ/"))
    definitions = {d.axis_title: d for d in codebook.pcs_definitions(codebook.get("0DTJ4ZZ"))}
    assert definitions["Operation"].definition in page  # Resection: "Cutting out or off ..."
    assert definitions["Approach"].definition in page
    assert all(term in page for term in definitions["Body Part"].includes)  # "Vermiform appendix"
    source = codebook.source("icd10pcs-definitions")
    assert f"Definitions: {source.title}, {source.version}" in page


def test_a_deleted_hcpcs_code_gets_a_404_saying_when_it_ended_with_current_codes_like_it(client, codebook):
    deleted = codebook.get("A4397", "hcpcs")
    response = client.get("/codes/hcpcs/A4397/")
    assert response.status_code == 404
    page = text_of(response)
    assert f"terminated on {deleted.attributes['terminated']}" in page and deleted.title in page
    suggested = re.findall(r'href="/codes/hcpcs/([A-Z0-9]+)/"', page)
    assert suggested and "A4397" not in suggested
    assert all(codebook.get(code, "hcpcs").billable for code in suggested)


def test_a_section_page_lists_its_codes_without_code_facts_or_billing_panels(client):
    page = text_of(client.get("/codes/hcpcs/E0000-E9999/"))
    assert "Durable medical equipment" in page and "Codes under E0000-E9999" in page
    assert 'id="facts"' not in page and 'id="ptp-edits"' not in page and 'id="mue"' not in page


def test_typeahead_honours_billable_only(client, codebook: Codebook):
    def suggested(**filters) -> list[tuple[str, str]]:
        fragment = text_of(client.get("/search/suggest/", {"q": "E11", **filters}))
        return re.findall(r'href="/codes/([a-z0-9-]+)/([A-Z0-9.]+)/"', fragment)

    assert ("icd10cm", "E11") in suggested()
    billable = suggested(billable="1")
    assert billable and all(codebook.get(code, system).billable for system, code in billable)


def test_an_icd9_code_page_says_it_is_retired_and_maps_to_icd10(client, codebook: Codebook):
    response = client.get("/codes/icd9cm/250.00/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Retired" in page and "not reportable for dates of service on or after 2015-10-01" in page
    assert 'href="/codes/icd10cm/E11.9/"' in page  # the GEM crosswalk
    assert "retired codes (replaced by ICD-10-CM)" in text_of(client.get("/browse/"))


def test_notes_show_the_lead_in_of_a_list_once_above_its_items(client, codebook: Codebook):
    notes = [note for note in codebook.notes(codebook.get("I21")) if note.lead_in]
    assert notes
    page = client.get("/codes/icd10cm/I21/").content.decode()
    assert page.count(f'<p class="lead-in">{notes[0].lead_in}</p>') == 1


def test_hcpcs_facts_carry_coder_labels_and_manual_sections(client):
    page = text_of(client.get("/codes/hcpcs/E0601/"))
    assert "<dt>Coverage manual</dt><dd>Coverage Issues Manual section 60-17</dd>" in page
    assert "<dt>BETOS category</dt><dd>D1E (Other DME)</dd>" in page
    assert "<dt>Cim</dt>" not in page


def test_pcs_page_lists_the_index_entries_that_lead_to_its_prefix_with_their_source(client, codebook):
    page = text_of(client.get("/codes/icd10pcs/0DTJ4ZZ/"))
    assert 'Appendectomy: see Resection, Appendix <span class="code">0DTJ</span>' in page
    source = codebook.source("icd10pcs-index")
    assert f"Source: {source.title}, {source.version}." in page
