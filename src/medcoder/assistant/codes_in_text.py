"""Finding codes in what a coder types: any system, dotted or not, plus modifiers, DRG and POS numbers.

A token becomes a code only when the codebook knows it or the question says which kind of number it is
("modifier 25", "MS-DRG 871", "place of service 11", "ICD-9 250.00"), so everyday numbers ("30
minutes", "2021 rules") never turn into codes.
"""

import re
from dataclasses import dataclass

from medcoder.assistant.records import CodeMention
from medcoder.codebook import Codebook
from medcoder.codebook.systems import SHAPES, code_key
from medcoder.rules.ptp import ANATOMIC, DISTINCT_SERVICE

TOKEN = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)?")
ICD9_DIAGNOSIS = re.compile(r"^(?:\d{3}(?:\.\d{1,2})?|V\d{2}(?:\.\d{1,2})?|E\d{3}(?:\.\d)?)$")
ICD9_PROCEDURE = re.compile(r"^\d{2}\.\d{1,2}$")
ICD10CM_DOTTED = re.compile(r"^[A-TV-Z]\d[0-9A-Z]\.[0-9A-Z]{1,4}$")
# "250.00" can only be ICD-9-CM: ICD-10 codes start with a letter. Not when a unit follows ("250.5 mg").
ICD9_NUMERIC = re.compile(r"^\d{3}\.\d{1,2}$")
UNIT = re.compile(
    r"\s*(?:%|mg|mcg|ml|g|kg|lb|lbs|cm|mm|degrees?|units?|minutes?|hours?|mmhg)\b", re.IGNORECASE
)

# Modifiers a coder writes without the word "modifier" ("Can I bill 25 with LT?" is not one of them:
# two-digit modifiers always need the word). Letters only, so they never clash with numbers. The
# coronary-artery modifiers (LC, LD, RC, LM, RI) are left out: as bare words they are too often
# something else.
CORONARY_MODIFIERS = frozenset({"LC", "LD", "RC", "LM", "RI"})
BARE_MODIFIERS = (
    (ANATOMIC - CORONARY_MODIFIERS)
    | (DISTINCT_SERVICE - {"59"})
    | frozenset(
        [
            "TC",
            "GT",
            "GQ",
            "GA",
            "GX",
            "GY",
            "GZ",
            "FQ",
            "FR",
            "KX",
            "QW",
            "JW",
            "JZ",
            "PT",
            "AI",
            "AS",
            "SA",
            "CR",
            "CS",
        ]
    )
)
# "99213-25", "27447-RT": a modifier written straight after its procedure code.
APPENDED_MODIFIER = re.compile(r"\b[0-9A-Z]\d{3}[0-9A-Z]-([0-9A-Z]{2})\b")
SYSTEM_WORDS = {
    "icd10pcs": ("pcs", "procedure code"),
    "hcpcs": ("hcpcs",),
    "cpt": ("cpt",),
    "icd10cm": ("icd-10-cm", "icd10cm", "diagnosis"),
}


@dataclass(frozen=True)
class CodesFound:
    """Codes the codebook knows, and code-shaped tokens it does not (to say so rather than guess)."""

    known: tuple[CodeMention, ...]
    unknown: tuple[CodeMention, ...]


def find_codes(codebook: Codebook, question: str) -> CodesFound:
    lowered = question.lower()
    wants_icd9 = bool(re.search(r"icd[- ]?9", lowered))
    wants_drg = "drg" in lowered
    wants_pos = "place of service" in lowered or re.search(r"\bpos\b", lowered) is not None
    wants_modifier = "modifier" in lowered
    appended = {m.start(1) for m in APPENDED_MODIFIER.finditer(question)}
    known: list[CodeMention] = []
    unknown: list[CodeMention] = []
    for match in TOKEN.finditer(question):
        token = match.group()
        upper = token.upper()
        if wants_icd9 and (ICD9_DIAGNOSIS.match(upper) or ICD9_PROCEDURE.match(upper)):
            system = "icd9pcs" if ICD9_PROCEDURE.match(upper) and "procedure" in lowered else "icd9cm"
            _add(known if codebook.exists(upper, system) else unknown, CodeMention(system, upper))
        elif ICD9_NUMERIC.match(upper) and not UNIT.match(question, match.end()):
            if codebook.exists(upper, "icd9cm"):
                _add(known, CodeMention("icd9cm", upper))
        elif wants_drg and re.fullmatch(r"\d{3}", token):
            _add(known, CodeMention("drg", token))
        elif wants_pos and re.fullmatch(r"\d{2}", token) and not wants_modifier:
            _add(known, CodeMention("pos", token))
        elif len(token) == 2 and (match.start() in appended or _is_modifier(token, wants_modifier)):
            if not _in_slashed_term(question, match, wants_modifier):
                _add(known, _modifier(codebook, upper))
        elif any(ch.isdigit() for ch in token) and len(token) >= 3:
            _add_code(codebook, upper, lowered, wants_icd9, known, unknown)
    return CodesFound(tuple(known), tuple(unknown))


