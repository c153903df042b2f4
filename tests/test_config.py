import pytest

from app import create_app
from app.config import ConfigError


def test_production_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("CSDR_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app()


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("CSDR_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert not app.debug


def test_development_secret_is_generated_once_and_kept(monkeypatch, tmp_path):
    from app.config import load_config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("CSDR_ENV", raising=False)
    first = load_config(tmp_path)["SECRET_KEY"]
    assert first == load_config(tmp_path)["SECRET_KEY"]
    assert (tmp_path / "secret_key").read_text().strip() == first


def test_database_url_defaults_to_sqlite_in_instance_and_maps_postgres(monkeypatch, tmp_path):
    from app.config import load_config

    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert load_config(tmp_path)["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'csdr.db'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert load_config(tmp_path)["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(tmp_path):
    from sqlalchemy import create_engine

    import app.core.db  # noqa: F401  (installs the connection listeners)

    engine = create_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()
