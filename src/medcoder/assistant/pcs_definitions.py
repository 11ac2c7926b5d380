"""ICD-10-PCS root operation and approach definitions from the codebook (CMS PCS Definitions file), for
questions such as "What is the root operation Excision?"."""

import re
import sqlite3

from medcoder.assistant.records import Citation, Fact, Finding
from medcoder.codebook import Codebook

MEDICAL_AND_SURGICAL = "0"
OPERATION, APPROACH = 3, 5


def define_pcs_terms(codebook: Codebook, question: str) -> Finding | None:
    """The Medical and Surgical root operations and approaches the question names, defined; None if none."""
    try:
        rows = codebook.connection.execute(
            "SELECT axis_title, term, definition, explanation, source FROM pcs_definitions"
            " WHERE section = ? AND axis IN (?, ?) ORDER BY length(term) DESC",
            (MEDICAL_AND_SURGICAL, OPERATION, APPROACH),
        ).fetchall()
    except sqlite3.OperationalError:
        return None
    lowered = question.lower()
    named = []
    for axis_title, term, definition, explanation, source in rows:
        pattern = rf"\b{re.escape(term.lower())}\b"
        if re.search(pattern, lowered) and not any(term.lower() in other[1].lower() for other in named):
            named.append((axis_title, term, definition, explanation, source))
    if not named:
        return None
    facts = []
    for axis_title, term, definition, explanation, source in named[:3]:
        cited = codebook.source(source)
        citation = Citation(cited.title, cited.version) if cited else Citation(source, "version unknown")
        detail = f" {explanation}" if explanation else ""
        facts.append(Fact(f"{axis_title} {term}: {definition}.{detail}", citation))
    axis_title, term, definition, _, _ = named[0]
    summary = (
        f"In ICD-10-PCS (Medical and Surgical section), the {axis_title.lower()} {term} means: {definition}."
    )
    return Finding(summary, tuple(facts))
