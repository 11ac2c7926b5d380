"""The ICD-10-PCS Index of a codebook (`index_terms` rows of index_name 'pcs', written by
importers/icd10pcs_index.py), read back into entries grouped by main term."""

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class PcsIndexEntry:
    """One Index row: its main term and subterms, and the code prefix it gives, either directly
    (`code`) or through a "see" reference to a root operation and body part (which prints the prefix
    too: "see Resection, Appendix 0DTJ")."""

    main: str
    path: tuple[str, ...]  # subterms below the main term
    code: str | None
    see_operation: str | None = None
    see_body_part: str | None = None


def pcs_index_by_main(connection: sqlite3.Connection) -> dict[str, tuple[PcsIndexEntry, ...]]:
    """Entries grouped by main term, lower case, in printed order."""
    rows = connection.execute(
        "SELECT id, parent_id, term, code, see FROM index_terms WHERE index_name = 'pcs' ORDER BY id"
    ).fetchall()
    terms: dict[int, tuple[str, tuple[str, ...]]] = {}  # row id -> (main term, subterms)
    grouped: dict[str, list[PcsIndexEntry]] = {}
    for row_id, parent_id, term, code, see in rows:
        main, above = terms[parent_id] if parent_id is not None else (term, None)
        path = () if above is None else (*above, term)
        terms[row_id] = (main, path)
        operation, _, body_part = (see or "").partition(", ")
        entry = PcsIndexEntry(main, path, code, operation or None, body_part if see else None)
        grouped.setdefault(main.lower(), []).append(entry)
    return {main: tuple(entries) for main, entries in grouped.items()}
