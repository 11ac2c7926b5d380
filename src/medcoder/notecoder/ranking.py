"""Ranking: a confidence for each candidate code, learned on the CodiEsp train split.

The confidence is a logistic regression, one per code system, over what the pipeline knows about the
candidate: where its words came from (title, Index, inclusion term, learned phrase...), how long the
match is, how often the note says it, its assertion, whether code assembly had to guess the detail,
the chapter, and the code's own record on train (how often it was right when proposed, smoothed
toward the system's base rate). `calibration.json` holds the weights, the per-code counts and one
threshold per system; `bench/codiesp_eval.py --calibrate` rebuilds it from train notes coded with
terms learned on the other folds (so learned phrases are not judged on the notes they came from),
with thresholds chosen on those same out-of-fold codings, so dev stays held out. CodiEsp: CC BY 4.0, Miranda-Escalada et al. 2020. Without the file a
fixed prior by match length and mentions applies, so the pipeline still ranks sensibly.
"""

import json
import math
import random
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

DEFAULT_THRESHOLD = 0.35
CODE_SMOOTHING = 3.0
LEARNING_RATE = 0.1
L2 = 1e-4
EPOCHS = 30


@dataclass(frozen=True)
class Features:
    """What ranking knows about a candidate code in one note."""

    system: str
    code: str
    words: int  # content words of the longest matching term
    mentions: int  # how many times the note mentions it (present, uncertain or historical)
    origin: str  # of the longest match's entry: title, inclusion_term, includes, index, codiesp_train...
    origins: frozenset[str]  # of every match
    in_diagnosis_section: bool
    historical: bool  # every mention is documented as history
    uncertain: bool  # no mention is affirmed outright; some are uncertain
    completed: bool  # code assembly chose the detail (the match named a category)
    learned_notes: int  # train notes where the best learned phrase for it was right (0: none)
    learned_precision: float
    position: float  # where the first mention starts, 0 (top of the note) .. 1
    rival_precision: float = 0.0  # best learned precision of another code found on the same words

    def vector(self) -> dict[str, float]:
        """The regression's inputs, before the code's own record is added."""
        chapter = self.code[0]
        vector = {
            "bias": 1.0,
            f"origin={self.origin}": 1.0,
            f"words={min(self.words, 3)}": 1.0,
            "log_mentions": math.log1p(self.mentions),
            "historical": float(self.historical),
            "uncertain": float(self.uncertain),
            "diagnosis_section": float(self.in_diagnosis_section),
            "completed": float(self.completed),
            "learned_precision": self.learned_precision,
            "learned_log_notes": math.log1p(self.learned_notes),
            "position": self.position,
            f"chapter={chapter}": 1.0,
            "origins": float(len(self.origins)),
            "rival_precision": self.rival_precision,
            "rival_beats": float(self.rival_precision > self.learned_precision),
        }
        vector.update({f"has={origin}": 1.0 for origin in self.origins})
        return vector


@dataclass(frozen=True)
class Calibration:
    thresholds: dict[str, float] = field(default_factory=dict)  # system -> lowest confidence kept
    weights: dict[str, dict[str, float]] = field(default_factory=dict)  # system -> feature -> weight
    codes: dict[str, tuple[int, int]] = field(default_factory=dict)  # code -> (true, false) proposals
    base_rates: dict[str, float] = field(default_factory=dict)  # system -> share of proposals right
    source: str = "built-in defaults (no calibration file)"

    def threshold(self, system: str) -> float:
        return self.thresholds.get(system, DEFAULT_THRESHOLD)

    def confidence(self, features: Features) -> float:
        weights = self.weights.get(features.system)
        if not weights:
            return round(_default_prior(features), 4)
        inputs = self.inputs(features, self.codes.get(features.code, (0, 0)))
        return round(_sigmoid(sum(weights.get(name, 0.0) * value for name, value in inputs.items())), 4)

    def inputs(self, features: Features, record: tuple[int, int]) -> dict[str, float]:
        """The regression's inputs: the features plus the code's (true, false) record on train."""
        true, false = record
        base = self.base_rates.get(features.system, 0.3)
        rate = (true + CODE_SMOOTHING * base) / (true + false + CODE_SMOOTHING)
        return {
            **features.vector(),
            "code_rate": math.log(rate / (1 - rate)),
            "code_log_seen": math.log1p(true + false),
        }


def fit_weights(rows: list[tuple[dict[str, float], bool]]) -> dict[str, float]:
    """Logistic regression by stochastic gradient descent (AdaGrad steps, light L2), deterministic."""
    weights: dict[str, float] = {}
    squares: dict[str, float] = {}
    order = list(range(len(rows)))
    shuffle = random.Random(0).shuffle
    for _ in range(EPOCHS):
        shuffle(order)
        for index in order:
            inputs, right = rows[index]
            error = _sigmoid(sum(weights.get(n, 0.0) * v for n, v in inputs.items())) - float(right)
            for name, value in inputs.items():
                gradient = error * value + L2 * weights.get(name, 0.0)
                squares[name] = squares.get(name, 1e-8) + gradient * gradient
                weights[name] = weights.get(name, 0.0) - LEARNING_RATE * gradient / math.sqrt(squares[name])
    return {name: round(weight, 5) for name, weight in sorted(weights.items())}


def _sigmoid(value: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, value))))


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
        weights=raw["weights"],
        codes={code: (counts[0], counts[1]) for code, counts in raw["codes"].items()},
        base_rates=raw["base_rates"],
        source=raw["source"],
    )
