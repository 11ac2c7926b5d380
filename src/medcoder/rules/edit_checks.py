"""Claim-line edits from CMS files: NCCI PTP pairs, MUE units, and the surgical modifiers (50, 80-82,
AS, 62, 66) the fee-schedule indicators do not allow. When a file is not in the codebook the check
is reported as not made, never passed silently."""

from collections import defaultdict

from medcoder.codebook import Codebook
from medcoder.rules.claim import Claim
from medcoder.rules.fee_schedule import ASSISTANT, BILATERAL, CO_OR_TEAM, fee_schedule_for
from medcoder.rules.findings import ERROR, INFO, WARNING, Finding, finding, has_source
from medcoder.rules.mue import mue_for
from medcoder.rules.ptp import INDICATOR_MEANINGS, PtpBypass, PtpEdit, ptp_bypass, ptp_edits_among

PFS_SOURCE = "pfs-rvu"
ASSISTANT_MODIFIERS = {"80", "81", "82", "AS"}
# modifier -> (fee_schedule field, meanings, indicator values that forbid it, values needing documentation)
SURGICAL_MODIFIERS = {
    "50": ("bilateral_surgery", BILATERAL, {"0", "2", "9"}, set()),
    **{m: ("assistant_surgery", ASSISTANT, {"1", "9"}, {"0"}) for m in ASSISTANT_MODIFIERS},
    "62": ("co_surgeons", CO_OR_TEAM, {"0", "9"}, {"1"}),
    "66": ("team_surgery", CO_OR_TEAM, {"0", "9"}, {"1"}),
}


def check_edits(codebook: Codebook, claim: Claim) -> list[Finding]:
    return [*_ptp(codebook, claim), *_mue(codebook, claim), *_surgical_modifiers(codebook, claim)]


def _not_loaded(codebook: Codebook, source: str, what: str) -> Finding:
    return finding(
        codebook,
        f"{what}-not-checked",
        INFO,
        f"{what.upper()} edits were not checked: {source} is not in this codebook.",
        "Put the CMS file in the data folder and rebuild: medcoder codebook build",
        (),
        source,
    )


def _ptp(codebook: Codebook, claim: Claim) -> list[Finding]:
    source = f"ncci-ptp-{claim.setting}"
    if claim.setting == "dme-supplier":
        return []
    if not has_source(codebook, source):
        return [_not_loaded(codebook, source, "ptp")]
    findings = []
    edits = ptp_edits_among(
        codebook, [line.code for line in claim.lines], claim.date_of_service, claim.setting
    )
    for edit in edits:
        one = next(n for n, line in enumerate(claim.lines, 1) if line.code == edit.column_one)
        two = next(n for n, line in enumerate(claim.lines, 1) if line.code == edit.column_two)
        bypass = ptp_bypass(edit, set(claim.lines[one - 1].modifiers), set(claim.lines[two - 1].modifiers))
        findings.append(_ptp_finding(codebook, edit, one, two, bypass))
    return findings


def _ptp_finding(codebook: Codebook, edit: PtpEdit, one: int, two: int, bypass: PtpBypass) -> Finding:
    pair = f"{edit.column_one} (line {one}) / {edit.column_two} (line {two})"
    codes = (edit.column_one, edit.column_two)
    if bypass.modifiers:
        return finding(
            codebook,
            "ncci-ptp",
            INFO,
            f"PTP edit {pair} bypassed by modifier {', '.join(bypass.modifiers)} (modifier indicator 1).",
            "Keep only if the record documents a distinct service (separate session, site, encounter or "
            "practitioner).",
            codes,
            edit.source,
            two,
        )
    meaning = INDICATOR_MEANINGS[edit.modifier_indicator]
    message = (
        f"PTP edit {pair}: column 2 code is not paid with column 1 (modifier {meaning}; {edit.rationale})."
    )
    if bypass.not_bypassing:
        message += (
            f" No bypass under NCCI policy (Policy Manual ch. I, E): {'; '.join(bypass.not_bypassing)}."
        )
    if edit.modifier_indicator == "1":
        fix = (
            f"Remove {edit.column_two}, or if it was a distinct service append 59/XE/XS/XP/XU, or anatomic "
            "modifiers naming the two different sites on both lines (e.g. RT and LT)."
        )
    else:
        fix = f"Remove {edit.column_two}: no modifier bypasses this edit."
    return finding(codebook, "ncci-ptp", ERROR, message, fix, codes, edit.source, two)


