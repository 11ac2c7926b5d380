"""NCCI procedure-to-procedure edits: lookups for code pages and the pair check for claims."""

from dataclasses import dataclass
from datetime import date

from medcoder.codebook import Codebook
from medcoder.paging import page_count

# The NCCI PTP-associated modifiers (NCCI Policy Manual for Medicare Services, ch. I, section E):
# anatomic, global surgery, and 27, 59, 91, XE, XS, XP, XU. No other modifier bypasses an edit (76 and
# 77, repeat procedures, do not). Anatomic modifiers come in families; a bypass needs two sites of the
# same family, one on each line.
SIDES = {"LT", "RT"}
EYELIDS = {"E1", "E2", "E3", "E4"}
FINGERS = {"FA", *(f"F{n}" for n in range(1, 10))}
TOES = {"TA", *(f"T{n}" for n in range(1, 10))}
CORONARY = {"LC", "LD", "LM", "RC", "RI"}
ANATOMIC_FAMILIES = (SIDES, EYELIDS, FINGERS, TOES, CORONARY)
ANATOMIC = set().union(*ANATOMIC_FAMILIES)
DISTINCT_SERVICE = {"59", "XE", "XS", "XP", "XU"}
# 24, 25 and 57 describe an E&M service: they bypass an edit only on the E&M code's line.
EVALUATION_AND_MANAGEMENT_MODIFIERS = {"24", "25", "57"}
GLOBAL_SURGERY = EVALUATION_AND_MANAGEMENT_MODIFIERS | {"58", "78", "79"}
BYPASS_MODIFIERS = DISTINCT_SERVICE | ANATOMIC | GLOBAL_SURGERY | {"27", "91"}
INDICATOR_MEANINGS = {"0": "not allowed", "1": "allowed", "9": "not applicable"}
PAGE_SIZE = 50


@dataclass(frozen=True)
class PtpEdit:
    setting: str
    column_one: str
    column_two: str
    prior_1996: bool
    effective: str  # ISO date
    deleted: str | None  # ISO date of the last day the edit applies; None = active
    modifier_indicator: str  # 0, 1, 9
    rationale: str
    source: str

    def applies_on(self, when: date) -> bool:
        day = when.isoformat()
        return self.effective <= day and (self.deleted is None or day <= self.deleted)


COLUMNS = (
    "setting, column_one, column_two, prior_1996, effective, deleted, modifier_indicator, ptp_rationales.text,"
    " 'ncci-ptp-' || setting"
)
EDITS = "ptp_edits JOIN ptp_rationales ON ptp_rationales.id = ptp_edits.rationale"


def _edit(row: tuple) -> PtpEdit:
    return PtpEdit(row[0], row[1], row[2], bool(row[3]), *row[4:])


def ptp_edits_for(
    codebook: Codebook,
    code: str,
    column: int = 1,
    page: int = 1,
    query: str = "",
    setting: str = "practitioner",
    active_only: bool = True,
) -> tuple[list[PtpEdit], int]:
    """Edits where `code` is column 1 (or 2), one page, and the total; `query` filters the other code
    by prefix. For the code pages: active edits first in code order, then (unless `active_only`) the
    deleted ones, most recently deleted first."""
    mine, other = ("column_one", "column_two") if column == 1 else ("column_two", "column_one")
    where = f"setting = ? AND {mine} = ? AND {other} LIKE ?"
    params: list[object] = [setting, code.strip().upper(), query.strip().upper() + "%"]
    if active_only:
        where += " AND deleted IS NULL"
    total = codebook.connection.execute(f"SELECT count(*) FROM ptp_edits WHERE {where}", params).fetchone()[0]
    # past the end, however far: the offset must fit SQLite's integers
    if page > page_count(total, PAGE_SIZE):
        return [], total
    rows = codebook.connection.execute(
        f"SELECT {COLUMNS} FROM {EDITS} WHERE {where}"
        f" ORDER BY deleted IS NOT NULL, deleted DESC, {other}, effective LIMIT ? OFFSET ?",
        [*params, PAGE_SIZE, (max(page, 1) - 1) * PAGE_SIZE],
    )
    return [_edit(row) for row in rows], total


