"""The HCPCS Level II alpha-numeric file as CMS's xlsx (`HCPC2025_OCT_ANWEB.xlsx`, 48 columns).

Columns are found by their header text, not their position, because CMS has reordered them between
years. Codes are text, but a few cells (dates, TOS) arrive as numbers and are read back as text;
modifiers are right-aligned in the HCPC column ('   A1').
"""

import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from medcoder.codebook.errors import DataFileError
from medcoder.codebook.importers.hcpcs_record import COLUMNS, HcpcsRecord, assemble


def read_xlsx(path: Path) -> list[HcpcsRecord]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError) as error:
        raise DataFileError(path, None, f"not a readable xlsx workbook: {error}") from error
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_text(cell) for cell in next(rows, ())]
        missing = [column for column in COLUMNS if column not in header]
        if missing:
            raise DataFileError(path, 1, f"header lacks the column(s) {', '.join(missing)}")
        positions = {column: header.index(column) for column in COLUMNS}
        numbered = (
            (number, {column: _text(row[at]) if at < len(row) else "" for column, at in positions.items()})
            for number, row in enumerate(rows, start=2)
            if any(cell not in (None, "") for cell in row)
        )
        return assemble(path, numbered)
    finally:
        workbook.close()


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()
