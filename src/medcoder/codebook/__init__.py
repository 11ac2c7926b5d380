"""Reference data: the official code sets as one immutable, versioned SQLite file.

Build it with `build_codebook` (or `medcoder codebook build`), read it with `Codebook.open()`.
Nothing here imports Django.
"""

from medcoder.codebook.build import build_codebook
from medcoder.codebook.errors import (
    CodebookError,
    CodebookMissing,
    CodebookOutdated,
    DataFileError,
    SourceMissing,
    UnknownCode,
)
from medcoder.codebook.lookup import Codebook, default_path
from medcoder.codebook.records import Code, Crosswalk, IndexTerm, Note, SeventhCharacter, Source
from medcoder.codebook.search import SearchHit

__all__ = [
    "Code",
    "Codebook",
    "CodebookError",
    "CodebookMissing",
    "CodebookOutdated",
    "Crosswalk",
    "DataFileError",
    "IndexTerm",
    "Note",
    "SearchHit",
    "SeventhCharacter",
    "Source",
    "SourceMissing",
    "UnknownCode",
    "build_codebook",
    "default_path",
]
