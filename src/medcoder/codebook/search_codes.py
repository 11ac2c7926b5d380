"""One code system's codes in key order, for the search build: to check the codes an index prints
and to list the codes under a prefix (an incomplete ICD-10-CM code, a PCS Index prefix)."""

import re
import sqlite3
from bisect import bisect_left
from collections.abc import Iterator
from functools import cached_property

from medcoder.codebook.search_words import NONESSENTIAL
from medcoder.codebook.systems import code_key

SIDE_WORDS = re.compile(r"\b(right|left|bilateral)\b")
CodeRow = tuple[str, str, int, str]  # code_key, code, billable, title


class CodeTable:
    def __init__(self, connection: sqlite3.Connection, system: str):
        rows = connection.execute(
            "SELECT code_key, code, billable, title FROM codes WHERE system = ? ORDER BY code_key", (system,)
        ).fetchall()
        self.keys = [row[0] for row in rows]
        self.rows: list[CodeRow] = rows

    @cached_property
    def by_key(self) -> dict[str, CodeRow]:
        return {row[0]: row for row in self.rows}

    def known(self, index_code: str) -> tuple[str, bool] | None:
        """The display code and billable flag for a code as printed in the index ("I63.-" -> I63)."""
        row = self.by_key.get(code_key(index_code.rstrip("-").rstrip(".")))
        return (row[1], bool(row[2])) if row else None

    def under(self, key: str) -> list[CodeRow]:
        """The code with this key, then its descendants, in key order."""
        rows = []
        for position in range(bisect_left(self.keys, key), len(self.keys)):
            if not self.keys[position].startswith(key):
                break
            rows.append(self.rows[position])
        return rows

    def unspecified_codes(self) -> Iterator[tuple[str, str]]:
        """(header, its unspecified code) for every header that has one (see `unspecified_code`)."""
        for key, display, billable, title in self.rows:
            if not billable and (code := unspecified_code(title, self.under(key))):
                yield display, code

    def default_billable(self, code: str) -> str | None:
        """The billable descendant a coder picks when nothing more is known (see `default_code`)."""
        row = self.by_key.get(code_key(code))
        return default_code(row[3] if row else "", self.under(code_key(code)))


def default_code(title: str, descendants: list[CodeRow]) -> str | None:
    """The billable code among `descendants` of the code titled `title` that a coder picks when
    nothing more is known: the one saying its words ", unspecified", else the most "unspecified",
    naming no side, initial encounter, first in the tabular ("unspecified toe(s)" before
    "unspecified right toe(s)", whose toe alone is unspecified)."""
    if own := unspecified_code(title, descendants):
        return own
    best: tuple[int, bool, bool, int] | None = None
    chosen = None
    for position, (_key, display, billable, child_title) in enumerate(descendants):
        if not billable:
            continue
        lowered = child_title.lower()
        sided = SIDE_WORDS.search(lowered) is not None
        rank = (lowered.count("unspecified"), not sided, "initial encounter" in lowered, -position)
        if best is None or rank > best:
            best, chosen = rank, display
    return chosen


def unspecified_code(title: str, descendants: list[CodeRow]) -> str | None:
    """The billable descendant titled as `title` plus ", unspecified" (M32 "Systemic lupus
    erythematosus (SLE)": M32.9 "Systemic lupus erythematosus, unspecified", not M32.10 "..., organ
    or system involvement unspecified"); None when no code says that."""
    own_words = " ".join(NONESSENTIAL.sub(" ", title).split()).lower() + ", unspecified"
    return next(
        (
            display
            for _key, display, billable, child in descendants
            if billable and child.lower().startswith(own_words)
        ),
        None,
    )
