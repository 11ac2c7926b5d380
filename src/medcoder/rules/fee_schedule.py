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
PCTC = {
    "0": "physician service: the PC/TC split does not apply",
    "1": "diagnostic test with professional (26) and technical (TC) components",
    "2": "professional component only",
    "3": "technical component only",
    "4": "global test only",
    "5": "incident-to service",
    "6": "laboratory physician interpretation",
    "7": "physical therapy service, not payable in a hospital setting",
    "8": "physician interpretation of an abnormal smear",
    "9": "concept does not apply",
}
GLOBAL_DAYS = {
    "000": "0-day global: pre- and post-operative care on the day of the procedure only",
    "010": "10-day global: post-operative care for 10 days",
    "090": "90-day global: 1 day before and 90 days after",
    "MMM": "maternity: the usual global period does not apply",
    "XXX": "global concept does not apply",
    "YYY": "global period set by the contractor",
    "ZZZ": "falls within another service's global period",
}
MULTIPLE_PROCEDURE = {
    "0": "no multiple-procedure reduction",
    "1": "reduction under the pre-1995 rules",
    "2": "standard reduction: 100% for the highest, 50% for each other",
    "3": "endoscopy family rules",
    "4": "diagnostic imaging family reduction",
    "5": "therapy: reduced practice expense for the second and later services",
    "6": "cardiovascular diagnostic technical component reduction",
    "7": "ophthalmology diagnostic technical component reduction",
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

    @property
    def indicator_meanings(self) -> list[tuple[str, str, str]]:
        """(indicator, value, meaning) for each payment indicator, as the RVU file layout documents them;
        a value the layout does not list reads "not a documented value"."""
        indicators = (
            ("PC/TC", self.pctc, PCTC),
            ("Global days", self.global_days, GLOBAL_DAYS),
            ("Multiple procedure", self.multiple_procedure, MULTIPLE_PROCEDURE),
            ("Bilateral surgery", self.bilateral_surgery, BILATERAL),
            ("Assistant at surgery", self.assistant_surgery, ASSISTANT),
            ("Co-surgeons", self.co_surgeons, CO_OR_TEAM),
            ("Team surgery", self.team_surgery, CO_OR_TEAM),
        )
        return [
            (name, value, meanings.get(value, "not a documented value"))
            for name, value, meanings in indicators
        ]


def fee_schedule_for(codebook: Codebook, code: str) -> list[FeeScheduleEntry]:
    """The code's PPRRVU rows: the global service first, then the 26/TC/53 rows."""
    rows = codebook.connection.execute(
        "SELECT * FROM fee_schedule WHERE code = ? ORDER BY modifier", (code.strip().upper(),)
    )
    return [FeeScheduleEntry(*row) for row in rows]
