"""One record of the HCPCS Level II alpha-numeric file, whichever of its two layouts it was read from.

The xlsx and the fixed-width txt carry the same 48 fields; both readers hand over rows keyed by the
xlsx header text, and `assemble` folds continuation records (RECID 4 and 8, more long-description
text) into the record they continue.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from medcoder.codebook.errors import DataFileError

COLUMNS = (
    "HCPC",
    "SEQNUM",
    "RECID",
    "LONG DESCRIPTION",
    "SHORT DESCRIPTION",
    *(f"PRICE{n}" for n in range(1, 5)),
    "MULT_PI",
    *(f"CIM{n}" for n in range(1, 4)),
    *(f"MCM{n}" for n in range(1, 4)),
    "STATUTE",
    *(f"LABCERT{n}" for n in range(1, 9)),
    *(f"XREF{n}" for n in range(1, 6)),
    "COV",
    "ASC_GRP",
    "ASC_DT",
    "OPPS",
    "OPPS_PI",
    "OPPS_DT",
    "PROCNOTE",
    "BETOS",
    *(f"TOS{n}" for n in range(1, 6)),
    "ANEST_BU",
    "ADD DT",
    "ACT EFF DT",
    "TERM DT",
    "ACTION CD",
)

PROCEDURE, PROCEDURE_CONTINUED, MODIFIER, MODIFIER_CONTINUED = "3", "4", "7", "8"


@dataclass(frozen=True)
class HcpcsRecord:
    """A procedure (RECID 3) or modifier (RECID 7) with its long description complete."""

    line: int  # where it starts: xlsx row number or txt line number
    fields: dict[str, str]  # xlsx header text -> value, stripped, '' when empty

    @property
    def code(self) -> str:
        return self.fields["HCPC"]

    @property
    def is_modifier(self) -> bool:
        return self.fields["RECID"] == MODIFIER


def assemble(path: Path, rows: Iterable[tuple[int, dict[str, str]]]) -> list[HcpcsRecord]:
    """Records from (line, fields) rows in file order, continuation text joined with a space."""
    starts: list[tuple[int, dict[str, str]]] = []
    for line, fields in rows:
        recid = fields["RECID"]
        if recid in (PROCEDURE, MODIFIER):
            starts.append((line, fields))
        elif recid in (PROCEDURE_CONTINUED, MODIFIER_CONTINUED):
            if not starts or starts[-1][1]["HCPC"] != fields["HCPC"]:
                raise DataFileError(path, line, f"continuation of {fields['HCPC']!r} follows no first record")
            first = starts[-1][1]
            first["LONG DESCRIPTION"] = f"{first['LONG DESCRIPTION']} {fields['LONG DESCRIPTION']}"
        else:
            raise DataFileError(path, line, f"RECID {recid!r} is not 3, 4, 7 or 8")
    return [HcpcsRecord(line, fields) for line, fields in starts]
