"""How often the constructed ICD-10-PCS long title equals the official one.

Builds a title from the FY2026 table labels for every code an official carried release also holds and
compares it with that release's long title, exactly (character for character).

    .venv/bin/python bench/pcs_title_constructor.py [DATA_DIR]   (default ../shared/data)
"""

import sys
from collections import Counter
from pathlib import Path

from medcoder.codebook.importers.icd10pcs_carried import official_titles
from medcoder.codebook.importers.icd10pcs_tables import find_tables_xml, parse_tables
from medcoder.codebook.importers.icd10pcs_titles import construct_long_title


def main() -> None:
    data_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    tables_xml = find_tables_xml(data_dir)
    if tables_xml is None:
        sys.exit(f"no icd10pcs_tables_*.xml under {data_dir}")
    codes = list(parse_tables(tables_xml).codes())
    for release in official_titles():
        compared = [code for code in codes if code.code in release.titles]
        wrong = Counter()
        for code in compared:
            if construct_long_title(code.axes) != release.titles[code.code]:
                wrong[f"{code.code[0]} {code.axes[2].label}"] += 1
        right = len(compared) - sum(wrong.values())
        print(
            f"{release.release} ({release.description}): {right}/{len(compared)} = {right / len(compared):.1%}"
        )
        print(
            "  most misses by section and operation:", ", ".join(f"{k}: {n}" for k, n in wrong.most_common(8))
        )


if __name__ == "__main__":
    main()
