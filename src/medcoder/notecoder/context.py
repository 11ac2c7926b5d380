"""ConText-style assertions: is a mention negated, historical, about a relative, hypothetical or
uncertain? (After Harkema et al., ConText, 2009, as medspaCy implements it.)

A trigger phrase opens a scope forward (or backward, for phrases written after the finding: "... was
ruled out") up to a terminator ("but", "however"...), the end of the sentence or `MAX_SCOPE` words.
A mention inside a scope takes the trigger's status; the nearest trigger wins.
"""

from dataclasses import dataclass

from medcoder.notecoder.records import Assertion, Span
from medcoder.notecoder.sentences import Sentence

MAX_SCOPE = 12
# A one-word trigger other than a negation ("previous", "possible", "mother") qualifies only the words
# right after it: "a man with a previous active life who complained of pain" keeps the pain current.
SHORT_SCOPE = 4

FORWARD = "forward"
BACKWARD = "backward"

# History cues that say the finding has ended, not only that it began before: an ex-smoker no longer
# smokes, while a "history of smoking" often still does.
ENDED = ("former", "formerly", "ex", "quit", "stopped", "gave up", "given up")

# (phrase, status, direction). Phrases are lower case words; matching is word by word. "Resolved" is
# no negation: a condition that resolved during the episode was there, and is coded.
TRIGGERS: tuple[tuple[str, str, str], ...] = (
    *(
        (p, "negated", FORWARD)
        for p in (
            "no",
            "not",
            "without",
            "denies",
            "denied",
            "deny",
            "negative for",
            "absence of",
            "absent",
            "free of",
            "no evidence of",
            # longer than "history of", so the finding is negated, not historical: "no history of diabetes"
            "no history of",
            "no personal history of",
            "no previous history of",
            "no prior history of",
            "no past history of",
            "no known history of",
            "without history of",
            "no signs of",
            "no sign of",
            "ruled out",
            "rules out",
            "excluded",
            "never had",
            "nor",
            "neither",
        )
    ),
    *(
        (p, "negated", BACKWARD)
        for p in (
            "was ruled out",
            "were ruled out",
            "was excluded",
            "were excluded",
            "not seen",
            "not observed",
            "was not detected",
            "were not detected",
            "not found",
            "absent",
            "unlikely",
        )
    ),
    # A result: the finding is not there, but the test that looked for it was done ("chest x-ray was
    # normal" is a radiograph; "reflexes were normal" is no abnormal reflex).
    *(
        (p, "normal", BACKWARD)
        for p in (
            "was negative",
            "were negative",
            "is negative",
            "are negative",
            "was normal",
            "were normal",
            "is normal",
            "are normal",
            "was unremarkable",
            "were unremarkable",
            "within normal limits",
            "not palpable",
            "were not palpable",
            "was not palpable",
        )
    ),
    *(
        (p, "historical", FORWARD)
        for p in (
            "history of",
            "h o",
            "s p",
            "status post",
            "previous",
            "previously",
            "prior",
            "past",
            *ENDED,
            "years ago",
            "in childhood",
        )
    ),
    *(
        (p, "family", FORWARD)
        for p in (
            "family history of",
            "mother",
            "father",
            "brother",
            "sister",
            "sibling",
            "siblings",
            "grandmother",
            "grandfather",
            "aunt",
            "uncle",
            "son",
            "daughter",
            "cousin",
            "relatives",
        )
    ),
    *(
        (p, "hypothetical", FORWARD)
        for p in (
            "if",
            "in case of",
            "should he develop",
            "should she develop",
            "return if",
            "risk of",
            "prevent",
            "prevention of",
            "prophylaxis",
            "screening for",
            "to rule out",
            "rule out",
            "r o",
            "evaluate for",
        )
    ),
    *(
        (p, "uncertain", FORWARD)
        for p in (
            "possible",
            "possibly",
            "probable",
            "probably",
            "suspected",
            "suspicion of",
            "suspect",
            "likely",
            "questionable",
            "question of",
            "cannot be excluded",
            "compatible with",
            "suggestive of",
            "differential diagnosis",
            "versus",
        )
    ),
)

# Words that end a trigger's scope: contrasts, and the verbs that open the current episode
# ("a history of duodenal ulcer, complaining of pain in the right flank": the pain is current).
TERMINATORS = frozenset(
    {
        "but",
        "however",
        "although",
        "though",
        "except",
        "which",
        "who",
        "whereas",
        "yet",
        "complaining",
        "presenting",
        "presented",
        "presents",
        "consulted",
        "admitted",
        "referred",
        "came",
        "now",
        "currently",
    }
)

