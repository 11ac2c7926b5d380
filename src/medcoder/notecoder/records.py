"""Records that leave the note coder: what a coder (or the CLI, the web page, the API) receives."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """Characters `start`..`end` (end exclusive) of the note, with the text they cover."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Section:
    """A part of the note under one header ("Assessment and Plan", "History"); `name` is normalised."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Assertion:
    """ConText-style status of a mention: what the surrounding words say about it.

    `status` is one of present, negated, normal (a result reported normal or negative), historical,
    family, hypothetical, uncertain; `cue` is the
    span of the trigger word(s) when there is one.
    """

    status: str
    cue: Span | None = None


@dataclass(frozen=True)
class Check:
    """One check the pipeline applied to a code, and what it found ("passed", "changed", "reminder")."""

    name: str
    outcome: str
    detail: str


@dataclass(frozen=True)
class CodeSuggestion:
    """A valid, billable code for the note, with why it was chosen at this specificity."""

    system: str
    code: str
    title: str
    confidence: float
    evidence: tuple[Span, ...]
    specificity: tuple[str, ...]
    checks: tuple[Check, ...]
    source: str


@dataclass(frozen=True)
class SetAside:
    """A finding the pipeline saw but did not code, and why (negated, family history, Excludes1...)."""

    code: str
    reason: str
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class CodingResult:
    """Everything Case2Code says about one note; `codes` are ranked, principal candidate first."""

    codes: tuple[CodeSuggestion, ...]
    set_aside: tuple[SetAside, ...]
    sections: tuple[Section, ...]
    setting: str
    codebook: dict[str, str] = field(default_factory=dict)
