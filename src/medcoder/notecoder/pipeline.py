"""Case2Code: a clinical note in, ranked billable ICD-10-CM codes out, each with its evidence.

The steps, one module each: sections -> sentences -> ConText cues -> mentions (lexicon) -> code
assembly -> findings (assertion policy by setting) -> ranking -> validation (Excludes1, code first,
use additional). `NoteCoder.code` runs them all; build one `NoteCoder` per process and reuse it.
"""

from dataclasses import dataclass, field

from medcoder.codebook import Codebook
from medcoder.notecoder.assembly import Assembler
from medcoder.notecoder.candidate_features import codable_features
from medcoder.notecoder.errors import EmptyNote, NoteTooLong, UnknownSetting
from medcoder.notecoder.findings import (
    SETTINGS,
    Candidate,
    Finding,
    as_personal_history,
    find_candidates,
    group_findings,
)
from medcoder.notecoder.learned_terms import LearnedTerm
from medcoder.notecoder.lexicon import build_lexicon, load_lexicon
from medcoder.notecoder.mentions import Mention
from medcoder.notecoder.ranking import Calibration, Features, load_calibration
from medcoder.notecoder.records import Check, CodeSuggestion, CodingResult, Section, SetAside, Span
from medcoder.notecoder.sections import find_sections
from medcoder.notecoder.sentences import split_sentences
from medcoder.notecoder.validation import NoteChecker

MAX_NOTE_CHARACTERS = 200_000
PCS_DEFAULTS = (
    "ICD-10-PCS characters 5-7 (approach, device or contrast, qualifier) take the plainest values the"
    " table allows for this operation and body part: check them against the procedure note"
)


@dataclass
class Ranked:
    """A finding on its way out: confidence, and the checks gathered so far."""

    finding: Finding
    confidence: float
    checks: list[Check] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.finding.code.code


