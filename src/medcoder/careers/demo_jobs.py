"""The demo board `medcoder careers seed-demo` creates: 36 listings a coder would recognise, across
credentials, specialties, remote/hybrid/on-site, employment types and salary ranges (yearly and
hourly, some naming only a minimum or no salary), each clearly marked as a demo. Fixed data, so every
seed gives the same board; `posted_days_ago` spreads the posting dates over four weeks.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    title: str
    credentials: tuple[str, ...]
    specialties: tuple[str, ...]
    duties: str


@dataclass(frozen=True)
class DemoJob:
    role: Role
    organisation: str
    city: str
    region: str
    work_arrangement: str  # remote, hybrid, on-site
    employment_type: str  # full-time, part-time, contract, temporary, per-diem
    experience_years: int
    salary_min: int | None
    salary_max: int | None
    salary_unit: str  # YEAR or HOUR
    posted_days_ago: int

    @property
    def description(self) -> str:
        """Markdown, starting with the demo notice every demo listing carries."""
        wanted = " or ".join(self.role.credentials)
        field = ", ".join(self.role.specialties).lower()
        if self.experience_years:
            experience = f"{self.experience_years}+ years of coding experience in {field}"
        else:
            experience = f"New coders welcome: we train you in {field}"
        return (
            "**Demo listing, not a real job.** Created by medcoder's seed command to show the board.\n\n"
            f"{self.role.duties}\n\n"
            "**What you bring**\n\n"
            f"- {wanted} (active)\n"
            f"- {experience}\n"
            "- Current ICD-10-CM and CPT/HCPCS guidelines, NCCI edits and payer policies\n"
        )


OUTPATIENT = Role(
    "Outpatient Coder",
    ("CPC", "COC"),
    ("Hospital Outpatient",),
    "Code outpatient surgery, observation and ancillary encounters with ICD-10-CM, CPT and HCPCS, and "
    "apply NCCI edits and modifiers before claims go out.",
)
INPATIENT = Role(
    "Inpatient Coding Specialist",
    ("CCS", "CIC"),
    ("Hospital Inpatient",),
    "Assign ICD-10-CM and ICD-10-PCS codes to inpatient stays, sequence the principal diagnosis and "
    "validate the MS-DRG, querying physicians when documentation is unclear.",
)
RISK = Role(
    "Risk Adjustment Coder (HCC)",
    ("CRC",),
    ("Risk Adjustment (HCC)",),
    "Review outpatient records for HCC capture, confirm each condition is supported (MEAT) and flag "
    "documentation gaps for provider education.",
)
EMERGENCY = Role(
    "Emergency Department Pro-Fee Coder",
    ("CPC",),
    ("Emergency Medicine",),
    "Code ED physician E/M levels, critical care, procedures and modifiers 25 and 59 for a busy "
    "level I trauma center.",
)
CDI = Role(
    "Clinical Documentation Integrity Specialist",
    ("CCDS", "CDIP"),
    ("Hospital Inpatient",),
    "Review records concurrently, write compliant queries and work with coders on CC/MCC capture "
    "and the working MS-DRG.",
)
BILLING = Role(
    "Billing and Coding Associate",
    ("CPB", "CCA"),
    ("Family Practice",),
    "Charge entry, E/M coding and denial follow-up for a family practice; call payers and correct "
    "and resubmit claims.",
)
CARDIOLOGY = Role(
    "Cardiology Coder",
    ("CPC", "CCS-P"),
    ("Cardiology",),
    "Code cardiac catheterisation, echocardiography, device checks and office visits for a cardiology group.",
)
IR = Role(
    "Interventional Radiology Coder",
    ("CPC", "COC"),
    ("Interventional Radiology", "Radiology"),
    "Code IR procedures with component coding, catheter placement and supervision and interpretation.",
)
ANESTHESIA = Role(
    "Anesthesia Coder",
    ("CPC",),
    ("Anesthesia",),
    "Assign anesthesia codes, time units, physical status modifiers and medical direction modifiers "
    "(AA, QK, QX, QZ).",
)
ORTHOPEDICS = Role(
    "Orthopedic Surgery Coder",
    ("CPC", "CCS-P"),
    ("Orthopedics", "General Surgery"),
    "Code joint replacement, arthroscopy and fracture care with global periods, laterality and "
    "7th characters.",
)
AUDITOR = Role(
    "Coding Auditor",
    ("CPMA", "CPC"),
    ("Evaluation and Management",),
    "Audit provider E/M leveling and procedure coding, report findings and teach providers what the "
    "documentation must show.",
)
COMPLIANCE = Role(
    "Coding Compliance Manager",
    ("CPCO", "RHIA"),
    ("Hospital Inpatient", "Hospital Outpatient"),
    "Run the coding compliance program: annual audit plan, OIG work plan review, policy updates "
    "and education.",
)
ONCOLOGY = Role(
    "Oncology Coder",
    ("CPC", "CCS"),
    ("Oncology",),
    "Code chemotherapy and immunotherapy administration, radiation oncology and hematology visits, "
    "including drug units from the HCPCS file.",
)
PATHOLOGY = Role(
    "Pathology and Laboratory Coder",
    ("CPC", "CCA"),
    ("Pathology and Laboratory",),
    "Code surgical pathology, molecular tests and clinical laboratory services, checking MUEs and "
    "medical necessity.",
)
SUPERVISOR = Role(
    "HIM Coding Supervisor",
    ("RHIT", "CCS"),
    ("Hospital Inpatient", "Hospital Outpatient"),
    "Lead a team of twelve coders: workqueues, DNFB, productivity and quality reviews.",
)
OUTPATIENT_CDI = Role(
    "Outpatient CDI Specialist",
    ("CCDS-O", "CDEO"),
    ("Evaluation and Management", "Risk Adjustment (HCC)"),
    "Pre-visit chart reviews for clinics, E/M and HCC documentation education, and compliant "
    "outpatient queries.",
)
PEDIATRICS = Role(
    "Pediatrics Coder",
    ("CPC",),
    ("Pediatrics",),
    "Code well-child visits, vaccines and their administration, and newborn care.",
)
DERMATOLOGY = Role(
    "Dermatology Coder",
    ("CPC",),
    ("Dermatology",),
    "Code lesion excisions, Mohs surgery, repairs and biopsies with the right size and site.",
)
GASTRO = Role(
    "Gastroenterology Coder",
    ("CPC", "COC"),
    ("Gastroenterology",),
    "Code endoscopies and colonoscopies, screening versus diagnostic, with modifiers PT and 33.",
)
OPHTHALMOLOGY = Role(
    "Ophthalmology Coder",
    ("CPC",),
    ("Ophthalmology",),
    "Code cataract surgery, intravitreal injections, eye exams and their drugs.",
)
UROLOGY = Role(
    "Urology Coder",
    ("CPC",),
    ("Urology",),
    "Code cystoscopies, lithotripsy, prostate procedures and office visits for a urology practice.",
)
ENTRY = Role(
    "Entry-Level Medical Coder",
    ("CCA", "CPC"),
    ("Family Practice", "Evaluation and Management"),
    "Start your coding career on office visits and preventive care, with a mentor and weekly "
    "audits; CPC-A welcome.",
)
DENIALS = Role(
    "Denials and Coding Specialist",
    ("CPB", "CPC"),
    ("Hospital Outpatient",),
    "Work coding-related denials, write appeals with guideline citations and find the root causes.",
)

RIVERBEND = "Riverbend Health (demo)"
LAKESIDE = "Lakeside Medical Group (demo)"
SUMMIT = "Summit Orthopedic Partners (demo)"
PRAIRIE = "Prairie Cancer Center (demo)"
HARBOR = "Harborview Coding Services (demo)"
NORTHSTAR = "Northstar Health Plan (demo)"
CEDAR = "Cedar Valley Hospital (demo)"
MESA = "Blue Mesa Physicians (demo)"

DEMO_JOBS: list[DemoJob] = [
    DemoJob(OUTPATIENT, RIVERBEND, "Nashville", "TN", "remote", "full-time", 2, 52000, 62000, "YEAR", 0),
    DemoJob(OUTPATIENT, CEDAR, "Cedar Rapids", "IA", "hybrid", "full-time", 1, 48000, 56000, "YEAR", 9),
    DemoJob(OUTPATIENT, HARBOR, "Tampa", "FL", "remote", "contract", 3, 32, 38, "HOUR", 3),
    DemoJob(INPATIENT, CEDAR, "Cleveland", "OH", "hybrid", "full-time", 3, 60000, 74000, "YEAR", 1),
    DemoJob(INPATIENT, RIVERBEND, "Austin", "TX", "remote", "full-time", 5, 68000, 82000, "YEAR", 6),
    DemoJob(INPATIENT, HARBOR, "Houston", "TX", "remote", "temporary", 4, 40, 46, "HOUR", 12),
    DemoJob(RISK, NORTHSTAR, "Denver", "CO", "remote", "contract", 1, 30, 38, "HOUR", 2),
    DemoJob(RISK, NORTHSTAR, "Minneapolis", "MN", "remote", "full-time", 2, 58000, None, "YEAR", 15),
    DemoJob(RISK, HARBOR, "Raleigh", "NC", "remote", "per-diem", 3, 35, None, "HOUR", 20),
    DemoJob(EMERGENCY, MESA, "Phoenix", "AZ", "on-site", "full-time", 2, 48000, 56000, "YEAR", 4),
    DemoJob(EMERGENCY, RIVERBEND, "Austin", "TX", "hybrid", "full-time", 2, 50000, 60000, "YEAR", 22),
    DemoJob(CDI, CEDAR, "Boston", "MA", "hybrid", "full-time", 4, 82000, 98000, "YEAR", 5),
    DemoJob(CDI, RIVERBEND, "Louisville", "KY", "remote", "full-time", 3, 76000, 90000, "YEAR", 17),
    DemoJob(BILLING, LAKESIDE, "Madison", "WI", "on-site", "part-time", 0, 20, 24, "HOUR", 1),
    DemoJob(BILLING, MESA, "Albuquerque", "NM", "on-site", "full-time", 1, 38000, 44000, "YEAR", 26),
    DemoJob(CARDIOLOGY, LAKESIDE, "Chicago", "IL", "hybrid", "full-time", 3, 56000, 66000, "YEAR", 7),
    DemoJob(CARDIOLOGY, HARBOR, "Columbus", "OH", "remote", "contract", 3, 36, 42, "HOUR", 11),
    DemoJob(IR, CEDAR, "Pittsburgh", "PA", "on-site", "full-time", 4, 62000, 72000, "YEAR", 8),
    DemoJob(ANESTHESIA, MESA, "Salt Lake City", "UT", "remote", "full-time", 2, 50000, 58000, "YEAR", 13),
    DemoJob(ORTHOPEDICS, SUMMIT, "Denver", "CO", "hybrid", "full-time", 3, 55000, 65000, "YEAR", 2),
    DemoJob(ORTHOPEDICS, SUMMIT, "Sacramento", "CA", "on-site", "full-time", 2, 60000, 70000, "YEAR", 19),
    DemoJob(AUDITOR, HARBOR, "Atlanta", "GA", "remote", "full-time", 5, 70000, 85000, "YEAR", 3),
    DemoJob(AUDITOR, NORTHSTAR, "Kansas City", "MO", "remote", "contract", 6, 45, 55, "HOUR", 24),
    DemoJob(COMPLIANCE, RIVERBEND, "Nashville", "TN", "hybrid", "full-time", 8, 95000, 115000, "YEAR", 10),
    DemoJob(ONCOLOGY, PRAIRIE, "Omaha", "NE", "hybrid", "full-time", 3, 54000, 63000, "YEAR", 6),
    DemoJob(ONCOLOGY, PRAIRIE, "Omaha", "NE", "on-site", "part-time", 2, 27, 31, "HOUR", 27),
    DemoJob(PATHOLOGY, LAKESIDE, "Portland", "OR", "remote", "full-time", 2, 50000, 58000, "YEAR", 14),
    DemoJob(SUPERVISOR, CEDAR, "Cleveland", "OH", "on-site", "full-time", 6, 78000, 92000, "YEAR", 4),
    DemoJob(OUTPATIENT_CDI, LAKESIDE, "Seattle", "WA", "hybrid", "full-time", 3, 72000, 86000, "YEAR", 9),
    DemoJob(PEDIATRICS, LAKESIDE, "Richmond", "VA", "on-site", "full-time", 1, 44000, 50000, "YEAR", 16),
    DemoJob(DERMATOLOGY, MESA, "San Antonio", "TX", "on-site", "full-time", 2, 46000, 54000, "YEAR", 21),
    DemoJob(GASTRO, SUMMIT, "New York", "NY", "hybrid", "full-time", 3, 62000, 74000, "YEAR", 5),
    DemoJob(OPHTHALMOLOGY, MESA, "Phoenix", "AZ", "on-site", "per-diem", 2, 28, 34, "HOUR", 18),
    DemoJob(UROLOGY, SUMMIT, "Tampa", "FL", "hybrid", "full-time", 2, 50000, 57000, "YEAR", 23),
    DemoJob(ENTRY, RIVERBEND, "Chattanooga", "TN", "on-site", "full-time", 0, None, None, "YEAR", 0),
    DemoJob(DENIALS, HARBOR, "Indianapolis", "IN", "remote", "full-time", 2, 47000, 55000, "YEAR", 12),
]
