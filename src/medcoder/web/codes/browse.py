"""Reading the hierarchies for the browse pages: a system's top-level groups (ICD-10-CM chapters, PCS
sections, HCPCS letter ranges; every modifier for the flat modifier list)."""

from medcoder.codebook import Code, Codebook
from medcoder.codebook.lookup import CODE_COLUMNS, _code


def top_level(codebook: Codebook, system: str) -> list[Code]:
    rows = codebook.connection.execute(
        f"SELECT {CODE_COLUMNS} FROM codes WHERE system = ? AND parent IS NULL ORDER BY seq", (system,)
    )
    return [_code(row) for row in rows]