class NoteCoder:
    def __init__(
        self,
        codebook: Codebook,
        calibration: Calibration | None = None,
        learned: list[LearnedTerm] | None = None,
    ):
        """`learned` replaces the shipped learned terms (calibration codes held-out folds with them)."""
        self.codebook = codebook
        self.lexicon = (
            load_lexicon(codebook.path) if learned is None else build_lexicon(codebook.path, learned)
        )
        self.assembler = Assembler(codebook)
        self.checker = NoteChecker(codebook)
        self.calibration = calibration or load_calibration()
        self._sources = {source.name: f"{source.title}, {source.version}" for source in codebook.sources()}

    def code(
        self, text: str, setting: str = "inpatient", min_confidence: float | None = None
    ) -> CodingResult:
        """Code one note. `min_confidence` defaults to the calibrated threshold; 0 returns every candidate."""
        if not text.strip():
            raise EmptyNote()
        if len(text) > MAX_NOTE_CHARACTERS:
            raise NoteTooLong(len(text), MAX_NOTE_CHARACTERS)
        if setting not in SETTINGS:
            raise UnknownSetting(setting)

        def threshold(ranked: Ranked) -> float:
            system = ranked.finding.code.system
            return self.calibration.threshold(system) if min_confidence is None else min_confidence

        sections = find_sections(text)
        findings = self._findings(text, sections)
        ranked, set_aside = self._rank(findings, setting, text)
        accepted = [r for r in ranked if r.confidence >= threshold(r)]
        pool = [r for r in ranked if r.confidence < threshold(r)]
        accepted = self._resolve_excludes1(accepted, pool, set_aside, text)
        accepted = self._complete_pairs(accepted, pool)
        return CodingResult(
            codes=tuple(self._suggestion(r, text, setting) for r in accepted),
            set_aside=tuple(set_aside),
            sections=tuple(sections),
            setting=setting,
            codebook={"path": str(self.codebook.path), "built_at": self.codebook.meta.get("built_at", "")},
        )

    def features(self, text: str, setting: str = "inpatient") -> list[Features]:
        """What the ranker sees for each codable finding of the note (used to calibrate it)."""
        findings = self._findings(text, find_sections(text))
        return [features for _, features in codable_features(findings, setting, len(text))]

    def _findings(self, text: str, sections: list[Section]) -> list[Finding]:
        candidates = find_candidates(split_sentences(text), sections, self.lexicon, self.assembler)
        return group_findings(as_personal_history(candidates, self.checker.history_code))

    def _rank(self, findings: list[Finding], setting: str, text: str) -> tuple[list[Ranked], list[SetAside]]:
        set_aside = [
            _set_aside(finding, setting, text)
            for finding in findings
            if not finding.codable(setting) and not all(c.subsumed for c in finding.candidates)
        ]
        ranked = [
            Ranked(finding, self.calibration.confidence(features))
            for finding, features in codable_features(findings, setting, len(text))
        ]
        ranked.sort(key=lambda r: (-r.confidence, r.finding.code.seq))
        return ranked, set_aside

    def _resolve_excludes1(
        self, accepted: list[Ranked], pool: list[Ranked], set_aside: list[SetAside], text: str
    ) -> list[Ranked]:
        """One code of each Excludes1 pair that names one finding: the more specific when its words
        contain the other's ("pain in right knee" M25.561 over "pain" R52, even from below the
        threshold), else the more confident (they arrive in confidence order). A pair the note
        documents as two findings ("tachypnea ... and dyspnea") keeps both, under the exception for
        unrelated conditions (Official Guidelines Section I.A.12.a), with a reminder to confirm it."""
        conflicts = self.checker.excludes1_conflict
        specific = [
            p for p in pool if any(_more_specific(p, a) and conflicts(p.code, a.code) for a in accepted)
        ]
        kept: list[Ranked] = []
        for candidate in [*accepted, *specific]:
            pairs = [(k, note) for k in kept if (note := conflicts(candidate.code, k.code))]
            conflict = next(((k, note) for k, note in pairs if _one_finding(candidate, k)), None)
            if conflict is None:
                if candidate not in specific:
                    candidate.checks.append(_excludes1_apart(pairs))
                    kept.append(candidate)
                continue
            other, note = conflict
            winner, loser = (candidate, other) if _more_specific(candidate, other) else (other, candidate)
            why = "names the same finding more specifically" if winner is candidate else "is better supported"
            if winner is candidate:
                kept[kept.index(other)] = candidate
            reason = f"Excludes1 with {winner.code} ({note.declared_on}: {note.text}); {winner.code} {why}"
            winner.checks.append(Check("excludes1", "changed", f"{loser.code} set aside: {note.text}"))
            set_aside.append(SetAside(loser.code, reason, _spans(loser.finding.candidates, text)))
        return kept

    def _complete_pairs(self, accepted: list[Ranked], pool: list[Ranked]) -> list[Ranked]:
        """Bring in and order "code first" / "use additional code" partners the note supports. A partner
        from below the threshold that Excludes1 forbids beside a code already kept stays out: I25.9 asks
        for "tobacco use (Z72.0)" and "tobacco dependence (F17.-)", but Z72.0 excludes F17.2-, so a
        smoker of 20 cigarettes a day keeps F17.210 alone."""
        ordered = list(accepted)
        for ranked in list(accepted):
            for kind, label in (("code_first", "code first"), ("use_additional_code", "use additional code")):
                missing = []
                for note, ranges in self.checker.partners(ranked.code, kind):
                    partner = _partner(ordered, ranges) or _partner(pool, ranges)
                    if partner is None:
                        missing.extend([note.text] if ranges else [])
                        continue
                    if partner not in ordered:
                        if self._forbidden_beside(partner, ordered):
                            continue
                        ordered.append(partner)
                        partner.checks.append(
                            Check(kind, "changed", f"brought in by the {label} note of {ranked.code}")
                        )
                    if kind == "code_first" and ordered.index(partner) > ordered.index(ranked):
                        ordered.remove(partner)
                        ordered.insert(ordered.index(ranked), partner)
                    ranked.checks.append(
                        Check(kind, "passed", f"{label}: {note.text} — {partner.code} sequenced")
                    )
                if missing:
                    detail = f"{label}, if documented: {'; '.join(missing)} — not found in the note"
                    ranked.checks.append(Check(kind, "reminder", detail))
        return ordered

    def _forbidden_beside(self, candidate: Ranked, kept: list[Ranked]) -> bool:
        return any(self.checker.excludes1_conflict(candidate.code, k.code) for k in kept)

    def _suggestion(self, ranked: Ranked, text: str, setting: str) -> CodeSuggestion:
        finding = ranked.finding
        codable = finding.codable(setting) or finding.candidates
        best = max(codable, key=lambda c: len(c.mention.entry.stems))
        specificity = (f"matched {best.mention.entry.origin}: '{best.mention.entry.text}'", *best.reasons)
        if finding.code.system == "icd10pcs":
            specificity += (PCS_DEFAULTS,)
        checks = [
            _assertion_check(codable, setting),
            Check("billable", "passed", f"{finding.code.code} is a valid billable code in the codebook"),
            *ranked.checks,
        ]
        return CodeSuggestion(
            system=finding.code.system,
            code=finding.code.code,
            title=finding.code.title,
            confidence=ranked.confidence,
            evidence=_spans(codable, text),
            specificity=specificity,
            checks=tuple(checks),
            source=self._sources.get(finding.code.source, finding.code.source),
        )


