"""Two ICD-10-CM codes on one claim: may both be reported, and which one goes first.

What links two codes, strongest first: an Excludes1 note (not together), an instructional note on one
naming the other ("code first", "use additional code", "code also": both, in the order the note sets),
the Alphabetic Index filing one under the term that codes the other (a combination or more specific
code: only that one), a sign or symptom beside a definitive diagnosis (guideline I.B.5: not coded when
it is integral), and an Excludes2 note (both may be reported). When nothing links them the answer says
so and leaves the decision to the guidelines instead of saying "code both".
"""

import re
import sqlite3
from dataclasses import dataclass

from medcoder.assistant.codebook_tools import citation_for, mention_of, note_fact, resolve
from medcoder.assistant.codes_in_text import code_shaped_tokens
from medcoder.assistant.knowledge import STOPWORDS
from medcoder.assistant.note_references import note_covers
from medcoder.assistant.records import Citation, CodeMention, Fact, Finding
from medcoder.codebook import Code, Codebook, Note
from medcoder.codebook.records import NOTE_LABELS
from medcoder.codebook.systems import code_key

SYMPTOM_CHAPTER = "R00-R99"
# Chapters whose codes are no definitive diagnosis a symptom could be integral to: external causes and
# factors influencing health status.
NOT_DIAGNOSES = ("V00-Y99", "Z00-Z99")
LINKING_NOTES = ("code_first", "use_additional_code", "code_also")
MAX_CALLERS = 6
LINKS = re.compile(r"(?:^|, )(?:with|in|due to)(?:,|$)")


@dataclass(frozen=True)
class Link:
    """A note on `holder` (its own or inherited) that names `named`."""

    holder: Code
    named: Code
    note: Note


@dataclass(frozen=True)
class IndexPath:
    """The Alphabetic Index files `specific` under the entry `broad_path`, whose code is the broad code."""

    specific: Code
    broad: Code
    broad_path: str
    specific_path: str


def reported_together(codebook: Codebook, first: CodeMention, second: CodeMention) -> Finding:
    """Whether the two codes may be reported on the same claim, and what in the classification says so."""
    codes = (resolve(codebook, first), resolve(codebook, second))
    facts = [Fact(f"{c.code}: {c.title}.", citation_for(codebook, c)) for c in codes]
    mentions = tuple(mention_of(c) for c in codes)
    excluded = _links(codebook, codes, ("excludes1",))
    if excluded:
        link = excluded[0]
        summary = (
            f"No: an Excludes1 note under {link.note.declared_on} excludes {link.named.code} from "
            f"{link.holder.code}, so the two are not reported together (the conditions are mutually "
            "exclusive), unless the guidelines' exception applies: the two conditions are unrelated."
        )
        return _finding(codebook, summary, facts, mentions, excluded)
    linked = _links(codebook, codes, LINKING_NOTES)
    if linked:
        return _finding(codebook, _linked_summary(linked[0]), facts, mentions, linked)
    combined = _indexed_under(codebook, codes)
    if combined is not None:
        return _combination(codebook, combined, facts, mentions)
    joined = _joined_by_index(codebook, codes)
    if joined is not None:
        return _joined(codebook, joined, facts, mentions)
    symptom = _symptom_and_diagnosis(codebook, codes)
    if symptom is not None:
        chapter = tuple(CodeMention("icd10cm", token) for token in code_shaped_tokens(SYMPTOM_CHAPTER))
        return Finding(_symptom_summary(*symptom), tuple(facts), mentions + chapter)
    coexisting = _links(codebook, codes, ("excludes2",))
    if coexisting:
        summary = (
            f"Yes, when the patient has both: an Excludes2 note under {coexisting[0].note.declared_on} says the "
            "other condition is not part of this one, so both may be reported together."
        )
        return _finding(codebook, summary, facts, mentions, coexisting)
    return _unlinked(codebook, codes, facts, mentions)


