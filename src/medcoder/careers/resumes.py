"""Resume uploads: accepted by what the bytes are (`medcoder.file_content`), not by what the file name
or browser claims. Check the size with `check_resume_size` before reading an upload into memory."""

from medcoder.file_content import DOCX, PDF, FileKind, UnsafeFile, kind_of

MAX_RESUME_BYTES = 5_000_000
RESUME_KINDS = (PDF, DOCX)


class ResumeRejected(ValueError):
    """Why an upload is not accepted, in words the applicant can act on."""


def check_resume_size(size: int) -> None:
    """Raises `ResumeRejected` when `size` bytes is more than a resume may be."""
    if size > MAX_RESUME_BYTES:
        raise ResumeRejected(
            f"The file is larger than {MAX_RESUME_BYTES // 1_000_000} MB. Upload a smaller PDF or DOCX."
        )


def check_resume(content: bytes) -> FileKind:
    """PDF or DOCX by content; raises `ResumeRejected` for anything else, a Word file with macros, or
    anything too large."""
    check_resume_size(len(content))
    try:
        kind = kind_of(content)
    except UnsafeFile:
        raise ResumeRejected(
            "Word files with macros are not accepted. Save your resume as a PDF or a plain .docx."
        ) from None
    if kind not in RESUME_KINDS:
        raise ResumeRejected("Upload your resume as a PDF or a Word (.docx) file.")
    return kind
