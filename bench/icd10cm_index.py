"""The ICD-10-CM index steps: build time, rows per index, the complete index codes (not ending in '-')
that the tabular in the codebook does not have (the index files are FY2025, the tabular April 2026),
and how many of the printed "see"/"see also" references `Codebook.resolve_see` follows to the end.

    .venv/bin/python bench/icd10cm_index.py [DATA_DIR]   (default: ../shared/data)
"""

import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from medcoder.codebook import Codebook, build_codebook
from medcoder.codebook.importers import ImportStep, icd10cm_index, icd10cm_tabular

# Every complete index code, with whether the tabular has it (c.code) and whether it is billable there.
COMPLETE_CODES = """
SELECT i.index_name, i.code, min(i.path), c.code IS NOT NULL, coalesce(c.billable, 0) FROM index_terms i
LEFT JOIN codes c ON c.system = 'icd10cm' AND c.code_key = upper(replace(i.code, '.', ''))
WHERE i.code IS NOT NULL AND i.code NOT LIKE '%-' GROUP BY i.index_name, i.code ORDER BY i.index_name, i.code
"""


def timed(step: ImportStep, seconds: dict[str, float]) -> ImportStep:
    def run(writer, data_dir, progress):
        started = time.perf_counter()
        step.run(writer, data_dir, progress)
        seconds[step.name] = time.perf_counter() - started

    return replace(step, run=run)


def main() -> None:
    data_dir = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[2] / "shared" / "data")
    seconds: dict[str, float] = {}
    steps = [timed(step, seconds) for step in (icd10cm_tabular.STEP, *icd10cm_index.STEPS)]
    with tempfile.TemporaryDirectory() as folder:
        build_codebook(Path(folder) / "codebook.sqlite", data_dir, steps=steps)
        codebook = Codebook.open(Path(folder) / "codebook.sqlite")
        print(f"index steps: {sum(s for name, s in seconds.items() if 'index' in name):.1f} s in all")
        for name, took in seconds.items():
            print(f"  {name:<34} {took:6.1f} s")
        report_rows(codebook)
        report_missing_codes(codebook)
        report_see_resolution(codebook)


def report_rows(codebook: Codebook) -> None:
    print("rows per index (terms, rows, coded rows):")
    rows = codebook.connection.execute(
        "SELECT index_name, count(DISTINCT path), count(*), count(code) FROM index_terms GROUP BY index_name"
    )
    for index_name, terms, total, coded in rows:
        print(f"  {index_name:<15} {terms:>7} {total:>7} {coded:>7}")


def report_missing_codes(codebook: Codebook) -> None:
    """Codes the tabular lacks, and codes it has only as headers: printed without the '-' though they
    need more characters (a 7th character, laterality) or subdivided since FY2025."""
    rows = codebook.connection.execute(COMPLETE_CODES).fetchall()
    tabular = codebook.source("icd10cm-tabular")
    print(
        f"complete index codes (no trailing '-') against the tabular {tabular.version if tabular else '?'}:"
    )
    for index_name in sorted({row[0] for row in rows}):
        mine = [row for row in rows if row[0] == index_name]
        missing = [row for row in mine if not row[3]]
        headers = [row for row in mine if row[3] and not row[4]]
        print(
            f"  {index_name:<15} {len(mine):>6} distinct, {len(missing):>4} not in the tabular,"
            f" {len(headers):>5} there but not billable"
        )
        for _, code, path, *_ in (missing[:5] + headers[:: max(1, len(headers) // 4)])[:8]:
            print(f"      e.g. {code:<9} {path}")


def report_see_resolution(codebook: Codebook) -> None:
    references = codebook.connection.execute(
        "SELECT DISTINCT index_name, see FROM index_terms WHERE see IS NOT NULL"
        " UNION SELECT DISTINCT index_name, see_also FROM index_terms WHERE see_also IS NOT NULL"
    ).fetchall()
    outcomes: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()
    for index_name, reference in references:
        target = codebook.resolve_see(reference, index_name)
        if target.codes or (target.instructions and not target.entries):
            outcome = "names a code or leaves it to the coder"
        else:
            outcome = "resolved" if target.resolved else "partly" if target.entries else "not found"
        outcomes[index_name, outcome] += 1
    took = time.perf_counter() - started
    print(
        f"see/see also references ({len(references)} distinct, {took / len(references) * 1000:.1f} ms each):"
    )
    for (index_name, outcome), count in sorted(outcomes.items()):
        print(f"  {index_name:<15} {outcome:<40} {count:>5}")


if __name__ == "__main__":
    main()
