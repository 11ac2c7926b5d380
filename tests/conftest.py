"""Fixtures every area's tests share: the official data folder and one real codebook built from it."""

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from medcoder.codebook import Codebook, build_codebook

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK_CODE = ROOT / "src" / "medcoder" / "codebook"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (or $MEDCODER_DATA_DIR): the official files the importers read."""
    path = Path(os.environ.get("MEDCODER_DATA_DIR", ROOT.parent / "shared" / "data")).resolve()
    if not path.is_dir():
        pytest.fail(f"{path} is missing: the suite needs ../shared/data beside the repository")
    return path


def _build_fingerprint(data_dir: Path) -> str:
    """Changes whenever the codebook code or the official files change, so a cached build is never stale."""
    digest = hashlib.sha256()
    for folder in (CODEBOOK_CODE, data_dir):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}".encode())
            if folder is CODEBOOK_CODE:
                digest.update(path.read_bytes())
            else:
                digest.update(str(stat.st_mtime_ns).encode())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def codebook_path(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A full codebook built from the real sources, once per change of the codebook code or data.

    The build is kept under var/test-codebooks/ keyed by a fingerprint of everything it depends on; a
    fresh clone (as in CI) always builds it.
    """
    cache = ROOT / "var" / "test-codebooks" / f"{_build_fingerprint(shared_data)}.sqlite"
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        own = cache.with_name(f"{cache.stem}.{os.getpid()}.sqlite")  # concurrent runs never share a file
        build_codebook(own, shared_data)
        os.replace(own, cache)
    path = tmp_path_factory.mktemp("codebook") / "codebook.sqlite"
    shutil.copy(cache, path)
    os.environ["MEDCODER_CODEBOOK"] = str(path)
    return path


@pytest.fixture(scope="session")
def codebook(codebook_path: Path) -> Codebook:
    return Codebook.open(codebook_path)
