"""Remove obvious patient identifiers from question text before it is stored (an option per site).

Conservative by design: it catches labelled identifiers and well-formed numbers (SSN, MBI, phone,
e-mail, dates of birth, record numbers, labelled names), not every possible name in free text.
"""

import re

REDACTIONS: list[tuple[str, re.Pattern[str]]] = [
    ("SSN", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    # Medicare Beneficiary Identifier: 11 characters, e.g. 1EG4-TE5-MK73 (letters exclude S, L, O, I, B, Z)
    (
        "MBI",
        re.compile(
            r"\b[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y]{2}\d{2}\b"
        ),
    ),
    ("DOB", re.compile(r"(?i)\b(?:DOB|date of birth|birth ?date)\s*[:#]?\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")),
    (
        "MRN",
        re.compile(
            r"(?i)\b(?:MRN|medical record(?: number| no\.?)?|account(?: number| no\.?)?|acct)\s*[:#]?\s*[A-Z0-9-]{4,}"
        ),
    ),
    (
        "NAME",
        re.compile(
            # the name stays on its line: a capitalised first word below is the question's, not a name
            r"(?i)\b(?:patient(?: name)?|pt(?: name)?|name)[ \t]*:[ \t]*[A-Z][a-z'-]+(?:[ \t]+[A-Z][a-z'-]+){0,2}"
        ),
    ),
    ("EMAIL", re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")),
    ("PHONE", re.compile(r"(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)")),
]


def redact(text: str) -> tuple[str, list[str]]:
    """The text with identifiers replaced by [REDACTED KIND], and the kinds found."""
    found: list[str] = []
    for kind, pattern in REDACTIONS:
        text, count = pattern.subn(f"[REDACTED {kind}]", text)
        if count:
            found.append(kind)
    return text, found
