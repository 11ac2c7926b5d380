"""How search cuts text into words, shared by the index build and the query so both agree.

Matching itself goes through SQLite FTS5 (porter stemmer); these functions serve the ranking, which
needs to know which of a candidate's words the query covered, and the typo corrector, which needs
the same words the index holds.
"""

import re
import unicodedata
from functools import cache, lru_cache

# Words that carry no meaning for matching. "without", "not" and "no" are kept on purpose: they
# separate "with complications" from "without complications"; so are single letters ("Hepatitis A").
STOP_WORDS = frozenset("an and as at by for from in into is it of on or other than the to with due".split())  # noqa: SIM905

# Suffixes removed before comparing words, longest first, so "diabetes"/"diabetic" and
# "myocardial"/"myocardium" compare equal.
SUFFIXES = (
    "ations",
    "ation",
    "ings",
    "ing",
    "ies",
    "ive",
    "ic",
    "al",
    "ia",
    "um",
    "us",
    "es",
    "ed",
    "s",
    "y",
    "e",
)
STEM_LENGTH = 7
# What a surgical word's ending says was done: -ectomy, -ostomy, -otomy, -oscopy, -oplasty, -orrhaphy, -opexy.
PROCEDURE_ROOTS = ("ectom", "ostom", "otom", "oscop", "oplast", "orrhaph", "opex")
# Words shorter than this are never typo-corrected: too many short words are one edit apart.
SHORTEST_CORRECTED = 5

# Roman numerals as the code sets write stages, grades and types ("Stage II", "grade IV", "type I"),
# compared as their digits; "x" stays a letter ("Fragile X").
ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8", "ix": "9"}
ARABIC = {digit: roman for roman, digit in ROMAN.items()}
# What a title says is absent ("without obstruction or gangrene", "not intractable", "not due to
# isoimmunization") reaches to the end of its clause or to a "with" naming what is present.
NEGATIONS = frozenset({"without", "not", "no"})
PRESENT = "with"
_CLAUSE = re.compile(r"[,;:()\[\]]")
# ICD-10-CM's nonessential words: parentheses ("nose (septum)") and brackets' explanations
# ("ear [any part, except ear drum]"). A code is found by them, but a query need not say them.
NONESSENTIAL = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# Titles of the residual codes: "Other neutropenia", "Postsurgical malabsorption, not elsewhere classified".
RESIDUAL = re.compile(r"\bother\b|\bnot elsewhere classified\b|\bnec\b")

_WORD = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"(?<=[a-z])'s\b")


def fold(text: str) -> str:
    """Lower case without diacritics ("Sjögren" -> "sjogren")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of `text`, stop words included, in order; "Cogan's" is "cogan"."""
    return _WORD.findall(_POSSESSIVE.sub("", fold(text)))


@cache
def stem(word: str) -> str:
    """A crude stem, good enough to compare a query word with a candidate's word. A surgical word
    keeps its procedure part: "cholecystectomy" and "cholecystoscopy" share seven letters."""
    if word in ROMAN:
        return ROMAN[word]
    for root in PROCEDURE_ROOTS:
        at = word.find(root, 3)
        if at > 0:
            return word[: at + len(root)]
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:STEM_LENGTH]


@lru_cache(maxsize=1 << 18)
def content_stems(text: str) -> frozenset[str]:
    """The stems of the words that matter for ranking (stop words dropped)."""
    return frozenset(stem(w) for w in words(text) if w not in STOP_WORDS)


def deletions(word: str) -> set[str]:
    """The word with one character removed, each way: two words one edit apart share one of these
    (or one is a deletion of the other), which finds typos without comparing against every word."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=1 << 18)
def negated_stems(text: str) -> frozenset[str]:
    """The stems `text` says are absent and nowhere says are present: "Migraine with aura, not
    intractable, without status migrainosus" negates intractable, status and migrainosus."""
    negated, present = set(), set()
    for clause in _CLAUSE.split(text):
        absent = False
        for word in words(clause):
            if word in NEGATIONS or word == PRESENT:
                absent = word != PRESENT
            elif word not in STOP_WORDS:
                (negated if absent else present).add(stem(word))
    return frozenset(negated - present)


def is_residual(text: str) -> bool:
    """Whether `text` names a residual category: other, or not elsewhere classified."""
    return RESIDUAL.search(fold(text)) is not None
