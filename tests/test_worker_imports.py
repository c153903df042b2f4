"""What a server worker loads: the app (as gunicorn imports wsgi.py) without the libraries only some commands
need, so that building a report at the largest scale stays within its memory budget (issue 15)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("alembic", "mako", "numpy", "pandas", "shapely")
LOADED = f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"


def _run(code: str, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SECRET_KEY": "test", "CSDR_DATA_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.db'}"}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=True)


def test_a_worker_loads_neither_alembic_nor_numpy(tmp_path):
    found = _run("import sys, wsgi\n" + LOADED, tmp_path)
    assert found.stdout.strip() == ""


def test_a_worker_builds_a_report_without_them(tmp_path):
    code = ("import sys, wsgi\n"
            "from app.extensions import db\n"
            "from app.core.periods import Period\n"
            "from app.reports.figures import build_snapshot\n"
            "from app.reports.pdf import render_pdf\n"
            "with wsgi.app.app_context():\n"
            "    db.create_all()\n"
            "    snapshot = build_snapshot(Period(2025))\n"
            "    pdf = render_pdf(snapshot, status='draft', version=1, data_sha256='0' * 64)\n"
            "    assert pdf.startswith(b'%PDF')\n" + LOADED)
    assert _run(code, tmp_path).stdout.strip() == ""


def test_the_flask_command_still_has_the_migrations(tmp_path):
    env = {**os.environ, "SECRET_KEY": "test", "CSDR_DATA_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    flask = Path(sys.executable).with_name("flask")
    done = subprocess.run([str(flask), "--app", "wsgi", "db", "heads"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "(head)" in done.stdout
