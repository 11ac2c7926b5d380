"""Search across all code systems: code prefixes, words, phrases, typos and everyday language.

Code-shaped queries ("E11.", "0dt", "J12") list codes by prefix first. The words are then matched,
as typed and as rewritten from everyday phrases (search_query.py), through the full-text index of
search entries: titles, inclusion terms, Alphabetic Index paths (search_index.py). Candidates are
ranked the way a coder reads the index: every query word matched (rare words counting most), as few
unasked-for words as possible (so a term's default, unspecified code comes before its specific
subterms), index entries before titles, billable codes before headers. When the query's leading
words name an index term, the codes of that term's family (search_families.py) are credited with
those words: "Diabetes, with polyneuropathy" finds type 2's E11.42 before drug-induced E09.42.
A candidate saying present what the query says absent ("without", "not") loses as much as the other
side; "other" asks for the residual code; an entry worded exactly as the query comes first. A
diagnosis's "without X" and an unnamed intent's "accidental" are defaults, not unasked-for words.
"""

import re
import sqlite3
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from medcoder.codebook.search_families import ENTRY_COLUMNS, Family, family_entries, family_of, in_family
from medcoder.codebook.search_query import Reading, Term, readings
from medcoder.codebook.search_words import NEGATIONS, stem, words
from medcoder.codebook.systems import code_key

if TYPE_CHECKING:
    from medcoder.codebook.lookup import Codebook

CANDIDATES = 150  # full-text matches ranked per query reading
RELAX_BELOW = 20  # fewer matches than this for all words: also try all words but one, then any word
# An any-word match skips words found in more than ~1 in 20 entries ("use", "device"): ranking all
# their entries would take too long and they say little.
RARE_WEIGHT = 4.0
EXACT_CODE = 100.0
MODIFIER_LENGTH = 2
CODE_SHAPE = re.compile(r"^[A-Za-z0-9]{1,7}\.?[A-Za-z0-9]{0,4}$")

ORIGIN_WEIGHT = {"index": 1.5, "index_see": 1.3, "title": 1.0, "inclusion_term": 0.9, "short_title": 0.6}
# Legacy ICD-9 and modifiers answer word queries only when nothing current does.
SYSTEM_WEIGHT = {"icd9cm": -2.0, "icd9pcs": -2.0, "hcpcs-modifier": -0.5}
# A word the user may still be typing ("flu" -> "flushing") counts less than the whole word.
COMPLETION_SHARE = 0.9
# A word the entry says in the code sets' other words for it ("senile": "age-related") counts less.
# Those words are learned from ICD-10-CM; an ICD-10-PCS body part is a value of its own ("Upper Leg
# Muscle" is not "Upper Leg Tendon", which a diagnosis's "muscle and tendon" pairs it with).
ALIGNED_SHARE = 0.8
PRECISE_AXES = frozenset({"icd10pcs"})
# Words that say nothing was specified: never held against a candidate, slightly preferred; half as
# much when it says some query word only in other words, or the default outranks the code the query
# names ("alcohol abuse with ..." is not "Alcohol use, unspecified with ...").
UNSPECIFIED = frozenset({stem("unspecified"), "nos"})
UNSPECIFIED_PREFERRED = 0.6
# A candidate for the other side than the query names ("left" for "right") is wrong, however much
# else it shares; one naming no side is the code for an unspecified side, when the query said one.
# (NO_SIDE set on the held-out split 1: 1.0 and 2.0 score alike there.)
SIDES = frozenset(stem(side) for side in ("left", "right", "bilateral"))
OTHER_SIDE = 3.0
# ICD-10-PCS has no code for an unspecified side: a side the query leaves out is the coder's choice,
# like the approach, and counts half an unasked-for word (a term without a side still comes first).
SIDED_SYSTEMS = frozenset({"icd10pcs"})
SIDE_SHARE = 0.5
NO_SIDE = 1.0
# "NOS" asks for nothing: every candidate has it ("Myxedema NOS" is Myxedema's default code, E03.9).
NOT_OTHERWISE_SPECIFIED = "nos"
# A candidate saying present what the query says absent, or the reverse, is as wrong as the other side.
CONTRADICTED = OTHER_SIDE
# What the query says absent, a candidate that does not mention it has, in part.
UNSAID_SHARE = 0.5
NEGATION_STEMS = frozenset(stem(word) for word in NEGATIONS)
# A query asking for "other" / NEC wants the residual code, not the unspecified one beside it.
RESIDUAL_ASKED = 0.6
# Its words say that much: "specified type NEC" is what "Other ..." says.
RESIDUAL_STEMS = frozenset(stem(word) for word in ("specified", "nec", "not", "elsewhere", "classified"))
# A diagnosis code's "without X" is the classification's default when X is not said (a supply's
# "without wheels" is a product of its own).
DIAGNOSIS_SYSTEMS = frozenset({"icd10cm", "icd9cm"})
# A query that names no intent asks for the accidental code: "If the intent ... is unknown or
# unspecified, code the intent as accidental" (ICD-10-CM Official Guidelines I.C.19.e.5.b, I.C.20.h).
ACCIDENTAL = stem("accidental")
INTENTS = frozenset(
    stem(word) for word in ("accidental", "unintentional", "intentional", "self", "assault", "undetermined")
)
# A family member credited with a term word that some of its siblings' titles say and its own does
# not ("aura" of "Migraine, with aura" in G43, for G43.909 unspecified migraine) may be the wrong sibling.
SPLIT_SHARE = 0.9
# An entry worded exactly as the query (a title pasted in whole) is what the user means.
EXACT_WORDING = 1.0


