"""Mention detection: which lexicon entries does a sentence contain?

Each word of the sentence becomes a slot carrying its stem; an abbreviation adds slots for the stems
of its expansion, all pointing at the abbreviation's words. An entry matches when each of its stems
has a slot and the slots lie within a window of about twice the entry's length, so "fracture of the
right femur" matches "Fracture of right femur" but a stem at the other end of a long sentence does not.

More specific mentions win: a mention whose stems are a strict subset of another's, on the same words,
is dropped here and kept as `subsumed`, which is how combination codes are preferred
("type 2 diabetes ... chronic kidney disease" -> E11.22 over E11.9 and N18.9). Only a mention of the
same code system gives way: a diagnosis names what was found, not what was done, so "chest x-ray
revealed an infiltrate" keeps the radiograph (BW03ZZZ) beside the finding (R91.8).
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from medcoder.notecoder.lexicon import LEARNED, Abbreviation, Entry, Lexicon
from medcoder.notecoder.sentences import Sentence
from medcoder.notecoder.words import STOPWORDS, is_acronym, stem

WITHOUT = stem("without")
WITHOUT_REACH = 3  # tokens from "without" to the word it governs ("without any urinary leakage")


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
    """One slot per content word, a second one for an acronym as written (the Index's "PIN" matches
    only that), plus the expansion stems of each abbreviation found.

    `abbreviations` is keyed by the lower-cased first word, longest abbreviation first.
    """
    tokens = sentence.tokens
    slots = [
        Slot(token.stem, index, index)
        for index, token in enumerate(tokens)
        if token.text.lower() not in STOPWORDS
    ]
    slots.extend(
        Slot(token.text, index, index) for index, token in enumerate(tokens) if is_acronym(token.text)
    )
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
    """(mentions kept, mentions subsumed by a more specific one) of one sentence.

    A learned phrase matches only the words as written: it was learned from written words, and an
    expansion ("CKD" -> "chronic kidney disease") would hand it words the note never used.
    """
    by_stem: dict[str, list[Slot]] = defaultdict(list)
    written: dict[str, list[Slot]] = defaultdict(list)
    for slot in sentence_slots(sentence, lexicon.abbreviations):
        by_stem[slot.stem].append(slot)
        if slot.abbreviation is None:
            written[slot.stem].append(slot)
    found: list[Mention] = []
    present = by_stem.keys()
    for stems, entry in _candidates(lexicon, present):
        usable = written if entry.origin == LEARNED else by_stem
        if stems <= usable.keys():
            slots = _place(entry, usable)
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
    if spread > 2 * len(entry.stems) + 2 or not _without_governs(entry.stems, slots):
        return None
    return slots


def _without_governs(stems: tuple[str, ...], slots: tuple[Slot, ...]) -> bool:
    """An entry's "without X" needs the note's "without" just before its X: "nausea and vomiting without
    fever" holds every word of "Vomiting, without nausea" (R11.11), but says the opposite."""
    if WITHOUT not in stems[:-1]:
        return True
    at = stems.index(WITHOUT)
    return 0 < slots[at + 1].first - slots[at].last <= WITHOUT_REACH


def _most_specific(mentions: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Split mentions into kept and subsumed: a mention whose stems are a strict subset of another's,
    on the same words, gives way to it. A learned phrase records what annotators coded, not which code
    is the more specific, so it subsumes nothing and gives way only within its own category
    ("diabetes" -> E11.9 to E11.22; "hemorrhage" -> R58 stays beside I60.9, for Excludes1 and ranking
    to judge)."""
    kept, subsumed = [], []
    for mention in mentions:
        if any(_subsumes(other, mention) for other in mentions):
            subsumed.append(mention)
        else:
            kept.append(mention)
    return kept, subsumed


def _subsumes(specific: Mention, general: Mention) -> bool:
    if specific.entry.origin == LEARNED or specific.entry.system != general.entry.system:
        return False
    if general.entry.origin == LEARNED and specific.entry.code[:3] != general.entry.code[:3]:
        return False
    return (
        set(general.entry.stems) < set(specific.entry.stems)
        and general.token_indexes <= specific.token_indexes
    )


def _written_as(tokens, abbreviation: Abbreviation) -> bool:
    if abbreviation.case_sensitive:
        return all(token.text == word for token, word in zip(tokens, abbreviation.words, strict=True))
    return all(
        token.text.lower() == word.lower() for token, word in zip(tokens, abbreviation.words, strict=True)
    )
