"""Web test fixtures: the real codebook behind every page, and PostgreSQL when MEDCODER_TEST_POSTGRES=1."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from medcoder.web.codebook import shared_codebook, systems_present
from tests.web.postgres import start_cluster, stop_cluster

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(autouse=True, scope="session")
def web_codebook(codebook_path: Path) -> None:
    """Every web process reads $MEDCODER_CODEBOOK; point it at the test build before the first page."""
    shared_codebook.cache_clear()
    systems_present.cache_clear()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None):
    """With MEDCODER_TEST_POSTGRES=1, run the database tests on a fresh cluster on loopback."""
    if os.environ.get("MEDCODER_TEST_POSTGRES") != "1":
        yield
        return
    cluster = start_cluster()
    connections.close_all()
    if hasattr(connections._connections, "default"):
        del connections["default"]  # a wrapper made earlier would keep the SQLite backend
    settings.DATABASES["default"].clear()
    settings.DATABASES["default"].update(
        {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "postgres",
            "USER": cluster.user,
            "HOST": "127.0.0.1",
            "PORT": str(cluster.port),
        }
    )
    connections.__dict__.pop("settings", None)
    yield
    connections.close_all()
    stop_cluster(cluster)
