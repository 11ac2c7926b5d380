"""The billing-rule facts a CPT/HCPCS or ICD-10-CM code page shows, from `medcoder.rules`.

Each section says which source and version it comes from, and says plainly when that CMS file is not
loaded in this codebook (NCCI and the fee schedule are not available offline).
"""

from dataclasses import dataclass

from medcoder.codebook import Code, Codebook
from medcoder.paging import page_count
from medcoder.rules.coverage import CoverageDocument, lcd_documents_mentioning
from medcoder.rules.drg import DrgRelevance, drg_relevance
from medcoder.rules.fee_schedule import FeeScheduleEntry, fee_schedule_for
from medcoder.rules.findings import NOT_IN_CODEBOOK, source_version
from medcoder.rules.mue import Mue, mue_for
from medcoder.rules.ptp import PAGE_SIZE, PtpEdit, ptp_edits_for

PROCEDURE_SYSTEMS = {"cpt", "hcpcs"}
PTP_SETTINGS = {"practitioner": "Practitioner", "outpatient-hospital": "Hospital outpatient"}
PTP_STATUSES = {"active": "Active edits", "all": "Active and deleted edits"}
MUE_SETTINGS = ("practitioner", "outpatient-hospital", "dme-supplier")


@dataclass(frozen=True)
class PtpPage:
    setting: str
    column: int
    edits: list[PtpEdit]
    total: int
    page: int
    query: str
    status: str  # a PTP_STATUSES key
    source_version: str  # "not in this codebook" when the CMS file was not imported

    @property
    def pages(self) -> int:
        return page_count(self.total, PAGE_SIZE)

    @property
    def past_the_end(self) -> bool:
        """A page number beyond the last page of a non-empty list (an old link, a typed URL)."""
        return self.total > 0 and self.page > self.pages

    @property
    def loaded(self) -> bool:
        return self.source_version != NOT_IN_CODEBOOK


@dataclass(frozen=True)
class BillingFacts:
    ptp: list[PtpPage]  # column 1 and column 2, first page each
    mues: list[Mue]
    mue_versions: dict[str, str]
    fee_schedule: list[FeeScheduleEntry]
    fee_schedule_version: str
    coverage: list[CoverageDocument]
    coverage_version: str
    drg: DrgRelevance | None

    @property
    def mue_loaded(self) -> bool:
        return any(version != NOT_IN_CODEBOOK for version in self.mue_versions.values())


def ptp_page(
    codebook: Codebook,
    code: str,
    column: int,
    setting: str,
    page: int = 1,
    query: str = "",
    status: str = "active",
) -> PtpPage:
    """One page of the code's edits in `setting`; `status` 'all' adds the deleted edits."""
    edits, total = ptp_edits_for(
        codebook, code, column=column, page=page, query=query, setting=setting, active_only=status == "active"
    )
    version = source_version(codebook, f"ncci-ptp-{setting}")
    return PtpPage(setting, column, edits, total, page, query, status, version)


def billing_facts(codebook: Codebook, code: Code) -> BillingFacts | None:
    """None for systems the billing rules do not speak to (PCS, ICD-9, modifiers, headers)."""
    if code.system == "icd10cm" and code.billable:
        relevance = drg_relevance(codebook, code.code)
        return BillingFacts([], [], {}, [], "", [], "", relevance)
    if code.system not in PROCEDURE_SYSTEMS:
        return None
    return BillingFacts(
        ptp=[ptp_page(codebook, code.code, column, "practitioner") for column in (1, 2)],
        mues=mue_for(codebook, code.code),
        mue_versions={setting: source_version(codebook, f"ncci-mue-{setting}") for setting in MUE_SETTINGS},
        fee_schedule=fee_schedule_for(codebook, code.code),
        fee_schedule_version=source_version(codebook, "pfs-rvu"),
        coverage=lcd_documents_mentioning(codebook, code.code),
        coverage_version=source_version(codebook, "mcd-documents"),
        drg=None,
    )