def ptp_edit_between(
    codebook: Codebook, column_one: str, column_two: str, when: date, setting: str = "practitioner"
) -> PtpEdit | None:
    """The edit pairing these two codes in this order on the date of service, if any."""
    rows = codebook.connection.execute(
        f"SELECT {COLUMNS} FROM {EDITS} WHERE column_one = ? AND column_two = ? AND setting = ?",
        (column_one, column_two, setting),
    )
    return next((edit for edit in map(_edit, rows) if edit.applies_on(when)), None)


def ptp_edits_among(codebook: Codebook, codes: list[str], when: date, setting: str) -> list[PtpEdit]:
    """Every edit in force on `when` between any two of `codes`, in one query (claim checks)."""
    unique = sorted(set(codes))
    if len(unique) < 2:
        return []
    marks = ",".join("?" * len(unique))
    rows = codebook.connection.execute(
        f"SELECT {COLUMNS} FROM {EDITS} WHERE setting = ? AND column_one IN ({marks})"
        f" AND column_two IN ({marks})",
        [setting, *unique, *unique],
    )
    return [edit for edit in map(_edit, rows) if edit.column_one != edit.column_two and edit.applies_on(when)]


@dataclass(frozen=True)
class PtpBypass:
    """Which modifiers on the two lines bypass an edit, and why the others present do not."""

    modifiers: tuple[str, ...]  # sorted; empty = the edit applies
    not_bypassing: tuple[str, ...] = ()  # one sentence per PTP-associated modifier that does not count


def ptp_bypass(edit: PtpEdit, column_one_modifiers: set[str], column_two_modifiers: set[str]) -> PtpBypass:
    """What NCCI policy lets bypass this edit (nothing unless the modifier indicator is 1).

    59, XE, XS, XP, XU, 27, 91, 58, 78 and 79 count on either line. 24, 25 and 57 count only on the
    line of an E&M code. Anatomic modifiers count only when both lines carry one of the same family
    naming different sites (RT and LT, F1 and F2...): LT on one line alone, or LT on both, does not
    show two sites.
    """
    if edit.modifier_indicator != "1":
        return PtpBypass(())
    by_line = ((edit.column_one, column_one_modifiers), (edit.column_two, column_two_modifiers))
    either_line = BYPASS_MODIFIERS - ANATOMIC - EVALUATION_AND_MANAGEMENT_MODIFIERS
    bypass = (column_one_modifiers | column_two_modifiers) & either_line
    reasons = []
    for code, modifiers in by_line:
        for modifier in sorted(modifiers & EVALUATION_AND_MANAGEMENT_MODIFIERS):
            if is_evaluation_and_management(code):
                bypass.add(modifier)
            else:
                reasons.append(
                    f"{modifier} describes an E&M service and bypasses an edit only on the E&M code's line;"
                    f" {code} is not an E&M code"
                )
    for family in ANATOMIC_FAMILIES:
        one, two = column_one_modifiers & family, column_two_modifiers & family
        if one and two and one.isdisjoint(two):
            bypass |= one | two
        elif one or two:
            reasons.append(_anatomic_reason(edit, one, two))
    return PtpBypass(tuple(sorted(bypass)), tuple(reasons))


def is_evaluation_and_management(code: str) -> bool:
    """CPT's Evaluation and Management section, 99202-99499."""
    return code.isdigit() and "99202" <= code <= "99499"


def _anatomic_reason(edit: PtpEdit, one: set[str], two: set[str]) -> str:
    if one and two:
        return f"{', '.join(sorted(one & two))} on both lines names the same site"
    alone, bare = (edit.column_one, edit.column_two) if one else (edit.column_two, edit.column_one)
    return (
        f"{', '.join(sorted(one or two))} is on {alone} only: anatomic modifiers bypass an edit when they"
        f" show the two procedures at different sites, and {bare} names no site"
    )