@dataclass(frozen=True)
class SearchHit:
    system: str
    code: str
    title: str
    billable: bool
    score: float
    matched: str  # what matched: 'code', 'title', an index path, a synonym...


def search(
    codebook: "Codebook",
    query: str,
    systems: list[str] | None = None,
    limit: int = 20,
    billable_only: bool = False,
) -> list[SearchHit]:
    """The best `limit` codes for `query`, best first; empty for an empty query."""
    query = query.strip()
    if not query:
        return []
    connection = codebook.connection
    hits: dict[tuple[str, str], SearchHit] = {}
    # Letters alone are words ("flu"), except a modifier typed as itself ("LT", "TC"): exact only.
    prefixes = any(ch.isdigit() for ch in query)
    if CODE_SHAPE.match(query) and (prefixes or len(query) == MODIFIER_LENGTH):
        for hit in _code_prefix_hits(connection, query, systems, billable_only, limit):
            if prefixes or hit.score == EXACT_CODE:
                hits[hit.system, hit.code] = hit
    for reading in readings(connection, query):
        for hit in _word_hits(connection, reading, systems, billable_only):
            key = (hit.system, hit.code)
            if key not in hits or hits[key].score < hit.score:
                hits[key] = hit
    # stable: equal scores keep the order found (codes by prefix, then shortest, most trusted entries)
    ranked = sorted(hits.values(), key=lambda hit: -hit.score)[:limit]
    if ranked and ranked[0].system == "icd10cm" and not ranked[0].billable:
        ranked = _unspecified_code_first(connection, ranked, limit)
    return [hit if hit.title else _with_title(connection, hit) for hit in ranked]


def _unspecified_code_first(
    connection: sqlite3.Connection, ranked: list[SearchHit], limit: int
) -> list[SearchHit]:
    """A header found first is what the query names, but a claim needs a billable code: the one saying
    the header's words ", unspecified" ("SLE NOS" -> M32.9 under M32) comes just before it, and the
    header stays for browsing. A header without such a code keeps its place: the code a coder would
    pick under I83 "Varicose veins of lower extremities" depends on what the note says."""
    header = ranked[0]
    row = connection.execute(
        "SELECT u.code, c.title FROM search_unspecified u JOIN codes c ON c.system = 'icd10cm' AND c.code = u.code"
        " WHERE u.header = ?",
        (header.code,),
    ).fetchone()
    if row is None:
        return ranked
    code, title = row
    default = SearchHit("icd10cm", code, title, True, header.score, f"unspecified code of {header.code}")
    return [default, *(hit for hit in ranked if hit.code != code or hit.system != "icd10cm")][:limit]


def _with_title(connection: sqlite3.Connection, hit: SearchHit) -> SearchHit:
    row = connection.execute(
        "SELECT title FROM codes WHERE system = ? AND code = ?", (hit.system, hit.code)
    ).fetchone()
    return replace(hit, title=row[0])


def _code_prefix_hits(
    connection: sqlite3.Connection,
    query: str,
    systems: list[str] | None,
    billable_only: bool,
    limit: int,
) -> list[SearchHit]:
    """Codes starting with the query, exact match first, then in tabular order (parents first)."""
    key = code_key(query)
    rows = connection.execute(
        "SELECT system, code, title, billable FROM codes WHERE code_key >= ? AND code_key < ?"
        f"{_filters(systems, billable_only)} ORDER BY code_key LIMIT ?",
        (key, key + "\uffff", *(systems or ()), limit),
    )
    return [
        SearchHit(system, code, title, bool(billable), EXACT_CODE if code_key(code) == key else 90.0, "code")
        for system, code, title, billable in rows
    ]


