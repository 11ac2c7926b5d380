"""What the coded fields of the HCPCS Level II file mean, so a page can say "COV D: special coverage
instructions apply" instead of a bare letter.

The HCPCS importer stores the raw values in each code's `attributes`; `describe` turns one into words
and `facts` turns a code's attributes into labelled rows for the CLI and the web page ("Coverage
manual: Medicare Carriers Manual section 2130").
Value lists are those of the CMS HCPCS contractor record layout (`HCPC<year>_recordlayout.txt`, shipped in
every quarterly zip), as summarised in docs/cms-file-layouts.md §4. BETOS labels come from the CMS
Blue Button 2.0 code system `betos-cd`; a BETOS code newer than that list (e.g. O1L) has no label here.
"""

from medcoder.codebook.records import Code, Fact

PRICING_INDICATORS = {
    "00": "Not separately priced by Part B (e.g. not covered, bundled, Part A only)",
    "11": "Priced with national relative value units",
    "12": "Priced with national anesthesia base units",
    "13": "Priced by the Medicare contractor (e.g. not otherwise classified, individual consideration)",
    "21": "Clinical lab fee schedule: national limitation amount",
    "22": "Clinical lab fee schedule: priced by the contractor",
    "31": "DMEPOS fee schedule: frequently serviced items",
    "32": "DMEPOS fee schedule: inexpensive and other routinely purchased items",
    "33": "DMEPOS fee schedule: oxygen and oxygen equipment",
    "34": "DMEPOS fee schedule: supplies used with DME",
    "35": "DMEPOS fee schedule: surgical dressings",
    "36": "DMEPOS fee schedule: capped rental items",
    "37": "DMEPOS fee schedule: ostomy, tracheostomy and urological supplies",
    "38": "DMEPOS fee schedule: orthotics, prosthetics, prosthetic devices and vision services",
    "39": "DMEPOS fee schedule: parenteral and enteral nutrition",
    "40": "DMEPOS fee schedule: lymphedema compression treatment items",
    "45": "Customized DME items",
    "46": "DMEPOS priced by the contractor",
    "51": "Drugs",
    "52": "Reasonable charge",
    "53": "Statutory exclusion",
    "54": "Vaccinations",
    "55": "Splints and casts",
    "56": "Intraocular lenses",
    "57": "Other items priced by the contractor",
    "99": "Value not established",
}

MULTIPLE_PRICING_INDICATORS = {
    "9": "Not applicable: not separately priced by Part B, or no value established",
    "A": "Not applicable: priced under one methodology",
    "B": "Professional component priced with RVUs; technical component and global service by the contractor",
    "C": "Physician interpretation priced under the physician fee schedule; the lab service under the "
    "clinical lab fee schedule",
    "D": "Obsolete multiple pricing indicator",
    "E": "Obsolete multiple pricing indicator",
    "F": "Obsolete multiple pricing indicator",
    "G": "Reasonable charge, including blood products",
}

COVERAGE = {
    "C": "Carrier judgment",
    "D": "Special coverage instructions apply",
    "I": "Not payable by Medicare",
    "M": "Non-covered by Medicare",
    "S": "Non-covered by Medicare statute",
}

ACTIONS = {
    "A": "Code added",
    "B": "Change in both administrative data and long description",
    "C": "Change in long description",
    "D": "Code discontinued",
    "F": "Change in administrative data",
    "N": "No maintenance for this code",
    "P": "Payment change",
    "R": "Code reactivated",
    "S": "Change in short description",
    "T": "Change in BETOS or type of service",
}

TYPES_OF_SERVICE = {
    "0": "Whole blood",
    "1": "Medical care",
    "2": "Surgery",
    "3": "Consultation",
    "4": "Diagnostic radiology",
    "5": "Diagnostic laboratory",
    "6": "Therapeutic radiology",
    "7": "Anesthesia",
    "8": "Assistant at surgery",
    "9": "Other medical items or services",
    "A": "Used DME",
    "B": "High-risk screening mammography",
    "C": "Low-risk screening mammography",
    "D": "Ambulance",
    "E": "Enteral/parenteral nutrients and supplies",
    "F": "Ambulatory surgical center (facility usage for surgical services)",
    "G": "Immunosuppressive drugs",
    "H": "Hospice",
    "J": "Diabetic shoes",
    "K": "Hearing items and services",
    "L": "ESRD supplies",
    "M": "Monthly capitation payment for dialysis",
    "N": "Kidney donor",
    "P": "Lump-sum purchase of DME, prosthetics, orthotics",
    "Q": "Vision items or services",
    "R": "Rental of DME",
    "S": "Surgical dressings or other medical supplies",
    "T": "Outpatient mental health treatment limitation",
    "U": "Occupational therapy",
    "V": "Pneumococcal/flu vaccine",
    "W": "Physical therapy",
}

