"""Reads of notices for the bell, the list and the mailer."""

from sqlalchemy import func, select

from app.extensions import db
from app.notifications.models import Notification


def unread_count(user) -> int:
    """How many notices the user has not read."""
    return db.session.scalar(
        select(func.count(Notification.id)).where(Notification.recipient_id == user.id,
                                                  Notification.read_at.is_(None))
    ) or 0


def notices_query(user, unread_only: bool = False):
    """The user's notices, newest first."""
    query = select(Notification).where(Notification.recipient_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())
