"""Case2Code on the CodiEsp English texts: the official measures, throughput and peak memory.

    .venv/bin/python bench/codiesp_eval.py [--data-dir ../shared/data] [--split train --split dev]
    .venv/bin/python bench/codiesp_eval.py --learn-terms # rebuild src/medcoder/notecoder/learned_terms.json
    .venv/bin/python bench/codiesp_eval.py --calibrate   # then rebuild src/medcoder/notecoder/calibration.json

Measures (CodiEsp, Miranda-Escalada et al. 2020): mean average precision over documents (MAP, the
task's main metric) and micro precision/recall/F1, for diagnoses (D) and procedures (P) separately.

The gold codes are the 2018 edition; Case2Code emits current billable codes. Two scores are printed:
- raw: a prediction counts only if it is written exactly as the gold code;
- mapped: a gold code that is no longer billable today (a header since its expansion, or a 4-character
  PCS prefix as CodiEsp annotators wrote when the text lacked detail) is matched by a prediction of any
  code beneath it, so a correct but more specific current code is not counted as an error. Gold codes
  deleted since 2018 stay in the denominators (they cannot be predicted) and are counted below.

--calibrate runs train with the uncalibrated ranker, counts per code and per feature bucket how often a
proposal was right (mapped), then picks for D and for P the confidence threshold that maximises
micro-F1 (mapped) on dev.
The test split is held out on purpose; this script never looks for it.
"""

import argparse
import itertools
import json
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from medcoder.codebook import Codebook, default_path
from medcoder.codebook.systems import code_key
from medcoder.notecoder import NoteCoder
from medcoder.notecoder.context import PHRASES_BY_FIRST_WORD
from medcoder.notecoder.learned_terms import learn_terms
from medcoder.notecoder.ranking import Calibration
from medcoder.notecoder.words import STOPWORDS, tokenize

ROOT = Path(__file__).resolve().parents[1]
LEARNED = ROOT / "src" / "medcoder" / "notecoder" / "learned_terms.json"
CALIBRATION = ROOT / "src" / "medcoder" / "notecoder" / "calibration.json"
KINDS = {"D": "icd10cm", "P": "icd10pcs"}
KIND_OF = {system: kind for kind, system in KINDS.items()}


def read_split(data_dir: Path, split: str) -> tuple[dict[str, str], dict[str, dict[str, list[str]]]]:
    folder = data_dir / "codiesp" / split
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((folder / "text_files_en").glob("*.txt"))}
    gold: dict[str, dict[str, list[str]]] = {kind: defaultdict(list) for kind in KINDS}
    for kind in KINDS:
        for line in (folder / f"{split}{kind}.tsv").read_text(encoding="utf-8").splitlines():
            document, code = line.split("\t")[:2]
            if code not in gold[kind][document]:
                gold[kind][document].append(code)
    return texts, gold


def mapped(prediction: str, gold: list[str], headers: set[str]) -> str:
    """The gold code a current prediction stands for: itself, or the no-longer-billable gold above it."""
    key = code_key(prediction)
    for code in gold:
        if code in headers and key.startswith(code_key(code)) and key != code_key(code):
            return code
    return prediction.lower()


def average_precision(ranked: list[str], gold: set[str]) -> float:
    hits, total = 0, 0.0
    for rank, code in enumerate(ranked, start=1):
        if code in gold:
            hits += 1
            total += hits / rank
    return total / len(gold) if gold else 0.0


def score(predictions: dict[str, list[str]], gold: dict[str, list[str]]) -> dict[str, float]:
    true = sum(len(set(predictions.get(d, [])) & set(codes)) for d, codes in gold.items())
    proposed = sum(len(set(codes)) for codes in predictions.values())
    expected = sum(len(set(codes)) for codes in gold.values())
    precision = true / proposed if proposed else 0.0
    recall = true / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    ap = [average_precision(predictions.get(d, []), set(codes)) for d, codes in gold.items()]
    return {"MAP": sum(ap) / len(ap) if ap else 0.0, "P": precision, "R": recall, "F1": f1}


def no_longer_billable(codebook: Codebook, gold: dict[str, list[str]], system: str) -> tuple[set[str], int]:
    """(gold codes that are headers or prefixes today, gold codes that no longer exist at all)."""
    headers, deleted = set(), set()
    for code in {c for codes in gold.values() for c in codes}:
        found = [c for c in codebook.find(code) if c.system == system]
        if found and not found[0].billable:
            headers.add(code)
        elif not found:
            prefix = codebook.suggest(code, system, limit=1)
            (headers if prefix and len(code_key(code)) < 7 else deleted).add(code)
    return headers, len(deleted)


def run(coder: NoteCoder, texts: dict[str, str], threshold: float | None) -> tuple[dict[str, list], float]:
    results, started = {}, time.perf_counter()
    for document, text in texts.items():
        results[document] = coder.code(text, min_confidence=threshold).codes
    return results, time.perf_counter() - started


