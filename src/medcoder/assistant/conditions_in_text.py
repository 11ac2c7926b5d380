"""Diagnoses a question names in words ("chest pain and GERD, which goes first?"), read through the
codebook's search, for the questions about two conditions together that give no codes.

A phrase counts only when the search explains it completely: every word of the phrase is in what the
best billable hit matched (an Index entry, a title, an abbreviation such as GERD) and that match adds no
word of its own beyond "unspecified" or "NOS". So "chest pain" reads as R07.9, while "the patient"
("Recalcitrant patient") or a misspelled name ("Maria", matched as "Mania") reads as nothing.
"""

import re

from medcoder.assistant.knowledge import STOPWORDS
from medcoder.assistant.records import CodeMention
from medcoder.codebook import Codebook

LONGEST_PHRASE = 4
CONNECTOR = re.compile(r"[,;:.?!()]|\b(?:and|or|with|without|vs|versus|plus|due to|before|after|then)\b")
# Words of the question around the conditions: how coders ask, not what the patient has.
NOT_CLINICAL = frozenset(
    [
        "first",
        "goes",
        "go",
        "comes",
        "sequence",
        "sequenced",
        "sequencing",
        "together",
        "report",
        "reported",
        "bill",
        "billed",
        "both",
        "one",
        "hi",
        "hello",
        "team",
        "thanks",
        "thank",
        "please",
        "regards",
        "patient",
        "patients",
        "documented",
        "document",
        "documentation",
        "note",
        "notes",
        "chart",
        "record",
        "ed",
        "er",
        "visit",
        "encounter",
        "same",
        "claim",
        "day",
        "primary",
        "secondary",
        "principal",
        "diagnosis",
        "diagnoses",
        "listed",
        "list",
        "order",
        "put",
        "we",
        "had",
        "has",
        "have",
        "was",
        "were",
    ]
)
LEFT_OPEN = frozenset({"unspec", "nos", "other"})  # "unspecified", "NOS", "other", as _stems reads them


def conditions_named(
    codebook: Codebook, question: str, limit: int = 2
) -> tuple[tuple[str, CodeMention], ...]:
    """Up to `limit` conditions the question names, as (phrase, ICD-10-CM code), in the order written.
    The question is cut at "and", "or", "with", "due to"... first: "diabetes with CKD" asks about two
    conditions, whatever combination code the Index has for both."""
    found: list[tuple[str, CodeMention]] = []
    for fragment in CONNECTOR.split(question.lower()):
        for phrase, code in _codes_in(codebook, re.findall(r"[a-z0-9]+(?:['-][a-z0-9]+)*", fragment)):
            if all(code != other for _, other in found):
                found.append((phrase, code))
    return tuple(found[:limit])


def _codes_in(codebook: Codebook, words: list[str]) -> list[tuple[str, CodeMention]]:
    """The longest phrases of the fragment the search explains, in the order written."""
    found: list[tuple[int, str, CodeMention]] = []
    used: set[int] = set()
    for length in range(min(LONGEST_PHRASE, len(words)), 0, -1):
        for start in range(len(words) - length + 1):
            span = set(range(start, start + length))
            phrase = words[start : start + length]
            if span & used or not _clinical(phrase):
                continue
            code = _explained(codebook, " ".join(phrase))
            if code is not None:
                found.append((start, " ".join(phrase), CodeMention("icd10cm", code)))
                used |= span
    return [(phrase, code) for _, phrase, code in sorted(found)]


def _clinical(phrase: list[str]) -> bool:
    """A phrase that starts and ends with a word that could be clinical ("chest pain", not "the pain")."""
    return all(word not in STOPWORDS and word not in NOT_CLINICAL for word in (phrase[0], phrase[-1]))


def _explained(codebook: Codebook, phrase: str) -> str | None:
    hits = codebook.search(phrase, systems=["icd10cm"], limit=1, billable_only=True)
    if not hits:
        return None
    hit = hits[0]
    asked = _stems(phrase)
    matched = _stems(hit.matched.split(" = ", 1)[0])
    explained_by = matched | _stems(hit.title)
    if asked <= explained_by and not (matched - asked - LEFT_OPEN):
        return hit.code
    return None


def _stems(text: str) -> set[str]:
    """Content words cut to six letters: 'diabetes' and 'diabetic', 'hypertension' and 'hypertensive'
    read alike; short words stay whole."""
    return {word[:6] for word in re.findall(r"[a-z0-9]+", text.lower()) if word not in STOPWORDS}
