"""The terms Case2Code recognises, each leading to a code: built once per codebook file.

Sources, all from the codebook except the abbreviations:
- ICD-10-CM tabular titles ("Type 2 diabetes mellitus with diabetic chronic kidney disease"), cut at
  the classification's hedges (", unspecified", " without ...") so the bare condition matches;
- inclusion terms and "includes" notes, under the code that declares them;
- Alphabetic Index paths ("Infarction, myocardium, acute"), its "see" references and the Neoplasm
  Table (see `index_lexicon.py`), when the index has been imported;
- ICD-10-PCS operation and body-part names from the code axes, and the ICD-10-PCS Index's procedure
  names ("Appendectomy", "right nephrectomy"; see `procedures.py`);
- HCPCS Level II drug codes by drug name, so a named drug brings its J code;
- phrases learned from the CodiEsp train split (see `learned_terms.py`), when that file is built;
- the abbreviation list in `abbreviations.tsv`, expanded before matching (see `mentions.py`);
- the value ranges of the Z3A (weeks of gestation) and Z68 (BMI) titles (see `measured_values.py`).

An entry is the set of its content stems; a sentence matches it when every stem occurs close together.
"""

import contextlib
import hashlib
import os
import pickle
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from medcoder.codebook.systems import code_key
from medcoder.notecoder.index_lexicon import NEOPLASM_COLUMNS, index_terms, morphology_terms
from medcoder.notecoder.learned_terms import LearnedTerm, learned_terms
from medcoder.notecoder.measured_values import ValueRange, value_ranges
from medcoder.notecoder.procedures import index_procedure_terms, pcs_groups, plainest_code, procedure_terms
from medcoder.notecoder.words import content_stems, term_stems, tokenize

CUT_AT = re.compile(
    r"(?i:, (?:unspecified|not elsewhere classified)\b.*)|,? (?:NOS|NEC)\b.*"
    r"|\s*\([^)]*\)|\s*\[[^\]]*\]"
)
# A "without" clause is the default the bare condition names; it ends where the title goes on to say
# where ("Laceration without foreign body of right hand" is a laceration of the right hand).
WITHOUT = re.compile(r"(?i: without (?:(?:loss|mention) of )?[^,]*?(?= of |,|$))")
DRUG_SALTS = re.compile(
    r"\b(?:sodium|hydrochloride|hcl|sulfate|acetate|phosphate|citrate|succinate)\b|\(.*", re.I
)
# Bump when the entries change shape or content rules, so cached pickles are rebuilt.
LEXICON_VERSION = 35
LEARNED = "codiesp_train"  # the origin of learned terms
# A one-word learned phrase right at least this often, in at least this many notes, stands on its
# record; otherwise it must be a word of its category (see `_self_evident`).
SELF_EVIDENT = 0.5
SELF_EVIDENT_NOTES = 2
# Title words that say which child, not what condition: matched by code assembly, not by the lexicon.
ENCOUNTER = re.compile(r",\s*(?:initial|subsequent) encounter.*|,\s*sequela.*", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    stems: tuple[str, ...]
    system: str
    code: str  # display code; may be a header, completed by code assembly
    origin: str  # title, inclusion_term, includes, index, pcs_axes, pcs_index, hcpcs_drug, codiesp_train
    text: str
    train_notes: int = 0  # learned terms: train notes where the phrase was right
    train_precision: float = 0.0  # and the share of the notes affirming it where it was


@dataclass(frozen=True)
class Abbreviation:
    words: tuple[str, ...]  # tokens as written ("CKD", "3", "b")
    case_sensitive: bool
    stems: tuple[str, ...]
    expansion: str


class Lexicon:
    """Entries keyed by their two rarest stems, so a sentence only tests the entries it could match."""

    def __init__(
        self,
        entries: list[Entry],
        abbreviations: list[Abbreviation],
        value_ranges: tuple[ValueRange, ...] = (),  # none for a lexicon of phrases only (term learning)
    ):
        frequency = Counter(stem for entry in entries for stem in entry.stems)
        self.by_key: dict[str, dict[str | None, list[tuple[frozenset[str], Entry]]]] = defaultdict(dict)
        for entry in entries:
            rarest = sorted(entry.stems, key=lambda stem: (frequency[stem], stem))
            second = rarest[1] if len(rarest) > 1 else None
            self.by_key[rarest[0]].setdefault(second, []).append((frozenset(entry.stems), entry))
        self.abbreviations: dict[str, list[Abbreviation]] = defaultdict(list)
        for abbreviation in abbreviations:  # longest first, as build_lexicon sorts them
            self.abbreviations[abbreviation.words[0].lower()].append(abbreviation)
        self.value_ranges = value_ranges  # codes a measured value decides (see measured_values.py)
        self.size = len(entries)


@lru_cache(maxsize=4)
def load_lexicon(codebook_path: Path) -> Lexicon:
    """The lexicon of one codebook file, cached per process and in a pickle beside the codebook.

    Building it takes several seconds; the pickle (rewritten whenever the codebook file changes, and
    skipped when its folder is read-only) brings a CLI call down to about a second.
    """
    stat = codebook_path.stat()
    stamp = (LEXICON_VERSION, stat.st_size, stat.st_mtime_ns, _package_terms_digest())
    cache = codebook_path.with_name(codebook_path.name + ".lexicon.pickle")
    try:
        with cache.open("rb") as file:
            cached_stamp, lexicon = pickle.load(file)
        if cached_stamp == stamp:
            return lexicon
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError):
        pass
    lexicon = build_lexicon(codebook_path)
    with contextlib.suppress(OSError):
        partial = cache.with_name(f"{cache.name}.{os.getpid()}")
        with partial.open("wb") as file:
            pickle.dump((stamp, lexicon), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cache)
    return lexicon