def _in_slashed_term(question: str, match: re.Match, wants_modifier: bool) -> bool:
    """'PC/TC indicator' is one term, not modifier TC; 'LT/RT' is two modifiers."""
    before = re.search(r"([A-Za-z0-9]+)/$", question[: match.start()])
    after = re.match(r"/([A-Za-z0-9]+)", question[match.end() :])
    neighbours = [m.group(1) for m in (before, after) if m]
    return any(not _is_modifier(n, wants_modifier) or len(n) != 2 for n in neighbours)


def _is_modifier(token: str, wants_modifier: bool) -> bool:
    """'25' or 'XS' after the word modifier; 'LT' alone; never an ordinary word like 'is' or 'an'."""
    written_as_code = token.isupper() or any(ch.isdigit() for ch in token)
    return written_as_code and (wants_modifier or token in BARE_MODIFIERS)


def _modifier(codebook: Codebook, modifier: str) -> CodeMention:
    """HCPCS Level II modifiers are in the codebook; CPT modifiers (two digits) are AMA text we lack."""
    system = "hcpcs-modifier" if codebook.exists(modifier, "hcpcs-modifier") else "modifier"
    return CodeMention(system, modifier)


def _add_code(
    codebook: Codebook,
    token: str,
    lowered: str,
    wants_icd9: bool,
    known: list[CodeMention],
    unknown: list[CodeMention],
) -> None:
    """ICD-9 codes only when the question says ICD-9: '2021' is a year, not ICD-9 procedure 20.21."""
    matches = [c for c in codebook.find(token) if wants_icd9 or not c.system.startswith("icd9")]
    if matches:
        hinted = [c for c in matches if any(word in lowered for word in SYSTEM_WORDS.get(c.system, ()))]
        best = (hinted or matches)[0]
        _add(known, CodeMention(best.system, best.code))
        return
    if "." in token and not ICD10CM_DOTTED.match(token):
        return
    key = code_key(token)
    shapes = [slug for slug, shape in SHAPES.items() if slug != "hcpcs-modifier" and shape.match(key)]
    if ICD10CM_DOTTED.match(token):
        shapes = ["icd10cm"]
    if shapes:
        hinted = [s for s in shapes if any(word in lowered for word in SYSTEM_WORDS.get(s, ()))]
        _add(unknown, CodeMention((hinted or shapes)[0], token))


def _add(mentions: list[CodeMention], mention: CodeMention) -> None:
    if mention not in mentions:
        mentions.append(mention)


def code_shaped_tokens(text: str) -> list[str]:
    """Tokens in an answer that look like ICD, HCPCS, CPT or PCS codes: the grounding check reads these."""
    found = []
    for match in TOKEN.finditer(text):
        token = match.group()
        if _inside_dotted_number(text, match.start(), match.end()) or SECTION_BEFORE.search(
            text, 0, match.start()
        ):
            continue
        if not any(ch.isdigit() for ch in token) or len(token) < 3:
            continue
        if "." in token:
            if ICD10CM_DOTTED.match(token) or ICD9_DIAGNOSIS.match(token) or ICD9_PROCEDURE.match(token):
                found.append(token)
        elif any(shape.match(code_key(token)) for slug, shape in SHAPES.items() if slug != "hcpcs-modifier"):
            found.append(token)
    return found


# "NCD 220.3", "section 30.6", "sections 30.3 and 30.3.1": manual section numbers, not ICD-9 codes.
SECTION_BEFORE = re.compile(r"\b(?:ncds?|sections?|§|chapter)\s+(?:[\d.]+,?\s+(?:and\s+)?)*$", re.IGNORECASE)


def _inside_dotted_number(text: str, start: int, end: int) -> bool:
    """'30.6' in 'section 30.6.7' or '1.2' in '42 CFR 1.2.3' is part of a section number, not a code."""
    before = text[start - 1 : start] == "." and text[start - 2 : start - 1].isalnum()
    after = text[end : end + 1] == "." and text[end + 1 : end + 2].isalnum()
    return before or after
