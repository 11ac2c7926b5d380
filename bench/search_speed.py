"""Lookup and search latency in process, codebook size, and (with --build) the build time.

    .venv/bin/python bench/search_speed.py [--codebook var/codebook.sqlite]
    .venv/bin/python bench/search_speed.py --build --data-dir ../shared/data   # also times a full build

Targets (issue 2): lookup p50 < 0.2 ms; search p50 < 5 ms and p99 < 25 ms across all systems;
build < 3 minutes on the 2-core development machine.

The search queries are a fixed mix drawn with a fixed seed from the codebook itself, in equal parts:
code prefixes of every system ("E11.", "0DT", "J12"), one to three words of real titles, type-ahead
prefixes of a title word, a title word with one typo, and the everyday-language queries of
bench/everyday_queries.tsv.
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from medcoder.codebook import Codebook, build_codebook, default_path

BENCH = Path(__file__).resolve().parent
PER_KIND = 200


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timed(call, arguments: list) -> list[float]:
    for argument in arguments[:20]:
        call(argument)  # warm the page cache and the statement cache
    times = []
    for argument in arguments:
        started = time.perf_counter()
        call(argument)
        times.append((time.perf_counter() - started) * 1000)
    return times


def sample_codes(codebook: Codebook, rng: random.Random) -> list[tuple[str, str, str]]:
    """(system, code, title) of PER_KIND codes per system, at random."""
    sampled = []
    for system in codebook.systems():
        rows = codebook.connection.execute(
            "SELECT system, code, title FROM codes WHERE system = ?", (system,)
        ).fetchall()
        sampled += rng.sample(rows, min(PER_KIND, len(rows)))
    return sampled


def query_mix(codes: list[tuple[str, str, str]], rng: random.Random) -> list[str]:
    words = [w for _, _, title in codes for w in title.split() if len(w) > 4 and w.isalpha()]
    queries = []
    for _system, code, title in rng.sample(codes, PER_KIND):
        queries.append(code[: rng.randint(2, max(2, len(code) - 1))])
        title_words = title.split()
        start = rng.randrange(len(title_words))
        queries.append(" ".join(title_words[start : start + rng.randint(1, 3)]))
    for word in rng.sample(words, PER_KIND):
        queries.append(word[: rng.randint(3, len(word))])
        cut = rng.randrange(1, len(word) - 1)
        queries.append(word[:cut] + word[cut + 1 :])
    everyday = [
        line.split("\t")[0]
        for line in (BENCH / "everyday_queries.tsv").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    queries += everyday
    rng.shuffle(queries)
    return queries


def report(name: str, times: list[float]) -> None:
    print(
        f"{name:<8} n={len(times):<5} p50 {statistics.median(times):7.3f} ms   p99 {percentile(times, 0.99):7.3f} ms"
        f"   max {max(times):7.3f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", type=Path, default=None)
    parser.add_argument("--build", action="store_true", help="time a full build into a temporary file")
    parser.add_argument("--data-dir", type=Path, default=BENCH.parents[1] / "shared" / "data")
    arguments = parser.parse_args()
    path = arguments.codebook or default_path()
    if arguments.build:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            build_codebook(Path(folder) / "codebook.sqlite", arguments.data_dir)
            print(f"build    {time.perf_counter() - started:7.1f} s  (from {arguments.data_dir})")
    codebook = Codebook.open(path)
    print(f"codebook {path}  {path.stat().st_size / 2**20:.1f} MiB  systems {codebook.systems()}")
    rng = random.Random(20260401)
    codes = sample_codes(codebook, rng)
    report("lookup", timed(codebook.get, [code for _, code, _ in codes]))
    report("search", timed(lambda query: codebook.search(query, limit=10), query_mix(codes, rng)))


if __name__ == "__main__":
    main()
