"""ICD-10-PCS terms for the lexicon, built from the code axes ("<operation> of <body part>") and
from the ICD-10-PCS Index's procedure names ("Appendectomy: see Resection, Appendix 0DTJ").

A PCS code is built, not looked up, so the lexicon holds one entry per operation and body part
(the first four characters) pointing at that group's plainest billable code: no contrast, no device,
no qualifier where the table allows it ("CT of the chest" -> BW24ZZZ's group). Approach, device and
qualifier are then only as specific as that default; the explanation says so. Operation names get the
words notes use for them ("x-ray", "CT", "ultrasound", "colonoscopy").

An Index name that prints only a table ("Nephrectomy: see Resection, Urinary System 0TT") leaves the
body part to the coder; its root names it ("nephr-": Kidney), so "right nephrectomy" reaches 0TT0. A
name that sends to both Excision and Resection ("-ectomy") takes Resection, the whole body part, as
the word says; "partial" is Excision's own Index subterm where the Index prints one.
"""

import json
import re
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

# The head noun of body-part labels that notes leave out when the modifier says which.
HEAD_NOUNS = re.compile(r"\bGlands?\b")

# Roots of procedure names whose body part no label word begins with (written for medcoder).
ROOTS: dict[str, str] = {
    "nephr": "Kidney",
    "mast": "Breast",
    "cyst": "Bladder",
    "hyster": "Uterus",
    "oophor": "Ovary",
    "orchi": "Testis",
    "orchid": "Testis",
    "splen": "Spleen",
    "salping": "Fallopian Tube",
    "cholecyst": "Gallbladder",
    "gastr": "Stomach",
    "hepat": "Liver",
    "pneumon": "Lung",
}
ROOTS_LONGEST_FIRST = sorted(ROOTS.items(), key=lambda item: -len(item[0]))  # "cholecyst" before "cyst"
PLURALS = {"Testis": "Testes", "Ovary": "Ovaries"}  # "Testes, Bilateral"
PROCEDURE_SUFFIX = re.compile(
    r"(?:ectomy|otomy|ostomy|oscopy|orrhaphy|opexy|oplasty|otripsy)$", re.IGNORECASE
)
LATERALITY = re.compile(r",?\s*\b(?:Right|Left|Bilateral)\b")

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


# Operation-and-body-part group (the first four characters) -> its plainest billable code and that
# code's axis labels (position -> label).
Groups = dict[str, tuple[str, dict[int, str]]]


def pcs_groups(connection: sqlite3.Connection) -> Groups:
    """Every group of the coded sections with its plainest code: the most 'Z'/'X' (none) values in
    characters 5-7, the first in table order on a tie (as `plainest_code` picks)."""
    rows = connection.execute(
        "SELECT code, attributes FROM codes WHERE system = 'icd10pcs' AND billable = 1 ORDER BY seq"
    )
    plainest: dict[str, tuple[int, str, dict[int, str]]] = {}
    for code, attributes in rows:
        if code[0] not in SECTIONS:
            continue
        plain = plainness(code)
        if code[:4] not in plainest or plain > plainest[code[:4]][0]:
            labels = {axis["position"]: axis["label"] for axis in json.loads(attributes).get("axes", [])}
            plainest[code[:4]] = (plain, code, labels)
    return {group: (code, labels) for group, (_, code, labels) in plainest.items()}


def procedure_terms(groups: Groups) -> list[ProcedureTerm]:
    """One term per way of saying each operation-and-body-part group; empty without PCS codes."""
    terms = [
        ProcedureTerm(saying, code, labels_of(groups, code))
        for code, sayings in NAMED_PROCEDURES.items()
        if code[:4] in groups
        for saying in sayings
    ]
    for code, labels in groups.values():
        operation, body_part = labels.get(3, ""), labels.get(4, "")
        if not operation or not body_part or not content_stems(body_part):
            continue
        label = f"{operation} of {body_part}"
        for saying in (operation, *SAYINGS.get(operation, ())):
            for part in body_part_sayings(body_part):
                terms.append(ProcedureTerm(f"{saying} {part}", code, label))
    return terms


