"""backup → restore → the same records and documents, on the engine the suite runs on."""

import hashlib
import json
import os
import secrets
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app import create_app
from app.auth.actors import SYSTEM
from app.backups.archive import BackupError, read_manifest, restore_backup, write_backup
from app.extensions import db
from app.notifications import services as notices
from app.notifications.models import NoticeKind


def _fill(make, user_factory, data_dir: Path) -> dict[str, str]:
    """Some records of every kind there is, and three documents; return the documents by hash."""
    lao = make.node(code="LAO")
    make.node(code="NPL")
    make.person(name="Ye Fanghong", email="ye@example.org")
    user = user_factory("coordinator", node=lao)
    notices.notify([user], NoticeKind.report_due, "Report due", key="report_due:LAO:2025Q3", link="/nodes")
    db.session.commit()
    from app.reports.services import generate_report

    annual = generate_report(SYSTEM, "annual", 2025)  # its PDF is kept under CSDR_DATA_DIR/reports
    db.session.commit()
    signed = make.agreement_document(make.agreement(reference="MOU-LAO"), content=b"%PDF-1.4\n% signed MOU\n%%EOF\n")
    documents = {f"documents/{signed.sha256[:2]}/{signed.sha256}": signed.sha256,
                 f"reports/{annual.pdf_sha256}.pdf": annual.pdf_sha256}
    for size in (10, 70_000, 1_500_000):
        content = b"%PDF-1.7\n" + secrets.token_bytes(size)
        digest = hashlib.sha256(content).hexdigest()
        path = data_dir / "documents" / digest[:2] / digest
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        documents[path.relative_to(data_dir).as_posix()] = digest
    return documents


def _files_by_hash(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _rows(engine) -> dict[str, list]:
    with engine.connect() as conn:
        return {table.name: [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
                for table in db.metadata.sorted_tables}


@pytest.fixture
def data_dir(app, tmp_path):
    saved = app.config["CSDR_DATA_DIR"]
    app.config["CSDR_DATA_DIR"] = str(tmp_path / "data")
    yield tmp_path / "data"
    app.config["CSDR_DATA_DIR"] = saved


@contextmanager
def scratch_database(app, tmp_path):
    """An empty database of the suite's engine, dropped afterwards: a separate SQLite file or PG database."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"{url.database}_restore"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _other_app(url: str, data_dir: Path):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "CSDR_DATA_DIR": str(data_dir),
                       "RATELIMIT_STORAGE_URI": "memory://"})


@pytest.mark.parametrize("target_has_schema", [False, True], ids=["blank-database", "after-db-upgrade"])
def test_backup_then_restore_gives_the_same_records_and_documents(app, make, user_factory, data_dir, tmp_path,
                                                                  target_has_schema):
    documents = _fill(make, user_factory, data_dir)
    out = tmp_path / "backup"
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["engine"] == db.engine.dialect.name
    listed = {e["path"]: e["sha256"] for e in manifest["files"]}
    assert {k: v for k, v in listed.items() if not k.startswith("database.")} == documents
    expected = _rows(db.engine)
    assert expected["nodes"] and expected["notifications"] and expected["users"] and expected["agreement_documents"]
    assert expected["reports"]

    restored_dir = tmp_path / "restored-data"
    with scratch_database(app, tmp_path) as url:
        other = _other_app(url, restored_dir)
        with other.app_context():  # the CLI runs in the current app context: make it the other app's
            if target_has_schema:  # as on a new server after `db upgrade`: tables, but no rows
                db.create_all()
                db.session.remove()
            result = other.test_cli_runner().invoke(args=["restore", "--from", str(out)])
            assert result.exit_code == 0, result.output
            assert _rows(db.engine) == expected
            assert _files_by_hash(restored_dir) == documents
            # A second restore into what is now a full database is refused.
            result = other.test_cli_runner().invoke(args=["restore", "--from", str(out)])
            assert result.exit_code != 0 and "holds data" in result.output
            db.session.remove()
            db.engine.dispose()


def test_restore_refuses_a_damaged_backup(app, make, user_factory, data_dir, tmp_path):
    _fill(make, user_factory, data_dir)
    out = tmp_path / "backup"
    write_backup(db.engine, data_dir, out)
    victim = next(p for p in (out / "documents").rglob("*") if p.is_file())
    victim.write_bytes(victim.read_bytes() + b"x")
    with pytest.raises(BackupError, match="SHA-256 does not match"):
        read_manifest(out)
    victim.unlink()
    with pytest.raises(BackupError, match="missing"):
        read_manifest(out)
    (out / "manifest.json").unlink()
    with pytest.raises(BackupError, match="not a complete backup"):
        read_manifest(out)


def test_restore_refuses_a_non_empty_target(app, make, user_factory, data_dir, tmp_path):
    _fill(make, user_factory, data_dir)
    out = tmp_path / "backup"
    write_backup(db.engine, data_dir, out)
    with pytest.raises(BackupError, match="holds data"):
        restore_backup(db.engine, tmp_path / "empty", out)
    result = app.test_cli_runner().invoke(args=["restore", "--from", str(out)])
    assert result.exit_code != 0 and "holds data" in result.output
    with scratch_database(app, tmp_path) as url:
        engine = create_engine(url)
        try:
            with pytest.raises(BackupError, match="is not empty"):
                restore_backup(engine, data_dir, out)  # the documents folder is full
        finally:
            engine.dispose()


def test_backup_goes_only_into_a_new_or_empty_folder(app, data_dir, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    result = app.test_cli_runner().invoke(args=["backup", "--out", str(tmp_path / "full")])
    assert result.exit_code != 0 and "not empty" in result.output


def test_sqlite_backup_passes_its_integrity_check(app, make, data_dir, tmp_path):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only: PostgreSQL backups are checked by pg_restore --list")
    import sqlite3

    make.node(code="LAO")
    manifest = write_backup(db.engine, data_dir, tmp_path / "b")
    copy = sqlite3.connect(tmp_path / "b" / manifest["database"])
    try:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert copy.execute("SELECT code FROM nodes").fetchall() == [("LAO",)]
    finally:
        copy.close()
    assert not os.path.exists(tmp_path / "b" / (manifest["database"] + "-wal"))
