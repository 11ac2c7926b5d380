"""Claim-line checks against the code sets: procedure codes valid on the date of service, Level II
modifiers known, fee-schedule status, place of service, diagnosis pointers."""

from medcoder.codebook import Codebook
from medcoder.codebook.systems import SHAPES
from medcoder.rules.claim import Claim, ClaimLine
from medcoder.rules.fee_schedule import fee_schedule_for
from medcoder.rules.findings import ERROR, INFO, WARNING, Finding, finding, has_source
from medcoder.rules.places import place_of_service

CPT_LICENSED = "cpt-ama"
HCPCS_SOURCE = "hcpcs"
MODIFIERS_SOURCE = "hcpcs-modifiers"
POS_SOURCE = "pos"
# PFS status codes under which Medicare does not pay the code as billed.
UNPAYABLE_STATUS = {"B", "D", "E", "F", "G", "H", "I", "N", "P", "X"}


def check_lines(codebook: Codebook, claim: Claim) -> list[Finding]:
    findings = _place_of_service(codebook, claim)
    for number, line in enumerate(claim.lines, start=1):
        findings += _procedure_code(codebook, claim, line, number)
        findings += _modifiers(codebook, line, number)
        if claim.diagnoses and not line.diagnosis_pointers:
            findings.append(
                finding(
                    codebook,
                    "diagnosis-pointer",
                    WARNING,
                    f"Line {number} ({line.code}) points to no diagnosis.",
                    "Point the line to the diagnosis (1-4) that supports it.",
                    (line.code,),
                    "icd10cm-tabular",
                    number,
                )
            )
    return findings


def _procedure_code(codebook: Codebook, claim: Claim, line: ClaimLine, number: int) -> list[Finding]:
    code = line.code
    if SHAPES["hcpcs"].match(code):
        return _hcpcs_dates(codebook, claim, line, number)
    if not SHAPES["cpt"].match(code):
        return [
            finding(
                codebook,
                "invalid-code",
                ERROR,
                f"Line {number}: {code} is not a CPT or HCPCS code.",
                "Procedures on this claim are CPT (5 digits, or 4 digits + F/T/U) or HCPCS (letter + 4 digits).",
                (code,),
                HCPCS_SOURCE,
                number,
            )
        ]
    findings = _fee_schedule_status(codebook, line, number)
    if codebook.exists(code, "cpt"):
        return findings
    if has_source(codebook, CPT_LICENSED):
        return [
            *findings,
            finding(
                codebook,
                "invalid-code",
                ERROR,
                f"Line {number}: {code} is not in the CPT file.",
                "Check the code against the current CPT code set.",
                (code,),
                CPT_LICENSED,
                number,
            ),
        ]
    return [
        *findings,
        finding(
            codebook,
            "cpt-unverified",
            INFO,
            f"Line {number}: {code} cannot be verified: no licensed CPT file is imported and no "
            "CMS file in this codebook uses it.",
            "Import your AMA CPT file: medcoder codebook import-cpt PATH",
            (code,),
            CPT_LICENSED,
            number,
        ),
    ]


def _hcpcs_dates(codebook: Codebook, claim: Claim, line: ClaimLine, number: int) -> list[Finding]:
    if not has_source(codebook, HCPCS_SOURCE):
        return [
            finding(
                codebook,
                "hcpcs-unverified",
                INFO,
                f"Line {number}: {line.code} cannot be verified: no HCPCS file in this codebook.",
                "Put the CMS HCPCS file in the data folder and rebuild.",
                (line.code,),
                HCPCS_SOURCE,
                number,
            )
        ]
    if not codebook.exists(line.code, "hcpcs"):
        return [
            finding(
                codebook,
                "invalid-code",
                ERROR,
                f"Line {number}: {line.code} is not a HCPCS Level II code.",
                "Check the code against the current HCPCS file.",
                (line.code,),
                HCPCS_SOURCE,
                number,
            )
        ]
    found = codebook.get(line.code, "hcpcs")
    day = claim.date_of_service.isoformat()
    added, terminated = found.attributes.get("added"), found.attributes.get("terminated")
    if added and day < added:
        return [
            finding(
                codebook,
                "code-not-yet-valid",
                ERROR,
                f"Line {number}: {found.code} takes effect {added}, after the date of service {day}.",
                "Use the code in force on the date of service.",
                (found.code,),
                found.source,
                number,
            )
        ]
    if terminated and day > terminated:
        return [
            finding(
                codebook,
                "deleted-code",
                ERROR,
                f"Line {number}: {found.code} was discontinued on {terminated} (date of service {day}).",
                "Use its replacement code (see the HCPCS cross-reference).",
                (found.code,),
                found.source,
                number,
            )
        ]
    return _fee_schedule_status(codebook, line, number)


def _fee_schedule_status(codebook: Codebook, line: ClaimLine, number: int) -> list[Finding]:
    entry = next((e for e in fee_schedule_for(codebook, line.code) if e.modifier == ""), None)
    if entry is None or entry.status not in UNPAYABLE_STATUS:
        return []
    return [
        finding(
            codebook,
            "fee-schedule-status",
            WARNING,
            f"Line {number}: {line.code} has PFS status {entry.status} ({entry.status_meaning}).",
            "Medicare does not pay this code as billed under the physician fee schedule; check the "
            "payer's rules or the replacement code.",
            (line.code,),
            entry.source,
            number,
        )
    ]


def _modifiers(codebook: Codebook, line: ClaimLine, number: int) -> list[Finding]:
    """Level II (letter) modifiers must exist; CPT's numeric modifiers are AMA text, not in the codebook."""
    if not has_source(codebook, MODIFIERS_SOURCE):
        return []
    return [
        finding(
            codebook,
            "invalid-modifier",
            ERROR,
            f"Line {number}: {modifier} is not a HCPCS modifier.",
            "Check the modifier.",
            (line.code, modifier),
            MODIFIERS_SOURCE,
            number,
        )
        for modifier in line.modifiers
        if not modifier.isdigit() and not codebook.exists(modifier, "hcpcs-modifier")
    ]


def _place_of_service(codebook: Codebook, claim: Claim) -> list[Finding]:
    if claim.place_of_service is None or not has_source(codebook, POS_SOURCE):
        return []
    place = place_of_service(codebook, claim.place_of_service)
    if place is None:
        return [
            finding(
                codebook,
                "place-of-service",
                ERROR,
                f"Place of service {claim.place_of_service} is not assigned.",
                "Use a code from the CMS Place of Service code set.",
                (claim.place_of_service,),
                POS_SOURCE,
            )
        ]
    if place.effective and claim.date_of_service.isoformat() < place.effective:
        return [
            finding(
                codebook,
                "place-of-service",
                ERROR,
                f"Place of service {place.code} ({place.name}) takes effect {place.effective}.",
                "Use the place of service in force on the date of service.",
                (place.code,),
                place.source,
            )
        ]
    return []