def _mue(codebook: Codebook, claim: Claim) -> list[Finding]:
    source = f"ncci-mue-{claim.setting}"
    if not has_source(codebook, source):
        return [_not_loaded(codebook, source, "mue")]
    findings = []
    lines_by_code: dict[str, list[int]] = defaultdict(list)
    for number, line in enumerate(claim.lines, start=1):
        lines_by_code[line.code].append(number)
    for code, numbers in lines_by_code.items():
        limit = next(iter(mue_for(codebook, code, claim.setting)), None)
        if limit is None:
            continue
        if limit.adjudication_indicator == 1:
            for number in numbers:
                units = claim.lines[number - 1].units
                if units > limit.mue_value:
                    findings.append(
                        finding(
                            codebook,
                            "mue",
                            ERROR,
                            f"Line {number}: {units} units of {code} exceed the MUE of {limit.mue_value} per line "
                            f"(MAI 1, {limit.rationale}).",
                            f"Report at most {limit.mue_value} per line; further medically necessary units go on "
                            "separate lines with an appropriate modifier (76, 77, 91, anatomic).",
                            (code,),
                            limit.source,
                            number,
                        )
                    )
            continue
        units = sum(claim.lines[n - 1].units for n in numbers)
        if units > limit.mue_value:
            appeal = (
                "absolute limit, not payable above it"
                if limit.adjudication_indicator == 2
                else "payable above it only on appeal with documentation of medical necessity"
            )
            findings.append(
                finding(
                    codebook,
                    "mue",
                    ERROR,
                    f"{units} units of {code} on {claim.date_of_service} exceed the MUE of {limit.mue_value} "
                    f"per day (MAI {limit.adjudication_indicator}: {appeal}; {limit.rationale}).",
                    f"Report at most {limit.mue_value} units for the day.",
                    (code,),
                    limit.source,
                    numbers[0],
                )
            )
    return findings


def _surgical_modifiers(codebook: Codebook, claim: Claim) -> list[Finding]:
    relevant = [
        (n, line) for n, line in enumerate(claim.lines, 1) if set(line.modifiers) & set(SURGICAL_MODIFIERS)
    ]
    if not relevant:
        return []
    if not has_source(codebook, PFS_SOURCE):
        return [_not_loaded(codebook, PFS_SOURCE, "fee-schedule")]
    findings = []
    for number, line in relevant:
        entry = next((e for e in fee_schedule_for(codebook, line.code) if e.modifier == ""), None)
        if entry is None:
            continue
        for modifier in sorted(set(line.modifiers) & set(SURGICAL_MODIFIERS)):
            field, meanings, forbidden, documented = SURGICAL_MODIFIERS[modifier]
            indicator = getattr(entry, field)
            label = field.replace("_", " ")
            if indicator in forbidden:
                findings.append(
                    finding(
                        codebook,
                        "fee-schedule-modifier",
                        ERROR,
                        f"Line {number}: modifier {modifier} on {line.code}, whose {label} indicator is "
                        f"{indicator} ({meanings.get(indicator, 'unknown')}).",
                        f"Remove modifier {modifier}.",
                        (line.code, modifier),
                        entry.source,
                        number,
                    )
                )
            elif indicator in documented:
                findings.append(
                    finding(
                        codebook,
                        "fee-schedule-modifier",
                        WARNING,
                        f"Line {number}: modifier {modifier} on {line.code}: {label} indicator {indicator} "
                        f"({meanings[indicator]}).",
                        "Send the documentation that supports it.",
                        (line.code, modifier),
                        entry.source,
                        number,
                    )
                )
    return findings