BETOS = {
    "M1A": "Office visits - new",
    "M1B": "Office visits - established",
    "M2A": "Hospital visit - initial",
    "M2B": "Hospital visit - subsequent",
    "M2C": "Hospital visit - critical care",
    "M3": "Emergency room visit",
    "M4A": "Home visit",
    "M4B": "Nursing home visit",
    "M5A": "Specialist - pathology",
    "M5B": "Specialist - psychiatry",
    "M5C": "Specialist - ophthalmology",
    "M5D": "Specialist - other",
    "M6": "Consultations",
    "P0": "Anesthesia",
    "P1A": "Major procedure - breast",
    "P1B": "Major procedure - colectomy",
    "P1C": "Major procedure - cholecystectomy",
    "P1D": "Major procedure - TURP",
    "P1E": "Major procedure - hysterectomy",
    "P1F": "Major procedure - explor/decompr/excis disc",
    "P1G": "Major procedure - other",
    "P2A": "Major procedure, cardiovascular - CABG",
    "P2B": "Major procedure, cardiovascular - aneurysm repair",
    "P2C": "Major procedure, cardiovascular - thromboendarterectomy",
    "P2D": "Major procedure, cardiovascular - coronary angioplasty (PTCA)",
    "P2E": "Major procedure, cardiovascular - pacemaker insertion",
    "P2F": "Major procedure, cardiovascular - other",
    "P3A": "Major procedure, orthopedic - hip fracture repair",
    "P3B": "Major procedure, orthopedic - hip replacement",
    "P3C": "Major procedure, orthopedic - knee replacement",
    "P3D": "Major procedure, orthopedic - other",
    "P4A": "Eye procedure - corneal transplant",
    "P4B": "Eye procedure - cataract removal/lens insertion",
    "P4C": "Eye procedure - retinal detachment",
    "P4D": "Eye procedure - treatment of retinal lesions",
    "P4E": "Eye procedure - other",
    "P5A": "Ambulatory procedures - skin",
    "P5B": "Ambulatory procedures - musculoskeletal",
    "P5C": "Ambulatory procedures - inguinal hernia repair",
    "P5D": "Ambulatory procedures - lithotripsy",
    "P5E": "Ambulatory procedures - other",
    "P6A": "Minor procedures - skin",
    "P6B": "Minor procedures - musculoskeletal",
    "P6C": "Minor procedures - other (Medicare fee schedule)",
    "P6D": "Minor procedures - other (non-Medicare fee schedule)",
    "P7A": "Oncology - radiation therapy",
    "P7B": "Oncology - other",
    "P8A": "Endoscopy - arthroscopy",
    "P8B": "Endoscopy - upper gastrointestinal",
    "P8C": "Endoscopy - sigmoidoscopy",
    "P8D": "Endoscopy - colonoscopy",
    "P8E": "Endoscopy - cystoscopy",
    "P8F": "Endoscopy - bronchoscopy",
    "P8G": "Endoscopy - laparoscopic cholecystectomy",
    "P8H": "Endoscopy - laryngoscopy",
    "P8I": "Endoscopy - other",
    "P9A": "Dialysis services (Medicare fee schedule)",
    "P9B": "Dialysis services (non-Medicare fee schedule)",
    "I1A": "Standard imaging - chest",
    "I1B": "Standard imaging - musculoskeletal",
    "I1C": "Standard imaging - breast",
    "I1D": "Standard imaging - contrast gastrointestinal",
    "I1E": "Standard imaging - nuclear medicine",
    "I1F": "Standard imaging - other",
    "I2A": "Advanced imaging - CAT/CT/CTA: brain/head/neck",
    "I2B": "Advanced imaging - CAT/CT/CTA: other",
    "I2C": "Advanced imaging - MRI/MRA: brain/head/neck",
    "I2D": "Advanced imaging - MRI/MRA: other",
    "I3A": "Echography/ultrasonography - eye",
    "I3B": "Echography/ultrasonography - abdomen/pelvis",
    "I3C": "Echography/ultrasonography - heart",
    "I3D": "Echography/ultrasonography - carotid arteries",
    "I3E": "Echography/ultrasonography - prostate, transrectal",
    "I3F": "Echography/ultrasonography - other",
    "I4A": "Imaging/procedure - heart including cardiac catheterization",
    "I4B": "Imaging/procedure - other",
    "T1A": "Lab tests - routine venipuncture (non-Medicare fee schedule)",
    "T1B": "Lab tests - automated general profiles",
    "T1C": "Lab tests - urinalysis",
    "T1D": "Lab tests - blood counts",
    "T1E": "Lab tests - glucose",
    "T1F": "Lab tests - bacterial cultures",
    "T1G": "Lab tests - other (Medicare fee schedule)",
    "T1H": "Lab tests - other (non-Medicare fee schedule)",
    "T2A": "Other tests - electrocardiograms",
    "T2B": "Other tests - cardiovascular stress tests",
    "T2C": "Other tests - EKG monitoring",
    "T2D": "Other tests - other",
    "D1A": "Medical/surgical supplies",
    "D1B": "Hospital beds",
    "D1C": "Oxygen and supplies",
    "D1D": "Wheelchairs",
    "D1E": "Other DME",
    "D1F": "Prosthetic/orthotic devices",
    "D1G": "Drugs administered through DME",
    "O1A": "Ambulance",
    "O1B": "Chiropractic",
    "O1C": "Enteral and parenteral",
    "O1D": "Chemotherapy",
    "O1E": "Other drugs",
    "O1F": "Hearing and speech services",
    "O1G": "Immunizations/vaccinations",
    "Y1": "Other - Medicare fee schedule",
    "Y2": "Other - non-Medicare fee schedule",
    "Z1": "Local codes",
    "Z2": "Undefined codes",
}

