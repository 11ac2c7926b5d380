"""Medicare coverage documents (LCDs and Articles): title search, and documents naming a code.

The document list carries titles but no code lists, so "mentioning" means the title names the code
or a range holding it (e.g. "CPT® codes 81265-81268"); an LCD can cover a code without naming it.
"""

import re
from dataclasses import dataclass

from medcoder import paging
from medcoder.codebook import Codebook

PAGE_SIZE = 25
SOURCE = "mcd-documents"
DOCUMENT_TYPES = ("LCD", "Article")
# No file in the data folder and no registry package carries NCD titles: say so wherever documents
# are searched, rather than let an empty result suggest there is no NCD.
NCD_NOT_AVAILABLE = (
    "National Coverage Determinations (NCDs) are not searched: no offline source carries their titles."
    " They are in the Medicare Coverage Database download (ncd.zip) at"
    " https://www.cms.gov/medicare-coverage-database/downloads/downloads.aspx."
)
# What coders type -> the words LCD and Article titles use (each expansion occurs in real titles).
TITLE_WORDS = {
    "CPAP": "Positive Airway Pressure",
    "BIPAP": "Positive Airway Pressure",
    "TENS": "Transcutaneous Electrical Nerve",
    "CGM": "Glucose Monitor",
    "MRI": "Magnetic Resonance",
    "CT": "Computed Tomography",
    "PET": "Positron Emission",
    "EKG": "Electrocardiograph",
    "ECG": "Electrocardiograph",
    "DEXA": "Bone Mass",
    "AFO": "Ankle-Foot",
    "NCS": "Nerve Conduction",
}
CODE_RANGE = re.compile(r"\b([0-9A-Z]\d{3}[0-9A-Z])\s*[-–]\s*([0-9A-Z]\d{3}[0-9A-Z])\b")
COLUMNS = (
    "display_id, document_type, version, title, contractors, effective, retired, updated, note, url, source"
)


@dataclass(frozen=True)
class CoverageDocument:
    display_id: str  # L36668 (LCD), A52458 (Article)
    document_type: str
    version: int
    title: str
    contractors: str
    effective: str | None
    retired: str | None
    updated: str | None
    note: str
    url: str
    source: str


def coverage_documents_matching(
    codebook: Codebook, query: str, page: int = 1, document_type: str | None = None
) -> tuple[list[CoverageDocument], int]:
    """Documents whose id or title contains every word of `query` (abbreviations such as CPAP or MRI
    read as the words titles use); one page and the total. A document named by its id comes first,
    then current documents before retired ones, LCDs before their Articles."""
    words = [word for typed in query.split() for word in TITLE_WORDS.get(typed.upper(), typed).split()]
    where = " AND ".join("(title LIKE ? OR display_id = ?)" for _ in words) or "1"
    params: list[object] = [value for word in words for value in (f"%{word}%", word.upper())]
    if document_type:
        where += " AND document_type = ?"
        params.append(document_type)
    total = codebook.connection.execute(
        f"SELECT count(*) FROM coverage_documents WHERE {where}", params
    ).fetchone()[0]
    # past the end, however far: the offset must fit SQLite's integers
    if page > page_count(total):
        return [], total
    ids = [word.upper() for word in words]
    named = f"display_id IN ({','.join('?' * len(ids))})" if ids else "0"
    rows = codebook.connection.execute(
        f"SELECT {COLUMNS} FROM coverage_documents WHERE {where}"
        f" ORDER BY {named} DESC, retired IS NOT NULL, document_type = 'LCD' DESC, display_id LIMIT ? OFFSET ?",
        [*params, *ids, PAGE_SIZE, (max(page, 1) - 1) * PAGE_SIZE],
    )
    return [CoverageDocument(*row) for row in rows], total


def page_count(total: int) -> int:
    """Pages of PAGE_SIZE documents a search result fills (at least one, even when empty)."""
    return paging.page_count(total, PAGE_SIZE)


def lcd_documents_mentioning(codebook: Codebook, code: str) -> list[CoverageDocument]:
    """LCDs and Articles whose title names `code` itself or a code range that contains it."""
    code = code.strip().upper()
    rows = codebook.connection.execute(
        f"SELECT {COLUMNS} FROM coverage_documents WHERE title LIKE ? OR title GLOB ?"
        " ORDER BY retired IS NOT NULL, display_id",
        (f"%{code}%", "*[0-9A-Z][0-9][0-9][0-9][0-9A-Z]*-*[0-9A-Z][0-9][0-9][0-9][0-9A-Z]*"),
    )
    return [doc for doc in map(lambda row: CoverageDocument(*row), rows) if _names(doc.title, code)]


def _names(title: str, code: str) -> bool:
    if re.search(rf"\b{re.escape(code)}\b", title):
        return True
    return any(
        len(low) == len(code) and low <= code <= high and low[0].isdigit() == code[0].isdigit()
        for low, high in CODE_RANGE.findall(title)
    )
