"""Errors the note coder raises; the CLI and the web turn them into clear messages (exit code / 4xx)."""


class NoteCoderError(Exception):
    """Base class for a note the pipeline cannot code as asked."""


class EmptyNote(NoteCoderError):
    def __init__(self) -> None:
        super().__init__("The note is empty: paste or upload the text of a clinical note.")


class UnknownSetting(NoteCoderError):
    def __init__(self, setting: str) -> None:
        super().__init__(f"Unknown setting {setting!r}: use 'inpatient' or 'outpatient'.")


class NoteTooLong(NoteCoderError):
    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"The note has {length} characters; Case2Code codes notes of up to {limit}.")
