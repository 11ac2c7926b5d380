"""Values a note measures that a code's title states as a range: weeks of gestation (Z3A) and an
adult's body mass index (Z68).

"34 weeks pregnant" and "BMI of 32.4 kg/m2" name no words of "34 weeks gestation of pregnancy" or
"Body mass index [BMI] 32.0-32.9, adult" that the term matcher could use; the number decides the code.
The ranges are read from the codebook's own titles, so a release that splits a range is followed
without a change here. A BMI given as a percentile (children, Z68.5-) is left to the coder.
"""

import bisect
import re
import sqlite3
from dataclasses import dataclass

from medcoder.notecoder.sentences import Sentence

ORIGIN = "measured_value"
GESTATION, BMI = "gestation_weeks", "bmi"
NUMBER = r"(\d+(?:\.\d)?)"
WEEKS = r"(\d{1,2}(?:[.,]\d)?)"  # "22.4 weeks": the week begun, 22
# Title forms, each giving [low, high) of the value; the first that matches decides.
# "34 weeks gestation of pregnancy" is 34 <= weeks < 35.
TITLE_RANGES = (
    (GESTATION, re.compile(r"Less than (\d+) weeks gestation"), lambda n: (0.0, n[0])),
    (GESTATION, re.compile(r"Greater than (\d+) weeks gestation"), lambda n: (n[0] + 1, 60.0)),
    (GESTATION, re.compile(r"(\d+) weeks gestation of pregnancy"), lambda n: (n[0], n[0] + 1)),
    (BMI, re.compile(rf"\[BMI\] {NUMBER}-{NUMBER}, adult"), lambda n: (n[0], round(n[1] + 0.1, 1))),
    (BMI, re.compile(rf"\[BMI\] {NUMBER} or less, adult"), lambda n: (0.0, round(n[0] + 0.1, 1))),
    (BMI, re.compile(rf"\[BMI\] {NUMBER} or greater, adult"), lambda n: (n[0], 1000.0)),
)
# How notes say them, over the sentence's lower-cased words joined by single spaces.
NOTE_FORMS = (
    (GESTATION, re.compile(rf"\b{WEEKS} weeks? (?:of )?(?:gestation|gestational|pregnan\w*|amenorrhea)\b")),
    (GESTATION, re.compile(rf"\b(?:gestation|gestational age|pregnancy) (?:of )?{WEEKS} weeks?\b")),
    (GESTATION, re.compile(rf"\bweek {WEEKS} of (?:gestation|pregnancy)\b")),
    (BMI, re.compile(r"\b(?:bmi|body mass index(?: bmi)?)(?: (?:of|was|is|kg|m))* (\d{2}(?:[.,]\d+)?)\b")),
)


@dataclass(frozen=True)
class ValueRange:
    quantity: str
    low: float
    high: float  # exclusive
    code: str
    title: str


def value_ranges(connection: sqlite3.Connection) -> tuple[ValueRange, ...]:
    """Every billable Z3A / Z68 code whose title states its range."""
    rows = connection.execute(
        "SELECT code, title FROM codes WHERE system = 'icd10cm' AND billable = 1"
        " AND (code LIKE 'Z3A.%' OR code LIKE 'Z68.%') ORDER BY seq"
    )
    found = []
    for code, title in rows:
        for quantity, form, bounds in TITLE_RANGES:
            if match := form.search(title):
                low, high = bounds([float(group) for group in match.groups()])
                found.append(ValueRange(quantity, low, high, code, title))
                break
    return tuple(found)


@dataclass(frozen=True)
class MeasuredValue:
    first: int  # token indexes of the words that state it
    last: int
    code: ValueRange


def measured_values(sentence: Sentence, ranges: tuple[ValueRange, ...]) -> list[MeasuredValue]:
    """Each value the sentence states that falls in one code's range."""
    words = [token.text.lower() for token in sentence.tokens]
    if not ranges or "percentile" in words:
        return []
    text = " ".join(words)
    starts = [0]
    for word in words[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    found = []
    for quantity, form in NOTE_FORMS:
        for match in form.finditer(text):
            first = bisect.bisect_left(starts, match.start())
            if first == len(starts) or starts[first] != match.start():  # "3.5 weeks" is not 5 weeks
                continue
            value = float(match.group(1).replace(",", "."))
            code = next((r for r in ranges if r.quantity == quantity and r.low <= value < r.high), None)
            if code is not None:
                last = bisect.bisect_left(starts, match.end()) - 1
                found.append(MeasuredValue(first, last, code))
    return found
