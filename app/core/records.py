"""Small pieces every write service uses: version checks, field assignment, archiving."""

from sqlalchemy import func, select

from app.core.db import utcnow
from app.core.errors import StaleVersion, ValidationFailed
from app.extensions import db


def check_version(record, version) -> None:
    """Refuse a write based on a stale read (optimistic locking)."""
    if version is None:
        raise ValidationFailed.on("version", "The version you last read is required.")
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise ValidationFailed.on("version", "The version must be a whole number.") from None
    if version != record.version:
        raise StaleVersion()


def assign(record, data: dict, fields) -> None:
    """Copy the given fields of data onto the record; fields absent from data stay as they are."""
    for name in fields:
        if name in data:
            setattr(record, name, data[name])


def add_record(record, data: dict, fields):
    """Fill a new record from data, add it and flush, so its id is known."""
    assign(record, data, fields)
    db.session.add(record)
    db.session.flush()
    return record


def change_record(record, data: dict, fields):
    """Copy the given fields onto an existing record and flush (a stale version fails here)."""
    assign(record, data, fields)
    db.session.flush()
    return record


def archive(record) -> None:
    """Archive instead of delete (others refer to the record); flushes."""
    if record.archived_at is None:
        record.archived_at = utcnow()
    db.session.flush()


def unarchive(record) -> None:
    record.archived_at = None


def exists_other(model, column, value, record_id=None, *, case_insensitive=False) -> bool:
    """Is there another record of the model with this value in a unique column?"""
    if value is None:
        return False
    condition = func.lower(column) == value.lower() if case_insensitive else column == value
    query = select(model.id).where(condition)
    if record_id is not None:
        query = query.where(model.id != record_id)
    return db.session.execute(query.limit(1)).first() is not None