def _filters(systems: list[str] | None, billable_only: bool) -> str:
    sql = f" AND system IN ({', '.join('?' * len(systems))})" if systems else ""
    return sql + (" AND billable = 1" if billable_only else "")


def _word_hits(
    connection: sqlite3.Connection, reading: Reading, systems: list[str] | None, billable_only: bool
) -> list[SearchHit]:
    """The reading's candidates, each code scored by its best entry."""
    family = family_of(connection, [form for term in reading.terms for form in term.stems])
    best: dict[tuple[str, str], tuple[float, str, bool]] = {}
    for row in _candidates(connection, reading, family, systems, billable_only):
        system, code, _origin, text, billable = row[:5]
        member = system == "icd10cm" and in_family(code, family)
        credited = (family.term_stems | family.shared_stems) if member else frozenset()
        split = family.split_stems if member else frozenset()
        score = _score(reading, Candidate(*row), credited, split)
        key = (system, code)
        if key not in best or best[key][0] < score:  # rows come in entry order: ties keep the first
            best[key] = (score, text, bool(billable))
    return [
        SearchHit(system, code, "", billable, round(score - reading.penalty, 3), reading.label or text)
        for (system, code), (score, text, billable) in best.items()
    ]


def _candidates(
    connection: sqlite3.Connection,
    reading: Reading,
    family: Family | None,
    systems: list[str] | None,
    billable_only: bool,
) -> list[tuple]:
    """Entries holding every term; when too few do, entries saying each term or a word the code sets
    use for it ("mouth": "oral"), then all terms but one; then any term. And the entries of the family
    the query names, which may share no word with the rest of it. "NOS" is never required: it asks
    for nothing, and most entries do not write it."""
    asked = [term for term in reading.terms if term.stem != NOT_OTHERWISE_SPECIFIED] or list(reading.terms)
    terms = [term.match for term in asked]
    rows = _full_text(connection, " AND ".join(terms), systems, billable_only, CANDIDATES)
    aligned = []  # kept apart: they must not stop the relaxed matches below
    if len(rows) < RELAX_BELOW and any(term.aligned for term in asked):
        match = " AND ".join(_with_aligned(term) for term in asked)
        aligned = _full_text(connection, match, systems, billable_only, CANDIDATES)
    if len(rows) < RELAX_BELOW and len(terms) > 1:
        for left_out in range(len(terms)):
            others = asked[:left_out] + asked[left_out + 1 :]
            if any(term.weight >= RARE_WEIGHT for term in others):  # only common words: slow, says little
                match = " AND ".join(term.match for term in others)
                rows += _full_text(connection, match, systems, billable_only, CANDIDATES // len(terms))
    # any rare word, each whole: ranking every entry of a common word or a prefix takes too long
    rare = [term.match.rstrip("*") for term in asked if term.weight >= RARE_WEIGHT]
    if len(rows) < RELAX_BELOW and len(terms) > 2 and rare:
        rows += _full_text(
            connection, " OR ".join(rare), systems, billable_only, CANDIDATES, by_relevance=True
        )
    if family and (not systems or "icd10cm" in systems):
        rows += family_entries(connection, family, billable_only)
    return rows + aligned


def _with_aligned(term: Term) -> str:
    """The term, or any word the code sets use for it ("mouth": "oral cavity"). "Unspecified" is
    paired with many words, and says nothing of them."""
    aligned = sorted(term.aligned - UNSPECIFIED) if term.stem not in UNSPECIFIED else []
    return (
        "(" + " OR ".join([term.match, *(f'"{stem}"*' for stem in aligned)]) + ")" if aligned else term.match
    )


def _full_text(
    connection: sqlite3.Connection,
    match: str,
    systems: list[str] | None,
    billable_only: bool,
    most: int,
    by_relevance: bool = False,
) -> list[tuple]:
    """The first `most` matching entries of the systems asked for: in entry order (shortest, most
    trusted first), or by bm25 relevance for an any-word match, where rare words must count most."""
    where = _filters(systems, billable_only).replace("system", "e.system").replace("billable", "e.billable")
    order = "bm25(search_text, 1.0, 0.2)" if by_relevance else "search_text.rowid"
    return connection.execute(
        f"SELECT {ENTRY_COLUMNS} FROM search_text JOIN search_entries e ON e.id = search_text.rowid"
        f" WHERE search_text MATCH ?{where} ORDER BY {order} LIMIT ?",
        (match, *(systems or ()), most),
    ).fetchall()


@dataclass(frozen=True)
class Candidate:
    """One search entry as ranking reads it (search_families.ENTRY_COLUMNS)."""

    system: str
    code: str
    origin: str
    text: str
    billable: int
    stems: str
    modifier_stems: str
    negated_stems: str
    residual: int


def _score(reading: Reading, candidate: Candidate, credited: frozenset[str], split: frozenset[str]) -> float:
    """Weighted coverage of the query words first, then as few unasked-for words as possible.

    `credited`: stems the candidate counts as having (its family's term and shared title words), of
    which `split` only partly."""
    terms, system = reading.terms, candidate.system
    required = candidate.stems.split()
    present = set(required).union(candidate.modifier_stems.split())
    covered, used = _coverage(reading, candidate, present, credited, split)
    extra = _unasked(reading, candidate, required, used)
    asked_sides = SIDES.intersection(term.stem for term in terms)
    named_sides = SIDES.intersection(required)
    other_side = bool(asked_sides) and not asked_sides & present and bool(named_sides)
    no_side = bool(asked_sides) and not SIDES.intersection(present)
    unspecified = not UNSPECIFIED.isdisjoint(present)
    total_weight = sum(term.weight for term in terms)
    exact = covered == total_weight and not extra and tuple(words(candidate.text)) == reading.words
    return (
        10.0 * covered / total_weight
        - 0.9 * min(extra, 8)
        - OTHER_SIDE * other_side
        - NO_SIDE * no_side
        - CONTRADICTED * _contradicts(reading, present, candidate.negated_stems)
        + ORIGIN_WEIGHT[candidate.origin]
        + 0.8 * candidate.billable
        + (_unspecified_preference(covered, total_weight) if unspecified and not reading.residual else 0.0)
        + (RESIDUAL_ASKED if reading.residual and candidate.residual else 0.0)
        + EXACT_WORDING * exact
        + SYSTEM_WEIGHT.get(system, 0.0)
    )


def _unspecified_preference(covered: float, total_weight: float) -> float:
    return UNSPECIFIED_PREFERRED if covered == total_weight else UNSPECIFIED_PREFERRED / 2


def _coverage(
    reading: Reading, candidate: Candidate, present: set[str], credited: frozenset[str], split: frozenset[str]
) -> tuple[float, set[str]]:
    """The weight of the query words the candidate says, in full or in part, and the candidate's stems
    that said them (or need not be said)."""
    covered = 0.0
    used = set(UNSPECIFIED) | credited
    for term in reading.terms:
        if said := present.intersection(term.stems):
            covered += term.weight
            used.update(said)
        elif term.stem == NOT_OTHERWISE_SPECIFIED:
            covered += term.weight
        elif term.stem in credited:
            covered += (SPLIT_SHARE if term.stem in split else 1.0) * term.weight
        elif candidate.system not in PRECISE_AXES and (aligned := term.aligned & present):
            covered += ALIGNED_SHARE * term.weight
            used.update(aligned)
        elif term.prefix and (completions := {s for s in present if s.startswith(term.stem)}):
            covered += COMPLETION_SHARE * term.weight
            used.update(completions)
        elif reading.residual and candidate.residual and term.stem in RESIDUAL_STEMS:
            covered += term.weight
        elif term.stem in reading.negated or term.stem in NEGATION_STEMS:
            covered += UNSAID_SHARE * term.weight  # not saying it is absent is not saying it is there
    return covered, used


def _unasked(reading: Reading, candidate: Candidate, required: list[str], used: set[str]) -> float:
    """How many of the candidate's required words the query did not ask for. What a diagnosis says
    is absent is its default ("without complications"), and so is the accidental intent when the
    query names none."""
    system = candidate.system
    free = set(used)
    if system in DIAGNOSIS_SYSTEMS:
        free |= NEGATION_STEMS.union(candidate.negated_stems.split())
    if INTENTS.isdisjoint(term.stem for term in reading.terms):
        free.add(ACCIDENTAL)
    return sum(SIDE_SHARE if s in SIDES and system in SIDED_SYSTEMS else 1 for s in required if s not in free)


def _contradicts(reading: Reading, present: set[str], negated_stems: str) -> bool:
    """Whether the candidate says present what the query says absent, or the reverse: "hernia with
    gangrene" is not "hernia without obstruction or gangrene"."""
    negated = set(negated_stems.split())
    asked = {term.stem for term in reading.terms} - reading.negated
    return bool(asked & negated) or bool(reading.negated & (present - negated))
