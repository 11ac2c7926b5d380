"""Which kind of question this is, from the coder's own words and the codes it names.

Each topic has the phrases that signal it; the topic with the most signals wins, earlier topics
breaking ties (they are the more specific ones).
"""

import re

from medcoder.assistant.records import CodeMention

# (topic, signal patterns), most specific first.
SIGNALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "crosswalk",
        (
            r"icd[- ]?9",
            r"\bgems?\b",
            r"crosswalk",
            r"\bmaps? (?:to|from)\b",
            r"convert",
            r"in icd[- ]?10(?![- ]?(?:pcs|cm))",
            r"equivalent",
            r"general equivalence",
        ),
    ),
    (
        "code_pair",
        (
            r"\bwith\b",
            r"\btogether\b",
            r"same (?:claim|encounter|time)",
            r"\bboth\b",
            r"\balong with\b",
            r"mutually exclusive",
        ),
    ),
    (
        "pcs_guideline",
        (
            r"\bpcs\b",
            r"root operation",
            r"\bapproach\b",
            r"body part",
            r"\bdevice\b",
            r"biopsy",
            r"excision",
            r"resection",
            r"\bbypass\b",
            r"\bfusion\b",
        ),
    ),
    (
        "seventh_character",
        (
            r"7th",
            r"seventh",
            r"initial encounter",
            r"subsequent encounter",
            r"sequela",
            r"placeholder",
            r"\bx\b.*character",
            r"extension",
        ),
    ),
    (
        "notes",
        (
            r"exclud",
            r"code first",
            r"use additional",
            r"additional code",
            r"code also",
            r"\bincludes?\b",
            r"instructional note",
            r"\bnotes? (?:for|on|under|of)\b",
            r"(?:what|which|any) notes?\b",
            r"inclusion term",
        ),
    ),
    (
        "billability",
        (
            r"billable",
            r"valid (?:for|code|diagnosis)",
            r"\bheader\b",
            r"specific enough",
            r"can i (?:bill|use|report) .{0,12}\?$",
            r"non-?billable",
            r"truncated",
            r"codes? (?:are )?(?:in|under)\b",
            r"sub-?codes",
        ),
    ),
    (
        "mue",
        (
            r"\bmues?\b",
            r"medically unlikely",
            r"how many units",
            r"\bunits? (?:of service|can|allowed|per|billed|of)\b",
            r"\bmai\b",
            r"adjudication indicator",
        ),
    ),
    (
        "ptp",
        (
            r"\bptp\b",
            r"\bncci\b",
            r"\bcci\b",
            r"bundl",
            r"column (?:1|one|2|two)",
            r"procedure[- ]to[- ]procedure",
            r"modifier indicator",
            r"\bedits?\b",
        ),
    ),
    (
        "fee_schedule",
        (
            r"\brvus?\b",
            r"global (?:period|days|surgery|surgical)",
            r"fee schedule",
            r"pc/tc",
            r"status indicator",
            r"assistant at surgery",
            r"co-?surgeon",
            r"multiple procedure",
            r"bilateral (?:indicator|surgery)",
            r"conversion factor",
            r"\bpayable\b",
        ),
    ),
    (
        "drg",
        (
            r"\bdrgs?\b",
            r"\bmcc\b",
            r"\bcc\b",
            r"grouper",
            r"relative weight",
            r"comorbidit",
            r"\bpoa\b",
            r"present on admission",
        ),
    ),
    ("pos", (r"place of service", r"\bpos\b")),
    (
        "coverage",
        (
            r"covered",
            r"coverage",
            r"\bncds?\b",
            r"\blcds?\b",
            r"medical necessity",
            r"medically necessary",
            r"\babn\b",
            r"advance beneficiary",
            r"does medicare pay",
            r"medicare (?:pay|cover)",
            r"\bmac\b",
            r"prior authori",
        ),
    ),
    (
        "compliance",
        (
            r"false claims",
            r"\boig\b",
            r"upcod",
            r"unbundl",
            r"fraud",
            r"\babuse\b",
            r"compliance",
            r"\bstark\b",
            r"kickback",
            r"documentation",
            r"\baudit",
            r"\bquer(?:y|ies)\b",
            r"cloning",
            r"overpayment",
            r"exclusion list",
            r"\bhipaa\b",
            r"\brac\b",
            r"cheat",
            r"legal",
        ),
    ),
    ("modifier", (r"modifier",)),
    (
        "sequencing",
        (
            r"sequenc",
            r"first[- ]listed",
            r"\bprimary\b",
            r"\bprincipal\b",
            r"which (?:code )?first",
            r"(?:goes|go|comes|come|is|are) first",
            r"(?:sequenced|coded|listed|reported|billed) first",
            r"list(?:ed)? first",
            r"\border\b",
            r"secondary diagnos",
        ),
    ),
    (
        "evaluation_management",
        (
            r"\be/?m\b",
            r"evaluation and management",
            r"\bmdm\b",
            r"medical decision making",
            r"office visit",
            r"total time",
            r"new patient",
            r"established patient",
            r"prolonged",
        ),
    ),
    (
        "guideline",
        (
            r"guideline",
            r"\brules?\b",
            r"convention",
            r"how (?:do|should) (?:i|we) code",
            r"when (?:do|should|can) (?:i|we)",
            r"\bcode(?:d)? as\b",
            r"official",
        ),
    ),
    (
        "search",
        (
            r"(?:what|which) (?:is the )?(?:icd-10(?:-cm)? |cpt |hcpcs )?codes? (?:is |for|should)",
            r"code for\b",
            r"how (?:do i|to) code\b",
            r"^(?:icd-10(?:-cm|-pcs)?|cpt|hcpcs|pcs)(?: code)? for\b",
        ),
    ),
)
FOLLOW_UP = re.compile(
    r"^\s*(?:and|what about|how about|same for|also|now)\b|\b(?:its?|that code|this code|"
    r"that one|this one|them)\b",
    re.IGNORECASE,
)