def sequence_of(codebook: Codebook, first: CodeMention, second: CodeMention) -> Finding:
    """Which of the two codes is listed first. The notes that set an order decide; a manifestation code
    never goes first; a pair that is not reported together, or only as one code, is told so."""
    codes = (resolve(codebook, first), resolve(codebook, second))
    facts = [Fact(f"{c.code}: {c.title}.", citation_for(codebook, c)) for c in codes]
    mentions = tuple(mention_of(c) for c in codes)
    ordering = _links(codebook, codes, ("code_first", "use_additional_code"))
    if ordering:
        return _finding(codebook, _ordered_summary(ordering[0]), facts, mentions, ordering)
    manifestation = next((c for c in codes if "classified elsewhere" in c.title.lower()), None)
    if manifestation is not None:
        other = codes[1] if manifestation is codes[0] else codes[0]
        summary = (
            f'{other.code} first: {manifestation.code} is a manifestation code ("in diseases classified '
            'elsewhere"), never first-listed or principal.'
        )
        return Finding(summary, tuple(facts), mentions)
    if (
        _links(codebook, codes, ("excludes1",))
        or _indexed_under(codebook, codes)
        or _symptom_and_diagnosis(codebook, codes)
    ):
        return reported_together(codebook, first, second)
    summary = (
        f"No Tabular instruction sets the order of {codes[0].code} and {codes[1].code}: inpatient, the "
        "condition chiefly responsible for the admission after study is principal; outpatient, the reason "
        "chiefly responsible for the encounter is listed first."
    )
    return Finding(summary, tuple(facts), mentions, settled=False)


def _ordered_summary(link: Link) -> str:
    before, after = (link.named, link.holder) if link.note.kind == "code_first" else (link.holder, link.named)
    summary = (
        f"{before.code} first, then {after.code}: the {NOTE_LABELS[link.note.kind].lower()} note under "
        f"{link.note.declared_on} names {link.named.code}."
    )
    if "classified elsewhere" in after.title.lower():
        summary += f" {after.code} is a manifestation code and is never sequenced first."
    return summary


def _symptom_summary(sign: Code, diagnosis: Code) -> str:
    return (
        f"Not when {sign.code} is part of {diagnosis.code}: {sign.code} is a sign or symptom code (chapter "
        "R00-R99), and signs and symptoms routinely associated with a definitive diagnosis are not coded "
        f"separately; report {sign.code} as well only if it is not routinely part of {diagnosis.code}."
    )


def _links(codebook: Codebook, codes: tuple[Code, Code], kinds: tuple[str, ...]) -> list[Link]:
    return [
        Link(holder, named, note)
        for holder, named in (codes, codes[::-1])
        for note in codebook.notes(holder)
        if note.kind in kinds and note_covers(note.text, named.code)
    ]


def _linked_summary(link: Link) -> str:
    label = NOTE_LABELS[link.note.kind].lower()
    if link.note.kind == "code_first":
        order = f"{link.named.code} first, then {link.holder.code}"
    elif link.note.kind == "use_additional_code":
        order = f"{link.holder.code} first, then {link.named.code}"
    else:
        order = "the note sets no order; the circumstances of the encounter decide"
    return (
        f"Yes: the {label} note under {link.note.declared_on} calls for {link.named.code} with "
        f"{link.holder.code}, so both are reported when documented ({order})."
    )


def _finding(
    codebook: Codebook, summary: str, facts: list[Fact], mentions: tuple[CodeMention, ...], links: list[Link]
) -> Finding:
    facts = facts + [note_fact(codebook, link.holder, link.note) for link in links]
    declared = [CodeMention(link.holder.system, link.note.declared_on) for link in links]
    named = [
        CodeMention(link.holder.system, token)
        for link in links
        for token in code_shaped_tokens(f"{link.note.text} {link.note.declared_on}")
    ]
    return Finding(summary, tuple(dict.fromkeys(facts)), (*mentions, *declared, *named))


def _indexed_under(codebook: Codebook, codes: tuple[Code, Code]) -> IndexPath | None:
    """One code filed in the Alphabetic Index below an entry that codes the other, in the same chapter."""
    for specific, broad in (codes, codes[::-1]):
        if _chapter(codebook, specific) != _chapter(codebook, broad):
            continue
        for path, ancestors in _index_entries(codebook, specific):
            for ancestor_path, ancestor_code in ancestors:
                if ancestor_code and _codes_as(ancestor_code, broad):
                    return IndexPath(specific, broad, ancestor_path, path)
    return None


