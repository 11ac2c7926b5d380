"""Checks against the codebook before a code leaves the pipeline.

- Excludes1: two codes whose notes say "not coded here" together: the less confident one is set aside.
- "Code first" / "use additional code": when the partner code was found in the note (even below the
  confidence threshold) it is brought in and ordered (etiology before manifestation); when it was not,
  the code carries a reminder naming the note, never an invented code.
- Personal history: the code an Excludes note names for the history of a condition ("history of
  tobacco dependence (Z87.891)" under F17), for a finding the note says has ended.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from medcoder.codebook import Codebook
from medcoder.codebook.records import Code, Note
from medcoder.codebook.systems import code_key

CODE = r"[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?"
CODE_REFERENCE = re.compile(rf"\b({CODE})(?:\s*-\s*({CODE})|\.?-)?")
HISTORY_NOTE = re.compile(r"(?i)(?:personal )?history of\b")


@dataclass(frozen=True)
class CodeRange:
    """Codes a note refers to: one code with its descendants ("E08.-") or a range ("N18.1-N18.6")."""

    low: str
    high: str

    def covers(self, code: str) -> bool:
        key = code_key(code)
        return self.low <= key[: len(self.low)] and key[: len(self.high)] <= self.high


def references(text: str) -> list[CodeRange]:
    found = []
    for low, high in CODE_REFERENCE.findall(text):
        found.append(CodeRange(code_key(low), code_key(high or low)))
    return found


class NoteChecker:
    """Instructional notes of billable ICD-10-CM codes, own and inherited, cached per code."""

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        self.notes = lru_cache(maxsize=20_000)(self._load_notes)
        self.excludes1 = lru_cache(maxsize=20_000)(self._load_excludes1)
        self.history_code = lru_cache(maxsize=20_000)(self._load_history_code)

    def _load_notes(self, code: str) -> tuple[Note, ...]:
        """Notes of an ICD-10-CM code; none for other systems (PCS and HCPCS carry no such notes)."""
        found = self._icd10cm(code)
        return tuple(self.codebook.notes(found)) if found is not None else ()

    def _icd10cm(self, code: str) -> Code | None:
        return next((c for c in self.codebook.find(code) if c.system == "icd10cm"), None)

    def excludes1_conflict(self, code: str, other: str) -> Note | None:
        """The Excludes1 note of `code` (or of `other`) that forbids coding both, if any."""
        for first, second in ((code, other), (other, code)):
            for note, ranges in self.excludes1(first):
                if any(r.covers(second) for r in ranges):
                    return note
        return None

    def _load_excludes1(self, code: str) -> tuple[tuple[Note, tuple[CodeRange, ...]], ...]:
        return tuple(
            (note, tuple(references(note.text))) for note in self.notes(code) if note.kind == "excludes1"
        )

    def partners(self, code: str, kind: str) -> list[tuple[Note, list[CodeRange]]]:
        """The `code_first` or `use_additional_code` notes of `code`, with the codes each names."""
        return [(note, references(note.text)) for note in self.notes(code) if note.kind == kind]

    def _load_history_code(self, code: str) -> tuple[Code, Note] | None:
        """The billable code an Excludes1 or Excludes2 note of `code` names for its personal history,
        with the note; None for a code that is a history code itself (Z86.73 excludes the history of
        a brain injury, which is another history, not the history of a TIA)."""
        found = self._icd10cm(code)
        if found is None or "history" in found.title.lower():
            return None
        for note in self.notes(code):
            if note.kind not in ("excludes1", "excludes2") or not HISTORY_NOTE.match(note.text):
                continue
            ranges = references(note.text)
            if len(ranges) != 1 or ranges[0].low != ranges[0].high:
                continue
            named = self._icd10cm(ranges[0].low)
            if named is not None and named.billable:
                return named, note
        return None
