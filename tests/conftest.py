"""Fixtures: one app per session on SQLite (or TEST_DATABASE_URL), a clean database per test."""

import itertools
import os
from contextlib import contextmanager

import pytest
from sqlalchemy import text

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ["CSDR_TEST_FAST_HASHING"] = "1"

from app import create_app  # noqa: E402
from app.extensions import db as _db  # noqa: E402
from app.extensions import limiter  # noqa: E402
from tests import factories  # noqa: E402

PASSWORD = "correct horse battery staple"


def database_url(tmp_path_factory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def reset_schema(engine) -> None:
    """An empty database: PostgreSQL's public schema recreated, or a fresh SQLite file."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))


def _build_assets() -> None:
    """What `make test` builds before pytest, done here once when missing so a bare `pytest` works:
    the compiled catalogues and the report fonts (fetched from npm at pinned versions)."""
    import subprocess
    import sys
    from pathlib import Path

    from babel.messages.frontend import compile_catalog

    from app.reports.fonts import install

    root = Path(__file__).resolve().parent.parent / "app" / "translations"
    stale = [po for po in root.glob("*/LC_MESSAGES/messages.po")
             if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    if stale:
        command = compile_catalog()
        command.directory = str(root)
        command.quiet = True
        command.finalize_options()
        command.run()
    if install.missing():
        try:
            install.main()
        except (OSError, SystemExit, subprocess.CalledProcessError) as error:  # no npm or no registry here
            sys.stderr.write(f"\nReport fonts not installed ({error}); PDF tests will fail: run `make test`.\n")


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    _build_assets()
    data_dir = tmp_path_factory.mktemp("data")
    os.environ["CSDR_DATA_DIR"] = str(data_dir)
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
        "WTF_CSRF_ENABLED": False,
        "CSDR_DATA_DIR": str(data_dir),
        "RATELIMIT_STORAGE_URI": "memory://",
    })
    with app.app_context():
        reset_schema(_db.engine)
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


def _clean_tables():
    engine = _db.engine
    tables = list(reversed(_db.metadata.sorted_tables))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture(autouse=True)
def db(app):
    """A clean database and fresh rate-limit counters for every test."""
    with app.app_context():
        limiter.reset()
        yield _db
        _db.session.remove()
        _clean_tables()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(db):
    """Factories that build records through the services (see tests/factories.py)."""
    return factories


_emails = itertools.count(1)


@pytest.fixture
def user_factory(db):
    def build(role="secretariat", node=None, password=PASSWORD, email=None):
        return factories.user(role=role, node=node, password=password,
                              email=email or f"{role}{next(_emails)}@example.org")
    return build


@pytest.fixture
def login(client):
    """Sign a user in through the sign-in page."""
    def do(user, password=PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user
    return do


@pytest.fixture
def login_as(user_factory, login):
    """login_as("coordinator", node=...) creates and signs in a user of that role."""
    def do(role, node=None):
        return login(user_factory(role, node=node))
    return do


class ApiClient:
    def __init__(self, client, token):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def _call(self, method, url, headers=None, **kwargs):
        return self.client.open(url, method=method, headers={**self.headers, **(headers or {})}, **kwargs)

    def get(self, url, **kw):
        return self._call("GET", url, **kw)

    def post(self, url, **kw):
        return self._call("POST", url, **kw)

    def patch(self, url, **kw):
        return self._call("PATCH", url, **kw)

    def put(self, url, **kw):
        return self._call("PUT", url, **kw)

    def delete(self, url, **kw):
        return self._call("DELETE", url, **kw)


@pytest.fixture
def api_as(client, user_factory):
    """api_as("secretariat") → a client that sends that user's bearer token."""
    def do(role_or_user, node=None):
        user = role_or_user if not isinstance(role_or_user, str) else user_factory(role_or_user, node=node)
        return ApiClient(client, factories.token(user))
    return do


@contextmanager
def csrf_enabled(app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


from tests.browser import live_server, page  # noqa: E402, F401  (fixtures)


def pytest_collection_modifyitems(items):
    # The development server used by browser tests leaves a static file unclosed when the
    # browser drops a request mid-response; that is the server's business, not a leak of ours.
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"))
