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
  code beneath it, so a correct but more specific current code is not counted as an error.
A gold procedure code deleted since 2018 whose place today's tables show (`REPLACED`) is read as the
code, or the prefix of the codes, that replaced it; other deleted gold codes stay in the denominators
(they cannot be predicted) and are counted below.

--learn-terms places each train evidence span (quoted from the Spanish original) in the English text
and keeps the phrase -> code pairs that recur (see notecoder/term_learning.py); train only.
--calibrate codes each fifth of train with terms learned on the other four fifths, fits the ranker's
regression on those proposals (right = the mapped code is gold), codes the fifths again with it, and
picks for D and for P the confidence threshold that maximises MAP + micro-F1 (mapped) on those
out-of-fold codings. Dev plays no part, so its figures are held out. Run it after --learn-terms.
The test split is held out on purpose; this script never looks for it.
"""

import argparse
import json
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from medcoder.codebook import Codebook, default_path
from medcoder.codebook.systems import code_key
from medcoder.notecoder import NoteCoder
from medcoder.notecoder.evidence_alignment import AlignedSpan, SourceSpan, align_spans
from medcoder.notecoder.ranking import Calibration, Features, fit_weights
from medcoder.notecoder.term_learning import CodedNote, learn_terms

ROOT = Path(__file__).resolve().parents[1]
LEARNED = ROOT / "src" / "medcoder" / "notecoder" / "learned_terms.json"
CALIBRATION = ROOT / "src" / "medcoder" / "notecoder" / "calibration.json"
KINDS = {"D": "icd10cm", "P": "icd10pcs"}
KIND_OF = {system: kind for kind, system in KINDS.items()}
FOLDS = 5
# 2018 ICD-10-PCS codes in CodiEsp's gold that ICD-10-PCS has since deleted, and what took their place
# in the FY2026 tables (same operation and body part; only the value that changed differs).
REPLACED = {
    "5a1d00z": "5a1d",  # Urinary Filtration, Single: now by duration, 5A1D70Z / 5A1D80Z / 5A1D90Z
    "5a1d60z": "5a1d",  # Urinary Filtration, Multiple: the same
    "5a15223": "5a1522",  # Extracorporeal Oxygenation, Membrane, Continuous: now by cannulation, F / G / H
    "3e0t3cz": "3e0t3bz",  # Regional Anesthetic into Peripheral Nerves and Plexi: now Anesthetic Agent
    "3e0r3cz": "3e0r3bz",  # Regional Anesthetic into Spinal Canal: now Anesthetic Agent
}


def read_split(data_dir: Path, split: str) -> tuple[dict[str, str], dict[str, dict[str, list[str]]]]:
    folder = data_dir / "codiesp" / split
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((folder / "text_files_en").glob("*.txt"))}
    gold: dict[str, dict[str, list[str]]] = {kind: defaultdict(list) for kind in KINDS}
    for kind in KINDS:
        for line in (folder / f"{split}{kind}.tsv").read_text(encoding="utf-8").splitlines():
            document, written = line.split("\t")[:2]
            code = REPLACED.get(written, written)
            if code not in gold[kind][document]:
                gold[kind][document].append(code)
    return texts, gold


def mapped(prediction: str, gold: list[str], headers: set[str]) -> str:
    """The gold code a current prediction stands for: itself when it is gold as written (a note can
    be gold for both "BT43ZZZ" and its prefix "BT43"), else the no-longer-billable gold above it."""
    key = code_key(prediction)
    if any(code_key(code) == key for code in gold):
        return prediction.lower()
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


def read_evidence(data_dir: Path, split: str) -> list[SourceSpan]:
    """The evidence spans of a split (offsets into the Spanish original, which is not distributed)."""
    systems = {"DIAGNOSTICO": "icd10cm", "PROCEDIMIENTO": "icd10pcs"}
    spans = []
    for line in (data_dir / "codiesp" / split / f"{split}X.tsv").read_text(encoding="utf-8").splitlines():
        document, label, code, text, position = line.split("\t")
        spans.append(
            SourceSpan(document, int(position.split()[0]), text, systems[label], REPLACED.get(code, code))
        )
    return spans


def coded_notes(texts: dict[str, str], gold: dict[str, dict[str, list[str]]]) -> dict[str, CodedNote]:
    return {
        document: CodedNote(
            text,
            frozenset(
                (system, code) for kind, system in KINDS.items() for code in gold[kind].get(document, [])
            ),
        )
        for document, text in texts.items()
    }


def aligned_train(data_dir: Path) -> tuple[list[AlignedSpan], dict[str, CodedNote]]:
    texts, gold = read_split(data_dir, "train")
    return align_spans(read_evidence(data_dir, "train"), texts), coded_notes(texts, gold)


def calibrate(codebook: Codebook, data_dir: Path) -> None:
    """Fit the ranker on train notes coded with terms learned on the other folds, choose one threshold
    per system on those same out-of-fold codings, write calibration.json."""
    aligned, notes = aligned_train(data_dir)
    _, gold = read_split(data_dir, "train")
    headers = {kind: no_longer_billable(codebook, gold[kind], system)[0] for kind, system in KINDS.items()}
    proposals: list[tuple[Features, bool]] = []
    documents = sorted(notes)
    folds = [documents[fold::FOLDS] for fold in range(FOLDS)]
    learned = [learn_terms(aligned, {d: n for d, n in notes.items() if d not in set(held)}) for held in folds]
    for fold, held_out in enumerate(folds):
        coder = NoteCoder(codebook, Calibration(), learned=learned[fold])
        for document in held_out:
            for features in coder.features(notes[document].text):
                if features.system in KIND_OF:  # HCPCS drugs: CodiEsp has no gold for them
                    kind = KIND_OF[features.system]
                    expected = gold[kind].get(document, [])
                    proposals.append((features, mapped(features.code, expected, headers[kind]) in expected))
        print(f"fold {fold + 1}/{FOLDS}: {len(proposals)} proposals so far")
    calibration = fit_calibration(proposals)
    results = {}
    for fold, held_out in enumerate(folds):
        coder = NoteCoder(codebook, calibration, learned=learned[fold])
        results |= {
            document: coder.code(notes[document].text, min_confidence=0.0).codes for document in held_out
        }
    thresholds = tune_thresholds(results, gold, headers)
    CALIBRATION.write_text(
        json.dumps(
            {
                "source": calibration.source,
                "thresholds": thresholds,
                "weights": calibration.weights,
                "base_rates": calibration.base_rates,
                "codes": {code: list(counts) for code, counts in sorted(calibration.codes.items())},
            },
            indent=0,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {CALIBRATION} ({CALIBRATION.stat().st_size // 1024} KB)")


def fit_calibration(proposals: list[tuple[Features, bool]]) -> Calibration:
    """Per-code records and base rates from the held-out proposals, then one regression per system; a
    proposal's own outcome is left out of the code record it is trained with."""
    records: dict[str, Counter] = defaultdict(Counter)
    for features, right in proposals:
        records[features.code][right] += 1
    base_rates = {
        system: sum(right for f, right in proposals if f.system == system)
        / max(1, sum(f.system == system for f, _ in proposals))
        for system in KINDS.values()
    }
    draft = Calibration(base_rates=base_rates)
    weights = {}
    for system in KINDS.values():
        rows = []
        for features, right in proposals:
            if features.system == system:
                record = records[features.code]
                leave_one_out = (record[True] - right, record[False] - (not right))
                rows.append((draft.inputs(features, leave_one_out), right))
        weights[system] = fit_weights(rows)
    return Calibration(
        weights=weights,
        codes={code: (c[True], c[False]) for code, c in records.items() if c[True] + c[False] >= 2},
        base_rates={system: round(rate, 4) for system, rate in base_rates.items()},
        source=f"CodiEsp v4 train (CC BY 4.0, Miranda-Escalada et al. 2020), English texts, {FOLDS}-fold",
    )


