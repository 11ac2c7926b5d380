"""Coding a note for a site visitor: meter it (one per distinct note per day), then run Case2Code."""

import hashlib
import itertools
from dataclasses import dataclass
from functools import cache

from medcoder.notecoder import CodingResult, NoteCoder
from medcoder.web.accounts.metering import Allowance, Visitor, use
from medcoder.web.codebook import shared_codebook

METER = "case2code_note"


@cache
def shared_coder() -> NoteCoder:
    """One NoteCoder per web process: its lexicon takes seconds to load, then codes a note in ~50 ms."""
    return NoteCoder(shared_codebook())


def code_note(visitor: Visitor, text: str, setting: str) -> tuple[CodingResult, Allowance]:
    """Raises `NoteCoderError` for an empty, overlong or badly set note (not counted) and
    `AllowanceExhausted` when the visitor's notes for today are used up."""
    result = shared_coder().code(text, setting=setting)
    allowance = use(visitor, METER, hashlib.sha256(text.encode()).hexdigest())
    return result, allowance


@dataclass(frozen=True)
class Segment:
    """A stretch of the note for highlighting; `codes` are the codes whose evidence covers it."""

    text: str
    codes: tuple[str, ...]


def highlighted(text: str, result: CodingResult) -> list[Segment]:
    """The note cut at every evidence boundary, each piece with the codes it is evidence for."""
    spans = [(span.start, span.end, s.code) for s in result.codes for span in s.evidence]
    cuts = sorted({0, len(text), *(start for start, _, _ in spans), *(end for _, end, _ in spans)})
    return [
        Segment(text[start:end], tuple(code for s, e, code in spans if s <= start and end <= e))
        for start, end in itertools.pairwise(cuts)
        if end > start
    ]
