"""Ranking: a confidence for each candidate code, calibrated on the CodiEsp train split.

The confidence is the precision the same kind of candidate had on CodiEsp train (CC BY 4.0,
Miranda-Escalada et al. 2020): per code where the code was proposed often enough, smoothed toward
the precision of its feature bucket (how many words the best match used, how often the note
mentions it, whether it came from an abbreviation). `calibration.json` holds those counts and the
thresholds (one per code system) tuned on the dev split; `bench/codiesp_eval.py --calibrate` rebuilds it. Without the file
the bucket defaults below apply, so the pipeline still ranks sensibly.
"""

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

SMOOTHING = 3.0
DEFAULT_THRESHOLD = 0.35


@dataclass(frozen=True)
class Features:
    """What ranking knows about a candidate code in one note."""

    system: str
    code: str
    words: int  # content words of the longest matching term
    mentions: int  # how many times the note mentions it (present or uncertain)
    origin: str  # title, inclusion_term, includes, index, abbreviation
    in_diagnosis_section: bool
    historical: bool  # every mention is documented as history

    @property
    def bucket(self) -> str:
        return (
            f"{min(self.words, 3)}w/{min(self.mentions, 3)}m/{self.origin}/{int(self.in_diagnosis_section)}"
            + ("/h" if self.historical else "")
        )


@dataclass(frozen=True)
class Calibration:
    thresholds: dict[str, float] = field(default_factory=dict)  # system -> lowest confidence kept
    buckets: dict[str, float] = field(default_factory=dict)
    codes: dict[str, tuple[int, int]] = field(default_factory=dict)  # code -> (true, false) proposals
    source: str = "built-in defaults (no calibration file)"

    def threshold(self, system: str) -> float:
        return self.thresholds.get(system, DEFAULT_THRESHOLD)

    def confidence(self, features: Features) -> float:
        prior = self.buckets.get(features.bucket, _default_prior(features))
        true, false = self.codes.get(features.code, (0, 0))
        return round((true + SMOOTHING * prior) / (true + false + SMOOTHING), 4)


def _default_prior(features: Features) -> float:
    return min(0.9, 0.15 + 0.15 * min(features.words, 3) + 0.1 * min(features.mentions, 3))


@lru_cache(maxsize=1)
def load_calibration() -> Calibration:
    resource = resources.files("medcoder.notecoder").joinpath("calibration.json")
    if not resource.is_file():
        return Calibration()
    raw = json.loads(resource.read_text(encoding="utf-8"))
    return Calibration(
        thresholds=raw["thresholds"],
        buckets=raw["buckets"],
        codes={code: (counts[0], counts[1]) for code, counts in raw["codes"].items()},
        source=raw["source"],
    )
