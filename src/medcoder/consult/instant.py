"""When CasePilot's draft may go out without a consultant: only a real, grounded coding answer.

"Answered with facts" is not enough: a finding that could not answer ("the NCCI edit files are not
loaded") still rides along with an article that did, and an everyday question can pull in an article.
CasePilot's `Answer` carries no per-finding status, so its own wording for those outcomes is read
from the summary (tests/consult/test_instant.py checks the wording against the real CasePilot). The sender's
side (authenticated, within the plan) is decided by the caller.
"""

import re

from medcoder.assistant import Answer

# CasePilot's words when a tool could not answer (assistant/pilot.py, billing_tools.py, codebook_tools.py)
UNANSWERED_MARKERS = (
    "i cannot",
    "not loaded in this codebook",
    "i have no summary",
    "not in the loaded",
    "not a code in the loaded",
    "code in this codebook (loaded:",
    "holds no licensed cpt file",
    "needs your licensed cpt file",
    "holds no gem entry",
    "no code title matches",
    "no active lcd or article",
    "no icd-10-pcs guideline matches",
    "say what the code should describe",
)
CODING_WORDS = re.compile(
    r"\b(?:cod(?:e|es|ed|ing|er)|bill(?:able|ing|ed)?|modifiers?|icd(?:-?10|-?9)?(?:-cm|-pcs)?|cpt|hcpcs"
    r"|(?:ms-)?drgs?|ncci|ptp|mues?|excludes ?[12]?|guidelines?|diagnos\w*|procedures?|claims?|payers?"
    r"|medicare|medicaid|lcds?|ncds?|documentation|sequenc\w*|e/m|place of service|7th|seventh"
    r"|crosswalk\w*|gems?|reimburs\w*|deni(?:al|ed)|unbundl\w*|bundl\w*|principal|inpatient|outpatient"
    r"|encounters?|hcc|risk adjustment)\b",
    re.IGNORECASE,
)


def why_not_instant(answer: Answer | None) -> str | None:
    """None when `answer` is grounded enough to send at once; otherwise why a consultant must look,
    in words for the console."""
    if answer is None:
        return "CasePilot could not take the question"
    if not answer.answered:
        return "CasePilot could not answer"
    if not answer.citations:
        return "the draft cites no source"
    summary = answer.summary.lower()
    if any(marker in summary for marker in UNANSWERED_MARKERS):
        return "the draft says data is missing or part of the question could not be answered"
    named = [c for c in (*answer.conversation.codes, *answer.codes) if c.system != "article"]
    if not named and not CODING_WORDS.search(answer.question):
        return "the question does not read as a coding question"
    return None