# attribute name -> (label as printed in the CMS file, value table)
FIELDS: dict[str, tuple[str, dict[str, str]]] = {
    "pricing_indicators": ("PRICE", PRICING_INDICATORS),
    "multiple_pricing_indicator": ("MULT_PI", MULTIPLE_PRICING_INDICATORS),
    "coverage": ("COV", COVERAGE),
    "action": ("ACTION CD", ACTIONS),
    "types_of_service": ("TOS", TYPES_OF_SERVICE),
    "betos": ("BETOS", BETOS),
}

# The first letter of a Level II code names its section. CMS's file carries no hierarchy (NLM's UMLS
# HCPCS source notes say the same); these headings are the section titles of the HCPCS Level II code
# books, compiled by medcoder, and the codebook's `hcpcs-sections` source row says so.
SECTIONS = {
    "A": "Transportation services including ambulance, medical and surgical supplies, administrative, "
    "miscellaneous and investigational",
    "B": "Enteral and parenteral therapy",
    "C": "Outpatient prospective payment system (temporary codes)",
    "D": "Dental procedures",
    "E": "Durable medical equipment",
    "G": "Procedures and professional services (temporary codes)",
    "H": "Alcohol and drug abuse treatment services (behavioral health)",
    "J": "Drugs administered other than oral method, chemotherapy drugs",
    "K": "Temporary codes for durable medical equipment",
    "L": "Orthotic and prosthetic procedures and devices",
    "M": "Medical services",
    "P": "Pathology and laboratory services",
    "Q": "Temporary codes",
    "R": "Diagnostic radiology services",
    "S": "Temporary national codes (non-Medicare)",
    "T": "National codes established for state Medicaid agencies",
    "U": "Coronavirus diagnostic panel (laboratory tests)",
    "V": "Vision, hearing and speech-language pathology services",
}


# The CIM and MCM fields cite sections of two Medicare paper manuals, by number.
MANUALS = {"cim": "Coverage Issues Manual", "mcm": "Medicare Carriers Manual"}

# attribute -> how a coder reads it, in the order a code's facts are shown. Attributes not listed (none
# today) are left out of `facts`; an anesthesia base unit of 0 means none and is left out too.
FACT_LABELS = {
    "added": "Added",
    "action_effective": "Action effective",
    "terminated": "Terminated (last date of service)",
    "action": "Action",
    "coverage": "Medicare coverage",
    "cim": "Coverage manual",
    "mcm": "Coverage manual",
    "statute": "Statute",
    "betos": "BETOS category",
    "types_of_service": "Type of service",
    "pricing_indicators": "Pricing",
    "multiple_pricing_indicator": "Multiple pricing",
    "anesthesia_base_units": "Anesthesia base units",
    "asc_group": "ASC payment group",
    "asc_effective": "ASC payment group effective",
    "opps": "OPPS",
    "opps_payment_indicator": "OPPS payment indicator",
    "opps_effective": "OPPS effective",
    "lab_certifications": "Lab certification codes",
    "processing_note": "Processing note",
    "cross_references": "Cross-references",
}


def describe(attribute: str, value: str) -> str | None:
    """'COV D: Special coverage instructions apply' for ("coverage", "D"), 'Medicare Carriers Manual
    section 2130' for ("mcm", "2130"); None for a value we cannot name."""
    if attribute in MANUALS:
        return f"{MANUALS[attribute]} section {value}"
    field = FIELDS.get(attribute)
    if field is None:
        return None
    label, values = field
    meaning = values.get(value)
    return f"{label} {value}: {meaning}" if meaning else None


def facts(code: Code) -> list[Fact]:
    """A HCPCS code's or modifier's recorded fields as a coder reads them: dates, action, coverage
    (with the manual sections it cites), BETOS, type of service, pricing..., each coded value with its
    meaning where the layout names one ("D (Special coverage instructions apply)")."""
    read: dict[str, list[str]] = {}  # label -> values: the CIM and MCM sections share one row
    for attribute, label in FACT_LABELS.items():
        value = code.attributes.get(attribute)
        if value is None or (attribute == "anesthesia_base_units" and value == "0"):
            continue
        values = value if isinstance(value, list) else [value]
        read.setdefault(label, []).extend(_read(attribute, str(item)) for item in values)
    return [Fact(label, "; ".join(values)) for label, values in read.items()]


def _read(attribute: str, value: str) -> str:
    if attribute in MANUALS:
        return f"{MANUALS[attribute]} section {value}"
    meaning = FIELDS[attribute][1].get(value) if attribute in FIELDS else None
    return f"{value} ({meaning})" if meaning else value
