"""Search entries from the ICD-10-PCS Index: a procedure's name or root operation and body part
("Appendectomy", "Resection, Appendix") leads to the valid codes under the prefix the Index prints.

The Index stops at a prefix ("0DTJ"); the approach, device and qualifier are the coder's to choose.
So an entry goes to the codes of this build's tables under the prefix (a table prefix such as "0SR"
to the table itself), with each code's title as its modifiers: "laparoscopic appendectomy" then
reaches 0DTJ4ZZ through the approach in its title, while "appendectomy" alone offers one code per
approach first. A prefix the tables no longer hold gives no entry.
"""

import sqlite3
from bisect import bisect_left
from collections.abc import Collection, Iterator

SYSTEM = "icd10pcs"
CODES_PER_TERM = 8  # about one per approach, then the next choices; the code page lists the rest
APPROACH = slice(4, 5)
WHOLE_BODY_PART = "Resection,"

Entry = tuple[str, str, str, str, str, int]  # as search_index.Entry


class PcsCodes:
    """This build's ICD-10-PCS codes in key order, to list the codes under a prefix."""

    def __init__(self, connection: sqlite3.Connection):
        rows = connection.execute(
            "SELECT code_key, code, title, billable FROM codes WHERE system = ? ORDER BY code_key", (SYSTEM,)
        ).fetchall()
        self.keys = [row[0] for row in rows]
        self.rows = rows

    def under(self, prefix: str) -> list[tuple[str, str, int]]:
        """(code, title, billable) for the prefix: itself when it is a code or table, else the first
        valid codes below it, one per approach before a second of any."""
        start = bisect_left(self.keys, prefix)
        below = []
        for position in range(start, len(self.rows)):
            key, code, title, billable = self.rows[position]
            if not key.startswith(prefix):
                break
            if key == prefix:
                return [(code, title, billable)]
            if billable:
                below.append((code, title, billable))
        # the plainest code of each approach (no device, qualifier or "Diagnostic" said), in table order
        plainest: dict[str, tuple[str, str, int]] = {}
        for row in sorted(below, key=lambda row: len(row[1].split())):
            plainest.setdefault(row[0][APPROACH], row)
        chosen = sorted(plainest.values(), key=below.index)
        return (chosen + [row for row in below if row not in chosen])[:CODES_PER_TERM]


def pcs_index_entries(connection: sqlite3.Connection, excluded: Collection[int]) -> Iterator[Entry]:
    """One entry per code an Index term leads to; a "see" term's entries say so in their origin."""
    codes = PcsCodes(connection)
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
        for code, title, billable in codes.under(prefix):
            yield SYSTEM, code, origin, path, title, billable