def tune_thresholds(
    results: dict[str, list], gold: dict[str, dict[str, list[str]]], headers: dict[str, set[str]]
) -> dict[str, float]:
    """For D and for P, the confidence threshold that maximises MAP + micro-F1 (mapped) over `results`.
    F1 alone is flat over a wide range of thresholds, where MAP (the task's main measure) falls steadily
    as the threshold rises, so F1 alone would pick among near-equals by noise."""
    thresholds = {}
    for kind, system in KINDS.items():
        best = (0.0, 0.0, {})
        for step in range(5, 90):
            predictions = {
                d: list(
                    dict.fromkeys(
                        mapped(s.code, gold[kind].get(d, []), headers[kind])
                        for s in codes
                        if s.system == system and s.confidence >= step / 100
                    )
                )
                for d, codes in results.items()
            }
            figures = score(predictions, gold[kind])
            best = max(best, (figures["MAP"] + figures["F1"], step / 100, figures), key=lambda b: b[0])
        thresholds[system] = best[1]
        print(
            f"{kind}: threshold {best[1]:.2f} (train out-of-fold mapped MAP {best[2]['MAP']:.3f}, F1 {best[2]['F1']:.3f})"
        )
    return thresholds


def learn(data_dir: Path) -> None:
    """Write learned_terms.json from the train split only."""
    terms = learn_terms(*aligned_train(data_dir))
    LEARNED.write_text(
        json.dumps(
            {
                "source": "CodiEsp v4 train (CC BY 4.0, Miranda-Escalada et al. 2020), evidence aligned to English",
                "terms": [term.as_json() for term in terms],
            },
            indent=0,
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