def evaluate(codebook: Codebook, coder: NoteCoder, data_dir: Path, split: str) -> None:
    """Figures for the calibrated list (what Case2Code shows), and MAP for every candidate ranked."""
    texts, gold = read_split(data_dir, split)
    results, seconds = run(coder, texts, None)
    everything, _ = run(coder, texts, 0.0)
    words = sum(len(text.split()) for text in texts.values()) / len(texts)
    print(
        f"\n== {split}: {len(texts)} notes, {words:.0f} words on average; {len(texts) / seconds:.1f} notes/s"
    )
    for kind, system in KINDS.items():
        headers, deleted = no_longer_billable(codebook, gold[kind], system)
        for label, found in (("", results), (" all candidates", everything)):
            raw = {d: [s.code.lower() for s in codes if s.system == system] for d, codes in found.items()}
            as_gold = {
                d: list(dict.fromkeys(mapped(code, gold[kind].get(d, []), headers) for code in codes))
                for d, codes in raw.items()
            }
            for scoring, predictions in (("raw", raw), ("mapped", as_gold)):
                figures = score(predictions, gold[kind])
                shown = figures if not label else {"MAP": figures["MAP"], "R": figures["R"]}
                print(
                    f"{kind} {scoring:6}{label} "
                    + "  ".join(f"{name} {value:.3f}" for name, value in shown.items())
                )
        print(
            f"{kind} gold codes: {len(headers)} distinct no longer billable (mapped), {deleted} deleted since 2018"
        )


def calibrate(codebook: Codebook, data_dir: Path) -> None:
    """Count proposals on train, tune one threshold per system on dev, write calibration.json."""
    texts, gold = read_split(data_dir, "train")
    headers = {kind: no_longer_billable(codebook, gold[kind], system)[0] for kind, system in KINDS.items()}
    coder = NoteCoder(codebook, Calibration())
    buckets: dict[str, Counter] = defaultdict(Counter)
    codes: dict[str, Counter] = defaultdict(Counter)
    for document, text in texts.items():
        for features in coder.features(text):
            if features.system not in KIND_OF:
                continue  # HCPCS drugs: CodiEsp has no gold for them
            kind = KIND_OF[features.system]
            expected = gold[kind].get(document, [])
            right = mapped(features.code, expected, headers[kind]) in expected
            buckets[features.bucket][right] += 1
            codes[features.code][right] += 1
    calibration = Calibration(
        thresholds={},
        buckets={b: (c[True] + 1) / (c[True] + c[False] + 2) for b, c in buckets.items()},
        codes={code: (c[True], c[False]) for code, c in codes.items() if c[True] + c[False] >= 2},
        source="CodiEsp v4 train (CC BY 4.0, Miranda-Escalada et al. 2020), English texts",
    )
    dev_texts, dev_gold = read_split(data_dir, "dev")
    results, _ = run(NoteCoder(codebook, calibration), dev_texts, 0.0)
    thresholds = {}
    for kind, system in KINDS.items():
        dev_headers, _ = no_longer_billable(codebook, dev_gold[kind], system)
        best = (0.0, 0.0)
        for step in range(5, 90):
            predictions = {
                d: list(
                    dict.fromkeys(
                        mapped(s.code, dev_gold[kind].get(d, []), dev_headers)
                        for s in codes
                        if s.system == system and s.confidence >= step / 100
                    )
                )
                for d, codes in results.items()
            }
            best = max(best, (score(predictions, dev_gold[kind])["F1"], step / 100))
        thresholds[system] = best[1]
        print(f"{kind}: threshold {best[1]:.2f} (dev mapped F1 {best[0]:.3f})")
    CALIBRATION.write_text(
        json.dumps(
            {
                "source": calibration.source,
                "thresholds": thresholds,
                "buckets": calibration.buckets,
                "codes": {code: list(counts) for code, counts in sorted(calibration.codes.items())},
            },
            indent=0,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {CALIBRATION} ({CALIBRATION.stat().st_size // 1024} KB)")


def note_phrases(text: str) -> frozenset[tuple[str, ...]]:
    """One- and two-word phrases of content stems, as the lexicon matches them, without ConText trigger
    words (a learned "no fever" would carry its own negation past the assertion step)."""
    skipped = STOPWORDS | PHRASES_BY_FIRST_WORD.keys()
    stems = [t.stem for t in tokenize(text) if t.text.lower() not in skipped and t.text.isalpha()]
    return frozenset(
        [*((s,) for s in stems), *(tuple(sorted(set(pair))) for pair in itertools.pairwise(stems))]
    )


def learn(data_dir: Path) -> None:
    """Write learned_terms.json from the train split only."""
    texts, gold = read_split(data_dir, "train")
    terms = learn_terms(
        [
            (
                note_phrases(text),
                [(system, code) for kind, system in KINDS.items() for code in gold[kind].get(document, [])],
            )
            for document, text in texts.items()
        ]
    )
    LEARNED.write_text(
        json.dumps(
            {"source": "CodiEsp v4 train (CC BY 4.0, Miranda-Escalada et al. 2020)", "terms": terms}, indent=0
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {LEARNED}: {len(terms)} terms ({LEARNED.stat().st_size // 1024} KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--split", action="append", choices=["train", "dev"])
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--learn-terms", action="store_true", help="rebuild learned_terms.json from train")
    arguments = parser.parse_args()
    codebook = Codebook.open(default_path())
    if arguments.learn_terms:
        learn(arguments.data_dir)
        return
    if arguments.calibrate:
        calibrate(codebook, arguments.data_dir)
        return
    started = time.perf_counter()
    coder = NoteCoder(codebook)
    print(
        f"codebook {codebook.path}; calibration: {coder.calibration.source}; thresholds "
        f"{coder.calibration.thresholds}; set-up {time.perf_counter() - started:.1f} s"
    )
    for split in arguments.split or ["train", "dev"]:
        evaluate(codebook, coder, arguments.data_dir, split)
    print(f"\npeak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
