"""Evidence alignment: which English words of a translated note carry a span quoted from its original?

CodiEsp's evidence file (trainX.tsv) quotes each coded finding from the Spanish original by character
offsets, but only the English machine translation is distributed. To learn the English wording
annotators coded, each span is placed in the translation in three steps:

1. position: the translation keeps the order of the text, so an offset in the original maps to one in
   the translation by interpolating between anchors, long source words with a near-identical English
   cognate ("orquiepididimitis" / "orchiepididymitis") found near the same relative place;
2. word translation: IBM Model 1 (Brown et al., 1993), trained in both directions on (span words,
   English words near the span's estimated place) and started from cognate similarity, so "dolor"
   learns "pain" and "fiebre" learns "fever" from the corpus alone;
3. the English phrase: each source word picks the nearby English word it translates best; the phrase
   runs from the first to the last word picked (or keeps only the picked words when they lie far apart).

This runs when learned terms are built (see `learned_terms.py`), never while coding a note.
"""

import math
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Prefix

from medcoder.notecoder.words import STOPWORDS, Token, tokenize

SOURCE_STOPWORDS = frozenset(
    {"de", "del", "la", "las", "el", "los", "en", "con", "y", "o", "a", "al", "por", "para", "un", "una"}
    | {"unos", "unas", "que", "se", "su", "sus", "sin"}
)
DEFAULT_RATIO = 0.87  # English length / Spanish length, CodiEsp train median
ANCHOR_SIMILARITY = 0.85
ANCHOR_MIN_LETTERS = 6
WINDOW = 150  # characters either side of the estimated place, plus WINDOW_GROWTH per character of offset
WINDOW_GROWTH = 0.04
DISTANCE_SCALE = 200.0  # characters: how fast a word's weight falls with its distance from the place
EM_ITERATIONS = 6
NULL_WEIGHT = 0.2  # English words of the window that translate no source word
MIN_TRANSLATION = 0.05
# Spelling pairs that differ between Spanish and English medical words, folded before comparing.
SPELLINGS = (
    ("ph", "f"),
    ("th", "t"),
    ("y", "i"),
    ("k", "c"),
    ("qu", "c"),
    ("ch", "c"),
    ("rrh", "r"),
    ("rh", "r"),
    ("mm", "m"),
    ("ll", "l"),
    ("ss", "s"),
    ("tt", "t"),
    ("cc", "c"),
    ("ae", "e"),
    ("oe", "e"),
)


@dataclass(frozen=True)
class SourceSpan:
    """One evidence span of the original note: where it starts there, its words and its code."""

    note: str
    start: int
    text: str
    system: str
    code: str


@dataclass(frozen=True)
class AlignedSpan:
    span: SourceSpan
    tokens: tuple[Token, ...]  # the English words; empty when no word could be placed


@dataclass
class _Window:
    span: SourceSpan
    source_words: list[str]
    tokens: list[Token]  # content words of the English note
    nearby: list[int]  # indexes into tokens
    place: float  # estimated character offset in the English note


def align_spans(spans: list[SourceSpan], translations: dict[str, str]) -> list[AlignedSpan]:
    """The English words of every span whose note is in `translations` (note id -> English text)."""
    windows = []
    for note, note_spans in _by_note(spans).items():
        if note in translations:
            windows.extend(_windows(note_spans, translations[note]))
    translation = _translation_model(windows)
    return [AlignedSpan(window.span, _phrase(window, translation)) for window in windows]


def cognate_similarity(source: str, english: str) -> float:
    """0..1: how alike two words look once Spanish and English spelling habits are folded."""
    a, b = _folded(source), _folded(english)
    if len(a) < 4 or len(b) < 4:
        return 1.0 if a == b else 0.0
    prefix = Prefix.similarity(a, b)
    return max(fuzz.ratio(a, b) / 100, min(1.0, prefix / min(len(a), len(b))) if prefix >= 4 else 0.0)


def source_words(text: str) -> list[str]:
    """Lower-case, accent-free content words of a Spanish span."""
    words = "".join(c if c.isalpha() else " " for c in _plain(text.lower())).split()
    return [word for word in words if word not in SOURCE_STOPWORDS]


def _by_note(spans: list[SourceSpan]) -> dict[str, list[SourceSpan]]:
    grouped: dict[str, list[SourceSpan]] = defaultdict(list)
    for span in spans:
        grouped[span.note].append(span)
    return grouped


def _windows(spans: list[SourceSpan], english: str) -> list[_Window]:
    tokens = [t for t in tokenize(english) if t.stem.isalpha() and t.text.lower() not in STOPWORDS]
    starts = [token.start for token in tokens]
    anchors = _anchors(spans, tokens)
    windows = []
    for span in spans:
        place = _place(span.start, anchors)
        width = WINDOW + WINDOW_GROWTH * place
        low, high = bisect_left(starts, place - width), bisect_left(starts, place + width)
        windows.append(_Window(span, source_words(span.text), tokens, list(range(low, high)), place))
    return windows


