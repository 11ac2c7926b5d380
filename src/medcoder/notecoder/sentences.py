"""Split a note into sentences: at sentence punctuation followed by a capital, at line breaks and
semicolons, never after abbreviations such as "Dr." or "vs." or inside numbers ("37.5")."""

import re
from dataclasses import dataclass

from medcoder.notecoder.words import Token, tokenize

BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])|\n\s*|;\s+|:\s*\n")
NOT_AN_END = re.compile(r"\b(?:dr|mr|mrs|ms|vs|no|fig|approx|e\.g|i\.e|st)\.$", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[Token, ...]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` with their tokens; empty stretches are skipped."""
    sentences: list[Sentence] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        if NOT_AN_END.search(text[max(0, match.start() - 6) : match.start()]):
            continue
        _add(sentences, text, start, match.start())
        start = match.end()
    _add(sentences, text, start, len(text))
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    tokens = tuple(tokenize(text[start:end], start))
    if tokens:
        sentences.append(Sentence(start, end, tokens))