def _index_entries(codebook: Codebook, code: Code) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Each Index to Diseases entry coded `code`, with the entries above it (path, code), nearest first."""
    try:
        rows = codebook.connection.execute(
            "SELECT path, parent_id FROM index_terms WHERE code = ? AND index_name = 'diseases'", (code.code,)
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    found = []
    for path, parent_id in rows:
        ancestors = []
        while parent_id is not None:
            parent = codebook.connection.execute(
                "SELECT path, code, parent_id FROM index_terms WHERE id = ?", (parent_id,)
            ).fetchone()
            if parent is None:
                break
            ancestors.append((parent[0], parent[1]))
            parent_id = parent[2]
        found.append((path, ancestors))
    return found


def _codes_as(index_code: str, code: Code) -> bool:
    """An Index code ("I10", or "I12.-" for a category still to complete) that stands for `code`."""
    if index_code.endswith("-"):
        return code_key(code.code).startswith(code_key(index_code.rstrip("-")))
    return code_key(index_code) == code_key(code.code)


def _combination(
    codebook: Codebook, found: IndexPath, facts: list[Fact], mentions: tuple[CodeMention, ...]
) -> Finding:
    index = _index_citation(codebook)
    summary = (
        f"No: {found.specific.code} already says what {found.broad.code} says. The Alphabetic Index files "
        f'{found.specific.code} under "{found.broad_path}", the entry coded {found.broad.code}, at '
        f'"{found.specific_path}"; a combination or more specific code is reported instead of the broader '
        "code, not beside it."
    )
    facts = [
        *facts,
        Fact(
            f'Index: "{found.broad_path}" {found.broad.code}; "{found.specific_path}" {found.specific.code}.',
            index,
        ),
    ]
    return Finding(summary, tuple(facts), mentions)


@dataclass(frozen=True)
class JoinedPath:
    """The Index, under the entry that codes `first`, has a "with" (or "in", "due to") subterm naming
    `second`, coded `combined`: the "with" convention presumes the link and one code says both."""

    first: Code
    second: Code
    path: str
    combined: Code


def _joined_by_index(codebook: Codebook, codes: tuple[Code, Code]) -> JoinedPath | None:
    found = []
    for first, second in (codes, codes[::-1]):
        named, titled = _head_words(second), _title_words(second)
        for entry_id, entry_path in _entries_coded(codebook, first):
            for path, code in _coded_below(codebook, entry_id):
                rest = path[len(entry_path) :].lower()
                words = _title_words_of(rest)
                # Every word below the entry names the second condition: "with, Q fever" is not fever.
                if (
                    LINKS.search(rest)
                    and named
                    and named <= words <= titled
                    and code not in (first.code, second.code)
                ):
                    found.append((len(path), path, first, second, code))
    for _, path, first, second, code in sorted(found, key=lambda item: item[:2]):
        combined = [c for c in codebook.find(code.rstrip(".-")) if c.system == first.system]
        if combined:
            return JoinedPath(first, second, path, combined[0])
    return None


def _entries_coded(codebook: Codebook, code: Code) -> list[tuple[int, str]]:
    try:
        return codebook.connection.execute(
            "SELECT id, path FROM index_terms WHERE code = ? AND index_name = 'diseases'", (code.code,)
        ).fetchall()
    except sqlite3.OperationalError:
        return []


def _coded_below(codebook: Codebook, entry_id: int) -> list[tuple[str, str]]:
    return codebook.connection.execute(
        "WITH RECURSIVE below(id, path, code) AS (SELECT id, path, code FROM index_terms WHERE parent_id = ?"
        " UNION ALL SELECT t.id, t.path, t.code FROM index_terms t JOIN below b ON t.parent_id = b.id)"
        " SELECT path, code FROM below WHERE code IS NOT NULL",
        (entry_id,),
    ).fetchall()


def _head_words(code: Code) -> set[str]:
    """The words a condition's title starts with ("Chronic kidney disease" of "Chronic kidney disease,
    stage 3 unspecified"), as the Index would name it in a subterm."""
    return _title_words_of(re.sub(r"\([^)]*\)", " ", code.title.split(",", 1)[0]))


def _title_words(code: Code) -> set[str]:
    return _title_words_of(code.title)


