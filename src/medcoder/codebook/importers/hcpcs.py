"""HCPCS Level II codes and modifiers from CMS's quarterly alpha-numeric file.

Reads `HCPC<year>_<MON>_ANWEB*.xlsx` (or the fixed-width `.txt` of the same release) anywhere in the data
directory, newest release first. Codes become system `hcpcs` under one `section` per leading letter;
the 2-character modifiers become system `hcpcs-modifier`. Rows starting with a digit (CPT codes and
modifiers) are dropped: CPT text is AMA-licensed. Terminated codes are kept, not billable, with their
dates, so an old claim still explains. The raw coded fields go into `attributes`;
`medcoder.codebook.hcpcs_values` says what they mean.
"""

import hashlib
import re
from datetime import date
from pathlib import Path

from medcoder.codebook.errors import DataFileError, SourceMissing
from medcoder.codebook.hcpcs_values import SECTIONS
from medcoder.codebook.importers import ImportStep, Progress
from medcoder.codebook.importers.hcpcs_record import HcpcsRecord
from medcoder.codebook.importers.hcpcs_txt import read_txt
from medcoder.codebook.importers.hcpcs_xlsx import read_xlsx
from medcoder.codebook.records import Code, Source
from medcoder.codebook.writer import CodebookWriter, sha256_of

CODES_SOURCE = "hcpcs"
MODIFIERS_SOURCE = "hcpcs-modifiers"
SECTIONS_SOURCE = "hcpcs-sections"

FILE_NAME = re.compile(r"HCPC(\d{4})_([A-Z]{3})_ANWEB.*\.(xlsx|txt)$", re.IGNORECASE)
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
LEVEL_TWO = re.compile(r"^[A-Z][0-9]{4}$")
MODIFIER = re.compile(r"^[0-9A-Z]{2}$")

# attribute -> xlsx columns; several columns make a list of the non-empty values.
LISTS = {
    "pricing_indicators": [f"PRICE{n}" for n in range(1, 5)],
    "cim": [f"CIM{n}" for n in range(1, 4)],
    "mcm": [f"MCM{n}" for n in range(1, 4)],
    "lab_certifications": [f"LABCERT{n}" for n in range(1, 9)],
    "cross_references": [f"XREF{n}" for n in range(1, 6)],
    "types_of_service": [f"TOS{n}" for n in range(1, 6)],
}
SINGLE = {
    "multiple_pricing_indicator": "MULT_PI",
    "statute": "STATUTE",
    "coverage": "COV",
    "asc_group": "ASC_GRP",
    "opps": "OPPS",
    "opps_payment_indicator": "OPPS_PI",
    "processing_note": "PROCNOTE",
    "betos": "BETOS",
    "anesthesia_base_units": "ANEST_BU",
    "action": "ACTION CD",
}
DATES = {
    "added": "ADD DT",
    "action_effective": "ACT EFF DT",
    "terminated": "TERM DT",
    "asc_effective": "ASC_DT",
    "opps_effective": "OPPS_DT",
}


def find_hcpcs_file(data_dir: Path | None) -> Path:
    """The newest release's file under `data_dir`, the xlsx before the txt of the same release."""
    candidates = [p for p in (data_dir.rglob("HCPC*") if data_dir else []) if FILE_NAME.search(p.name)]
    if not candidates:
        raise SourceMissing(CODES_SOURCE, f"{data_dir}/**/HCPC<year>_<MON>_ANWEB*.xlsx or .txt")
    return max(candidates, key=lambda p: (release_date(p), p.suffix.lower() == ".xlsx", p.name))


def release_date(path: Path) -> date:
    """The first day of the quarter the file's name announces: HCPC2025_OCT_ANWEB.xlsx -> 2025-10-01."""
    match = FILE_NAME.search(path.name)
    if not match or match[2].upper() not in MONTHS:
        raise DataFileError(path, None, "the file name does not say the release (HCPC<year>_<MON>_ANWEB...)")
    return date(int(match[1]), MONTHS.index(match[2].upper()) + 1, 1)


def read_records(path: Path) -> list[HcpcsRecord]:
    return read_xlsx(path) if path.suffix.lower() == ".xlsx" else read_txt(path)


