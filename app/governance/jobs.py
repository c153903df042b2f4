"""Reminders of action items: once before the fixed due date, once after it while still open.

The scheduled job that calls this (`action_reminders`) is registered in app/jobs/reminders.py,
since the jobs layer sits above the domains.

Each notice's key names the item and its due date, so running the job again — the same day,
a later day of the window, or on two racing schedulers — creates nothing new. The due date
never moves, so neither do the reminders.
"""

from datetime import date

from flask import current_app
from flask_babel import force_locale, format_date
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.auth.models import Role, User
from app.extensions import db
from app.governance.models import ActionItem, ActionStatus
from app.notifications.models import NoticeKind
from app.notifications.services import notify


def _day(value: date) -> str:
    with force_locale("en"):
        return format_date(value, "medium")


def _users_with_email(email: str | None) -> list[User]:
    if not email:
        return []
    return list(db.session.scalars(select(User).where(func.lower(User.email) == email.strip().lower(),
                                                      User.is_active_account.is_(True))))


def _secretariat() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.secretariat,
                                                      User.is_active_account.is_(True)).order_by(User.id)))


def remind_action_items(today: date) -> tuple[int, int]:
    """Owners: an open item due within ACTION_REMINDER_DAYS; owners and secretariat: an open item past due."""
    window = current_app.config["ACTION_REMINDER_DAYS"]
    items = db.session.scalars(select(ActionItem).where(ActionItem.status == ActionStatus.open)
                               .options(selectinload(ActionItem.owner), selectinload(ActionItem.body))
                               .order_by(ActionItem.due_on, ActionItem.id)).all()
    secretariat = _secretariat()
    due = overdue = 0
    for item in items:
        days = (item.due_on - today).days
        owners = _users_with_email(item.owner.email)
        link = f"/governance/actions/{item.id}"
        if 0 <= days <= window:
            due += notify(owners, NoticeKind.action_due,
                          f"Action item \"{item.title}\" ({item.body.code}) is due on {_day(item.due_on)} "
                          f"(in {days} day{'s' if days != 1 else ''}).",
                          key=f"action_due:{item.id}:{item.due_on.isoformat()}", link=link)
        elif days < 0:
            overdue += notify(owners + secretariat, NoticeKind.action_overdue,
                              f"Action item \"{item.title}\" ({item.body.code}) of {item.owner.name} was due on "
                              f"{_day(item.due_on)} and is still open.",
                              key=f"action_overdue:{item.id}:{item.due_on.isoformat()}", link=link)
    return due, overdue

