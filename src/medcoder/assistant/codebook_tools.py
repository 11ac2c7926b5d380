"""The assistant's tools over the codebook: lookup, billability, notes (own and inherited), 7th
characters, GEM crosswalks and search (two codes together: code_pairs.py). Each returns a `Finding` whose facts cite
the codebook source and version, and whose codes are the only ones the answer may state."""

import re

from medcoder.assistant.codes_in_text import code_shaped_tokens
from medcoder.assistant.records import Citation, CodeMention, Fact, Finding
from medcoder.codebook import Code, Codebook, Note
from medcoder.codebook.importers import cpt
from medcoder.codebook.records import NOTE_LABELS, SeventhCharacter
from medcoder.codebook.systems import SYSTEMS

MAX_NOTES = 12
SEARCH_CANDIDATES, SEARCH_SHOWN = 16, 8
CLOSE_SCORE = 0.85  # another code set's best hit is named too when it scores this share of the top hit
MAX_TARGETS = 10


def citation_for(codebook: Codebook, code: Code) -> Citation:
    source = codebook.source(code.source)
    url = f"/codes/{code.system}/{code.code}/"
    if source is None:
        return Citation(code.source, "version unknown", url)
    return Citation(source.title, source.version, url)


def mention_of(code: Code) -> CodeMention:
    return CodeMention(code.system, code.code)


def resolve(codebook: Codebook, mention: CodeMention) -> Code:
    """The codebook record for a mention; raises `UnknownCode` with suggestions."""
    return codebook.get(mention.code, mention.system if mention.system in SYSTEMS else None)


def describe_code(codebook: Codebook, mention: CodeMention) -> Finding:
    code = resolve(codebook, mention)
    cite = citation_for(codebook, code)
    if code.source == cpt.NUMBERS_SOURCE:
        summary = (
            f"{code.code} is a CPT code used in the CMS files; its descriptor is AMA copyright and needs your "
            "licensed CPT file (`medcoder codebook import-cpt PATH`)."
        )
        # Not a full answer: the knowledge articles may still say what the code is used for (E/M levels).
        return Finding(
            summary, (Fact(f"{code.code}: {code.title}.", cite),), (mention_of(code),), answered=False
        )
    system = SYSTEMS[code.system].name
    status = "billable (valid for claims)" if code.billable else "a header, not valid for claims"
    facts = [Fact(f"{code.code} ({system}): {code.title}.", cite)]
    codes = [mention_of(code)]
    ancestors = codebook.ancestors(code)
    if ancestors:
        parent = ancestors[-1]
        facts.append(Fact(f"It sits under {parent.code} {parent.title}.", cite))
        codes.append(mention_of(parent))
    if code.plain:
        facts.append(Fact(f"In plain words (generated, not official): {code.plain}", cite))
    summary = f'{code.code} is the {system} code for "{code.title}"'
    summary += "." if code.system == "hcpcs-modifier" else f"; it is {status}."
    if "classified elsewhere" in code.title.lower():
        summary += " It is a manifestation code: never first-listed, the underlying condition is coded first."
    return Finding(summary, tuple(facts), tuple(codes))


def billability(codebook: Codebook, mention: CodeMention) -> Finding:
    code = resolve(codebook, mention)
    cite = citation_for(codebook, code)
    if code.billable:
        summary = f"Yes: {code.code} ({code.title}) is billable, a complete code valid for claims."
        return Finding(
            summary, (Fact(f"{code.code} is marked valid for claims.", cite),), (mention_of(code),)
        )
    children = _typical_billable(_descendants(codebook, code, limit=400), limit=8)
    codes = [mention_of(code), *(mention_of(c) for c in children)]
    summary = f"No: {code.code} ({code.title}) is a header, not valid for claims; report a code below it."
    facts = [Fact(f"{c.code}: {c.title} (billable).", citation_for(codebook, c)) for c in children]
    if codebook.seventh_characters(code):
        facts.append(Fact("Codes in this category also need a 7th character.", cite))
    return Finding(summary, tuple(facts), tuple(codes))


