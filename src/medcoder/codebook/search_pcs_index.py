"""Search entries from the ICD-10-PCS Index: a procedure's name or root operation and body part
("Appendectomy", "Resection, Appendix") leads to the valid codes under the prefix the Index prints.

The Index stops at a prefix ("0DTJ"); the approach, device and qualifier are the coder's to choose.
So an entry goes to the codes of this build's tables under the prefix (a table prefix such as "0SR"
to the table itself), with each code's title as its modifiers: "laparoscopic appendectomy" then
reaches 0DTJ4ZZ through the approach in its title, while "appendectomy" alone offers one code per
approach first. A prefix the tables no longer hold gives no entry.
"""

import sqlite3
from collections.abc import Collection, Iterator

from medcoder.codebook.search_codes import CodeTable

SYSTEM = "icd10pcs"
CODES_PER_TERM = 8  # about one per approach, then the next choices; the code page lists the rest
APPROACH = slice(4, 5)
WHOLE_BODY_PART = "Resection,"

Entry = tuple[str, str, str, str, str, int]  # as search_index.Entry


def codes_for_term(codes: CodeTable, prefix: str) -> list[tuple[str, str, int]]:
    """(code, title, billable) for an Index prefix: itself when it is a code or table, else the first
    valid codes below it, one per approach before a second of any."""
    rows = codes.under(prefix)
    if rows and rows[0][0] == prefix:
        return [(rows[0][1], rows[0][3], rows[0][2])]
    below = [(code, title, billable) for _key, code, billable, title in rows if billable]
    # the plainest code of each approach (no device, qualifier or "Diagnostic" said), in table order
    plainest: dict[str, tuple[str, str, int]] = {}
    for row in sorted(below, key=lambda row: len(row[1].split())):
        plainest.setdefault(row[0][APPROACH], row)
    chosen = sorted(plainest.values(), key=below.index)
    return (chosen + [row for row in below if row not in chosen])[:CODES_PER_TERM]


def pcs_index_entries(
    connection: sqlite3.Connection, codes: CodeTable, excluded: Collection[int]
) -> Iterator[Entry]:
    """One entry per code an Index term leads to (`codes`: this build's ICD-10-PCS codes); a "see"
    term's entries say so in their origin."""
    rows = connection.execute(
        "SELECT id, path, code, see FROM index_terms WHERE index_name = 'pcs' AND code IS NOT NULL ORDER BY id"
    ).fetchall()
    first_of_path: dict[str, int] = {}
    for row_id, path, _prefix, _see in rows:
        first_of_path.setdefault(path, row_id)
    # A name the Index sends to Excision and to Resection ("Appendectomy") means all of the body part
    # unless it says part (guideline B3.8): Resection's codes come first.
    rows.sort(key=lambda row: (first_of_path[row[1]], not (row[3] or "").startswith(WHOLE_BODY_PART)))
    for row_id, path, prefix, see in rows:
        if row_id in excluded:
            continue
        origin = "index_see" if see else "index"
        for code, title, billable in codes_for_term(codes, prefix):
            yield SYSTEM, code, origin, path, title, billable
