"""How long the HCPCS Level II build step takes on the official xlsx, and what it imports.

    .venv/bin/python bench/hcpcs_import.py [--data-dir ../shared/data] [--repeat 3]

Prints the time to read the file (openpyxl, read-only) and the whole step (read, codes, SQLite write),
best of --repeat runs, and the counts per system and kind.
"""

import argparse
import tempfile
import time
from pathlib import Path

from medcoder.codebook import Codebook, build_codebook
from medcoder.codebook.importers import hcpcs

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    path = hcpcs.find_hcpcs_file(options.data_dir)
    reads, steps = [], []
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "codebook.sqlite"
        for _ in range(options.repeat):
            started = time.perf_counter()
            hcpcs.read_records(path)
            reads.append(time.perf_counter() - started)
            started = time.perf_counter()
            build_codebook(target, options.data_dir, steps=[hcpcs.STEP])
            steps.append(time.perf_counter() - started)
        book = Codebook.open(target)
        counts = book.connection.execute(
            "SELECT system, kind, count(*), sum(billable) FROM codes GROUP BY system, kind ORDER BY 1, 2"
        ).fetchall()
        book.close()
    print(f"file: {path}")
    print(f"read xlsx: best {min(reads):.2f} s; whole step (build with only HCPCS): best {min(steps):.2f} s")
    for system, kind, total, billable in counts:
        print(f"{system:<15} {kind:<9} {total:>6} ({billable} billable)")


if __name__ == "__main__":
    main()
