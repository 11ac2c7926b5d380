"""Search across all code systems. (Minimal first version: code prefixes and title words.)"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from medcoder.codebook.systems import code_key

if TYPE_CHECKING:
    from medcoder.codebook.lookup import Codebook


@dataclass(frozen=True)
class SearchHit:
    system: str
    code: str
    title: str
    billable: bool
    score: float
    matched: str  # what matched: 'code', 'title', an index path, a synonym...


def search(
    codebook: "Codebook",
    query: str,
    systems: list[str] | None = None,
    limit: int = 20,
    billable_only: bool = False,
) -> list[SearchHit]:
    key = code_key(query)
    words = query.lower().split()
    if not words:
        return []
    sql = (
        "SELECT system, code, title, billable FROM codes WHERE (code_key >= ? AND code_key < ?"
        " OR (" + " AND ".join("lower(title) LIKE ?" for _ in words) + "))"
    )
    params: list[object] = [key, key + "\uffff", *(f"%{w}%" for w in words)]
    if systems:
        sql += f" AND system IN ({','.join('?' * len(systems))})"
        params += systems
    if billable_only:
        sql += " AND billable = 1"
    sql += " ORDER BY length(code), seq LIMIT ?"
    params.append(limit)
    rows = codebook.connection.execute(sql, params)
    return [
        SearchHit(s, c, t, bool(b), 1.0, "code" if code_key(c).startswith(key) else "title")
        for s, c, t, b in rows
    ]
