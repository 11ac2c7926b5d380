"""Settings read from the environment: the database URL and the development secret key."""

import pytest

from medcoder.web import settings


def test_database_url_selects_postgresql_with_its_parts():
    database = settings._database_from_url("postgresql://coder:p%40ss@db.example:5433/medcoder")
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["USER"], database["PASSWORD"], database["HOST"], database["PORT"], database["NAME"]) == (
        "coder",
        "p@ss",
        "db.example",
        "5433",
        "medcoder",
    )


def test_other_database_urls_are_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="unsupported scheme 'mysql'"):
        settings._database_from_url("mysql://x@y/z")


def test_the_development_secret_key_is_generated_once_into_var_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    first = settings._development_secret_key()
    assert len(first) > 40
    assert settings._development_secret_key() == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_argon2_hashes_new_passwords_and_cookies_are_not_readable_by_scripts():
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
