"""Billing-rule speed: import of a full-size NCCI PTP release, pair-check latency, 20-line claim check.

No real PTP file is reachable offline, so a release of the official size (~1.5 million edits over four
TXT parts, official layout and header block) is generated in a temporary folder, never committed.
The codebook also gets ICD-10-CM (package-carried) and the synthetic MUE/PFS test files.

    .venv/bin/python bench/rules_speed.py [--rows 1500000]

Targets: pair check p99 < 1 ms in process; 20-line claim check < 10 ms.
"""

import argparse
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from medcoder.codebook import Codebook, build_codebook
from medcoder.codebook.build import billing_rule_steps
from medcoder.codebook.importers import ImportStep, icd10cm_tabular
from medcoder.rules import check_claim, claim_from_dict
from medcoder.rules.ptp import ptp_edit_between

SYNTHETIC = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "synthetic" / "cms"
HEADER = [
    "SYNTHETIC benchmark file in the CMS NCCI layout.\t\t\t\t\t\t",
    "Column1/Column2 Edits\t\t\t\t\t\t",
    "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale",
    "\t\tprior to 1996\tDate\tDate\t0=not allowed\t",
    "\t\t\t\t*=no data\t1=allowed\t",
    "\t\t\t\t\t9=not applicable\t",
]
RATIONALES = [
    "Mutually exclusive procedures",
    "Standards of medical/surgical practice",
    "CPT Manual or CMS manual coding instruction",
]


def write_release(folder: Path, rows: int, rng: random.Random) -> list[tuple[str, str]]:
    """Four parts of `rows` edits in code order, like CMS's f1..f4; returns some pairs for lookups."""
    codes = sorted({f"{rng.randrange(10000, 99999)}" for _ in range(12000)})
    pairs = sorted({(rng.choice(codes), rng.choice(codes)) for _ in range(rows)})
    per_part = -(-len(pairs) // 4)
    for part in range(4):
        lines = list(HEADER)
        for one, two in pairs[part * per_part : (part + 1) * per_part]:
            deleted = "*" if rng.random() < 0.8 else "20231231"
            lines.append(
                f"{one}\t{two}\t\t20200101\t{deleted}\t{rng.choice('019')}\t{rng.choice(RATIONALES)}"
            )
        (folder / f"ccipra-v322r0-f{part + 1}.TXT").write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    return rng.sample(pairs, 5000)


def timed(step: ImportStep, seconds: dict[str, tuple[float, float]]) -> ImportStep:
    """The step, recording its (wall, CPU) seconds: wall time depends on the machine's other load."""

    def run(writer, data_dir, progress):
        started, cpu = time.perf_counter(), time.process_time()
        step.run(writer, data_dir, progress)
        seconds[step.name] = (time.perf_counter() - started, time.process_time() - cpu)

    return replace(step, run=run)


def percentile(samples: list[float], fraction: float) -> float:
    return sorted(samples)[min(len(samples) - 1, int(fraction * len(samples)))]


def table_bytes(path: Path, names: tuple[str, ...]) -> int | None:
    try:
        with sqlite3.connect(path) as connection:
            marks = ",".join("?" * len(names))
            return connection.execute(
                f"SELECT sum(pgsize) FROM dbstat WHERE name IN ({marks})", names
            ).fetchone()[0]
    except sqlite3.OperationalError:  # SQLite built without dbstat
        return None


def claim_of_20_lines(pairs: list[tuple[str, str]]) -> dict:
    codes = [code for pair in pairs[:10] for code in pair]
    return {
        "date_of_service": "2026-08-01",
        "place_of_service": "11",
        "diagnoses": ["E11.9", "I10", "M17.11", "S72.001A"],
        "lines": [{"code": c, "modifiers": [], "units": 1, "diagnosis_pointers": [1]} for c in codes[:20]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_500_000)
    rows = parser.parse_args().rows
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        ncci = root / "data" / "cms" / "ncci"
        ncci.mkdir(parents=True)
        pairs = write_release(ncci, rows, rng)
        for folder in ("mue", "pfs"):
            shutil.copytree(SYNTHETIC / folder, root / "data" / "cms" / folder)
        text_mb = sum(p.stat().st_size for p in ncci.iterdir()) / 1e6
        seconds: dict[str, tuple[float, float]] = {}
        steps = [timed(step, seconds) for step in [icd10cm_tabular.STEP, *billing_rule_steps()]]
        target = root / "codebook.sqlite"
        build_codebook(target, root / "data", steps=steps)
        book = Codebook.open(target)
        imported = book.source("ncci-ptp-practitioner").records
        ptp_bytes = table_bytes(target, ("ptp_edits", "ptp_by_column_one", "ptp_by_column_two"))
        print(f"PTP release: {imported:,} edits in 4 TXT parts, {text_mb:.0f} MB of text")
        wall, cpu = seconds["ncci-ptp-practitioner"]
        print(f"PTP import: {wall:.1f} s wall, {cpu:.1f} s CPU")
        size = (
            f"{ptp_bytes / 1e6:.0f} MB for the PTP table and its 2 indexes"
            if ptp_bytes
            else "dbstat unavailable"
        )
        print(f"codebook: {target.stat().st_size / 1e6:.0f} MB in all; {size}")

        when = date(2026, 8, 1)
        lookups = [*pairs[:2500], *((two, one) for one, two in pairs[2500:])]  # half present, half reversed
        latencies = []
        for one, two in lookups:
            started = time.perf_counter()
            ptp_edit_between(book, one, two, when)
            latencies.append((time.perf_counter() - started) * 1000)
        print(
            f"pair check ({len(lookups)} lookups): p50 {statistics.median(latencies):.3f} ms,"
            f" p99 {percentile(latencies, 0.99):.3f} ms (target p99 < 1 ms)"
        )

        claim = claim_from_dict(claim_of_20_lines(pairs))
        check_claim(book, claim)  # warm the page cache
        durations = []
        cpu_started = time.process_time()
        for _ in range(200):
            started = time.perf_counter()
            findings = check_claim(book, claim)
            durations.append((time.perf_counter() - started) * 1000)
        cpu = (time.process_time() - cpu_started) * 1000 / len(durations)
        print(
            f"20-line claim check ({len(findings)} findings): p50 {statistics.median(durations):.2f} ms,"
            f" p99 {percentile(durations, 0.99):.2f} ms wall; {cpu:.2f} ms CPU on average (target < 10 ms)"
        )


if __name__ == "__main__":
    main()
