"""ICD-10-PCS terms for the lexicon, built from the code axes: "<operation> of <body part>".

A PCS code is built, not looked up, so the lexicon holds one entry per operation and body part
(the first four characters) pointing at that group's plainest billable code: no contrast, no device,
no qualifier where the table allows it ("CT of the chest" -> BW24ZZZ's group). Approach, device and
qualifier are then only as specific as that default; the explanation says so. Operation names get the
words notes use for them ("x-ray", "CT", "ultrasound", "colonoscopy").
"""

import json
import sqlite3
from dataclasses import dataclass

from medcoder.notecoder.words import content_stems

# Sections coded from notes: medical and surgical, imaging, administration, measurement, extracorporeal.
SECTIONS = ("0", "B", "3", "4", "5")

# Axis label (operation or imaging type) -> words notes use for it.
SAYINGS: dict[str, tuple[str, ...]] = {
    "Plain Radiography": ("x-ray", "radiograph", "radiography", "radiology", "xray"),
    "Computerized Tomography (CT Scan)": ("CT", "computed tomography", "tomography", "CT scan"),
    "Magnetic Resonance Imaging (MRI)": ("MRI", "magnetic resonance", "NMR"),
    "Ultrasonography": ("ultrasound", "ultrasonography", "ultrasonographic", "echography", "sonography"),
    "Fluoroscopy": ("fluoroscopy",),
    "Excision": ("biopsy", "excision", "excised"),
    "Resection": ("resection", "resected", "removal"),
    "Inspection": ("inspection", "examination"),
    "Drainage": ("drainage", "drained", "puncture", "aspiration"),
    "Extirpation": ("extraction", "removal"),
    "Replacement": ("replacement", "prosthesis"),
    "Bypass": ("bypass",),
    "Dilation": ("dilation", "angioplasty", "stent"),
    "Introduction": ("administration", "infusion", "injection"),
}

# Procedures notes name in one word, each checked against the codebook before use.
NAMED_PROCEDURES: dict[str, tuple[str, ...]] = {
    "4A02X4Z": ("electrocardiogram", "ECG", "EKG", "electrocardiography"),
    "4A00X4Z": ("electroencephalogram", "EEG", "electroencephalography"),
    "5A1D70Z": ("dialysis", "hemodialysis"),
    "0DJD8ZZ": ("colonoscopy",),
    "0DJ08ZZ": ("gastroscopy", "upper endoscopy", "esophagogastroduodenoscopy", "EGD"),
    "0BJ08ZZ": ("bronchoscopy", "fibrobronchoscopy"),
    "B246ZZZ": ("echocardiogram", "echocardiography", "transthoracic echocardiography"),
    "0B110F4": ("tracheostomy", "tracheotomy"),
    "07TP0ZZ": ("splenectomy",),
    "0TTB0ZZ": ("cystectomy", "cystoprostatectomy"),
    "0TBB8ZZ": ("transurethral resection of the bladder", "TURBT"),
    "3E0436Z": ("parenteral nutrition", "TPN"),
    "3E0G76Z": ("enteral nutrition",),
    "3E0F7GC": ("oxygen therapy", "supplemental oxygen"),
    "4A07X0Z": ("visual acuity",),
    "4A0FX3Z": ("electromyography", "electromyogram", "EMG"),
    "10E0XZZ": ("vaginal delivery", "childbirth"),
    "10D00Z1": ("cesarean section", "cesarean"),
    "BF110ZZ": ("endoscopic retrograde cholangiopancreatography", "ERCP"),
    "CP1YYZZ": ("bone scintigraphy", "bone scan"),
    "0DJDXZZ": ("rectal examination", "rectal touch"),
    "0T9B70Z": ("bladder catheterization", "urinary catheterization", "bladder catheter", "urinary catheter"),
    "0WJG0ZZ": ("laparotomy",),
    "0WJG4ZZ": ("laparoscopy",),
    "0BH17EZ": ("intubation", "orotracheal intubation", "endotracheal intubation"),
    "5A1935Z": ("mechanical ventilation",),
}


@dataclass(frozen=True)
class ProcedureTerm:
    words: str
    code: str
    label: str


def procedure_terms(connection: sqlite3.Connection) -> list[ProcedureTerm]:
    """One term per way of saying each operation-and-body-part group; empty without PCS codes."""
    rows = connection.execute(
        "SELECT code, attributes FROM codes WHERE system = 'icd10pcs' AND billable = 1 ORDER BY seq"
    )
    plainest: dict[str, tuple[int, str, dict[int, str]]] = {}
    for code, attributes in rows:
        if code[0] not in SECTIONS:
            continue
        labels = {axis["position"]: axis["label"] for axis in json.loads(attributes).get("axes", [])}
        plain = code[4:].count("Z") + code[4:].count("X")
        if code[:4] not in plainest or plain > plainest[code[:4]][0]:
            plainest[code[:4]] = (plain, code, labels)
    terms = [
        ProcedureTerm(saying, code, labels_of(plainest, code))
        for code, sayings in NAMED_PROCEDURES.items()
        if code[:4] in plainest
        for saying in sayings
    ]
    for _, code, labels in plainest.values():
        operation, body_part = labels.get(3, ""), labels.get(4, "")
        if not operation or not body_part or not content_stems(body_part):
            continue
        label = f"{operation} of {body_part}"
        for saying in (operation, *SAYINGS.get(operation, ())):
            terms.append(ProcedureTerm(f"{saying} {body_part}", code, label))
    return terms


def labels_of(plainest: dict[str, tuple[int, str, dict[int, str]]], code: str) -> str:
    labels = plainest[code[:4]][2]
    return f"{labels.get(3, '')} of {labels.get(4, '')}"


def plainest_code(connection: sqlite3.Connection, prefix: str) -> str | None:
    """The billable PCS code under `prefix` with the most 'Z'/'X' (none) values, or None."""
    rows = connection.execute(
        "SELECT code FROM codes WHERE system = 'icd10pcs' AND billable = 1 AND code >= ? AND code < ? ORDER BY seq",
        (prefix, prefix + "\uffff"),
    ).fetchall()
    codes = [row[0] for row in rows]
    return max(codes, key=lambda code: sum(c in "ZX" for c in code[4:]), default=None)