def _typical_billable(codes: list[Code], limit: int) -> list[Code]:
    """Billable codes below a header, the unspecified / uncomplicated ones first (what coders look for)."""
    billable = [c for c in codes if c.billable]
    typical = [c for c in billable if re.search(r"unspecified|without complication", c.title, re.IGNORECASE)]
    typical.sort(key=lambda c: ("without complication" not in c.title.lower(), len(c.code), c.seq))
    return (typical + [c for c in billable if c not in typical])[:limit]


def _descendants(codebook: Codebook, code: Code, limit: int) -> list[Code]:
    found: list[Code] = []
    queue = codebook.children(code)
    while queue and len(found) < limit:
        child = queue.pop(0)
        found.append(child)
        queue = codebook.children(child) + queue
    return found


def code_notes(codebook: Codebook, mention: CodeMention, kinds: set[str] | None = None) -> Finding:
    """The instructional notes that apply to a code, own ones first, then inherited (with their origin)."""
    code = resolve(codebook, mention)
    notes = [n for n in codebook.notes(code) if kinds is None or n.kind in kinds]
    if not notes:
        wanted = " or ".join(NOTE_LABELS[k] for k in sorted(kinds)) if kinds else "instructional"
        summary = f"{code.code} has no {wanted} notes, its own or inherited, in the Tabular List."
        return Finding(
            summary, (Fact(f"{code.code}: {code.title}.", citation_for(codebook, code)),), (mention_of(code),)
        )
    facts = tuple(note_fact(codebook, code, note) for note in notes[:MAX_NOTES])
    counts = {}
    for note in notes:
        counts[NOTE_LABELS[note.kind]] = counts.get(NOTE_LABELS[note.kind], 0) + 1
    listed = ", ".join(f"{n} {label}" for label, n in counts.items())
    summary = f"{code.code} ({code.title}) carries these notes, own and inherited: {listed}."
    codes = (mention_of(code), *_declaring_codes(codebook, code, notes), *_referenced(code, notes))
    return Finding(summary, facts, codes)


def note_fact(codebook: Codebook, code: Code, note: Note) -> Fact:
    """The note as the Tabular words it, with its list's lead-in ("Code first: the underlying
    physiological condition, such as: Alzheimer's (G30.-)"), and where it was declared."""
    origin = f" (inherited from {note.declared_on})" if note.inherited else ""
    declared = code if not note.inherited else _declaring(codebook, code, note.declared_on)
    return Fact(f"{NOTE_LABELS[note.kind]}: {note.wording}{origin}", citation_for(codebook, declared))


def _declaring(codebook: Codebook, code: Code, declared_on: str) -> Code:
    return next((a for a in codebook.ancestors(code) if a.code == declared_on), code)


def _referenced(code: Code, notes: list[Note]) -> list[CodeMention]:
    """The codes an official note names ("type 1 diabetes mellitus (E10.-)"): the answer may quote them."""
    return [
        CodeMention(code.system, token)
        for n in notes
        for token in code_shaped_tokens(f"{n.text} {n.declared_on}")
    ]


def _declaring_codes(codebook: Codebook, code: Code, notes: list[Note]) -> list[CodeMention]:
    return [mention_of(_declaring(codebook, code, n.declared_on)) for n in notes if n.inherited]


