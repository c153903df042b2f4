"""The agreements migration: upgrade, models match, downgrade, upgrade again (on SQLite, in a subprocess
so Alembic's logging set-up does not touch the test session)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TABLES = {"agreements", "agreement_parties", "agreement_signatories", "licenses", "agreement_documents"}


def flask_db(tmp_path, *args):
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'mig.db'}", "CSDR_DATA_DIR": str(tmp_path)}
    env.pop("TEST_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def tables(tmp_path) -> set[str]:
    with sqlite3.connect(tmp_path / "mig.db") as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_upgrade_check_downgrade_upgrade(tmp_path):
    heads = flask_db(tmp_path, "heads")
    assert heads.returncode == 0 and len(heads.stdout.strip().splitlines()) == 1, heads.stdout
    assert flask_db(tmp_path, "upgrade").returncode == 0
    assert TABLES <= tables(tmp_path)
    check = flask_db(tmp_path, "check")
    assert check.returncode == 0, check.stdout + check.stderr  # the models match the migrations
    assert flask_db(tmp_path, "downgrade", "base").returncode == 0
    assert not TABLES & tables(tmp_path)
    assert flask_db(tmp_path, "upgrade").returncode == 0
    assert TABLES <= tables(tmp_path)
