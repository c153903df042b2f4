"""Writes audit events from SQLAlchemy's flush, so no face can forget to.

Rows are inserted on the flushing connection, inside the same transaction as the change:
they commit or roll back with it. Bulk ``update()``/``delete()`` statements bypass this;
services must not use them on audited tables.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from flask import g, has_app_context, has_request_context, request
from flask_login import current_user
from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.core.db import Audited, utcnow


def set_face(face: str, user_id: int | None = None) -> None:
    """Declare who acts and through which face outside a web request (CLI, jobs)."""
    g.audit_face = face
    g.audit_user_id = user_id


def set_author(name: str | None, node_code: str | None = None) -> None:
    """A change applied by sync names its author on the node instance (None: no author beyond the user)."""
    g.audit_author = (name[:300], (node_code or "")[:20] or None) if name else None


def _actor() -> tuple[str, int | None]:
    if not has_app_context():
        return "cli", None
    face = g.get("audit_face")
    user_id = g.get("audit_user_id")
    if face is None and has_request_context():
        face = "api" if request.path.startswith("/api/") else "page"
    if user_id is None and has_request_context():
        user = current_user._get_current_object() if current_user else None
        if user is not None and getattr(user, "is_authenticated", False):
            user_id = user.id
    return face or "cli", user_id


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _column_changes(obj, creating: bool) -> dict:
    state = inspect(obj)
    excluded = set(getattr(obj, "__audit_exclude__", ()))
    changes = {}
    for attr in state.mapper.column_attrs:
        if attr.key in excluded:
            continue
        history = state.attrs[attr.key].history
        if creating:
            value = getattr(obj, attr.key)
            if value is not None and attr.key != "id":
                changes[attr.key] = [None, _plain(value)]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if _plain(old) != _plain(new):
                changes[attr.key] = [_plain(old), _plain(new)]
    return changes


def _collect(session: Session):
    rows = []
    for action, objects in (("create", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if not isinstance(obj, Audited):
                continue
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            changes = {} if action == "delete" else _column_changes(obj, action == "create")
            extra = getattr(obj, "audit_extra_changes", None)
            if extra and action != "delete":
                changes.update(extra())
            if action == "update" and not changes:
                continue
            rows.append((action, obj, changes))
    return rows


def _after_flush(session: Session, _context):
    # In after_flush the session still lists new/dirty/deleted objects and their
    # attribute history, and new rows already have their ids.
    pending = _collect(session)
    if not pending:
        return
    face, user_id = _actor()
    author, author_node = g.get("audit_author") if has_app_context() and g.get("audit_author") else (None, None)
    now = utcnow()
    values = [
        {
            "at": now, "user_id": user_id, "face": face, "action": action,
            "record_type": obj.__tablename__, "record_id": obj.id,
            "record_label": (obj.audit_label or "")[:300], "changes": changes,
            "author": author, "author_node": author_node,
        }
        for action, obj, changes in pending
    ]
    session.connection().execute(insert(AuditEvent.__table__), values)


def install(session_factory) -> None:
    """Attach the recorder to a session class or factory (done once by create_app)."""
    if not event.contains(session_factory, "after_flush", _after_flush):
        event.listen(session_factory, "after_flush", _after_flush)
