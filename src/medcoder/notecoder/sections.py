"""Find the note's sections from their headers, including the ones medspaCy's defaults miss.

A header is a known title at the start of a line, ending in a colon ("Assessment and Plan:", "Plan:",
"Impression:", "HPI:"). Text before the first header belongs to a section named "note".
"""

import re

from medcoder.notecoder.records import Section

# Header wording -> the section name the rest of the pipeline reasons with.
HEADERS: dict[str, str] = {
    "chief complaint": "chief_complaint",
    "cc": "chief_complaint",
    "reason for visit": "chief_complaint",
    "reason for admission": "chief_complaint",
    "history of present illness": "present_illness",
    "hpi": "present_illness",
    "present illness": "present_illness",
    "past medical history": "past_medical_history",
    "pmh": "past_medical_history",
    "past surgical history": "past_surgical_history",
    "psh": "past_surgical_history",
    "medical history": "past_medical_history",
    "family history": "family_history",
    "fh": "family_history",
    "social history": "social_history",
    "medications": "medications",
    "current medications": "medications",
    "allergies": "allergies",
    "review of systems": "review_of_systems",
    "ros": "review_of_systems",
    "physical examination": "physical_exam",
    "physical exam": "physical_exam",
    "exam": "physical_exam",
    "labs": "results",
    "laboratory": "results",
    "results": "results",
    "imaging": "results",
    "hospital course": "hospital_course",
    "course": "hospital_course",
    "procedures": "procedures",
    "procedure": "procedures",
    "operation": "procedures",
    "operative procedure": "procedures",
    "assessment and plan": "assessment_plan",
    "assessment & plan": "assessment_plan",
    "a/p": "assessment_plan",
    "assessment": "assessment_plan",
    "plan": "plan",
    "impression": "assessment_plan",
    "diagnosis": "diagnoses",
    "diagnoses": "diagnoses",
    "discharge diagnosis": "diagnoses",
    "discharge diagnoses": "diagnoses",
    "final diagnosis": "diagnoses",
    "principal diagnosis": "diagnoses",
    "secondary diagnoses": "diagnoses",
    "postoperative diagnosis": "diagnoses",
    "preoperative diagnosis": "diagnoses",
    "discharge instructions": "instructions",
}

# Sections whose findings are not current conditions of the patient, and the status they imply.
SECTION_STATUS: dict[str, str] = {
    "past_medical_history": "historical",
    "past_surgical_history": "historical",
    "family_history": "family",
    "instructions": "hypothetical",
    "allergies": "historical",
}

HEADER = re.compile(
    r"^[ \t]*(?P<title>"
    + "|".join(re.escape(h) for h in sorted(HEADERS, key=len, reverse=True))
    + r")[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)


def find_sections(text: str) -> list[Section]:
    """The note cut at each header, in order, covering the whole text."""
    starts = [(match.start(), HEADERS[match.group("title").lower()]) for match in HEADER.finditer(text)]
    if not starts or starts[0][0] > 0:
        starts.insert(0, (0, "note"))
    ends = [start for start, _ in starts[1:]] + [len(text)]
    return [Section(name, start, end) for (start, name), end in zip(starts, ends, strict=True)]


def section_at(sections: list[Section], position: int) -> Section:
    for section in sections:
        if section.start <= position < section.end:
            return section
    return sections[-1]
