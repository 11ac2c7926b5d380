"""Index lines, one per printed entry, and how they become `index_terms` rows.

Both index layouts (the CDC XML and the flattened CSV) are read into `IndexLine`s in printed order;
`index_rows` then rebuilds the tree from the levels: ids, parents and paths ("Infarct, infarction,
myocardium, acute").

A term printed with several codes (a table row with several cells, a code and its bracketed
manifestation) becomes one row per code; those rows share level, path and parent, and the term's
subterms point at the first of them. A term without a code is one row with code NULL.
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from medcoder.codebook.errors import DataFileError

CSV_COLUMNS = ("Letter", "Level", "Term", "See", "SeeAlso", "NonEssModif", "Code")

# id, index_name, parent_id, level, term, path, nonessential, code, column_name, see, see_also, source
IndexRow = tuple[
    int, str, int | None, int, str, str, str | None, str | None, str | None, str | None, str | None, str
]


@dataclass(frozen=True)
class IndexLine:
    line: int  # where the entry starts in its file, for error messages
    level: int  # 0 = main term
    term: str
    nonessential: str | None
    codes: tuple[tuple[str, str | None], ...]  # (code as printed, column_name)
    see: str | None
    see_also: str | None


def read_flattened_csv(path: Path) -> Iterator[IndexLine]:
    """The derived CSV of the Index to Diseases (not an official layout): one row per printed line,
    `Level` the indent depth, one `Code` at most, nonessential modifiers in `NonEssModif`."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in CSV_COLUMNS if column not in (reader.fieldnames or [])]
            if missing:
                raise DataFileError(path, 1, f"header lacks the columns {', '.join(missing)}")
            for row in reader:
                yield _csv_line(path, reader.line_num, row)
    except UnicodeDecodeError as error:
        raise DataFileError(path, None, f"not UTF-8 text ({error.reason} at byte {error.start})") from error


def _csv_line(path: Path, line: int, row: dict[str, str | None]) -> IndexLine:
    cells = {column: " ".join((row.get(column) or "").split()) for column in CSV_COLUMNS}
    if not cells["Level"].isdigit():
        raise DataFileError(path, line, f"Level {cells['Level']!r} is not a whole number")
    term, nonessential = cells["Term"], cells["NonEssModif"] or None
    if not term:  # five lines print only a modifier: "Disorder, persistent, (somatoform) F45.41"
        term, nonessential = nonessential, None
    if not term:
        raise DataFileError(path, line, "empty Term")
    return IndexLine(
        line=line,
        level=int(cells["Level"]),
        term=term,
        nonessential=nonessential,
        codes=((cells["Code"], None),) if cells["Code"] else (),
        see=cells["See"] or None,
        see_also=cells["SeeAlso"] or None,
    )


def index_rows(
    lines: Iterable[IndexLine], path: Path, index_name: str, source: str, first_id: int
) -> list[IndexRow]:
    """Rows for `index_terms`, ids counting up from `first_id`.

    Raises `DataFileError` when a line is more than one level deeper than the line before it: the
    file has lost a line and every path below would be wrong.
    """
    rows: list[IndexRow] = []
    ancestors: list[tuple[int, str]] = []  # (first row id, path) of each open level
    for entry in lines:
        if entry.level > len(ancestors):
            above = f"under a level-{len(ancestors) - 1} term" if ancestors else "before any main term"
            raise DataFileError(path, entry.line, f"a level-{entry.level} term {above}: a line is missing")
        del ancestors[entry.level :]
        parent_id, parent_path = ancestors[-1] if ancestors else (None, "")
        term_path = f"{parent_path}, {entry.term}" if parent_path else entry.term
        first = first_id + len(rows)
        ancestors.append((first, term_path))
        for code, column_name in entry.codes or ((None, None),):
            rows.append(
                (
                    first_id + len(rows),
                    index_name,
                    parent_id,
                    entry.level,
                    entry.term,
                    term_path,
                    entry.nonessential,
                    code,
                    column_name,
                    entry.see,
                    entry.see_also,
                    source,
                )
            )
    return rows
