"""Resume uploads: accepted by what the bytes are, not by what the file name or browser claims."""

import zipfile
from dataclasses import dataclass
from io import BytesIO

MAX_RESUME_BYTES = 5_000_000


@dataclass(frozen=True)
class ResumeKind:
    extension: str
    content_type: str


PDF = ResumeKind(".pdf", "application/pdf")
DOCX = ResumeKind(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


class ResumeRejected(ValueError):
    """Why an upload is not accepted, in words the applicant can act on."""


def check_resume(content: bytes) -> ResumeKind:
    """PDF or DOCX by content; raises `ResumeRejected` for anything else or anything too large."""
    if len(content) > MAX_RESUME_BYTES:
        raise ResumeRejected(
            f"The file is larger than {MAX_RESUME_BYTES // 1_000_000} MB. Upload a smaller PDF or DOCX."
        )
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"PK\x03\x04") and _is_word_document(content):
        return DOCX
    raise ResumeRejected("Upload your resume as a PDF or a Word (.docx) file.")


def _is_word_document(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names
