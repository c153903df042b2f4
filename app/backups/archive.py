"""Write a backup folder and restore one.

A backup folder holds the database (SQLite through its online backup API, checked with
PRAGMA integrity_check; PostgreSQL through `pg_dump -Fc`, checked with `pg_restore --list`),
a copy of each data folder (uploaded documents, archived reports) and `manifest.json`
with the size and SHA-256 of every file. The database is copied first: documents are
written before the record that names them is committed, so every document the copy
names is in the folder copied after it.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import MetaData, inspect, text
from sqlalchemy.engine import URL, Engine

MANIFEST = "manifest.json"
FORMAT = 1
DATA_FOLDERS = ("documents", "reports")
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
_CHUNK = 1024 * 1024


class BackupError(RuntimeError):
    """A backup or restore that cannot be done safely; nothing was changed."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(root: Path, path: Path) -> dict:
    return {"path": path.relative_to(root).as_posix(), "size": path.stat().st_size, "sha256": sha256_of(path)}


def _is_empty_dir(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


# --- the database -----------------------------------------------------------------------

def _pg_command(url: URL, program: str) -> tuple[list[str], dict]:
    binary = shutil.which(program)
    if binary is None:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client).")
    args = [binary, "--no-owner", "--no-acl"]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password  # not on the command line, where `ps` would show it
    return args, env


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=3600, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-2000:]}")
    return result


def _dump_sqlite(engine: Engine, target: Path) -> None:
    raw = engine.raw_connection()
    try:
        copy = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(copy)  # one step: a consistent snapshot under a read lock
            copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        finally:
            copy.close()
    finally:
        raw.close()
    check = sqlite3.connect(target)
    try:
        result = check.execute("PRAGMA integrity_check").fetchall()
    finally:
        check.close()
    if result != [("ok",)]:
        raise BackupError(f"The copy failed PRAGMA integrity_check: {result[:5]}")


def _dump_postgresql(engine: Engine, target: Path) -> None:
    args, env = _pg_command(engine.url, "pg_dump")
    _run(args + ["--format=custom", "--file", str(target), "--dbname", engine.url.database], env)
    listing, env = _pg_command(engine.url, "pg_restore")
    _run([listing[0], "--list", str(target)], env)  # the archive reads back whole


def _dump_database(engine: Engine, out: Path) -> Path:
    if engine.dialect.name == "sqlite":
        target = out / SQLITE_FILE
        _dump_sqlite(engine, target)
    elif engine.dialect.name == "postgresql":
        target = out / PG_FILE
        _dump_postgresql(engine, target)
    else:
        raise BackupError(f"Backups of {engine.dialect.name} databases are not supported.")
    return target


def _alembic_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if "alembic_version" not in inspect(conn).get_table_names():
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


# --- writing a backup -------------------------------------------------------------------

def _copy_folder(source: Path, target: Path, root: Path) -> list[dict]:
    entries = []
    if not source.is_dir():
        return entries
    for path in sorted(p for p in source.rglob("*") if p.is_file() and not p.is_symlink()):
        copy = target / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
        entries.append(_entry(root, copy))
    return entries


def write_backup(engine: Engine, data_dir: Path, out: Path) -> dict:
    """Write a backup of the database and the data folders into `out` (new or empty); return the manifest."""
    out = Path(out)
    if not _is_empty_dir(out):
        raise BackupError(f"{out} is not empty: a backup goes into a new or empty folder.")
    out.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    database = _dump_database(engine, out)
    files = [_entry(out, database)]
    for folder in DATA_FOLDERS:
        files += _copy_folder(Path(data_dir) / folder, out / folder, out)
    manifest = {
        "format": FORMAT, "created_at": started.isoformat(), "engine": engine.dialect.name,
        "database": database.name, "alembic_revision": _alembic_revision(engine),
        "folders": list(DATA_FOLDERS), "files": files,
    }
    partial = out / (MANIFEST + ".part")
    partial.write_text(json.dumps(manifest, indent=2, sort_keys=True))
    partial.replace(out / MANIFEST)  # a folder with a manifest is a complete backup
    return manifest


# --- checking and restoring -------------------------------------------------------------

def read_manifest(source: Path) -> dict:
    """The manifest of a backup folder, after checking every file it lists by size and SHA-256."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{source} has no {MANIFEST}: not a complete backup.") from None
    except json.JSONDecodeError as error:
        raise BackupError(f"{source / MANIFEST} is not valid JSON: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    problems = []
    for entry in manifest["files"]:
        path = source / entry["path"]
        if ".." in Path(entry["path"]).parts or Path(entry["path"]).is_absolute():
            problems.append(f"{entry['path']}: a path outside the backup")
        elif not path.is_file():
            problems.append(f"{entry['path']}: missing")
        elif path.stat().st_size != entry["size"] or sha256_of(path) != entry["sha256"]:
            problems.append(f"{entry['path']}: SHA-256 does not match the manifest")
    if problems:
        raise BackupError("The backup is damaged: " + "; ".join(problems[:10]))
    return manifest


def database_holds_rows(engine: Engine) -> bool:
    """True when any table but Alembic's own holds a row."""
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            if table == "alembic_version":
                continue
            quoted = conn.dialect.identifier_preparer.quote(table)
            if conn.execute(text(f"SELECT 1 FROM {quoted} LIMIT 1")).first():  # noqa: S608 - a reflected name
                return True
    return False


def _drop_empty_schema(engine: Engine) -> None:
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)


def _restore_sqlite(engine: Engine, dump: Path) -> None:
    source = sqlite3.connect(dump)
    raw = engine.raw_connection()
    try:
        source.backup(raw.driver_connection)  # replaces the whole target database
    finally:
        raw.close()
        source.close()
    engine.dispose()


def _restore_postgresql(engine: Engine, dump: Path) -> None:
    _drop_empty_schema(engine)
    engine.dispose()
    args, env = _pg_command(engine.url, "pg_restore")
    _run(args + ["--exit-on-error", "--single-transaction", "--dbname", engine.url.database, str(dump)], env)


def restore_backup(engine: Engine, data_dir: Path, source: Path) -> dict:
    """Load a checked backup into an empty database and empty data folders; return the manifest."""
    source = Path(source)
    manifest = read_manifest(source)
    if manifest["engine"] != engine.dialect.name:
        raise BackupError(f"This backup is of a {manifest['engine']} database; the target is {engine.dialect.name}.")
    if database_holds_rows(engine):
        raise BackupError("The target database holds data: restore only into an empty database.")
    for folder in manifest["folders"]:
        if not _is_empty_dir(Path(data_dir) / folder):
            raise BackupError(f"{Path(data_dir) / folder} is not empty: restore only into empty folders.")
    dump = source / manifest["database"]
    if engine.dialect.name == "sqlite":
        _restore_sqlite(engine, dump)
    else:
        _restore_postgresql(engine, dump)
    for entry in manifest["files"]:
        folder = Path(entry["path"]).parts[0]
        if folder not in manifest["folders"]:
            continue
        target = Path(data_dir) / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / entry["path"], target)
        if sha256_of(target) != entry["sha256"]:
            raise BackupError(f"{target} does not match the manifest after copying.")
    return manifest
