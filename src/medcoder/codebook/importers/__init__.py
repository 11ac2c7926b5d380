"""One module per official source. Each exposes `STEP`, an `ImportStep` the build runs in order.

An importer reads its files, writes codes/notes/... through the `CodebookWriter`, records itself in
`sources`, and raises `SourceMissing` (optional data absent: reported, skipped) or `DataFileError`
(corrupt data: the whole build fails and the previous codebook stays in use).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from medcoder.codebook.writer import CodebookWriter

# progress(step, done, total): total is None while unknown.
Progress = Callable[[str, int, int | None], None]


def no_progress(step: str, done: int, total: int | None) -> None:
    """The progress callback for callers that show none."""


@dataclass(frozen=True)
class ImportStep:
    name: str
    required: bool
    run: Callable[[CodebookWriter, Path | None, Progress], None]
    # Smallest plausible number of records per source name, checked before the new file replaces the old.
    minimum_records: dict[str, int]
