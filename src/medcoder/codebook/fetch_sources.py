"""The official files `medcoder codebook fetch` knows: where each is published and what it must hold.

File names change every release, so no URL is templated: each source names the official download page
and the pattern of its link there; the newest matching link wins (see `fetch`). The NCCI, MUE and
fee-schedule importers read the quarterly zips themselves, so those zips are kept whole; the PTP
edits come in several parts (f1..f4), all of which are fetched, from the same release, or none.
"""

from dataclasses import dataclass

CMS = "https://www.cms.gov"
CMS_ICD10_PAGE = f"{CMS}/medicare/coding-billing/icd-10-codes"
CDC_ICD10CM_FOLDER = "https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/"
NCCI = f"{CMS}/medicare/coding-billing/national-correct-coding-initiative-ncci-edits"
PTP_PAGE = f"{NCCI}/medicare-ncci-procedure-procedure-ptp-edits"
MUE_PAGE = f"{NCCI}/medicare-ncci-medically-unlikely-edits-mues"
PFS_PAGE = f"{CMS}/medicare/payment/fee-schedules/physician/pfs-relative-value-files"


@dataclass(frozen=True)
class Offer:
    """Where a source is published: a page, and the link patterns to follow from it in turn.

    Every pattern but the last leads to another page (e.g. the CDC year folder); the last one matches
    the zip. Patterns are matched, case-insensitively, against the file name the link points to.
    """

    page: str
    links: tuple[str, ...]


@dataclass(frozen=True)
class OfficialSource:
    name: str
    title: str
    offers: tuple[Offer, ...]  # tried in order; the first that yields verified zips wins
    members: tuple[str, ...]  # each pattern must match a member of the zip (of every part)
    needed: str  # what to download by hand, in words
    folder: str  # under the destination; {year} is the 4-digit year in the zip's name
    extract: bool = True  # False: keep the verified zip whole, for importers that read zips
    part: str | None = None  # the part number in the zip name (r"-f(\d+)\.zip$"): fetch every part


def _ptp(setting: str, prefix: str, link_word: str) -> OfficialSource:
    return OfficialSource(
        name=f"ncci-ptp-{setting}",
        title=f"NCCI PTP edits ({setting.replace('-', ' ')})",
        offers=(Offer(PTP_PAGE, (rf"^medicare-ncci-.*{link_word}-ptp-edits-{prefix}-v\d+r\d+-f\d+\.zip$",)),),
        members=(rf"^{prefix}-v\d+r\d+-f\d+\.(txt|xlsx)$",),
        needed=f"the zips of every part of the newest release ({prefix}-v...-f1.zip, -f2.zip, ...)",
        folder="cms/ncci",
        extract=False,
        part=r"-f(\d+)\.zip$",
    )


def _mue(setting: str, link_words: str, member: str) -> OfficialSource:
    return OfficialSource(
        name=f"ncci-mue-{setting}",
        title=f"NCCI MUE table ({setting.replace('-', ' ')} services)",
        offers=(Offer(MUE_PAGE, (rf"^medicare-ncci-.*-{link_words}-services-mue-table.*\.zip$",)),),
        members=(rf"^MCR_MUE_{member}_Eff_\d\d-\d\d-\d{{4}}\.csv$",),
        needed="the zip itself",
        folder="cms/mue",
        extract=False,
    )


OFFICIAL_SOURCES: tuple[OfficialSource, ...] = (
    OfficialSource(
        name="hcpcs",
        title="HCPCS Level II quarterly alpha-numeric file",
        offers=(
            Offer(
                f"{CMS}/medicare/coding-billing/healthcare-common-procedure-system/quarterly-update",
                (r"^[a-z]+-\d{4}-alpha-numeric-hcpcs-files?\.zip$",),
            ),
        ),
        members=(r"^HCPC\d{4}_[A-Z]{3}_ANWEB.*\.xlsx$",),
        needed="its HCPC<year>_<MON>_ANWEB.xlsx",
        folder="cms/hcpcs",
    ),
    OfficialSource(
        name="icd10cm",
        title="ICD-10-CM tabular list and index XML",
        offers=(
            Offer(CMS_ICD10_PAGE, (r"^([a-z]+-\d+-)?\d{4}-code-tables-tabular-and-index.*\.zip$",)),
            # year folders: 2026/, then 2026-update/ for the April 1 release
            Offer(
                CDC_ICD10CM_FOLDER, (r"^\d{4}(-update)?$", r"^icd10cm[-_ ]table[-_ ]and[-_ ]index.*\.zip$")
            ),
        ),
        members=(
            r"^icd-?10-?cm[-_]tabular.*\.xml$",
            r"^icd-?10-?cm[-_]index.*\.xml$",
            r"^icd-?10-?cm[-_]neoplasm.*\.xml$",
            r"^icd-?10-?cm[-_]drug.*\.xml$",
            r"^icd-?10-?cm[-_]eindex.*\.xml$",
        ),
        needed="its tabular, index, neoplasm, drug and eindex XML files",
        folder="cms/icd10cm-index-{year}",
    ),
    OfficialSource(
        name="icd10pcs",
        title="ICD-10-PCS code tables and definitions XML",
        offers=(Offer(CMS_ICD10_PAGE, (r"^\d{4}-icd-10-pcs-code-tables-and-index.*\.zip$",)),),
        members=(r"^icd10pcs_tables_\d{4}\.xml$", r"^icd10pcs_definitions_\d{4}\.xml$"),
        needed="its icd10pcs_tables_<year>.xml and icd10pcs_definitions_<year>.xml",
        folder="cms/icd10pcs-{year}",
    ),
    _ptp("practitioner", "ccipra", "practitioner"),
    _ptp("outpatient-hospital", "ccioph", "hospital"),
    _mue("practitioner", "practitioner", "PractitionerServices"),
    _mue("outpatient-hospital", "outpatient-hospital", "OutpatientHospitalServices"),
    _mue("dme-supplier", "dme-supplier", "DMESupplierServices"),
    OfficialSource(
        name="pfs-rvu",
        title="Medicare Physician Fee Schedule relative value file (RVU)",
        offers=(
            # the page lists one page per release (rvu26a, rvu26ar, rvu26b...), each with its zip
            Offer(PFS_PAGE, (r"^rvu\d{2}[a-d]r?$", r"^rvu\d{2}[a-d].*\.zip$")),
            Offer(PFS_PAGE, (r"^rvu\d{2}[a-d].*\.zip$",)),
        ),
        members=(r"^PPRRVU\d{2,4}.*\.(csv|txt)$",),
        needed="the zip itself (it holds PPRRVU<year>_<Mon>_nonQPP.csv)",
        folder="cms/pfs",
        extract=False,
    ),
)
