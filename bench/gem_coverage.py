"""How many GEM codes the current codebook no longer has (the GEMs predate later annual updates), and
how many are now headers rather than billable codes (ICD-9-CM codes are never billable today).

    .venv/bin/python bench/gem_coverage.py [CODEBOOK]   (default: $MEDCODER_CODEBOOK or var/codebook.sqlite)
"""

import sys

from medcoder.codebook import Codebook

QUERY = """
SELECT x.source, x.{side}_system, count(DISTINCT x.{side}_code),
       count(DISTINCT CASE WHEN c.code IS NULL THEN x.{side}_code END),
       count(DISTINCT CASE WHEN c.billable = 0 THEN x.{side}_code END)
FROM crosswalks x LEFT JOIN codes c ON c.system = x.{side}_system AND c.code = x.{side}_code
WHERE x.{side}_code IS NOT NULL GROUP BY x.source, x.{side}_system ORDER BY x.source
"""


def main() -> None:
    codebook = Codebook.open(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"codebook {codebook.path}")
    for side in ("from", "to"):
        for source, system, codes, missing, headers in codebook.connection.execute(QUERY.format(side=side)):
            print(
                f"{source:<26} {side:>4} {system:<8} {codes:>6} distinct codes, {missing:>5} not in the codebook"
                f" ({missing / codes:.1%}), {headers:>5} not billable now"
            )


if __name__ == "__main__":
    main()
