"""Errors the codebook raises; the CLI and the web turn them into messages and exit codes / 4xx."""

from pathlib import Path


class CodebookError(Exception):
    """Base class: anything wrong with reference data or a request against it."""


class CodebookMissing(CodebookError):
    def __init__(self, path: Path):
        super().__init__(f"No codebook at {path}. Build one with: medcoder codebook build --data-dir DIR")
        self.path = path


class CodebookOutdated(CodebookError):
    """The file was built by an older medcoder whose tables differ from the ones this one reads."""

    def __init__(self, path: Path, built: str | None, expected: str):
        super().__init__(
            f"The codebook at {path} has schema {built or 'unknown'}; this medcoder reads schema {expected}."
            " Rebuild it with: medcoder codebook build --data-dir DIR"
        )
        self.path = path


class UnknownCode(CodebookError):
    """The code is not in any system of this codebook; `suggestions` holds near matches."""

    def __init__(self, code: str, suggestions: list[str] | None = None):
        self.code = code
        self.suggestions = suggestions or []
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"Unknown code {code!r}.{hint}")


class DataFileError(CodebookError):
    """An official file could not be read; names the file, the line (or record) and why."""

    def __init__(self, path: Path | str, line: int | None, reason: str):
        self.path = Path(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {reason}")


class SourceMissing(CodebookError):
    """An optional source is not in the data directory; the build reports it and goes on."""

    def __init__(self, source: str, looked_for: str):
        self.source = source
        self.looked_for = looked_for
        super().__init__(f"{source}: not found ({looked_for}); skipped")
