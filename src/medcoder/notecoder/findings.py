"""From mentions to findings: assert each mention, complete its code, and group mentions by code.

This is where the setting matters (ICD-10-CM Official Guidelines): an uncertain diagnosis ("probable",
"suspected", "rule out") documented at an inpatient discharge is coded as if established (Section
II.H and III.C); in outpatient care it is not, the signs and symptoms are coded instead (Section IV.H).
A condition documented as history ("history of hypertension", "previous tachycardia") is coded in
both settings but ranked on its own evidence: notes write chronic conditions still treated that way
(Sections III and IV.J), and the check on the code asks the coder to confirm it is still present. One
the note says has ended ("former smoker", "quit smoking") takes the personal-history code its
Excludes note names, Z87.891 for F17 (Section I.C.21.c.4, history codes).
Negated, family-history and hypothetical findings are never coded as current conditions; a result
reported normal or negative ("reflexes were normal") codes the procedure that found it, not the finding.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from medcoder.codebook.records import Code, Note
from medcoder.codebook.systems import code_key
from medcoder.notecoder.assembly import Assembler
from medcoder.notecoder.context import ENDED, assert_mention, find_cues
from medcoder.notecoder.lexicon import Entry, Lexicon
from medcoder.notecoder.measured_values import ORIGIN as MEASURED
from medcoder.notecoder.measured_values import measured_values
from medcoder.notecoder.mentions import Mention, Slot, find_mentions
from medcoder.notecoder.records import Assertion, Section, Span
from medcoder.notecoder.sections import SECTION_STATUS, section_at
from medcoder.notecoder.sentences import Sentence

SETTINGS = ("inpatient", "outpatient")
DIAGNOSIS_SECTIONS = {"diagnoses", "assessment_plan"}
PROCEDURE_SYSTEMS = frozenset({"icd10pcs"})


@dataclass(frozen=True)
class Candidate:
    """One mention, asserted and completed to a billable code."""

    code: Code
    mention: Mention
    assertion: Assertion
    section: Section
    reasons: tuple[str, ...]
    subsumed: bool
    history_of: Code | None = None  # the condition this personal-history code was documented as

    def evidence(self, text: str) -> Span:
        tokens = self.mention.sentence.tokens
        start, end = tokens[self.mention.first].start, tokens[self.mention.last].end
        return Span(start, end, text[start:end])

    def codable(self, setting: str) -> bool:
        status = self.assertion.status
        if status == "normal":  # the test was done; the finding it looked for was not there
            return self.code.system in PROCEDURE_SYSTEMS
        return status in ("present", "historical") or (status == "uncertain" and setting == "inpatient")


@dataclass
class Finding:
    """Every candidate of one billable code in the note."""

    code: Code
    candidates: list[Candidate]

    def codable(self, setting: str) -> list[Candidate]:
        return [c for c in self.candidates if c.codable(setting) and not c.subsumed]


def find_candidates(
    sentences: list[Sentence], sections: list[Section], lexicon: Lexicon, assembler: Assembler
) -> list[Candidate]:
    """Every mention of the note, kept or subsumed, with its assertion and billable code."""
    note_stems = frozenset(token.stem for sentence in sentences for token in sentence.tokens)
    candidates: list[Candidate] = []
    for sentence in sentences:
        cues = find_cues(sentence)
        sentence_stems = frozenset(token.stem for token in sentence.tokens)
        section = section_at(sections, sentence.start)
        kept, subsumed = _with_measured_values(sentence, lexicon, *find_mentions(sentence, lexicon))
        direct = {(m.token_indexes, code_key(m.entry.code)) for m in kept}
        for mention, is_subsumed in [(m, False) for m in kept] + [(m, True) for m in subsumed]:
            assembled = assembler.complete(
                mention.entry.system, mention.entry.code, sentence_stems, note_stems
            )
            if assembled is None or _named_directly(mention, assembled.code, direct):
                continue
            assertion = assert_mention(sentence, cues, mention.token_indexes)
            if assertion.status == "present" and section.name in SECTION_STATUS:
                assertion = Assertion(SECTION_STATUS[section.name])
            candidates.append(
                Candidate(assembled.code, mention, assertion, section, assembled.reasons, is_subsumed)
            )
    return candidates


def _with_measured_values(
    sentence: Sentence, lexicon: Lexicon, kept: list[Mention], subsumed: list[Mention]
) -> tuple[list[Mention], list[Mention]]:
    """Add the values the sentence measures; a code of the same category found on the same words
    ("weeks of gestation" -> Z3A.00, not specified) gives way to the one the value decides."""
    measured = _measured_mentions(sentence, lexicon)
    if not measured:
        return kept, subsumed
    decided = [(m.entry.code[:3], m.token_indexes) for m in measured]
    gives_way = [
        m for m in kept if any(m.entry.code[:3] == c and m.token_indexes & words for c, words in decided)
    ]
    return [*(m for m in kept if m not in gives_way), *measured], [*subsumed, *gives_way]


def _measured_mentions(sentence: Sentence, lexicon: Lexicon) -> list[Mention]:
    """Values the sentence measures ("34 weeks pregnant"), as mentions of the code whose range holds them."""
    mentions = []
    for value in measured_values(sentence, lexicon.value_ranges):
        slots = tuple(Slot(sentence.tokens[i].stem, i, i) for i in range(value.first, value.last + 1))
        stems = tuple(dict.fromkeys(slot.stem for slot in slots))
        entry = Entry(stems, "icd10cm", value.code.code, MEASURED, value.code.title)
        mentions.append(Mention(entry, sentence, slots))
    return mentions


def _named_directly(mention: Mention, completed: Code, direct: set[tuple[frozenset[int], str]]) -> bool:
    """True when the same words also match a billable code under the header this mention completed,
    so "Type 1 diabetes mellitus" gives E10.9 from its title, not a second guess from the category E10."""
    header = code_key(mention.entry.code)
    return completed.key != header and any(
        words == mention.token_indexes and key.startswith(header) and key != header for words, key in direct
    )


def as_personal_history(
    candidates: list[Candidate], history_code: Callable[[str], tuple[Code, Note] | None]
) -> list[Candidate]:
    """Each candidate the note says has ended, recoded to the personal-history code that
    `history_code` finds for it; the others as they are."""
    recoded = []
    for candidate in candidates:
        cue = candidate.assertion.cue
        found = history_code(candidate.code.code) if cue and cue.text.lower() in ENDED else None
        if found is None:
            recoded.append(candidate)
            continue
        code, note = found
        why = f"documented as ended ('{cue.text}'): {note.declared_on} excludes {note.text}"
        recoded.append(
            replace(candidate, code=code, reasons=(*candidate.reasons, why), history_of=candidate.code)
        )
    return recoded


def group_findings(candidates: list[Candidate]) -> list[Finding]:
    by_code: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_code[candidate.code.code].append(candidate)
    return [Finding(group[0].code, group) for group in by_code.values()]