def detect_topic(question: str, codes: tuple[CodeMention, ...]) -> str | None:
    """The topic the question's words and codes signal, or None when nothing does ("and E10?")."""
    lowered = question.lower()
    scores = {topic: sum(bool(re.search(p, lowered)) for p in patterns) for topic, patterns in SIGNALS}
    codebook_codes = [c for c in codes if c.system not in ("drg", "pos", "modifier", "hcpcs-modifier")]
    diagnoses = [c for c in codes if c.system == "icd10cm"]
    procedures = [c for c in codes if c.system in ("cpt", "hcpcs")]
    if len(diagnoses) < 2:
        scores["code_pair"] = 0
    elif scores["sequencing"]:
        scores["sequencing"] += 2  # "which goes first, G30.9 or F02.80?" orders the pair
    elif re.search(r"\b(?:report|code|bill|billed|use|assign)\b", lowered) or "exclu" in lowered:
        scores["code_pair"] += 2
    if len(procedures) >= 2 and re.search(r"\b(?:with|together|same day|bill|report)\b", lowered):
        scores["ptp"] += 2
    if codebook_codes:
        scores["search"] = 0  # "the code for T36.0X5 initial encounter" is about that code
    else:
        for topic in ("billability", "seventh_character", "notes"):
            scores[topic] = min(scores[topic], 1) if topic != "billability" else 0
    if re.search(r"\bcodes? for\b", lowered) and not codes:
        # "PCS code for appendectomy" asks for a code, not a guideline; other topics' words still win.
        scores["pcs_guideline"] = max(scores["pcs_guideline"] - 1, 0)
        if not any(score for topic, score in scores.items() if topic != "search"):
            scores["search"] += 2
    if any(c.system in ("modifier", "hcpcs-modifier") for c in codes):
        scores["modifier"] += 1
    if any(c.system == "drg" for c in codes):
        scores["drg"] += 2
    if any(c.system == "pos" for c in codes):
        scores["pos"] += 2
    if codebook_codes and scores["pcs_guideline"] and not re.search(r"guideline|root operation", lowered):
        scores["pcs_guideline"] = 0
    best = max(scores.items(), key=lambda item: item[1])
    return best[0] if best[1] > 0 else None


def is_follow_up(question: str) -> bool:
    return FOLLOW_UP.search(question) is not None