def _title_words_of(text: str) -> set[str]:
    """Content words, connectors of the Index ("with", "in", "due to") left out."""
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS and w not in ("due",)}


def _joined(
    codebook: Codebook, found: JoinedPath, facts: list[Fact], mentions: tuple[CodeMention, ...]
) -> Finding:
    index = _index_citation(codebook)
    called = [
        n
        for n in codebook.notes(found.combined)
        if n.kind == "use_additional_code" and note_covers(n.text, found.second.code)
    ]
    also = f", with {found.second.code} as its use additional code note asks" if called else ""
    summary = (
        f"Not as {found.first.code} plus {found.second.code} alone: the Alphabetic Index joins them at "
        f'"{found.path}", coded {found.combined.code} ({found.combined.title}); the "with" convention presumes '
        f"the link, so report {found.combined.code}{also}."
    )
    facts = [*facts, Fact(f'Index: "{found.path}" {found.combined.code}.', index)]
    facts += [note_fact(codebook, found.combined, note) for note in called]
    return Finding(summary, tuple(facts), (*mentions, mention_of(found.combined)))


def _symptom_and_diagnosis(codebook: Codebook, codes: tuple[Code, Code]) -> tuple[Code, Code] | None:
    chapters = [_chapter(codebook, c) for c in codes]
    for (sign, diagnosis), (sign_chapter, other_chapter) in (
        (codes, chapters),
        (codes[::-1], chapters[::-1]),
    ):
        if sign_chapter == SYMPTOM_CHAPTER and other_chapter not in (SYMPTOM_CHAPTER, *NOT_DIAGNOSES):
            return sign, diagnosis
    return None


def _unlinked(
    codebook: Codebook, codes: tuple[Code, Code], facts: list[Fact], mentions: tuple[CodeMention, ...]
) -> Finding:
    """Nothing in the Tabular or Index links them; say where the notes that name either code are, since
    a code called for only by other categories' notes ("use additional code ... insulin (Z79.4)" under
    E11 but not E10) is a hint the coder needs."""
    summary = (
        f"No Tabular note (Excludes1, code first, use additional code, code also) links {codes[0].code} and "
        f"{codes[1].code} and the Index files neither under the other, so the classification neither "
        "requires nor forbids them together: the guidelines decide, and each documented condition that "
        "meets the rules for additional diagnoses is reported."
    )
    callers = [(code, other, _called_for_by(codebook, code, other)) for code, other in (codes, codes[::-1])]
    extra = [
        Fact(
            f"{code.code} is called for by 'use additional code' notes under {', '.join(holders)}, in the same "
            f"block as {other.code}; {other.code} carries no such note.",
            citation_for(codebook, code),
        )
        for code, other, holders in callers
        if holders
    ]
    if extra:
        summary += " " + extra[0].text
    named = [CodeMention(code.system, holder) for code, _, holders in callers for holder in holders]
    return Finding(summary, tuple(facts + extra), (*mentions, *named), settled=False)


def _called_for_by(codebook: Codebook, code: Code, other: Code) -> list[str]:
    """The categories in `other`'s block whose 'use additional code' notes name `code`: siblings that
    call for it where `other` does not (E11 and E13 call for Z79.4, E10 does not)."""
    rows = codebook.connection.execute(
        "SELECT DISTINCT code, text FROM notes WHERE system = ? AND kind = 'use_additional_code' AND text LIKE ?",
        (code.system, f"%{code.code[:3]}%"),
    ).fetchall()
    block = _block(codebook, other)
    holders = [
        holder
        for holder, text in rows
        if note_covers(text, code.code) and _block(codebook, codebook.get(holder, code.system)) == block
    ]
    return sorted(dict.fromkeys(holders))[:MAX_CALLERS]


def _chapter(codebook: Codebook, code: Code) -> str:
    ancestors = codebook.ancestors(code)
    return ancestors[0].code if ancestors else code.code


def _block(codebook: Codebook, code: Code) -> str:
    ancestors = [*codebook.ancestors(code), code]
    return ancestors[1].code if len(ancestors) > 1 else code.code


def _index_citation(codebook: Codebook) -> Citation:
    source = codebook.source("icd10cm-index-diseases")
    return (
        Citation(source.title, source.version) if source else Citation("ICD-10-CM Index", "version unknown")
    )
