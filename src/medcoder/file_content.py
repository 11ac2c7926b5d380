"""What a file really is, told by its bytes: the one check behind resume uploads (CareerCenter) and
consult attachments (CaseConsultant), so a name or a declared content type never decides alone.

Office documents are zip archives; a Word file that carries a VBA project (a .docm renamed .docx, or
a .docx with macros added) is refused, since opening it can run code on the reader's machine.
"""

import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str


PDF = FileKind("application/pdf", ".pdf")
DOCX = FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
PNG = FileKind("image/png", ".png")
JPEG = FileKind("image/jpeg", ".jpg")
TEXT = FileKind("text/plain", ".txt")

MAGIC_PREFIXES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
TEXT_SAMPLE_BYTES = 8192
CONTENT_TYPES_READ_LIMIT = 1_000_000  # [Content_Types].xml is a few KB; never inflate a zip bomb


class UnsafeFile(ValueError):
    """The bytes are a document kind we know, carrying something we refuse (macros)."""


def kind_of(content: bytes) -> FileKind | None:
    """PDF, DOCX, PNG, JPEG or plain text by content; None for anything else. Raises `UnsafeFile` for a
    macro-enabled Word document. Text means no NUL byte in the first 8 KB (binary formats have them)."""
    for prefix, kind in MAGIC_PREFIXES:
        if content.startswith(prefix):
            return kind
    if content.startswith(b"PK\x03\x04"):
        return DOCX if _is_word_document(content) else None
    if b"\x00" not in content[:TEXT_SAMPLE_BYTES]:
        return TEXT
    return None


def _is_word_document(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            names = {name.lower(): name for name in archive.namelist()}
            if "[content_types].xml" not in names or "word/document.xml" not in names:
                return False
            if any(name.endswith("vbaproject.bin") for name in names):
                raise UnsafeFile("a Word document with macros")
            with archive.open(names["[content_types].xml"]) as types:
                declared = types.read(CONTENT_TYPES_READ_LIMIT).lower()
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, NotImplementedError):
        return False  # RuntimeError: an encrypted member; NotImplementedError: an unknown compression
    if b"macroenabled" in declared:
        raise UnsafeFile("a Word document with macros")
    return True
