"""Medicare Physician Fee Schedule indicators (PPRRVU): what the claim checker needs to judge
bilateral, assistant, co-surgeon and team modifiers, and what code pages show."""

from dataclasses import dataclass

from medcoder.codebook import Codebook

STATUS = {
    "A": "active",
    "B": "bundled",
    "C": "contractor-priced",
    "D": "deleted",
    "E": "excluded by regulation",
    "F": "deleted, no grace period",
    "G": "not valid for Medicare, 90-day grace",
    "H": "deleted modifier",
    "I": "not valid for Medicare",
    "J": "anesthesia",
    "M": "measurement only",
    "N": "non-covered",
    "P": "bundled/excluded",
    "R": "restricted coverage",
    "T": "paid only if no other PFS service that day",
    "X": "statutory exclusion",
}
BILATERAL = {
    "0": "150% payment adjustment does not apply (modifier 50 not allowed)",
    "1": "150% payment adjustment applies with modifier 50",
    "2": "already bilateral: modifier 50 not allowed",
    "3": "each side paid at 100%: report with 50 or RT/LT",
    "9": "concept does not apply",
}
ASSISTANT = {
    "0": "assistant paid only with documentation of medical necessity",
    "1": "assistant at surgery may not be paid (statutory)",
    "2": "assistant at surgery may be paid",
    "9": "concept does not apply",
}
CO_OR_TEAM = {
    "0": "not permitted",
    "1": "permitted with supporting documentation",
    "2": "permitted",
    "9": "concept does not apply",
}


@dataclass(frozen=True)
class FeeScheduleEntry:
    code: str
    modifier: str  # '' global, 26, TC, 53
    status: str
    work_rvu: float | None
    nonfacility_pe_rvu: float | None
    facility_pe_rvu: float | None
    mp_rvu: float | None
    pctc: str
    global_days: str
    multiple_procedure: str
    bilateral_surgery: str
    assistant_surgery: str
    co_surgeons: str
    team_surgery: str
    source: str

    @property
    def status_meaning(self) -> str:
        return STATUS.get(self.status, "unknown status code")


def fee_schedule_for(codebook: Codebook, code: str) -> list[FeeScheduleEntry]:
    """The code's PPRRVU rows: the global service first, then the 26/TC/53 rows."""
    rows = codebook.connection.execute(
        "SELECT * FROM fee_schedule WHERE code = ? ORDER BY modifier", (code.strip().upper(),)
    )
    return [FeeScheduleEntry(*row) for row in rows]
