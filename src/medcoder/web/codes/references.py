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


def link_references(text: str, exists: Callable[[str], bool]) -> list[NoteSegment]:
    """Split `text` into plain and linked segments; `exists(code)` says whether the codebook has a code
    (a block such as "I60-I69" included).

    A range that is a block links the block. A range that is not one ("E00-E88" spans several blocks)
    links each of its ends, never just its first code as if that were the whole range.
    """
    segments: list[NoteSegment] = []
    position = 0
    for group in PARENTHESES.finditer(text):
        offset = group.start(1)
        for reference in REFERENCE.finditer(group.group(1)):
            whole = f"{reference['first']}-{reference['last']}" if reference["last"] else None
            if whole and exists(whole):
                links = [(reference.span(), whole)]
            elif whole:
                links = [(reference.span(part), reference[part]) for part in ("first", "last")]
            else:
                links = [(reference.span(), reference["first"])]
            for (start, end), code in links:
                if exists(code):
                    segments.append(NoteSegment(text[position : offset + start]))
                    segments.append(NoteSegment(text[offset + start : offset + end], code))
                    position = offset + end
    segments.append(NoteSegment(text[position:]))
    return [segment for segment in segments if segment.text]