def body_part_sayings(body_part: str) -> tuple[str, ...]:
    """The axis label, and without the head noun notes leave out ("Thyroid Gland" is "the thyroid")."""
    short = HEAD_NOUNS.sub("", body_part).strip(" ,")
    return (body_part, short) if short != body_part and content_stems(short) else (body_part,)


def labels_of(groups: Groups, code: str) -> str:
    labels = groups[code[:4]][1]
    return f"{labels.get(3, '')} of {labels.get(4, '')}"


def plainest_code(connection: sqlite3.Connection, prefix: str) -> str | None:
    """The billable PCS code under `prefix` with the most 'Z'/'X' (none) values, or None."""
    rows = connection.execute(
        "SELECT code FROM codes WHERE system = 'icd10pcs' AND billable = 1 AND code >= ? AND code < ? ORDER BY seq",
        (prefix, prefix + "\uffff"),
    ).fetchall()
    return max((row[0] for row in rows), key=plainness, default=None)


def plainness(code: str) -> int:
    """How many of characters 5-7 say 'none' (Z) or 'no qualifier' (X): the plainest code has most."""
    return sum(character in "ZX" for character in code[4:])


def index_procedure_terms(connection: sqlite3.Connection, groups: Groups) -> list[ProcedureTerm]:
    """The Index's procedure names of one or two levels ("Appendectomy", "Gastrectomy, partial"), each
    with the plainest code under the prefix it prints, or under each body part its root names."""
    try:
        rows = connection.execute(
            "SELECT path, code, see FROM index_terms WHERE index_name = 'pcs' AND code IS NOT NULL ORDER BY id"
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    prefixes: dict[str, list[tuple[str, str]]] = {}
    for path, code, see in rows:
        if path.count(",") <= 1 and code[0] in SECTIONS:
            prefixes.setdefault(path, []).append((code, see or ""))
    body_parts: dict[str, list[tuple[str, str]]] = {}  # table -> (group, body part label)
    for group, (_, labels) in groups.items():
        body_parts.setdefault(group[:3], []).append((group, labels.get(4, "")))
    terms = []
    for path, printed in prefixes.items():
        words = re.sub(r"\s*\([^)]*\)", "", path)
        for prefix, see in _preferred(path, printed):
            for code, label, saying in _codes_under(connection, words, prefix, groups, body_parts):
                terms.append(ProcedureTerm(saying, code, f"{path}: see {see or label} ({prefix})"))
    return terms


def _preferred(path: str, printed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Resection over Excision for a name that removes the whole body part it names."""
    removes_all = path.split(",")[0].lower().endswith("ectomy") and any(p[0][2] == "T" for p in printed)
    return [p for p in printed if p[0][2] != "B"] if removes_all else printed


def _codes_under(
    connection: sqlite3.Connection,
    words: str,
    prefix: str,
    groups: Groups,
    body_parts: dict[str, list[tuple[str, str]]],
) -> list[tuple[str, str, str]]:
    """(code, body part, the words that name it) for each body part the name reaches: the printed
    prefix, or the table's body parts its root names, the plainest organ only ("Thyroid Gland", not
    its lobes), each side its own term ("nephrectomy right" -> 0TT0)."""
    if len(prefix) >= 4:
        code = groups[prefix][0] if prefix in groups else plainest_code(connection, prefix)
        return [(code, "", words)] if code else []
    head = words.split(",")[0].strip().lower()
    root = PROCEDURE_SUFFIX.sub("", head)
    named = next((part for r, part in ROOTS_LONGEST_FIRST if root.endswith(r)), None)
    reached = []
    for part_prefix, label in body_parts.get(prefix, ()):
        organ = LATERALITY.sub("", label).strip()
        if (named and organ in (named, named + "s", PLURALS.get(named))) or (
            not named and len(root) >= 5 and any(w.lower().startswith(root[:5]) for w in organ.split())
        ):
            reached.append((part_prefix, label, organ))
    plainest = min((len(organ.split()) for _, _, organ in reached), default=0)
    found = []
    for part_prefix, label, organ in reached:
        code = groups[part_prefix][0]
        if len(organ.split()) == plainest:
            side = " ".join(LATERALITY.findall(label)).replace(",", "").strip()
            found.append((code, label, f"{words} {side}".strip()))
    return found
