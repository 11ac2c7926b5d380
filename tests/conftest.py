"""Fixtures every area's tests share: the official data folder and one real codebook built from it."""

import os
from pathlib import Path

import pytest

from medcoder.codebook import Codebook, build_codebook

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (or $MEDCODER_DATA_DIR): the official files the importers read."""
    path = Path(os.environ.get("MEDCODER_DATA_DIR", ROOT.parent / "shared" / "data"))
    if not path.is_dir():
        pytest.fail(f"{path} is missing: the suite needs ../shared/data beside the repository")
    return path


@pytest.fixture(scope="session")
def codebook_path(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """A full codebook, built once per test session from the real sources."""
    path = tmp_path_factory.mktemp("codebook") / "codebook.sqlite"
    build_codebook(path, shared_data)
    os.environ["MEDCODER_CODEBOOK"] = str(path)
    return path


@pytest.fixture(scope="session")
def codebook(codebook_path: Path) -> Codebook:
    return Codebook.open(codebook_path)
