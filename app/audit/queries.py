"""Reads of the audit log."""

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db


def history_of(record, limit: int = 100) -> list[AuditEvent]:
    """The audit events of one record, newest first."""
    return db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.record_type == record.__tablename__, AuditEvent.record_id == record.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    ).all()


def audit_query(record_type=None, user_id=None, face=None, action=None, since=None, until=None):
    query = select(AuditEvent)
    if record_type:
        query = query.where(AuditEvent.record_type == record_type)
    if user_id:
        query = query.where(AuditEvent.user_id == user_id)
    if face:
        query = query.where(AuditEvent.face == face)
    if action:
        query = query.where(AuditEvent.action == action)
    if since:
        query = query.where(AuditEvent.at >= since)
    if until:
        query = query.where(AuditEvent.at < until)
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
