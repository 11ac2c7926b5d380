"""Mention detection: which lexicon entries does a sentence contain?

Each word of the sentence becomes a slot carrying its stem; an abbreviation adds slots for the stems
of its expansion, all pointing at the abbreviation's words. An entry matches when each of its stems
has a slot and the slots lie within a window of about twice the entry's length, so "fracture of the
right femur" matches "Fracture of right femur" but a stem at the other end of a long sentence does not.

More specific mentions win: a mention whose stems are a strict subset of another's, on the same words,
is dropped here and kept as `subsumed`, which is how combination codes are preferred
("type 2 diabetes ... chronic kidney disease" -> E11.22 over E11.9 and N18.9).
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from medcoder.notecoder.lexicon import Abbreviation, Entry, Lexicon
from medcoder.notecoder.sentences import Sentence
from medcoder.notecoder.words import STOPWORDS


@dataclass(frozen=True)
class Slot:
    stem: str
    first: int  # token indexes in the sentence
    last: int
    abbreviation: str | None = None


@dataclass(frozen=True)
class Mention:
    entry: Entry
    sentence: Sentence
    slots: tuple[Slot, ...]

    @property
    def first(self) -> int:
        return min(slot.first for slot in self.slots)

    @property
    def last(self) -> int:
        return max(slot.last for slot in self.slots)

    @property
    def token_indexes(self) -> frozenset[int]:
        return frozenset(i for slot in self.slots for i in range(slot.first, slot.last + 1))


def sentence_slots(sentence: Sentence, abbreviations: dict[str, list[Abbreviation]]) -> list[Slot]:
    """One slot per content word, plus the expansion stems of each abbreviation found.

    `abbreviations` is keyed by the lower-cased first word, longest abbreviation first.
    """
    tokens = sentence.tokens
    slots = [
        Slot(token.stem, index, index)
        for index, token in enumerate(tokens)
        if token.text.lower() not in STOPWORDS
    ]
    index = 0
    while index < len(tokens):
        for abbreviation in abbreviations.get(tokens[index].text.lower(), ()):
            last = index + len(abbreviation.words) - 1
            if last < len(tokens) and _written_as(tokens[index : last + 1], abbreviation):
                slots.extend(Slot(stem, index, last, abbreviation.expansion) for stem in abbreviation.stems)
                index = last
                break
        index += 1
    return slots


def find_mentions(sentence: Sentence, lexicon: Lexicon) -> tuple[list[Mention], list[Mention]]:
    """(mentions kept, mentions subsumed by a more specific one) of one sentence."""
    by_stem: dict[str, list[Slot]] = defaultdict(list)
    for slot in sentence_slots(sentence, lexicon.abbreviations):
        by_stem[slot.stem].append(slot)
    found: list[Mention] = []
    present = by_stem.keys()
    for stems, entry in _candidates(lexicon, present):
        if stems <= present:
            slots = _place(entry, by_stem)
            if slots is not None:
                found.append(Mention(entry, sentence, slots))
    return _most_specific(found)


def _candidates(lexicon: Lexicon, present) -> Iterator[tuple[frozenset[str], Entry]]:
    """The entries whose two rarest stems the sentence has (looked up from the smaller side)."""
    for key in present:
        groups = lexicon.by_key.get(key)
        if not groups:
            continue
        if len(groups) <= len(present):
            seconds = [second for second in groups if second is None or second in present]
        else:
            seconds = [None, *(second for second in present if second in groups)]
        for second in seconds:
            yield from groups.get(second, ())


def _place(entry: Entry, by_stem: dict[str, list[Slot]]) -> tuple[Slot, ...] | None:
    anchor = by_stem[entry.stems[0]][0].first
    slots = tuple(min(by_stem[stem], key=lambda slot: abs(slot.first - anchor)) for stem in entry.stems)
    spread = max(slot.last for slot in slots) - min(slot.first for slot in slots) + 1
    return slots if spread <= 2 * len(entry.stems) + 2 else None


def _most_specific(mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    kept, subsumed = [], []
    for mention in mentions:
        stems, words = set(mention.entry.stems), mention.token_indexes
        if any(stems < set(other.entry.stems) and words <= other.token_indexes for other in mentions):
            subsumed.append(mention)
        else:
            kept.append(mention)
    return kept, subsumed


def _written_as(tokens, abbreviation: Abbreviation) -> bool:
    if abbreviation.case_sensitive:
        return all(token.text == word for token, word in zip(tokens, abbreviation.words, strict=True))
    return all(
        token.text.lower() == word.lower() for token, word in zip(tokens, abbreviation.words, strict=True)
    )
