"""Alphabetic Index and Neoplasm Table terms: a hand-written index in the codebook's own table layout,
then the real codebook through the whole pipeline."""

import re
import sqlite3
from importlib import resources

import pytest

from medcoder.codebook import Codebook
from medcoder.notecoder import NoteCoder
from medcoder.notecoder.index_lexicon import Morphology, index_terms, morphology_terms
from medcoder.notecoder.words import stem

# Synthetic rows, official layout: (id, index_name, parent_id, level, term, path, code, column, see, see_also)
ROWS = [
    (1, "diseases", None, 0, "Hemorrhage, hemorrhagic", "Hemorrhage, hemorrhagic", "R58", None, None, None),
    (2, "diseases", 1, 1, "stomach", "Hemorrhage, hemorrhagic, stomach", "K92.2", None, None, None),
    (3, "diseases", None, 0, "Bleeding", "Bleeding", None, None, None, "Hemorrhage"),
    (4, "diseases", None, 0, "Bedsore", "Bedsore", None, None, "Ulcer, pressure, by site", None),
    (5, "diseases", None, 0, "Glioma", "Glioma", None, None, None, None),
    (
        6,
        "diseases",
        5,
        1,
        "specified site NEC",
        "Glioma, specified site NEC",
        None,
        None,
        "Neoplasm, malignant, by site",
        None,
    ),
    (7, "diseases", 5, 1, "unspecified site", "Glioma, unspecified site", "C71.9", None, None, None),
    (8, "diseases", 5, 1, "subependymal", "Glioma, subependymal", None, None, None, None),
    (
        9,
        "diseases",
        8,
        2,
        "specified site",
        "Glioma, subependymal, specified site",
        None,
        None,
        "Neoplasm, uncertain behavior, by site",
        None,
    ),
    (14, "diseases", None, 0, "History", "History", None, None, None, None),
    (15, "diseases", 14, 1, "personal", "History, personal", None, None, None, None),
    (16, "diseases", 15, 2, "hysterectomy", "History, personal, hysterectomy", "Z90.710", None, None, None),
    (17, "diseases", 14, 1, "family", "History, family", None, None, None, None),
    (18, "diseases", 17, 2, "epilepsy", "History, family, epilepsy", "Z82.0", None, None, None),
    (19, "diseases", None, 0, "PIN", "PIN", "N42.31", None, None, None),
    (20, "diseases", None, 0, "Leydig cell", "Leydig cell", None, None, None, None),
    (21, "diseases", 20, 1, "tumor", "Leydig cell, tumor", None, None, "Neoplasm, benign, by site", None),
    (
        22,
        "diseases",
        20,
        1,
        "with lipid storage",
        "Leydig cell, with lipid storage",
        None,
        None,
        "Neoplasm, benign, by site",
        None,
    ),
    (
        10,
        "neoplasm",
        None,
        0,
        "Neoplasm, neoplastic",
        "Neoplasm, neoplastic",
        "C80.1",
        "Malignant Primary",
        None,
        None,
    ),
    (11, "neoplasm", 10, 1, "liver", "Neoplasm, neoplastic, liver", "C22.9", "Malignant Primary", None, None),
    (
        12,
        "neoplasm",
        10,
        1,
        "liver",
        "Neoplasm, neoplastic, liver",
        "C78.7",
        "Malignant Secondary",
        None,
        None,
    ),
    (
        13,
        "neoplasm",
        10,
        1,
        "liver",
        "Neoplasm, neoplastic, liver",
        "D49.0",
        "Unspecified Behavior",
        None,
        None,
    ),
]


@pytest.fixture
def connection() -> sqlite3.Connection:
    """The codebook's own index_terms table, holding the synthetic rows."""
    schema = resources.files("medcoder.codebook").joinpath("schema.sql").read_text(encoding="utf-8")
    connection = sqlite3.connect(":memory:")
    connection.execute(re.search(r"CREATE TABLE index_terms \(.*?\);", schema, re.S).group())
    connection.executemany(
        "INSERT INTO index_terms (id, index_name, parent_id, level, term, path, code, column_name, see,"
        " see_also, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'synthetic')",
        ROWS,
    )
    return connection


