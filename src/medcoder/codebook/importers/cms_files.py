"""CMS distribution files as downloaded: loose in a folder or inside the quarterly zips.

Shared by the NCCI, MUE and fee-schedule importers, which all receive folders of zips whose member
names carry the version (`ccipra-v322r0-f1.TXT`, `MCR_MUE_PractitionerServices_Eff_07-01-2026.csv`).
"""

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from medcoder.codebook.errors import DataFileError, SourceMissing

# CMS text files are Windows-1252; undefined bytes are replaced rather than failing a whole import.
ENCODING = "cp1252"


@dataclass(frozen=True)
class CmsFile:
    """One file to read: `member` is its name inside the zip at `path` (None when the file is loose)."""

    path: Path
    member: str | None = None

    @property
    def name(self) -> str:
        return Path(self.member).name if self.member else self.path.name

    @property
    def location(self) -> str:
        """What error messages and `sources.location` show: `folder/x.zip!member.TXT` inside a zip."""
        return f"{self.path}!{self.member}" if self.member else str(self.path)

    def read_bytes(self) -> bytes:
        if self.member is None:
            return self.path.read_bytes()
        try:
            with zipfile.ZipFile(self.path) as archive:
                return archive.read(self.member)
        except (zipfile.BadZipFile, KeyError) as error:
            raise DataFileError(self.location, None, f"unreadable zip member: {error}") from error

    def read_text(self) -> str:
        return self.read_bytes().decode(ENCODING, errors="replace")


def cms_files(folder: Path, name: re.Pattern[str]) -> list[CmsFile]:
    """Files under `folder` (and inside its zips) whose file name matches `name`, sorted by name."""
    found: list[CmsFile] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix.lower() == ".zip":
            found += _zip_members(path, name)
        elif name.search(path.name):
            found.append(CmsFile(path))
    return sorted(found, key=lambda f: (f.name.lower(), f.location))


def _zip_members(path: Path, name: re.Pattern[str]) -> list[CmsFile]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.namelist()
    except zipfile.BadZipFile as error:
        raise DataFileError(path, None, f"not a zip file: {error}") from error
    return [CmsFile(path, member) for member in members if name.search(Path(member).name)]


def source_folder(data_dir: Path | None, relative: str, source: str) -> Path:
    """`data_dir/relative`, or `SourceMissing` so the build reports the source as skipped."""
    folder = data_dir / relative if data_dir else None
    if folder is None or not folder.is_dir():
        raise SourceMissing(source, str(folder) if folder else f"<data dir>/{relative}")
    return folder
