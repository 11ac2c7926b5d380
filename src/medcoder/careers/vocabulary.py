"""The credentials and specialties employers ask for, as coders name them."""

# Credential -> who awards it and what it is. AAPC and AHIMA publish these credential names.
CREDENTIALS: dict[str, str] = {
    "CPC": "Certified Professional Coder (AAPC)",
    "COC": "Certified Outpatient Coder (AAPC)",
    "CIC": "Certified Inpatient Coder (AAPC)",
    "CRC": "Certified Risk Adjustment Coder (AAPC)",
    "CPB": "Certified Professional Biller (AAPC)",
    "CPMA": "Certified Professional Medical Auditor (AAPC)",
    "CDEO": "Certified Documentation Expert Outpatient (AAPC)",
    "CPCO": "Certified Professional Compliance Officer (AAPC)",
    "CCS": "Certified Coding Specialist (AHIMA)",
    "CCS-P": "Certified Coding Specialist - Physician-based (AHIMA)",
    "CCA": "Certified Coding Associate (AHIMA)",
    "RHIT": "Registered Health Information Technician (AHIMA)",
    "RHIA": "Registered Health Information Administrator (AHIMA)",
    "CDIP": "Certified Documentation Integrity Practitioner (AHIMA)",
    "CCDS": "Certified Clinical Documentation Specialist (ACDIS)",
    "CCDS-O": "Certified Clinical Documentation Specialist - Outpatient (ACDIS)",
}

SPECIALTIES: list[str] = [
    "Anesthesia",
    "Cardiology",
    "Dermatology",
    "Emergency Medicine",
    "Evaluation and Management",
    "Family Practice",
    "Gastroenterology",
    "General Surgery",
    "Hospital Inpatient",
    "Hospital Outpatient",
    "Interventional Radiology",
    "Oncology",
    "Ophthalmology",
    "Orthopedics",
    "Pathology and Laboratory",
    "Pediatrics",
    "Radiology",
    "Risk Adjustment (HCC)",
    "Urology",
]

WORK_ARRANGEMENTS = {"remote": "Remote", "hybrid": "Hybrid", "on-site": "On-site"}
EMPLOYMENT_TYPES = {
    "full-time": "Full-time",
    "part-time": "Part-time",
    "contract": "Contract",
    "temporary": "Temporary",
    "per-diem": "Per diem",
}
# schema.org JobPosting employmentType values for ours
SCHEMA_EMPLOYMENT_TYPES = {
    "full-time": "FULL_TIME",
    "part-time": "PART_TIME",
    "contract": "CONTRACTOR",
    "temporary": "TEMPORARY",
    "per-diem": "PER_DIEM",
}
