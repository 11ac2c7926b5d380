"""Find the codes an instructional note names, so the page can link them.

Notes cite codes in parentheses: "(E10.-)" (the category and everything under it), "(I60-I69)" (a
block or range), "(Z79.4)", "(E08-E13 with .641)". Only references to codes that exist in the codebook
become links; anything else stays plain text.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

ICD10_CODE = r"[A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?"
REFERENCE = re.compile(rf"(?P<first>{ICD10_CODE})(?:\.?-(?P<last>{ICD10_CODE})|\.-)?")
PARENTHESES = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class NoteSegment:
    """A piece of note text; `code` is the existing code it links to, or None for plain text."""

    text: str
    code: str | None = None


def link_references(text: str, resolve: Callable[[str, str | None], str | None]) -> list[NoteSegment]:
    """Split `text` into plain and linked segments.

    `resolve(first, last)` returns the existing code a reference points to (the block "I60-I69" or
    its first code, say), or None when the codebook has no such code.
    """
    segments: list[NoteSegment] = []
    position = 0
    for group in PARENTHESES.finditer(text):
        for reference in REFERENCE.finditer(group.group(1)):
            target = resolve(reference["first"], reference["last"])
            if target is None:
                continue
            start = group.start(1) + reference.start()
            end = group.start(1) + reference.end()
            segments.append(NoteSegment(text[position:start]))
            segments.append(NoteSegment(text[start:end], target))
            position = end
    segments.append(NoteSegment(text[position:]))
    return [segment for segment in segments if segment.text]