def _package_terms_digest() -> str:
    """Changes whenever the shipped term files (abbreviations, learned terms) change."""
    digest = hashlib.sha256()
    for name in ("abbreviations.tsv", "learned_terms.json"):
        resource = resources.files("medcoder.notecoder").joinpath(name)
        digest.update(resource.read_bytes() if resource.is_file() else b"-")
    return digest.hexdigest()


def build_lexicon(codebook_path: Path, learned: list[LearnedTerm] | None = None) -> Lexicon:
    """Every entry of the codebook, plus `learned` terms (by default the shipped learned_terms.json)."""
    stat = codebook_path.stat()
    connection = _read_only(codebook_path)
    try:
        learned_entries = _learned(connection, learned_terms() if learned is None else learned)
        morphologies = _morphologies(connection)
        ranges = value_ranges(connection)
    finally:
        connection.close()
    own = codebook_entries(codebook_path, stat.st_size, stat.st_mtime_ns)
    entries = [*own, *_self_evident(learned_entries, own)]
    unique = list(
        {(entry.stems, entry.code): entry for entry in entries if says_something(entry.stems)}.values()
    )
    return Lexicon(unique, _longest_first([*load_abbreviations(), *morphologies]), ranges)


@lru_cache(maxsize=2)
def codebook_entries(codebook_path: Path, size: int, mtime_ns: int) -> tuple[Entry, ...]:
    """The entries the code sets themselves give, once per codebook file and process (following the
    Index's references takes a while; calibration builds a lexicon per fold)."""
    connection = _read_only(codebook_path)
    try:
        return (
            *_titles(connection),
            *_notes(connection),
            *_index(connection),
            *_procedures(connection),
            *_drugs(connection),
        )
    finally:
        connection.close()


