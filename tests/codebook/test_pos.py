"""Place of Service: the shared 2022 list plus the two codes CMS added since, each with its source."""

import pytest

from medcoder.codebook import Codebook, DataFileError, build_codebook
from medcoder.codebook.importers import pos
from medcoder.rules.places import place_of_service, places_of_service


@pytest.mark.shared_data
def test_the_2022_list_and_the_later_codes_are_imported(tmp_path, shared_data):
    build_codebook(tmp_path / "codebook.sqlite", shared_data, steps=[pos.STEP])
    book = Codebook.open(tmp_path / "codebook.sqlite")
    assert len(places_of_service(book)) == 52
    assert place_of_service(book, "11").name == "Office"
    outreach = place_of_service(book, "27")
    assert (outreach.effective, outreach.source) == ("2023-10-01", "pos-cms-additions")
    assert place_of_service(book, "66").effective == "2024-08-01"
    assert book.source("pos-cms-additions").location.startswith("https://www.cms.gov/")
    assert place_of_service(book, "28") is None


def test_a_bad_row_is_refused(tmp_path):
    folder = tmp_path / "cms" / "pos"
    folder.mkdir(parents=True)
    (folder / "place_of_service.tuva2022.csv").write_text(
        "place_of_service_code,description\n01,Pharmacy\n3,School\n"
    )
    with pytest.raises(DataFileError) as raised:
        build_codebook(tmp_path / "codebook.sqlite", tmp_path, steps=[pos.STEP])
    assert raised.value.line == 3