def seventh_character(codebook: Codebook, mention: CodeMention, question: str = "") -> Finding:
    """The 7th character a code takes. When the question says the encounter ("S72.001 initial
    encounter"), the character whose meaning it matches best, first in the table on a tie (A, closed,
    before B and C, open), and the complete code; else the table."""
    code = resolve(codebook, mention)
    table = codebook.seventh_characters(code)
    if not table:
        summary = f"{code.code} ({code.title}) takes no 7th character in the Tabular List."
        return Finding(
            summary, (Fact(f"{code.code}: {code.title}.", citation_for(codebook, code)),), (mention_of(code),)
        )
    declared = _declaring(codebook, code, table[0].declared_on)
    cite = citation_for(codebook, declared)
    own = next((s for s in table if len(code.key) == 7 and code.key[6] == s.character), None)
    if own is not None:
        summary = f"{code.code} already carries its 7th character, {own.character}: {own.meaning}."
        return Finding(
            summary,
            (Fact(f"7th character {own.character}: {own.meaning}.", cite),),
            (mention_of(code), mention_of(declared)),
        )
    matching = _matching_characters(table, question)
    complete = _with_character(codebook, code, matching[0]) if matching else None
    if complete is None:
        summary = (
            f"{code.code} needs a 7th character, from the table declared on {declared.code}; when the code has "
            "fewer than six characters, fill the empty places with the placeholder X."
        )
        facts = tuple(Fact(f"7th character {s.character}: {s.meaning}.", cite) for s in table)
        return Finding(summary, facts, (mention_of(code), mention_of(declared)))
    chosen = matching[0]
    summary = f"{complete.code}: 7th character {chosen.character}, {chosen.meaning} ({complete.title})."
    if len(matching) > 1:
        summary += (
            " Other characters for that encounter: "
            + "; ".join(f"{s.character}, {s.meaning}" for s in matching[1:])
            + "."
        )
    facts = tuple(Fact(f"7th character {s.character}: {s.meaning}.", cite) for s in matching)
    return Finding(summary, facts, (mention_of(code), mention_of(declared), mention_of(complete)))


def _matching_characters(table: list[SeventhCharacter], question: str) -> list[SeventhCharacter]:
    """Table entries sharing the most words with the question, in table order; none when the question
    names no encounter word the meanings use."""
    asked = set(re.findall(r"[a-z]+", question.lower()))
    overlaps = [len(asked & set(re.findall(r"[a-z]+", s.meaning.lower()))) for s in table]
    best = max(overlaps, default=0)
    return [s for s, overlap in zip(table, overlaps, strict=True) if overlap == best] if best else []


def _with_character(codebook: Codebook, code: Code, entry: SeventhCharacter) -> Code | None:
    """The code completed with the 7th character (placeholder X filling up to six), if the codebook has it."""
    key = code.key.ljust(6, "X") + entry.character
    matches = [c for c in codebook.find(key) if c.system == code.system]
    return matches[0] if matches else None


def sequencing(codebook: Codebook, mention: CodeMention) -> Finding:
    """Whether a code may be first-listed or principal: manifestation codes ("in diseases classified
    elsewhere") never are; "code first" notes name what goes before."""
    code = resolve(codebook, mention)
    code_first = [n for n in codebook.notes(code) if n.kind == "code_first"]
    facts = [Fact(f"{code.code}: {code.title}.", citation_for(codebook, code))]
    facts += [note_fact(codebook, code, note) for note in code_first[:MAX_NOTES]]
    codes = (mention_of(code), *_declaring_codes(codebook, code, code_first), *_referenced(code, code_first))
    if "classified elsewhere" in code.title.lower():
        summary = (
            f'No: {code.code} is a manifestation code ("in diseases classified elsewhere"), never first-listed '
            'or principal; sequence the underlying condition first, as its "code first" note says.'
        )
    elif code_first:
        summary = (
            f'{code.code} has a "code first" note: when the underlying condition it names is present, '
            "sequence that condition first."
        )
    else:
        summary = (
            f"Nothing in the Tabular List stops {code.code} from being first-listed or principal; the reason "
            "for the encounter (or, inpatient, the condition chiefly responsible for the admission) decides."
        )
    return Finding(summary, tuple(facts), codes)


