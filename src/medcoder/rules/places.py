"""Place of Service codes (CMS code set)."""

from dataclasses import dataclass

from medcoder.codebook import Codebook


@dataclass(frozen=True)
class PlaceOfService:
    code: str
    name: str
    effective: str | None  # ISO date where the code set page gives one
    source: str


def places_of_service(codebook: Codebook) -> list[PlaceOfService]:
    rows = codebook.connection.execute(
        "SELECT code, name, effective, source FROM places_of_service ORDER BY code"
    )
    return [PlaceOfService(*row) for row in rows]


def place_of_service(codebook: Codebook, code: str) -> PlaceOfService | None:
    row = codebook.connection.execute(
        "SELECT code, name, effective, source FROM places_of_service WHERE code = ?", (code.strip(),)
    ).fetchone()
    return PlaceOfService(*row) if row else None
