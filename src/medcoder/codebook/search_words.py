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
