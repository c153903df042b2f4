"""Appends every change of a synced record to the feed, from the flush, in the same transaction."""

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from app.core.db import Archivable, Synced, utcnow
from app.sync.models import SyncChange

# The sync type of each synced table (the names the feed and API.md use).
TYPES = {
    "organizations": "organization", "people": "person", "nodes": "node", "agreements": "agreement",
    "quarterly_reports": "quarterly_report", "quarterly_report_steps": "report_step",
    "contributions": "contribution", "trainees": "trainee", "events": "event", "cases": "case",
    "exchange_rates": "exchange_rate", "period_locks": "period_lock", "reports": "report",
}
HUB_TABLES = ("organizations", "people", "nodes", "agreements", "quarterly_report_steps", "exchange_rates",
              "period_locks", "reports")


def owner_node_id(obj) -> int | None:
    """The node that owns (writes) a record; None for a hub-owned one."""
    table = obj.__tablename__
    if table in HUB_TABLES:
        return None
    return getattr(obj, "node_id", None)


def _actor() -> tuple[str | None, int | None]:
    from flask import g, has_app_context

    return (g.get("audit_face"), g.get("audit_user_id")) if has_app_context() else (None, None)


def _after_flush(session: Session, _context):
    rows = []
    now = utcnow()
    face = user_id = None
    for objects, deleted in ((session.new, False), (session.dirty, False), (session.deleted, True)):
        for obj in objects:
            if not isinstance(obj, Synced) or obj.__tablename__ not in TYPES:
                continue
            if not deleted and obj in session.dirty and not session.is_modified(obj, include_collections=False):
                continue
            if face is None:
                face, user_id = _actor()
                face = face or "-"
            archived = deleted or (isinstance(obj, Archivable) and obj.archived_at is not None)
            rows.append({"type": TYPES[obj.__tablename__], "uid": obj.uid, "record_id": obj.id,
                         "version": getattr(obj, "version", None) or 1, "op": "archive" if archived else "upsert",
                         "changed_at": now, "node_id": owner_node_id(obj),
                         "face": None if face == "-" else face,
                         "user_id": user_id if face == "sync" else None})
    if rows:
        session.connection().execute(insert(SyncChange.__table__), rows)


def install(session_factory) -> None:
    if not event.contains(session_factory, "after_flush", _after_flush):
        event.listen(session_factory, "after_flush", _after_flush)