def hcpcs_codes(path: Path, records: list[HcpcsRecord], released: date) -> list[Code]:
    """Sections, Level II codes and modifiers, in file order after their sections."""
    codes: list[Code] = []
    modifiers: list[Code] = []
    seen: set[tuple[bool, str]] = set()
    for record in records:
        if record.code[:1].isdigit():
            continue  # CPT (Level I) codes and modifiers (25, 1P) start with a digit: not ours to ship
        shape = MODIFIER if record.is_modifier else LEVEL_TWO
        if not shape.match(record.code):
            raise DataFileError(
                path, record.line, f"{record.code!r} is not a HCPCS Level II code or modifier"
            )
        if (record.is_modifier, record.code) in seen:
            raise DataFileError(path, record.line, f"{record.code} appears twice")
        seen.add((record.is_modifier, record.code))
        target = modifiers if record.is_modifier else codes
        target.append(_code(path, record, released, len(target)))
    return _sections(codes) + codes + modifiers


def _code(path: Path, record: HcpcsRecord, released: date, seq: int) -> Code:
    attributes = _attributes(path, record)
    terminated = attributes.get("terminated")
    return Code(
        system="hcpcs-modifier" if record.is_modifier else "hcpcs",
        code=record.code,
        kind="modifier" if record.is_modifier else "code",
        title=" ".join(record.fields["LONG DESCRIPTION"].split()),
        short_title=record.fields["SHORT DESCRIPTION"] or None,
        billable=terminated is None or terminated >= released.isoformat(),
        parent=None if record.is_modifier else _section_code(record.code[0]),
        depth=0 if record.is_modifier else 1,
        seq=seq,
        source=MODIFIERS_SOURCE if record.is_modifier else CODES_SOURCE,
        attributes=attributes,
    )


def _attributes(path: Path, record: HcpcsRecord) -> dict[str, object]:
    fields = record.fields
    attributes: dict[str, object] = {}
    for name, columns in LISTS.items():
        values = [fields[column] for column in columns if fields[column]]
        if values:
            attributes[name] = values
    for name, column in SINGLE.items():
        if fields[column]:
            attributes[name] = fields[column]
    for name, column in DATES.items():
        if fields[column]:
            attributes[name] = _iso_date(path, record.line, column, fields[column])
    return attributes


def _iso_date(path: Path, line: int, column: str, value: str) -> str:
    if re.fullmatch(r"\d{8}", value):
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:8])).isoformat()
        except ValueError:
            pass
    raise DataFileError(path, line, f"{column} {value!r} is not a date (YYYYMMDD)")


def _section_code(letter: str) -> str:
    return f"{letter}0000-{letter}9999"


def _sections(codes: list[Code]) -> list[Code]:
    """One browsing section per leading letter present, titled with the code-book section heading."""
    sections = []
    for letter in sorted({code.code[0] for code in codes}):
        members = [code.code for code in codes if code.code[0] == letter]
        sections.append(
            Code(
                system="hcpcs",
                code=_section_code(letter),
                kind="section",
                title=SECTIONS.get(letter, f"{letter} codes"),
                billable=False,
                depth=0,
                seq=len(sections),
                source=SECTIONS_SOURCE,
                attributes={"letter": letter, "first": min(members), "last": max(members)},
            )
        )
    return sections


def run(writer: CodebookWriter, data_dir: Path | None, progress: Progress) -> None:
    path = find_hcpcs_file(data_dir)
    released = release_date(path)
    progress("HCPCS Level II", 0, None)
    codes = hcpcs_codes(path, read_records(path), released)
    version = f"{released:%B %Y} quarterly"
    sha256 = sha256_of(path)
    for name, title, records in (
        (CODES_SOURCE, "HCPCS Level II codes (CMS alpha-numeric file)", "code"),
        (MODIFIERS_SOURCE, "HCPCS Level II modifiers (CMS alpha-numeric file)", "modifier"),
    ):
        count = sum(code.kind == records for code in codes)
        writer.add_source(
            Source(name, title, version, released.isoformat(), str(path), sha256, count, COPYRIGHT)
        )
    headings = "\n".join(f"{letter} {title}" for letter, title in SECTIONS.items())
    writer.add_source(
        Source(
            name=SECTIONS_SOURCE,
            title="HCPCS Level II section headings by leading letter (compiled by medcoder from the "
            "section titles of HCPCS Level II code books; the CMS file has no hierarchy)",
            version="medcoder compilation",
            effective=None,
            location="medcoder.codebook.hcpcs_values.SECTIONS",
            sha256=hashlib.sha256(headings.encode()).hexdigest(),
            records=sum(code.kind == "section" for code in codes),
        )
    )
    writer.add_codes(codes)
    progress("HCPCS Level II", len(codes), len(codes))


COPYRIGHT = "HCPCS Level II is maintained by the Centers for Medicare & Medicaid Services (public domain)."

STEP = ImportStep(
    name="HCPCS Level II",
    required=False,
    run=run,
    minimum_records={CODES_SOURCE: 8000, MODIFIERS_SOURCE: 300},
)
