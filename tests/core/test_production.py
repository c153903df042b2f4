"""CSDR_ENV=production and the health check."""

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from app import create_app
from app.config import ConfigError


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("CSDR_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}"})


def test_production_has_secure_cookies_hsts_no_debug_and_trusts_one_proxy(monkeypatch, tmp_path):
    monkeypatch.setenv("CSDR_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert not app.debug and app.config["PREFERRED_URL_SCHEME"] == "https"
    assert isinstance(app.wsgi_app, ProxyFix)
    response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


@pytest.mark.parametrize("url", ["sqlite:////nonexistent-folder/csdr.db",
                                 "postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2"])
def test_healthz_answers_503_when_the_database_does_not(url, tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "CSDR_DATA_DIR": str(tmp_path)})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"status": "unavailable"}
    assert b"Traceback" not in response.data
