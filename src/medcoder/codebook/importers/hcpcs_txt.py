"""The HCPCS Level II alpha-numeric file in CMS's fixed-width layout (`HCPC2025_OCT_ANWEB.txt`).

320-character records, Latin-1, positions from the CMS contractor record layout (docs/cms-file-layouts.md
§4). Only the first line of a code (RECID 3 or 7) fills positions 92 onwards; continuation lines (4 or 8)
carry 80 more characters of long description, wrapped at a space.
"""

from pathlib import Path

from medcoder.codebook.errors import DataFileError
from medcoder.codebook.importers.hcpcs_record import HcpcsRecord, assemble


def _run(name: str, start: int, width: int, count: int) -> list[tuple[str, int, int]]:
    """`count` adjacent fields NAME1..NAMEn of `width` characters from 1-based `start`."""
    return [(f"{name}{n + 1}", start + n * width, start + (n + 1) * width - 1) for n in range(count)]


# (xlsx header text, first position, last position), 1-based and inclusive as the layout prints them.
POSITIONS: list[tuple[str, int, int]] = [
    ("HCPC", 1, 5),
    ("SEQNUM", 6, 10),
    ("RECID", 11, 11),
    ("LONG DESCRIPTION", 12, 91),
    ("SHORT DESCRIPTION", 92, 119),
    *_run("PRICE", 120, 2, 4),
    ("MULT_PI", 128, 128),
    *_run("CIM", 129, 6, 3),
    *_run("MCM", 147, 8, 3),
    ("STATUTE", 171, 180),
    *_run("LABCERT", 181, 3, 8),
    *_run("XREF", 205, 5, 5),
    ("COV", 230, 230),
    ("ASC_GRP", 231, 232),
    ("ASC_DT", 233, 240),
    ("OPPS", 241, 243),
    ("OPPS_PI", 244, 244),
    ("OPPS_DT", 245, 252),
    ("PROCNOTE", 253, 256),
    ("BETOS", 257, 259),
    *_run("TOS", 261, 1, 5),
    ("ANEST_BU", 266, 268),
    ("ADD DT", 269, 276),
    ("ACT EFF DT", 277, 284),
    ("TERM DT", 285, 292),
    ("ACTION CD", 293, 293),
]
FIRST_LINE_LENGTH = 293  # ACTION CD, never blank, ends a first record; shorter means truncated


def read_txt(path: Path) -> list[HcpcsRecord]:
    with path.open(encoding="latin-1", newline="") as handle:
        lines = [(number, line.rstrip("\r\n")) for number, line in enumerate(handle, start=1)]
    return assemble(path, (_fields(path, number, line) for number, line in lines if line.strip()))


def _fields(path: Path, number: int, line: str) -> tuple[int, dict[str, str]]:
    recid = line[10:11]
    if recid in ("3", "7") and len(line) < FIRST_LINE_LENGTH:
        raise DataFileError(path, number, f"record is {len(line)} characters, expected at least 293")
    return number, {name: line[start - 1 : end].strip() for name, start, end in POSITIONS}
