"""Long titles for ICD-10-PCS codes the official order files we carry do not have yet.

The FY2026 tables XML has no titles. Codes known to an official order file keep the official title;
a code new since then gets a title built from its axis labels the way CMS builds long titles
("Resection of Right Kidney, Open Approach"). `bench/pcs_title_constructor.py` measures how often this
reproduces the official title; such titles are labelled as constructed wherever they are stored.
"""

from medcoder.codebook.importers.icd10pcs_tables import Axis

# Labels that mean "this character says nothing" and never appear in a title.
EMPTY_LABELS = {"No Device", "No Qualifier", "None", "No Method"}

LATERALITY = {"Right", "Left", "Bilateral"}

# Heads whose modifier stays after them in titles ('Thoracic Aorta, Descending', 'Pacemaker, Dual Chamber').
KEPT_HEADS = {
    "Thoracic Aorta",
    "Stomach",
    "Coronary Artery",
    "Knee Joint",
    "Hip Joint",
    "Pacemaker",
    "Anterior Approach",
    "Posterior Approach",
}

COUNTS = {"Two", "Three", "Four or More"}

# Qualifiers naming how it was done: "... with Intraluminal Device, using Drug-Coated Balloon".
TECHNIQUE_QUALIFIERS = {"Drug-Coated Balloon", "Laser Interstitial Thermal Therapy"}

# Qualifiers CMS puts after the approach rather than before it.
TRAILING_QUALIFIERS = {"Diagnostic"}

# Medical and Surgical root operations whose titles do not read "<Operation> of <Body Part>".
# {part}, {device} (with its preposition) and {qualifier} are filled in; empty pieces drop out.
OPERATION_PATTERNS = {
    "Bypass": "Bypass {part}{to_qualifier}{device:with}",
    "Change": "Change {device_bare} in {part}",
    "Control": "Control Bleeding in {part}",
    "Creation": "Creation of {part}{from_qualifier}{device:using}",
    "Detachment": "Detachment at {part}{qualifier}",
    "Extirpation": "Extirpation of Matter from {part}{device:using}",
    "Fragmentation": "Fragmentation in {part}{device:using}",
    "Insertion": "Insertion of {device_bare} into {part}",
    "Map": "Map {part}",
    "Release": "Release {part}",
    "Removal": "Removal of {device_bare} from {part}",
    "Repair": "Repair {part}{device:with}",
    "Reposition": "Reposition {part}{device:with}",
    "Revision": "Revision of {device_bare} in {part}",
    "Supplement": "Supplement {part}{device:with}",
    "Transfer": "Transfer {part}{to_qualifier}",
    "Transfer with": "Transfer {part} with {qualifier_bare}",
}

APPROACH_SUFFIXED = {"Open", "Percutaneous", "Percutaneous Endoscopic", "External"}


def construct_long_title(axes: tuple[Axis, ...]) -> str:
    """A long title in the CMS pattern from a code's seven axes (characters 1..7 in order)."""
    operation, approach = axes[2].label, _meaningful(axes[4])
    part, device, qualifier = (_title_phrase(_meaningful(axes[position])) for position in (3, 5, 6))
    if operation == "Transfer" and any(word in qualifier for word in ("Skin", "Tissue", "Fascia")):
        operation = "Transfer with"  # a flap moved with its skin or tissue, not to another site
    if axes[0].value in ("0", "1", "X"):
        return _surgical_title(operation, part, approach, device, qualifier)
    pieces = [f"{operation} of {part}" if part else operation, device, approach, qualifier]
    return ", ".join(piece for piece in pieces if piece)


def _surgical_title(operation: str, part: str, approach: str, device: str, qualifier: str) -> str:
    pattern = OPERATION_PATTERNS.get(operation, operation + " of {part}{device:with}")
    uses_qualifier = "qualifier" in pattern.lower()
    title = (
        pattern.replace("{device:with}", f" with {device}" if device else "")
        .replace("{device:using}", f" using {device}" if device else "")
        .replace("{device_bare}", device)
        .replace("{qualifier_bare}", qualifier)
        .replace("{to_qualifier}", f" to {qualifier}" if qualifier else "")
        .replace("{from_qualifier}", f" from {qualifier}" if qualifier else "")
        .replace("{qualifier}", f", {qualifier}" if qualifier else "")
        .replace("{part}", part)
    )
    if qualifier in TECHNIQUE_QUALIFIERS and not uses_qualifier:
        title += f", using {qualifier}" if device else f" using {qualifier}"
        qualifier = ""
    approach = f"{approach} Approach" if approach in APPROACH_SUFFIXED else approach
    if uses_qualifier or not qualifier:
        tail = [approach]
    elif qualifier in TRAILING_QUALIFIERS:
        tail = [approach, qualifier]
    else:
        tail = [qualifier, approach]
    return ", ".join([title, *(piece for piece in tail if piece)])


def _title_phrase(label: str) -> str:
    """Table labels read 'head, modifier'; titles mostly put modifiers first: 'Kidney, Right' -> 'Right
    Kidney', 'Skin, Face' -> 'Face Skin', 'Intraluminal Device, Drug-eluting, Two' -> 'Two Drug-eluting
    Intraluminal Devices'. A side always comes first ('Right Knee Joint, Femoral Surface')."""
    head, *modifiers = label.split(", ")
    sides = [modifier for modifier in modifiers if modifier.split()[0] in LATERALITY]
    others = [modifier for modifier in modifiers if modifier not in sides]
    listing = len(others) > 1 and others[-1] not in COUNTS  # 'Tongue, Palate, Pharynx Muscle'
    if listing or (others and head in KEPT_HEADS):
        head, others = ", ".join([head, *others]), []
    if others and others[-1] in COUNTS:
        head += "s"
    return " ".join([*sides, *reversed(others), head])


def _meaningful(axis: Axis) -> str:
    return "" if axis.label in EMPTY_LABELS else axis.label
