"""What a search query asks for: its words, typos corrected, and its everyday phrases rewritten.

A query becomes one or more `Reading`s: the words as typed, then one per everyday phrase of
synonyms.tsv it holds ("heart attack" -> "myocardial infarction"). Each word becomes a `Term` for
the full-text index: a known word as it is, an unknown one as the known words one edit away, the
last one as a prefix while the user may still be typing it.
"""

import math
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from medcoder.codebook.search_aligned import aligned_with
from medcoder.codebook.search_words import (
    ARABIC,
    ROMAN,
    SHORTEST_CORRECTED,
    STOP_WORDS,
    deletions,
    is_residual,
    negated_stems,
    stem,
    words,
)

# A synonym rewriting part of the query is a guess at what the user meant; one that is the whole
# query ("flu", "pink eye") is what the user meant.
REWRITE_PENALTY = 0.5
MOST_CORRECTIONS = 3
# A known word this rare may be a misspelling, or another edition's spelling: its commoner
# spellings one edit away are matched too.
RARE_KNOWN = 3
# Two neighbouring words this alike are one word's forms: "adhesions, adhesive" share 5 of 7 letters of
# their stems, "hyperplasia, hypertrophy" only "hyper".
FORM_PREFIX = 4
FORM_SHARE = 0.75
SHORTEST_PREFIX = 2  # a one-letter prefix matches nearly everything; the index keeps 2- and 3-letter ones


@dataclass(frozen=True)
class Term:
    match: str  # FTS5 syntax: '"word"', '"word"*' or '("one" OR "other")'
    stem: str  # what ranking compares with an entry's stems
    prefix: bool
    weight: float  # 1 for being asked for, plus the word's rarity (inverse document frequency)
    aligned: frozenset[str] = frozenset()  # stems the code sets use for the same (search_aligned.py)
    forms: tuple[str, ...] = ()  # its stem and the stems of the other forms the query lists beside it

    @property
    def stems(self) -> tuple[str, ...]:
        return self.forms or (self.stem,)


@dataclass(frozen=True)
class Reading:
    terms: tuple[Term, ...]
    penalty: float
    label: str  # '' as typed, else the synonym applied: "heart attack = myocardial infarction"
    words: tuple[str, ...]  # all its words in order, stop words too: an entry saying just these is exact
    negated: frozenset[str]  # stems the query says are absent ("without mention of gangrene")
    residual: bool  # the query asks for an "other" / NEC category


@dataclass(frozen=True)
class Synonym:
    everyday: tuple[str, ...]  # the everyday words, as `words()` cuts them
    coding: str  # the wording the code sets use


def readings(connection: sqlite3.Connection, query: str) -> list[Reading]:
    """The query as typed, then each everyday-phrase rewrite of it."""
    typed = words(query)
    negated, residual = negated_stems(query), is_residual(query)
    found = [Reading(_terms(connection, typed), 0.0, "", tuple(typed), negated, residual)]
    for synonym in _synonyms_in(typed):
        start = _find(typed, synonym.everyday)
        rewritten = typed[:start] + words(synonym.coding) + typed[start + len(synonym.everyday) :]
        label = f"{' '.join(synonym.everyday)} = {synonym.coding}"
        penalty = 0.0 if len(synonym.everyday) == len(typed) else REWRITE_PENALTY
        found.append(
            Reading(_terms(connection, rewritten), penalty, label, tuple(rewritten), negated, residual)
        )
    return [reading for reading in found if reading.terms]


def _terms(connection: sqlite3.Connection, typed: list[str]) -> tuple[Term, ...]:
    content = [w for w in typed if w not in STOP_WORDS] or typed
    entries = _entry_count(connection)
    terms = []
    for position, word in enumerate(content):
        spellings: frozenset[str] = frozenset()
        last = position == len(content) - 1 and len(word) >= SHORTEST_PREFIX
        frequency = _frequency(connection, word)
        if word in ROMAN or word in ARABIC:  # "stage II" is "stage 2"; either finds both
            match = f'("{word}" OR "{ROMAN.get(word) or ARABIC[word]}")'
        elif frequency or (last and _known_prefix(connection, word)):
            match = f'"{word}"*' if last else f'"{word}"'
            if 0 < frequency <= RARE_KNOWN and (commoner := _commoner_spellings(connection, word, frequency)):
                match = "(" + " OR ".join([match, *(f'"{w}"' for w in commoner)]) + ")"
                spellings = frozenset(stem(w) for w in commoner)
        else:
            corrections = _corrections(connection, word)
            if corrections:
                match = "(" + " OR ".join(f'"{w}"' for w, _ in corrections) + ")"
                word, frequency = corrections[0]
            else:
                match = f'"{word}"'
        rarity = max(math.log(entries / (1 + (frequency or 100))), 0.0)
        aligned = aligned_with(connection, stem(word)) | spellings
        terms.append(Term(match, stem(word), last, 1.0 + rarity, aligned))
    return _merged(terms)


