"""Learning phrase -> code pairs from the train split's evidence, once spans are placed in English.

Every aligned evidence span proposes its English phrase for its code. A proposal is kept when, over
the train notes where the phrase is affirmed (ConText: not negated, family or hypothetical, nor
reported normal unless it is a procedure), the code was gold in at least `MIN_NOTES` of them, and in
a share of them at least `MIN_PRECISION` and at least `MIN_LIFT` times the share of all train notes
that carry the code. A phrase is judged only where it stands alone, not inside a longer phrase for
the same code, and only in notes where no longer phrase for the code is affirmed. The counts travel
with the term, so ranking can weigh a phrase right 40 times in 45 above one right 2 in 9.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from medcoder.notecoder.context import PHRASES_BY_FIRST_WORD, assert_mention, find_cues
from medcoder.notecoder.evidence_alignment import AlignedSpan
from medcoder.notecoder.findings import PROCEDURE_SYSTEMS
from medcoder.notecoder.learned_terms import LearnedTerm
from medcoder.notecoder.lexicon import LEARNED, Entry, Lexicon, says_something
from medcoder.notecoder.mentions import Mention, find_mentions
from medcoder.notecoder.sentences import split_sentences
from medcoder.notecoder.words import Token, stem

# Words of the report around a finding, never the finding: a span misplaced onto "abdominal
# ultrasound showed" must not teach that "showed" means a CT.
REPORTING = frozenset(
    stem(word)
    for word in [
        "showed",
        "revealed",
        "performed",
        "observed",
        "found",
        "detected",
        "demonstrated",
        "noted",
        "evidenced",
        "appeared",
        "carried",
        "underwent",
        "patient",
        "case",
        "year",
        "month",
        "week",
        "day",
        "time",
        "later",
        "after",
        "also",
    ]
)
MIN_NOTES = 1
MIN_PRECISION = 0.3
MIN_LIFT = 2.0  # times the share of train notes carrying the code: "patient" says nothing about R52
MAX_STEMS = 4
RIVAL_SHARE = 0.5  # of the best precision among a phrase's codes, for another of its codes to be kept
NOT_AFFIRMED = frozenset({"negated", "normal", "family", "hypothetical"})


@dataclass(frozen=True)
class CodedNote:
    """A train note and its gold codes, as (system, code as CodiEsp writes it) pairs."""

    text: str
    codes: frozenset[tuple[str, str]]


def learn_terms(aligned: list[AlignedSpan], notes: dict[str, CodedNote]) -> list[LearnedTerm]:
    """The learned terms of `notes` (note id -> note); spans of other notes are ignored, so a held-out
    fold never teaches its own terms."""
    evidence_in: dict[Entry, set[str]] = defaultdict(set)
    for span in aligned:
        if span.span.note in notes and (stems := phrase_stems(span.tokens)):
            entry = Entry(stems, span.span.system, span.span.code, LEARNED, " ".join(stems))
            evidence_in[entry].add(span.span.note)
    affirmed_in = _affirmed_notes(Lexicon(list(evidence_in), []), notes)
    coded_in = Counter(code for note in notes.values() for code in note.codes)
    terms = []
    for entry, found_in in _unexplained(affirmed_in).items():
        right = sum((entry.system, entry.code) in notes[note].codes for note in found_in)
        precision = right / len(found_in)
        base_rate = coded_in[entry.system, entry.code] / len(notes)
        if right >= MIN_NOTES and precision >= max(MIN_PRECISION, MIN_LIFT * base_rate):
            precision = round(right / len(found_in), 3)
            terms.append(LearnedTerm(entry.stems, entry.system, entry.code, right, precision))
    return sorted(_without_eclipsed(terms), key=lambda term: (term.system, term.code, term.stems))


def _unexplained(affirmed_in: dict[Entry, set[str]]) -> dict[Entry, set[str]]:
    """The notes each phrase is judged in: not those where a longer phrase for its code is affirmed,
    which explains the code there. Otherwise "chest" takes the record of "chest x-ray" said elsewhere
    in the note (BW03ZZZ right in 42% of notes) and codes a radiograph for every "chest pain"."""
    by_code: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in affirmed_in:
        by_code[entry.system, entry.code].append(entry)
    judged = {}
    for entry, found_in in affirmed_in.items():
        longer = [other for other in by_code[entry.system, entry.code] if set(entry.stems) < set(other.stems)]
        if unexplained := found_in.difference(*(affirmed_in[other] for other in longer)):
            judged[entry] = unexplained
    return judged


def _without_eclipsed(terms: list[LearnedTerm]) -> list[LearnedTerm]:
    """Drop a phrase's code that is right far less often than another code of the same phrase: notes
    with an abdominal CT often have an ultrasound too, so "abdominal ultrasound" is right for the CT
    (BW20) in 37% of notes, for the ultrasound (BW40) in 91%; only the second is what it says."""
    best: dict[tuple[str, tuple[str, ...]], float] = defaultdict(float)
    for term in terms:
        key = (term.system, term.stems)
        best[key] = max(best[key], term.precision)
    return [term for term in terms if term.precision >= RIVAL_SHARE * best[term.system, term.stems]]


def phrase_stems(tokens: tuple[Token, ...]) -> tuple[str, ...] | None:
    """The stems a phrase is matched by, without ConText trigger words (a learned "history smoking"
    would carry its own assertion past the ConText step); None when nothing codable is left."""
    stems = tuple(
        dict.fromkeys(
            token.stem
            for token in tokens
            if token.stem.isalpha()
            and token.text.lower() not in PHRASES_BY_FIRST_WORD
            and token.stem not in REPORTING
        )
    )
    if not stems or len(stems) > MAX_STEMS or not says_something(stems):
        return None
    return stems


def _affirmed_notes(lexicon: Lexicon, notes: dict[str, CodedNote]) -> dict[Entry, set[str]]:
    found: dict[Entry, set[str]] = defaultdict(set)
    for note_id, note in notes.items():
        for sentence in split_sentences(note.text):
            cues = find_cues(sentence)
            kept, _ = find_mentions(sentence, lexicon)
            for mention in kept:
                if _shadowed(mention, kept):
                    continue
                status = assert_mention(sentence, cues, mention.token_indexes).status
                if status not in NOT_AFFIRMED or (
                    status == "normal" and mention.entry.system in PROCEDURE_SYSTEMS
                ):
                    found[mention.entry].add(note_id)
    return found


def _shadowed(mention: Mention, mentions: list[Mention]) -> bool:
    """A phrase inside a longer phrase for the same code is not judged there: "type" inside "type 2
    diabetes" would take the longer phrase's record (E11.9, right) and then code every "type" alone."""
    return any(
        other.entry.code == mention.entry.code
        and other.entry.system == mention.entry.system
        and mention.token_indexes < other.token_indexes
        for other in mentions
    )
