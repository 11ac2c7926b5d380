"""Terms learned from the CodiEsp train split: the English words annotators coded, and how reliably.

CodiEsp's annotators code findings in ways no Index path spells ("disease" of unknown kind -> R69,
"adenopathies" -> R59.x, "trauma" -> T14.90) and the machine translation adds wordings of its own
("muco-percutaneous discomfort" for "palidez mucocutánea"). `term_learning.py` places each train
evidence span in the English text (`evidence_alignment.py`) and keeps the phrase -> code pairs that
recur; `bench/codiesp_eval.py --learn-terms` writes them to `learned_terms.json`: phrases, codes and
counts only, no text from the corpus beyond those phrases. Codes are checked against the codebook on
load, like any other lexicon source.
"""

import json
from dataclasses import dataclass
from importlib import resources

RESOURCE = "learned_terms.json"


@dataclass(frozen=True)
class LearnedTerm:
    """A phrase annotators coded: in how many train notes it was right and in what share of the
    notes it appeared in (affirmed)."""

    stems: tuple[str, ...]
    system: str
    code: str  # as CodiEsp writes it: lower case, possibly a header or a 4-character PCS prefix
    notes: int
    precision: float

    def as_json(self) -> dict:
        return {
            "stems": list(self.stems),
            "system": self.system,
            "code": self.code,
            "notes": self.notes,
            "precision": self.precision,
        }


def learned_terms() -> list[LearnedTerm]:
    """The shipped learned terms; empty when the file has not been built."""
    resource = resources.files("medcoder.notecoder").joinpath(RESOURCE)
    if not resource.is_file():
        return []
    raw = json.loads(resource.read_text(encoding="utf-8"))
    return [
        LearnedTerm(tuple(term["stems"]), term["system"], term["code"], term["notes"], term["precision"])
        for term in raw["terms"]
    ]
