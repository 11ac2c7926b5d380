"""The terms Case2Code recognises, each leading to a code: built once per codebook file.

Sources, all from the codebook except the abbreviations:
- ICD-10-CM tabular titles ("Type 2 diabetes mellitus with diabetic chronic kidney disease"), cut at
  the classification's hedges (", unspecified", " without ...") so the bare condition matches;
- inclusion terms and "includes" notes, under the code that declares them;
- Alphabetic Index paths ("Infarction, myocardium, acute"), when the index has been imported;
- the abbreviation list in `abbreviations.tsv`, expanded before matching (see `mentions.py`).

An entry is the set of its content stems; a sentence matches it when every stem occurs close together.
"""

import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from medcoder.codebook.systems import code_key
from medcoder.notecoder.words import content_stems, tokenize

CUT_AT = re.compile(
    r"(?i:, (?:unspecified|not elsewhere classified)\b.*| without .*)|,? (?:NOS|NEC)\b.*"
    r"|\s*\([^)]*\)|\s*\[[^\]]*\]"
)
# Title words that say which child, not what condition: matched by code assembly, not by the lexicon.
ENCOUNTER = re.compile(r",\s*(?:initial|subsequent) encounter.*|,\s*sequela.*", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    stems: tuple[str, ...]
    system: str
    code: str  # display code; may be a header, completed by code assembly
    origin: str  # title, inclusion_term, includes, index, abbreviation
    text: str


@dataclass(frozen=True)
class Abbreviation:
    words: tuple[str, ...]  # tokens as written ("CKD", "3", "b")
    case_sensitive: bool
    stems: tuple[str, ...]
    expansion: str


class Lexicon:
    """Entries keyed by their rarest stem, so a sentence only tests the entries it could match."""

    def __init__(self, entries: list[Entry], abbreviations: list[Abbreviation]):
        frequency = Counter(stem for entry in entries for stem in entry.stems)
        self.by_key: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            key = min(entry.stems, key=lambda stem: (frequency[stem], stem))
            self.by_key[key].append(entry)
        self.abbreviations: dict[str, list[Abbreviation]] = defaultdict(list)
        for abbreviation in abbreviations:  # longest first, as load_abbreviations sorts them
            self.abbreviations[abbreviation.words[0].lower()].append(abbreviation)
        self.size = len(entries)


@lru_cache(maxsize=4)
def load_lexicon(codebook_path: Path) -> Lexicon:
    """The lexicon of one codebook file; cached per process (building it takes a few seconds)."""
    connection = sqlite3.connect(f"file:{codebook_path}?mode=ro&immutable=1", uri=True)
    try:
        entries = [*_titles(connection), *_notes(connection), *_index(connection)]
    finally:
        connection.close()
    unique = list({(entry.stems, entry.code): entry for entry in entries if _says_something(entry)}.values())
    return Lexicon(unique, load_abbreviations())


def _says_something(entry: Entry) -> bool:
    """False for terms left with only numbers or letters ("HER2" -> "2"): they would match anywhere."""
    return any(len(stem) >= 3 and stem.isalpha() for stem in entry.stems)


def load_abbreviations() -> list[Abbreviation]:
    """The abbreviation list shipped with the package, longest first so "CKD 3b" wins over "CKD"."""
    text = resources.files("medcoder.notecoder").joinpath("abbreviations.tsv").read_text(encoding="utf-8")
    found = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        written, expansion = line.split("\t")
        words = tuple(token.text for token in tokenize(written))
        found.append(Abbreviation(words, written != written.lower(), content_stems(expansion), expansion))
    return sorted(found, key=lambda abbreviation: -len(abbreviation.words))


def title_terms(title: str) -> str:
    """The condition a title names, without hedges and encounter wording."""
    return CUT_AT.sub("", ENCOUNTER.sub("", title)).strip()


def _titles(connection: sqlite3.Connection) -> list[Entry]:
    rows = connection.execute(
        "SELECT system, code, title FROM codes WHERE system = 'icd10cm' AND kind NOT IN ('chapter', 'block')"
    )
    return [
        Entry(content_stems(title_terms(title)), system, code, "title", title)
        for system, code, title in rows
        if not title.lower().startswith("other ") and not ENCOUNTER.search(title)
    ]


def _notes(connection: sqlite3.Connection) -> list[Entry]:
    rows = connection.execute(
        "SELECT system, code, kind, text FROM notes"
        " WHERE system = 'icd10cm' AND kind IN ('inclusion_term', 'includes') AND code GLOB '[A-Z]*'"
    )
    return [
        Entry(content_stems(title_terms(text)), system, code, kind, text) for system, code, kind, text in rows
    ]


def _index(connection: sqlite3.Connection) -> list[Entry]:
    """Alphabetic Index entries that print a code; '-' (incomplete) codes are completed by assembly."""
    try:
        rows = connection.execute(
            "SELECT path, nonessential, code FROM index_terms WHERE index_name = 'diseases' AND code IS NOT NULL"
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    entries = []
    for path, _nonessential, code in rows:
        key = code_key(code.rstrip("-"))
        display = key if len(key) <= 3 else f"{key[:3]}.{key[3:]}"
        entries.append(Entry(content_stems(title_terms(path)), "icd10cm", display.rstrip("."), "index", path))
    return entries
