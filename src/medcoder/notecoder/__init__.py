"""Case2Code: code a clinical note to ICD-10-CM with evidence spans (see `pipeline.NoteCoder`)."""

from medcoder.notecoder.errors import EmptyNote, NoteCoderError, NoteTooLong, UnknownSetting
from medcoder.notecoder.pipeline import NoteCoder
from medcoder.notecoder.records import Check, CodeSuggestion, CodingResult, SetAside, Span

__all__ = [
    "Check",
    "CodeSuggestion",
    "CodingResult",
    "EmptyNote",
    "NoteCoder",
    "NoteCoderError",
    "NoteTooLong",
    "SetAside",
    "Span",
    "UnknownSetting",
]
