"""Declarative base, column types and mixins every domain model shares."""

import re
import sqlite3
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, MetaData, String, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


_CLOCK: ContextVar[datetime | None] = ContextVar("clock", default=None)


def utcnow() -> datetime:
    """Now, in UTC: the moment every default timestamp, workflow step, audit event and `today()` uses.
    Inside `clock_at(moment)` it is that moment instead."""
    return _CLOCK.get() or datetime.now(UTC)


@contextmanager
def clock_at(moment: datetime):
    """Run the block as if it were `moment` (timezone-aware): for replaying history through the
    domain services, e.g. the demo network's past quarterly reports. Nothing else sets the clock."""
    if moment.tzinfo is None:
        raise ValueError("clock_at needs a timezone-aware moment")
    token = _CLOCK.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _CLOCK.reset(token)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every engine (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC timestamp")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Versioned:
    """Optimistic locking: a stale write raises StaleDataError (shown as 409)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}


class Audited:
    """Marker: creates, updates and deletes of this model are written to the audit log."""

    __audit_exclude__: tuple[str, ...] = ("created_at", "updated_at", "version")

    @property
    def audit_label(self) -> str:
        return str(getattr(self, "name", None) or getattr(self, "title", None) or self.id)


_GIVEN_UIDS: ContextVar[dict[str, str] | None] = ContextVar("given_uids", default=None)


def new_uid() -> str:
    import uuid

    return str(uuid.uuid4())


def _default_uid(context) -> str:
    """A fresh UUID, or the one sync gives the next record of a table (see `given_uid`)."""
    given = _GIVEN_UIDS.get()
    if given and context.current_column is not None:
        uid = given.pop(context.current_column.table.name, None)
        if uid:
            return uid
    return new_uid()


@contextmanager
def given_uid(table: str, uid: str):
    """Records of `table` created inside take `uid` (the first one): a synced record keeps its global id."""
    token = _GIVEN_UIDS.set({table: uid})
    try:
        yield
    finally:
        _GIVEN_UIDS.reset(token)


class Synced:
    """A record that syncs between the hub and node instances: a global id beside the local one."""

    uid: Mapped[str] = mapped_column(String(36), default=_default_uid, unique=True, index=True, nullable=False)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy emit BEGIN itself (see _sqlite_begin) instead of pysqlite.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _takes_write_lock() -> bool:
    """Requests that may write, CLI commands and jobs lock for writing up front; page reads do not."""
    from flask import current_app, g, has_app_context, has_request_context, request

    if has_request_context():
        return request.method not in ("GET", "HEAD", "OPTIONS")
    if has_app_context() and g.get("audit_face") in ("job", "cli"):
        return True  # declared by set_face(): a job or a command that writes
    # The test suite's own thread only sets up and inspects data: it must not hold the
    # write lock while a live server thread answers a browser.
    return not (has_app_context() and current_app.testing)


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    # BEGIN IMMEDIATE: a read-then-write transaction waits (busy_timeout) for the lock
    # instead of failing at once with "database is locked" when it starts writing.
    # Reads (GET) begin deferred, so WAL lets them run beside a writer.
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _takes_write_lock() else "BEGIN")


@event.listens_for(Session, "before_flush")
def _refuse_unstorable(session, _context, _instances):
    """No text or number that app/core/text.py refuses reaches a table, whatever wrote it."""
    from app.core.errors import ValidationFailed
    from app.core.text import stored_problems

    problems: dict[str, list[str]] = {}
    for record in (*session.new, *session.dirty):
        for name, messages in stored_problems(record).items():
            problems.setdefault(name, []).extend(messages)
    if problems:
        first = next(iter(problems.values()))[0]
        raise ValidationFailed(first, problems)


def enum_type(enum_cls, length: int = 40):
    """A portable enum column: stored as its string value, checked by a constraint."""
    from sqlalchemy import Enum

    return Enum(enum_cls, native_enum=False, values_callable=lambda e: [m.value for m in e],
                length=length, validate_strings=True, create_constraint=True,
                name=enum_cls.__name__.lower())


class Archivable:
    """Records others refer to are archived, never deleted."""

    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w., ]+)")
_POSTGRES_KEY = re.compile(r"Key \((.+?)\)=")


def unique_violation_fields(error) -> list[str] | None:
    """The columns of the unique constraint an IntegrityError broke, or None for another integrity error.

    Safety net under the services' own uniqueness checks (a race between two writers): the
    caller turns it into a 409 naming the fields, like a `Duplicate` raised by a service.
    """
    message = str(getattr(error, "orig", error))
    if match := _SQLITE_UNIQUE.search(message):
        return [column.strip().rpartition(".")[2] for column in match.group(1).split(",")]
    if "unique constraint" in message.lower() or getattr(getattr(error, "orig", None), "sqlstate", None) == "23505":
        match = _POSTGRES_KEY.search(message)
        if match is None:
            return ["id"]
        return [re.sub(r"^\w+\(|\W.*$", "", column.strip()) or "id" for column in match.group(1).split(",")]
    return None


def duplicate_from(error):
    """The `Duplicate` (409) an IntegrityError on a unique constraint stands for, or None."""
    from app.core.errors import Duplicate

    fields = unique_violation_fields(error)
    if fields is None:
        return None
    message = "This value is already used by another record."
    return Duplicate(message, {name: [message] for name in fields})