def test_see_references_lead_to_the_code_of_the_term_they_name(connection: sqlite3.Connection) -> None:
    terms = {(term.stems, term.code): term for term in index_terms(connection)}
    assert terms[("bleed",), "R58"].origin == "index_see"
    assert terms[("hemorrhage", "stomach"), "K92.2"].origin == "index"
    assert not any(term.stems == ("bedsore",) for term in terms.values())  # a whole table: left to it


def test_a_personal_history_needs_only_history_and_an_acronym_stays_written(
    connection: sqlite3.Connection,
) -> None:
    codes = {term.stems: term.code for term in index_terms(connection) if term.origin == "index"}
    assert codes[("history", "hysterectomy")] == "Z90.710"  # "history of hysterectomy"
    assert codes[("history", stem("family"), "epilepsy")] == "Z82.0"  # a family history says so
    assert codes[("PIN",)] == "N42.31"  # not the stem of "pins"


def test_neoplasm_table_cells_take_the_words_of_their_column(connection: sqlite3.Connection) -> None:
    codes = {term.stems: term.code for term in index_terms(connection) if term.origin == "neoplasm"}
    assert codes[("carcinoma", "liver")] == "C22.9"
    assert codes[("metastas", "liver")] == "C78.7"
    assert codes[("tumor", "liver")] == "D49.0"
    assert codes[("cancer",)] == "C80.1"


def test_morphology_terms_are_read_as_the_column_their_see_names(connection: sqlite3.Connection) -> None:
    assert set(morphology_terms(connection)) == {
        Morphology("Glioma", "Malignant Primary", "Glioma, specified site NEC"),
        Morphology("subependymal Glioma", "Uncertain Behavior", "Glioma, subependymal, specified site"),
        Morphology("Leydig cell tumor", "Benign", "Leydig cell, tumor"),
    }  # "with lipid storage" is a clause, not a word written before the noun
    codes = {term.stems: term.code for term in index_terms(connection) if term.origin == "index"}
    assert codes[("gliom",)] == "C71.9"  # "unspecified site" is what the bare morphology says


@pytest.mark.shared_data
def test_a_morphology_at_a_site_reaches_the_neoplasm_table_cell(codebook: Codebook) -> None:
    coder = NoteCoder(codebook)
    codes = {s.code: s for s in coder.code("MRI showed a cerebral glioblastoma.", min_confidence=0).codes}
    assert codes["C71.9"].evidence[0].text == "cerebral glioblastoma"
    assert "C76.0" not in codes  # "head NEC" reads as "brain" too: the table's "brain" speaks for it
    seminoma = {s.code for s in coder.code("Seminoma of the left testis.", min_confidence=0).codes}
    assert seminoma & {"C62.90", "C62.91", "C62.92"}
    tonsil = {s.code for s in coder.code("Tonsillar carcinoma.", min_confidence=0).codes}
    assert "C09.9" in tonsil  # the adjective meets the table's noun


@pytest.mark.shared_data
def test_real_index_codes_bleeding_and_metastases_but_not_when_negated(codebook: Codebook) -> None:
    coder = NoteCoder(codebook)
    found = coder.code(
        "An episode of bleeding. CT showed liver metastases and a tumour of the pancreas.", min_confidence=0
    )
    codes = {s.code: s for s in found.codes}
    assert codes["R58"].evidence[0].text == "bleeding"
    assert codes["C78.7"].evidence[0].text == "liver metastases"
    assert "D49.0" in codes  # British spelling, tumor of unspecified behavior
    leucopenia = {s.code for s in coder.code("Blood count showed leucopenia.", min_confidence=0).codes}
    assert "D72.819" in leucopenia  # "leuc-" read as the code sets' "leuk-"
    negated = coder.code("There were no liver metastases.", min_confidence=0)
    assert "C78.7" not in {s.code for s in negated.codes}