def _more_specific(first: Ranked, second: Ranked) -> bool:
    """True when every mention of `second` lies inside a longer mention of `first`, or says only
    some of its words ("pain" in one sentence, "lumbar pain" in another: M54.50 over R52)."""
    return all(
        any(_inside(general.mention, specific.mention) for specific in first.finding.candidates)
        for general in second.finding.candidates
    )


def _inside(general: Mention, specific: Mention) -> bool:
    if general.sentence.start == specific.sentence.start and general.token_indexes < specific.token_indexes:
        return True
    return set(general.entry.stems) < set(specific.entry.stems)


def _one_finding(first: Ranked, second: Ranked) -> bool:
    """True when the two codes rest on shared words, or one's words are all among the other's
    ("pain" and "abdominal pain" name one pain, even in different sentences)."""
    for a in first.finding.candidates:
        for b in second.finding.candidates:
            same_sentence = a.mention.sentence.start == b.mention.sentence.start
            if same_sentence and a.mention.token_indexes & b.mention.token_indexes:
                return True
            stems_a, stems_b = set(a.mention.entry.stems), set(b.mention.entry.stems)
            if stems_a <= stems_b or stems_b <= stems_a:
                return True
    return False


def _excludes1_apart(pairs: list) -> Check:
    if not pairs:
        return Check("excludes1", "passed", "no Excludes1 conflict with the other codes")
    notes = "; ".join(f"{other.code} ({note.declared_on}: {note.text})" for other, note in pairs)
    return Check(
        "excludes1",
        "reminder",
        f"Excludes1 with {notes}: kept, as the note documents them as separate findings; the exception"
        " for unrelated conditions applies only if they are (Official Guidelines Section I.A.12.a)",
    )


def _partner(ranked: list[Ranked], ranges) -> Ranked | None:
    return next((r for r in ranked if any(code_range.covers(r.code) for code_range in ranges)), None)


def _spans(candidates: list[Candidate], text: str) -> tuple[Span, ...]:
    return tuple(sorted({c.evidence(text) for c in candidates}, key=lambda span: span.start))


def _assertion_check(codable: list[Candidate], setting: str) -> Check:
    statuses = {c.assertion.status for c in codable}
    if "present" in statuses:
        return Check("assertion", "passed", "affirmed: not negated, historical, family or hypothetical")
    if ended := sorted({c.history_of.code for c in codable if c.history_of is not None}):
        return Check(
            "assertion",
            "changed",
            f"documented as ended: coded as personal history, not as {' or '.join(ended)}"
            " (Official Guidelines Section I.C.21.c.4)",
        )
    if "normal" in statuses:
        return Check("assertion", "passed", "done: the note reports its result normal or negative")
    if "uncertain" in statuses:
        return Check(
            "assertion",
            "changed",
            f"uncertain diagnosis coded as if established ({setting}; Official Guidelines Section II.H/III.C)",
        )
    return Check(
        "assertion",
        "reminder",
        "documented as history: keep it only if the condition is still present or treated; a resolved"
        " condition takes a personal-history Z code instead (Official Guidelines Sections III.B, IV.J)",
    )


def _set_aside(finding: Finding, setting: str, text: str) -> SetAside:
    statuses = sorted({c.assertion.status for c in finding.candidates if not c.subsumed})
    cues = sorted({c.assertion.cue.text for c in finding.candidates if c.assertion.cue})
    reason = f"{' / '.join(statuses)}" + (f" (cue: {', '.join(cues)})" if cues else "")
    if statuses == ["uncertain"] and setting == "outpatient":
        reason += "; outpatient: uncertain diagnoses are not coded (Official Guidelines Section IV.H)"
    return SetAside(finding.code.code, reason, _spans(finding.candidates, text))
