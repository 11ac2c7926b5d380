"""NCCI procedure-to-procedure edits: lookups for code pages and the pair check for claims."""

from dataclasses import dataclass
from datetime import date

from medcoder.codebook import Codebook

# Modifiers that may bypass an edit whose modifier indicator is 1 (NCCI Policy Manual, ch. I, E.1):
# distinct-service modifiers, anatomic modifiers, global-surgery modifiers, 27 and 91.
DISTINCT_SERVICE = {"59", "XE", "XS", "XP", "XU"}
ANATOMIC = {
    "E1",
    "E2",
    "E3",
    "E4",
    "FA",
    "F1",
    "F2",
    "F3",
    "F4",
    "F5",
    "F6",
    "F7",
    "F8",
    "F9",
    "TA",
    "T1",
    "T2",
    "T3",
    "T4",
    "T5",
    "T6",
    "T7",
    "T8",
    "T9",
    "LT",
    "RT",
    "LC",
    "LD",
    "RC",
    "LM",
    "RI",
}
GLOBAL_SURGERY = {"24", "25", "57", "58", "78", "79"}
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
    by prefix. For the code pages: active edits first in code order."""
    mine, other = ("column_one", "column_two") if column == 1 else ("column_two", "column_one")
    where = f"setting = ? AND {mine} = ? AND {other} LIKE ?"
    params: list[object] = [setting, code.strip().upper(), query.strip().upper() + "%"]
    if active_only:
        where += " AND deleted IS NULL"
    total = codebook.connection.execute(f"SELECT count(*) FROM ptp_edits WHERE {where}", params).fetchone()[0]
    rows = codebook.connection.execute(
        f"SELECT {COLUMNS} FROM {EDITS} WHERE {where} ORDER BY {other}, effective LIMIT ? OFFSET ?",
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


def bypassing_modifiers(
    edit: PtpEdit, column_one_modifiers: set[str], column_two_modifiers: set[str]
) -> set[str]:
    """The modifiers present that NCCI lets bypass this edit (none unless the indicator is 1).

    Distinct-service, global-surgery, 27 and 91 count on either line; anatomic modifiers only when the
    two lines name different sites (RT on one, LT on the other), since the same site is no bypass.
    """
    if edit.modifier_indicator != "1":
        return set()
    either = column_one_modifiers | column_two_modifiers
    bypass = either & (BYPASS_MODIFIERS - ANATOMIC)
    one_site, two_site = column_one_modifiers & ANATOMIC, column_two_modifiers & ANATOMIC
    if two_site and one_site != two_site:
        bypass |= two_site - one_site
    return bypass
