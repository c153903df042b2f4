"""The migrations build the schema from nothing, agree with the models, and go down and up again."""

import os

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db, init_migrations


@pytest.fixture
def empty_database_url(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    scratch = f"{url.database}_migrations"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
        conn.execute(text(f'CREATE DATABASE "{scratch}"'))
    yield url.set(database=scratch).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def migration_app(empty_database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    init_migrations(app)  # what the `flask` command binds (a server worker does not load Alembic)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_there_is_one_head(migration_app):
    config = migration_app.extensions["migrate"].migrate.get_config()
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_builds_an_empty_database_matching_the_models(migration_app):
    flask_migrate.upgrade()
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
    assert diff == []


def test_downgrade_and_upgrade_again(migration_app):
    flask_migrate.upgrade()
    flask_migrate.downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    flask_migrate.upgrade()
    assert "nodes" in inspect(db.engine).get_table_names()


def _notice_checks(table: str) -> list[str]:
    return [c["sqltext"] for c in inspect(db.engine).get_check_constraints(table) if "report_due" in c["sqltext"]]


def test_the_notice_kind_check_follows_each_migration_up_and_down(migration_app):
    """The CHECK of the notice kinds is rebuilt from each migration's list (migrations/helpers.py)."""
    flask_migrate.upgrade()
    for table in ("notifications", "email_preferences"):
        [check] = _notice_checks(table)
        assert "delivery_unconfirmed" in check and "action_due" in check and "report_accepted" in check
    flask_migrate.downgrade(revision="0e179781e137")  # before the data requests' kinds
    for table in ("notifications", "email_preferences"):
        [check] = _notice_checks(table)
        assert "delivery_unconfirmed" not in check and "action_due" in check
    flask_migrate.downgrade(revision="9655bf5de72f")  # before the quarterly workflow's kinds
    for table in ("notifications", "email_preferences"):
        [check] = _notice_checks(table)
        assert "report_accepted" not in check and "action_due" not in check and "job_failed" in check
    flask_migrate.upgrade()
    [check] = _notice_checks("notifications")
    assert "delivery_unconfirmed" in check