def _merged(terms: list[Term]) -> tuple[Term, ...]:
    """One term per stem, and the forms listed beside it: the Index lists a term's forms side by side
    ("Neoplasm, neoplastic", "Cirrhosis, cirrhotic", "Ulcer, ulcerated, ulceration"), which name one
    thing and must neither count twice nor all be required of a title that uses one of them."""
    groups: list[list[Term]] = []
    for term in terms:
        same = [group for group in groups if any(other.stem == term.stem for other in group)]
        if not same and groups and any(_is_form_of(term.stem, other.stem) for other in groups[-1]):
            same = groups[-1:]
        if same:
            same[0].append(term)
        else:
            groups.append([term])
    return tuple(
        same[0]
        if len(same) == 1
        else Term(
            "(" + " OR ".join(dict.fromkeys(term.match for term in same)) + ")",
            same[0].stem,
            all(term.prefix for term in same),
            max(term.weight for term in same),
            frozenset().union(*(term.aligned for term in same)),
            tuple(dict.fromkeys(term.stem for term in same)),
        )
        for same in groups
    )


def _is_form_of(one: str, other: str) -> bool:
    """Whether two neighbouring words' stems are forms of one word: sharing most of the shorter one
    and at least FORM_PREFIX letters ("cirrhos" / "cirrhot", "anomal" / "anomalo", "cyst" / "cystic")."""
    shared = next(
        (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other))
    )
    return shared >= FORM_PREFIX and shared >= FORM_SHARE * min(len(one), len(other))


def _entry_count(connection: sqlite3.Connection) -> int:
    return connection.execute("SELECT max(id) FROM search_entries").fetchone()[0] or 1


def _frequency(connection: sqlite3.Connection, word: str) -> int:
    row = connection.execute("SELECT frequency FROM search_words WHERE word = ?", (word,)).fetchone()
    return row[0] if row else 0


def _known_prefix(connection: sqlite3.Connection, word: str) -> bool:
    row = connection.execute(
        "SELECT 1 FROM search_words WHERE word > ? AND word < ? LIMIT 1", (word, word + "\uffff")
    ).fetchone()
    return row is not None


def _commoner_spellings(connection: sqlite3.Connection, word: str, frequency: int) -> list[str]:
    """Known words one edit from a rare known word and more frequent than it: "hypercarotinemia" is
    in ICD-9-CM's titles only, ICD-10-CM writes "hypercarotenemia"."""
    return [other for other, seen in _corrections(connection, word) if seen > frequency]


def _corrections(connection: sqlite3.Connection, word: str) -> list[tuple[str, int]]:
    """Known words one edit (insert, delete, substitute, transpose) from `word`, with their
    frequencies, most frequent first."""
    if len(word) < SHORTEST_CORRECTED or word.isdigit():
        return []
    variants = sorted(deletions(word) | {word})
    marks = ", ".join("?" * len(variants))
    rows = connection.execute(
        "SELECT w.word, w.frequency FROM search_words w WHERE w.word IN"
        f" (SELECT word FROM search_word_deletions WHERE deletion IN ({marks}))"
        f" OR w.word IN ({marks}) ORDER BY w.frequency DESC LIMIT ?",
        (*variants, *variants, MOST_CORRECTIONS),
    )
    return rows.fetchall()


@cache
def synonyms() -> tuple[Synonym, ...]:
    """The everyday-language list (synonyms.tsv), longest phrase first."""
    found = []
    for line in files("medcoder.codebook").joinpath("synonyms.tsv").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            everyday, coding = line.split("\t")
            found.append(Synonym(tuple(words(everyday)), coding.strip()))
    return tuple(sorted(found, key=lambda s: -len(s.everyday)))


@cache
def _synonyms_by_first_word() -> dict[str, list[Synonym]]:
    by_word: dict[str, list[Synonym]] = {}
    for synonym in synonyms():
        by_word.setdefault(synonym.everyday[0], []).append(synonym)
    return by_word


def _synonyms_in(typed: list[str]) -> list[Synonym]:
    """The synonyms whose phrase the query holds; a longer phrase hides the shorter ones inside it."""
    by_word = _synonyms_by_first_word()
    candidates = sorted(
        {s for word in set(typed) for s in by_word.get(word, ())}, key=lambda s: (-len(s.everyday), s.coding)
    )
    found: list[Synonym] = []
    taken: set[int] = set()
    for synonym in candidates:
        start = _find(typed, synonym.everyday)
        span = set(range(start, start + len(synonym.everyday)))
        if start >= 0 and (not span & taken or any(f.everyday == synonym.everyday for f in found)):
            found.append(synonym)
            taken |= span
    return found


def _find(typed: list[str], phrase: tuple[str, ...]) -> int:
    for start in range(len(typed) - len(phrase) + 1):
        if tuple(typed[start : start + len(phrase)]) == phrase:
            return start
    return -1
