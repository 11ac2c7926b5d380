"""Reading the code references inside ICD-10-CM instructional notes: "(E10.-)", "(O24.4-)",
"(C00-C96)", "(K85-K86.-)", "(P70.2)". Excludes1 checks between two codes rely on this."""

import re

from medcoder.codebook.systems import code_key

CODE = r"[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?"
REFERENCE = re.compile(rf"({CODE})\s*-\s*({CODE})(?:\.?-)?|({CODE})(?:\.?-)?")


def references_in(note_text: str) -> list[tuple[str, str]]:
    """(first, last) code keys of each reference in parentheses; first == last for a single code."""
    found = []
    for group in re.findall(r"\(([^()]*)\)", note_text):
        for match in REFERENCE.finditer(group.upper()):
            first = code_key(match.group(1) or match.group(3))
            last = code_key(match.group(2)) if match.group(2) else first
            found.append((first, last))
    return found


def note_covers(note_text: str, code: str) -> bool:
    """Whether a note's references include `code` (a reference to a category covers its subcodes)."""
    key = code_key(code)
    for first, last in references_in(note_text):
        if first == last:
            if key.startswith(first):
                return True
        elif first <= key[: len(first)] and key[: len(last)] <= last:
            return True
    return False
