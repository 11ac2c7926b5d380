"""What ranking sees of each codable finding of a note (see `ranking.Features`).

Most features describe the finding alone: where its words came from, how long the match is, how
often and where the note says it, its assertion. One looks at its rivals: the other codes of the
same system found on the same words. When a phrase annotators coded as BN20 (CT of the skull) also
reads as B020 (CT of the brain) by the code axes, the learned record of the rival is what tells them
apart.
"""

from dataclasses import replace

from medcoder.notecoder.findings import DIAGNOSIS_SECTIONS, Candidate, Finding
from medcoder.notecoder.ranking import Features


def codable_features(
    findings: list[Finding], setting: str, note_length: int
) -> list[tuple[Finding, Features]]:
    """(finding, features) for every finding with a codable mention in `setting`, in finding order."""
    codable = [(finding, finding.codable(setting)) for finding in findings]
    codable = [(finding, candidates) for finding, candidates in codable if candidates]
    words = [_words(candidates) for _, candidates in codable]
    own = [_features(finding, candidates, note_length) for finding, candidates in codable]
    found = []
    for index, (finding, _) in enumerate(codable):
        rivals = [
            other.learned_precision
            for position, other in enumerate(own)
            if position != index and other.system == own[index].system and words[position] & words[index]
        ]
        found.append((finding, replace(own[index], rival_precision=max(rivals, default=0.0))))
    return found


def _words(candidates: list[Candidate]) -> set[tuple[int, int]]:
    return {(c.mention.sentence.start, i) for c in candidates for i in c.mention.token_indexes}


def _features(finding: Finding, codable: list[Candidate], note_length: int) -> Features:
    best = max(codable, key=lambda c: len(c.mention.entry.stems))
    learned = max((c.mention.entry for c in codable), key=lambda e: (e.train_precision, e.train_notes))
    statuses = {c.assertion.status for c in codable}
    return Features(
        system=finding.code.system,
        code=finding.code.code,
        words=len(best.mention.entry.stems),
        mentions=len(codable),
        origin=best.mention.entry.origin,
        origins=frozenset(c.mention.entry.origin for c in codable),
        in_diagnosis_section=any(c.section.name in DIAGNOSIS_SECTIONS for c in codable),
        historical=statuses == {"historical"},
        uncertain="uncertain" in statuses and "present" not in statuses,
        completed=bool(best.reasons),
        learned_notes=learned.train_notes,
        learned_precision=learned.train_precision,
        position=min(c.mention.sentence.start for c in codable) / max(note_length, 1),
    )