def _read_only(codebook_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{codebook_path}?mode=ro&immutable=1", uri=True)


def _procedures(connection: sqlite3.Connection) -> list[Entry]:
    groups = pcs_groups(connection)
    return [
        *(
            Entry(content_stems(term.words), "icd10pcs", term.code, "pcs_axes", term.label)
            for term in procedure_terms(groups)
        ),
        *(
            Entry(content_stems(term.words), "icd10pcs", term.code, "pcs_index", term.label)
            for term in index_procedure_terms(connection, groups)
        ),
    ]


def _drugs(connection: sqlite3.Connection) -> list[Entry]:
    """HCPCS Level II drug codes by the drug's name ("Injection, ceftriaxone sodium, per 250 mg" ->
    "ceftriaxone"): the first plain code in file order per drug, so the dose unit must be checked by the coder."""
    rows = connection.execute(
        "SELECT code, title FROM codes WHERE system = 'hcpcs' AND billable = 1 AND title LIKE 'Injection, %'"
        " ORDER BY seq"
    )
    entries: dict[tuple[str, ...], Entry] = {}
    for code, title in sorted(rows, key=lambda row: "(" in row[1]):  # the plain product before its variants
        drug = DRUG_SALTS.sub("", title.split(",")[1])
        stems = content_stems(drug)
        if stems and stems not in entries:
            entries[stems] = Entry(stems, "hcpcs", code, "hcpcs_drug", title)
    return list(entries.values())


def _learned(connection: sqlite3.Connection, terms: list[LearnedTerm]) -> list[Entry]:
    """Learned phrases; a CodiEsp PCS prefix ("BW20") points at the plainest billable code under it,
    a diagnosis code written without its 7th character at the code it was cut from."""
    entries = []
    for term in terms:
        code = term.code.upper()
        if term.system == "icd10pcs" and len(code) < 7:
            code = plainest_code(connection, code)
        elif term.system == "icd10cm":
            code = _without_placeholders(connection, code)
        if code:
            text = " ".join(term.stems)
            entries.append(Entry(term.stems, term.system, code, LEARNED, text, term.notes, term.precision))
    return entries


def _self_evident(learned: list[Entry], own: tuple[Entry, ...]) -> list[Entry]:
    """The learned diagnosis phrases to use: every phrase of two or more words, and a one-word phrase
    right at least `SELF_EVIDENT` of the time in more than one note, or that its category's own entries
    (titles, inclusion terms, Index paths and references) also say. "relatives" -> R58, right in 3 of
    8 notes, and "tobacco" -> K35.80, right in its one note, came from misplaced evidence; "nodes" ->
    R59.9 is a word of "Enlarged lymph nodes"."""
    words: dict[str, set[str]] = defaultdict(set)
    for entry in own:
        if entry.system == "icd10cm":
            words[entry.code[:3]].update(entry.stems)
    return [
        entry
        for entry in learned
        if entry.system != "icd10cm"
        or len(entry.stems) > 1
        or (entry.train_precision >= SELF_EVIDENT and entry.train_notes >= SELF_EVIDENT_NOTES)
        or any(word.startswith(entry.stems[0][:5]) for word in words[entry.code[:3]])
    ]


def _without_placeholders(connection: sqlite3.Connection, code: str) -> str | None:
    """The code itself, or the code left once the placeholder X's are taken off (CodiEsp writes
    "W19.XXX" for W19.XXXA, "T81.4XX" for a subcategory split since): code assembly completes it."""
    while code:
        if connection.execute(
            "SELECT 1 FROM codes WHERE system = 'icd10cm' AND code = ?", (code,)
        ).fetchone():
            return code
        if not code.endswith(("X", ".")):
            return None
        code = code[:-1]
    return None


def says_something(stems: tuple[str, ...]) -> bool:
    """False for terms left with only numbers or letters ("HER2" -> "2"): they would match anywhere."""
    return any(len(stem) >= 3 and stem.isalpha() for stem in stems)


def _morphologies(connection: sqlite3.Connection) -> list[Abbreviation]:
    """Morphology terms read as their Neoplasm Table column, like abbreviations: "glioblastoma" adds
    the words "malignant neoplasm", which the table's site entries match."""
    found = []
    for term in morphology_terms(connection):
        column = NEOPLASM_COLUMNS[term.column][0]
        words = tuple(token.text for token in tokenize(term.words))
        found.append(Abbreviation(words, False, content_stems(column), f"{column} (Index: {term.path})"))
    return found


def _longest_first(abbreviations: list[Abbreviation]) -> list[Abbreviation]:
    """Longest first, so "CKD 3b" wins over "CKD" and "pilocytic astrocytoma" over "astrocytoma"."""
    return sorted(abbreviations, key=lambda abbreviation: -len(abbreviation.words))


def load_abbreviations() -> list[Abbreviation]:
    """The abbreviation list shipped with the package."""
    text = resources.files("medcoder.notecoder").joinpath("abbreviations.tsv").read_text(encoding="utf-8")
    found = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        written, expansion = line.split("\t")
        words = tuple(token.text for token in tokenize(written))
        found.append(Abbreviation(words, written != written.lower(), term_stems(expansion), expansion))
    return found


def title_terms(title: str) -> str:
    """The condition a title names, without hedges and encounter wording."""
    return WITHOUT.sub("", CUT_AT.sub("", ENCOUNTER.sub("", title))).strip(" ,")


def _titles(connection: sqlite3.Connection) -> list[Entry]:
    rows = connection.execute(
        "SELECT system, code, title FROM codes WHERE system = 'icd10cm' AND kind NOT IN ('chapter', 'block')"
    )
    entries = [
        Entry(term_stems(title_terms(title)), system, code, "title", title)
        for system, code, title in rows
        if not title.lower().startswith("other ") and not ENCOUNTER.search(title)
    ]
    return _unspecified_first(entries)


def _unspecified_first(entries: list[Entry]) -> list[Entry]:
    """Where titles of one category leave the same words once cut ("Vomiting, unspecified" and
    "Vomiting without nausea" both say "vomiting"), the words name the unspecified code: the others
    (and their headers) are what a note must say more to reach."""
    unspecified: dict[tuple[tuple[str, ...], str], list[str]] = defaultdict(list)
    for entry in entries:
        if "unspecified" in entry.text.lower():
            unspecified[entry.stems, entry.code[:3]].append(code_key(entry.code))

    def named(entry: Entry) -> bool:
        keys = unspecified.get((entry.stems, entry.code[:3]))
        return (
            not keys
            or "unspecified" in entry.text.lower()
            or any(k.startswith(code_key(entry.code)) for k in keys)
        )

    return [entry for entry in entries if named(entry)]


def _notes(connection: sqlite3.Connection) -> list[Entry]:
    rows = connection.execute(
        "SELECT system, code, kind, text FROM notes"
        " WHERE system = 'icd10cm' AND kind IN ('inclusion_term', 'includes') AND code GLOB '[A-Z]*'"
    )
    return [
        Entry(term_stems(title_terms(text)), system, code, kind, text) for system, code, kind, text in rows
    ]


def _index(connection: sqlite3.Connection) -> list[Entry]:
    return [
        Entry(term.stems, "icd10cm", term.code, term.origin, term.path) for term in index_terms(connection)
    ]