def crosswalk(codebook: Codebook, mention: CodeMention) -> Finding:
    """GEM entries from the code to the other edition; says so when the GEMs are not in the codebook."""
    code = resolve(codebook, mention)
    entries = codebook.crosswalk(code)
    if not entries:
        summary = f"The codebook holds no GEM entry for {code.code} ({SYSTEMS[code.system].name})."
        return Finding(
            summary,
            (Fact(f"{code.code}: {code.title}.", citation_for(codebook, code)),),
            (mention_of(code),),
            answered=False,
        )
    source = codebook.source(entries[0].source)
    cite = Citation(source.title if source else entries[0].source, source.version if source else "")
    targets = [e for e in entries if not e.no_map and e.to_code]
    if not targets:
        return Finding(
            f"The GEMs give no map for {code.code} ({code.title}).",
            (Fact(f"{code.code}: no map.", cite),),
            (mention_of(code),),
        )
    facts = []
    for entry in targets[:MAX_TARGETS]:
        flags = [
            label
            for label, on in (("approximate", entry.approximate), ("combination", entry.combination))
            if on
        ]
        shown = f" ({', '.join(flags)})" if flags else " (identical meaning)"
        scenario = f", scenario {entry.scenario} choice {entry.choice_list}" if entry.combination else ""
        facts.append(
            Fact(f"{entry.to_code} {entry.to_title or ''}{shown}{scenario}.".replace("  ", " "), cite)
        )
    shown = list(dict.fromkeys(e.to_code for e in targets[:MAX_TARGETS]))
    more = len(set(e.to_code for e in targets)) - len(shown)
    listed = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    target_name = SYSTEMS[targets[0].to_system].name
    summary = (
        f"{code.code} ({code.title}) maps to {target_name} {listed} in the GEMs; a GEM is a "
        "starting point, so confirm the target against the record."
    )
    codes = (mention_of(code), *(CodeMention(e.to_system, e.to_code) for e in targets[:MAX_TARGETS]))
    return Finding(summary, tuple(facts), codes)


def search_codes(codebook: Codebook, query: str, systems: list[str] | None = None) -> Finding:
    if not query.strip():
        return Finding("Say what the code should describe, e.g. 'code for type 2 diabetes'.", answered=False)
    candidates = _items_first(codebook.search(query, systems=systems, limit=SEARCH_CANDIDATES), query)
    hits = candidates[:SEARCH_SHOWN]
    if not hits:
        return Finding(f'No code title matches "{query}".', answered=False)
    facts = []
    for hit in hits:
        code = codebook.get(hit.code, hit.system)
        mark = "" if hit.billable else " (header)"
        facts.append(
            Fact(f"{hit.code} ({SYSTEMS[hit.system].name}): {hit.title}{mark}.", citation_for(codebook, code))
        )
    best = _best_per_system(hits, candidates) if systems is None else hits[:1]
    if len(best) == 1:
        summary = f'The closest match for "{query}" is {best[0].code}, {best[0].title}'
    else:
        listed = "; ".join(f"{h.code} ({SYSTEMS[h.system].name}), {h.title}" for h in best)
        summary = f'The closest matches for "{query}": {listed}'
    summary += "; check the Alphabetic Index and the Tabular notes before assigning it."
    return Finding(summary, tuple(facts), tuple(CodeMention(h.system, h.code) for h in (*hits, *best)))


def _best_per_system(hits: list, candidates: list) -> list:
    """The top hit, and the best of another current code set when that set scores nearly as well ("annual
    wellness visit": the diagnosis Z00.00 and the HCPCS visit G0438)."""
    top = hits[0]
    other = next((h for h in candidates if h.system != top.system and not h.system.startswith("icd9")), None)
    if other is None:
        return [top]
    other_score = max(h.score for h in candidates if h.system == other.system)
    return [top, other] if other_score >= CLOSE_SCORE * top.score else [top]


def _items_first(hits: list, query: str) -> list:
    """HCPCS Level II titles name the item billed first, head noun last ("Walker, folding", "Standard
    wheelchair"); "Seat attachment, walker" or "Headgear used with positive airway pressure device" bill an
    attachment or a part. Items whose head noun the query names come first, the search's order kept."""
    asked = {word.rstrip("s") for word in re.findall(r"[a-z]+", query.lower())}

    def names_item(hit) -> bool:
        title = re.sub(r"\([^)]*\)", " ", hit.title.lower())
        phrase = re.split(r",| for | used with | with ", title, maxsplit=1)[0]
        head = re.findall(r"[a-z]+", phrase)
        return hit.system != "hcpcs" or (bool(head) and head[-1].rstrip("s") in asked)

    return sorted(hits, key=lambda hit: not names_item(hit))