def _anchors(spans: list[SourceSpan], tokens: list[Token]) -> list[tuple[int, int]]:
    """(source offset, English offset) pairs of unmistakable cognates, increasing in both."""
    found = []
    for span in spans:
        for word in source_words(span.text):
            if len(word) < ANCHOR_MIN_LETTERS:
                continue
            guess = span.start * DEFAULT_RATIO
            near = [t for t in tokens if abs(t.start - guess) < 2 * WINDOW + 0.1 * guess]
            best = max(near, key=lambda t: cognate_similarity(word, t.text), default=None)
            if best is not None and cognate_similarity(word, best.text) >= ANCHOR_SIMILARITY:
                found.append((span.start, best.start))
    increasing: list[tuple[int, int]] = []
    for source, english in sorted(set(found)):
        if not increasing or (source > increasing[-1][0] and english > increasing[-1][1]):
            increasing.append((source, english))
    return increasing


def _place(offset: int, anchors: list[tuple[int, int]]) -> float:
    """The English offset of a source offset, interpolated between anchors (the default ratio outside)."""
    points = [(0, 0), *anchors]
    index = bisect_left(points, (offset, -1))
    if index >= len(points):
        source, english = points[-1]
        return english + (offset - source) * DEFAULT_RATIO
    (s0, e0), (s1, e1) = points[index - 1] if index else points[0], points[index]
    if s1 == s0:
        return float(e1)
    return e0 + (offset - s0) * (e1 - e0) / (s1 - s0)


def _nearness(window: _Window, index: int) -> float:
    return math.exp(-abs(window.tokens[index].start - window.place) / DISTANCE_SCALE)


def _translation_model(windows: list[_Window]) -> dict[tuple[str, str], float]:
    """(source word, English stem) -> geometric mean of the two IBM Model 1 directions."""
    start = {}
    for window in windows:
        for word in window.source_words:
            for index in window.nearby:
                token = window.tokens[index]
                key = (word, token.stem)
                start[key] = max(start.get(key, 0.0), 0.01 + cognate_similarity(word, token.text))
    source_given_english = _expectation_maximisation(windows, start, english_generates=True)
    english_given_source = _expectation_maximisation(windows, start, english_generates=False)
    return {
        key: math.sqrt(value * source_given_english.get(key, 0.0))
        for key, value in english_given_source.items()
    }


def _expectation_maximisation(
    windows: list[_Window], start: dict[tuple[str, str], float], english_generates: bool
) -> dict[tuple[str, str], float]:
    """IBM Model 1 by EM: P(source | English) when `english_generates`, else P(English | source)."""
    table = dict(start)
    for _ in range(EM_ITERATIONS):
        counts: dict[tuple[str, str], float] = defaultdict(float)
        totals: dict[str, float] = defaultdict(float)
        for window in windows:
            if english_generates:
                for word in window.source_words:
                    weighted = [
                        (
                            (word, window.tokens[i].stem),
                            table[word, window.tokens[i].stem] * _nearness(window, i),
                        )
                        for i in window.nearby
                    ]
                    _collect(weighted, counts, totals, given=1, null=0.0)
            else:
                for i in window.nearby:
                    stem = window.tokens[i].stem
                    weighted = [((word, stem), table[word, stem]) for word in window.source_words]
                    _collect(weighted, counts, totals, given=0, null=NULL_WEIGHT)
        given = 1 if english_generates else 0
        table = {key: value / totals[key[given]] for key, value in counts.items()}
    return table


def _collect(weighted, counts, totals, given: int, null: float) -> None:
    norm = sum(weight for _, weight in weighted) + null
    if not norm:
        return
    for key, weight in weighted:
        counts[key] += weight / norm
        totals[key[given]] += weight / norm


def _phrase(window: _Window, translation: dict[tuple[str, str], float]) -> tuple[Token, ...]:
    picked = []
    for word in window.source_words:
        scored = [
            (translation.get((word, window.tokens[i].stem), 0.0) * _nearness(window, i), i)
            for i in window.nearby
        ]
        best = max(scored, default=None)
        if best is not None and translation.get((word, window.tokens[best[1]].stem), 0.0) >= MIN_TRANSLATION:
            picked.append(best[1])
    if not picked:
        return ()
    first, last = min(picked), max(picked)
    if last - first > len(window.source_words) + 2:
        return tuple(window.tokens[i] for i in sorted(set(picked)))
    return tuple(window.tokens[first : last + 1])


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _folded(word: str) -> str:
    folded = _plain(word.lower())
    for written, spoken in SPELLINGS:
        folded = folded.replace(written, spoken)
    return folded
