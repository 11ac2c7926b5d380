"""Diagnosis checks from the ICD-10-CM Tabular List: validity, header codes, 7th characters,
Excludes1 conflicts and "code first" (etiology/manifestation) sequencing.

Notes are read with inheritance (a category's Excludes1 applies to every code under it) and their
code references are taken from the note text: "(E10.-)", "(O24.4-)", "(A00-A09)", "(E11.9)".
"""

import re
from dataclasses import dataclass
from datetime import date

from medcoder.codebook import Codebook
from medcoder.codebook.records import Code, Note
from medcoder.codebook.systems import code_key
from medcoder.rules.claim import Claim
from medcoder.rules.diagnosis_dates import added_since_gem_finding, deleted_since_finding, release_findings
from medcoder.rules.findings import ERROR, INFO, WARNING, Finding, finding

SOURCE = "icd10cm-tabular"
CODE_TEXT = r"[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?"
RANGE = re.compile(rf"\b({CODE_TEXT})-({CODE_TEXT})\b")
SINGLE = re.compile(rf"\b({CODE_TEXT})(?:\.?-)?")
MANIFESTATION = "in diseases classified elsewhere"


def check_diagnoses(codebook: Codebook, claim: Claim) -> list[Finding]:
    findings = release_findings(codebook, claim)
    if any(f.rule == "icd10cm-not-in-effect" for f in findings):
        return findings  # an ICD-9-CM date: checking the codes against ICD-10-CM says nothing more
    valid: list[Code] = []
    for code in claim.diagnoses:
        found = _valid_diagnosis(codebook, code, claim.date_of_service, findings)
        if found is not None:
            valid.append(found)
    notes = {code.code: codebook.notes(code) for code in valid}  # own and inherited, read once
    findings += _excludes1_conflicts(codebook, valid, notes)
    findings += _code_first(codebook, valid, notes)
    return findings


@dataclass(frozen=True)
class CodeReference:
    """A code, stem or range named in a note, as undotted keys; `suffixes` from "(F10-F19 with .17, .27)"."""

    low: str
    high: str
    suffixes: tuple[str, ...] = ()

    def contains(self, code: Code) -> bool:
        key = code.key
        if not (self.low <= key[: len(self.low)] and key[: len(self.high)] <= self.high):
            return False
        return not self.suffixes or any(key[3:].startswith(suffix) for suffix in self.suffixes)


def code_references(note_text: str) -> list[CodeReference]:
    """The codes a note names: "(E10.-)" -> E10 stem; "(A00-A09)" -> range; "(O24.4-)" -> O244 stem."""
    references = []
    for group in re.findall(r"\(([^)]*)\)", note_text):
        codes, _, qualifier = group.partition(" with ")
        suffixes = tuple(re.findall(r"\.(\w+)", qualifier))
        for low, high in RANGE.findall(codes):
            references.append(CodeReference(code_key(low), code_key(high), suffixes))
        for single in SINGLE.findall(RANGE.sub(" ", codes)):
            references.append(CodeReference(code_key(single), code_key(single), suffixes))
    return references


def refers_to(references: list[CodeReference], code: Code) -> bool:
    return any(reference.contains(code) for reference in references)


def _valid_diagnosis(codebook: Codebook, code: str, when: date, findings: list[Finding]) -> Code | None:
    """The code if it is in the loaded release; findings for what is wrong with it on `when`."""
    if not codebook.exists(code, "icd10cm"):
        if deleted := deleted_since_finding(codebook, code, when):
            findings.append(deleted)
            return None
        suggestions = codebook.suggest(code, "icd10cm")
        fix = f"Check the code; near codes: {', '.join(suggestions)}" if suggestions else "Check the code."
        findings.append(
            finding(
                codebook, "invalid-code", ERROR, f"{code} is not an ICD-10-CM code.", fix, (code,), SOURCE
            )
        )
        return None
    found = codebook.get(code, "icd10cm")
    if added := added_since_gem_finding(codebook, found.code, when):
        findings.append(added)
    if found.billable:
        return found
    seventh = codebook.seventh_characters(found)
    children = codebook.children(found)
    if seventh and all(len(child.key) == 7 for child in children):
        stem = found.key.ljust(6, "X")
        options = "; ".join(f"{stem[:3]}.{stem[3:]}{s.character} ({s.meaning})" for s in seventh)
        findings.append(
            finding(
                codebook,
                "seventh-character",
                ERROR,
                f"{found.code} requires a 7th character.",
                f"Use one of: {options}",
                (found.code,),
                SOURCE,
            )
        )
    else:
        below = ", ".join(child.code for child in children[:12]) + (", ..." if len(children) > 12 else "")
        findings.append(
            finding(
                codebook,
                "header-code",
                ERROR,
                f"{found.code} is a header (not billable): {found.title}.",
                f"Code to the highest specificity documented: {below}",
                (found.code,),
                SOURCE,
            )
        )
    return found


def _excludes1_conflicts(
    codebook: Codebook, diagnoses: list[Code], notes: dict[str, list[Note]]
) -> list[Finding]:
    findings = []
    reported: set[frozenset[str]] = set()
    for code in diagnoses:
        for note in notes[code.code]:
            if note.kind != "excludes1":
                continue
            references = code_references(note.text)
            for other in diagnoses:
                pair = frozenset((code.code, other.code))
                if other.code == code.code or pair in reported or not refers_to(references, other):
                    continue
                reported.add(pair)
                origin = f" (declared on {note.declared_on})" if note.inherited else ""
                findings.append(
                    finding(
                        codebook,
                        "excludes1",
                        ERROR,
                        f'{code.code} Excludes1 {other.code}: "{note.text}"{origin}.',
                        "The two conditions are not coded together: keep the one the documentation supports "
                        "(both only when they are unrelated, guideline I.A.12.a).",
                        (code.code, other.code),
                        SOURCE,
                    )
                )
    return findings


def _code_first(codebook: Codebook, diagnoses: list[Code], notes: dict[str, list[Note]]) -> list[Finding]:
    """Manifestation codes never first; "code first" notes want their etiology on the claim, before."""
    findings = []
    for position, code in enumerate(diagnoses):
        if MANIFESTATION in code.title.lower() and position == 0:
            findings.append(
                finding(
                    codebook,
                    "manifestation-first",
                    ERROR,
                    f"{code.code} is a manifestation code and cannot be listed first.",
                    "List the underlying condition (etiology) first, then this code.",
                    (code.code,),
                    SOURCE,
                )
            )
        code_first = [note for note in notes[code.code] if note.kind == "code_first"]
        references = [reference for note in code_first for reference in code_references(note.text)]
        if not references:
            continue
        etiologies = [
            other for other in diagnoses if other.code != code.code and refers_to(references, other)
        ]
        wanted = "; ".join(note.wording for note in code_first)
        if not etiologies:
            optional = all("if applicable" in note.wording.lower() for note in code_first)
            findings.append(
                finding(
                    codebook,
                    "code-first",
                    INFO if optional else WARNING,
                    f'{code.code} says "code first": {wanted}; no such code is on the claim.',
                    "Add the documented underlying condition, sequenced before this code.",
                    (code.code,),
                    SOURCE,
                )
            )
        elif all(diagnoses.index(other) > position for other in etiologies):
            findings.append(
                finding(
                    codebook,
                    "code-first",
                    WARNING,
                    f"{code.code} must follow its underlying condition {etiologies[0].code}.",
                    f"Sequence {etiologies[0].code} before {code.code}.",
                    (code.code, etiologies[0].code),
                    SOURCE,
                )
            )
    return findings