# Phrases that contain a trigger word but do not assert anything ("no change", "not only"), and
# negations complete in themselves: "no relevant medical history, ex-smoker" keeps the smoking.
PSEUDO_TRIGGERS = (
    "no relevant medical history",
    "no relevant personal history",
    "no relevant clinical history",
    "no relevant history",
    "no significant pathological history",
    "no history of interest",
    "no personal history of interest",
    "no previous history of interest",
    "no medical history of interest",
    "no change",
    "no further",
    "not only",
    "no longer",
    "without difficulty",
    "not necessarily",
    "gram negative",
    "negative gram",
)


PSEUDO = "pseudo"


@dataclass(frozen=True)
class Cue:
    status: str
    direction: str
    first: int  # token index of the trigger's first word
    last: int  # token index of its last word
    span: Span


def find_cues(sentence: Sentence) -> list[Cue]:
    """Trigger phrases of one sentence, longest first where they overlap, pseudo-triggers removed. A
    phrase looking back and one looking ahead may share a word: "the biopsy was negative for
    malignancy" reports the biopsy's result and negates the malignancy."""
    words = [token.text.lower() for token in sentence.tokens]
    found = [
        (first, phrase, status, direction)
        for first, word in enumerate(words)
        for phrase, status, direction in PHRASES_BY_FIRST_WORD.get(word, ())
        if words[first : first + len(phrase)] == list(phrase)
    ]
    cues: list[Cue] = []
    taken: dict[str, set[int]] = {FORWARD: set(), BACKWARD: set()}
    for first, phrase, status, direction in sorted(found, key=lambda f: -len(f[1])):
        positions = set(range(first, first + len(phrase)))
        if positions & (taken[FORWARD] if status == PSEUDO else taken[direction]):
            continue
        taken[direction] |= positions
        if status == PSEUDO:
            continue
        words_of_cue = sentence.tokens[first : first + len(phrase)]
        span = Span(words_of_cue[0].start, words_of_cue[-1].end, " ".join(t.text for t in words_of_cue))
        cues.append(Cue(status, direction, first, first + len(phrase) - 1, span))
    return cues


def assert_mention(sentence: Sentence, cues: list[Cue], mention_words: frozenset[int]) -> Assertion:
    """Status of the mention made of the tokens `mention_words` (indexes into `sentence.tokens`).

    A forward trigger counts when it precedes the mention's last word without being one of its words,
    so "cardiac arrhythmia, not murmurs" negates the murmur but not the arrhythmia.
    """
    _first, last = min(mention_words), max(mention_words)
    words = [token.text.lower() for token in sentence.tokens]
    best: tuple[int, Cue] | None = None
    for cue in cues:
        if cue.first in mention_words or cue.last in mention_words:
            continue
        if cue.direction == FORWARD and cue.last < last:
            between = range(cue.last + 1, last)
            distance = last - cue.last
        elif cue.direction == BACKWARD and cue.first > last:
            between = range(last + 1, cue.first)
            distance = cue.first - last
        else:
            continue
        scope = MAX_SCOPE if cue.status == "negated" or cue.last > cue.first else SHORT_SCOPE
        if distance > scope or any(words[i] in TERMINATORS for i in between):
            continue
        if cue.status == "negated" and cue.direction == FORWARD and _new_phrase(words, between):
            continue
        if best is None or distance < best[0]:
            best = (distance, cue)
    if best is None:
        return Assertion("present")
    return Assertion(best[1].status, best[1].span)


def _new_phrase(words: list[str], between: range) -> bool:
    """Whether "and a" / "and an" opens a new noun phrase between a negation and the finding: "no
    abnormalities and an epididymal cyst" finds the cyst, while "no nausea and vomiting" and "no
    fever, chills or a rash" deny every item."""
    return any(words[i] == "and" and words[i + 1] in ("a", "an") for i in between)


def _by_first_word() -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    phrases = [*TRIGGERS, *((phrase, PSEUDO, FORWARD) for phrase in PSEUDO_TRIGGERS)]
    index: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for phrase, status, direction in phrases:
        words = tuple(phrase.split())
        index.setdefault(words[0], []).append((words, status, direction))
    return index


PHRASES_BY_FIRST_WORD = _by_first_word()
