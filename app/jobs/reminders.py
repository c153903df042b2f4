"""The daily reminders: quarterly reports due soon, overdue, or returned and waiting; agreements
nearing their expiry or their notice date.

Each notice's key names the event (node, quarter, threshold …), so running the job again,
or on a later day of the same window, creates nothing new. The due date comes from the
report (fixed when it was created) or, for a report not started yet, from its quarter:
it never drifts because a report is late or returned.
"""

from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale, format_date
from sqlalchemy import select

from app.agreements.models import Agreement, AgreementStatus
from app.agreements.state import is_in_force, last_day
from app.auth.models import Role, User
from app.extensions import db
from app.jobs.runner import at, daily, job
from app.notifications.models import NoticeKind
from app.notifications.services import notify


def _day(value: date) -> str:
    with force_locale("en"):
        return format_date(value, "medium")


def _users(*roles: Role) -> list[User]:
    return list(db.session.scalars(select(User).where(User.role.in_(roles), User.is_active_account.is_(True))
                                   .order_by(User.id)))


def _threshold(days: int, thresholds: tuple[int, ...]) -> int | None:
    """The tightest threshold reached (days ≤ threshold), or None when none is."""
    reached = [t for t in thresholds if 0 <= days <= t]
    return min(reached) if reached else None


def remind_agreements(today: date) -> tuple[int, int]:
    """Secretariat: an active agreement 180/90/30 days before its last day, and before its notice date."""
    thresholds = current_app.config["AGREEMENT_REMINDER_DAYS"]
    secretariat = _users(Role.secretariat)
    expiring = noticing = 0
    for agreement in db.session.scalars(
            select(Agreement).where(Agreement.status == AgreementStatus.active, Agreement.expires_on.is_not(None),
                                    Agreement.expires_on >= today)
            .order_by(Agreement.id)):
        end = last_day(agreement)
        if end is None or not is_in_force(agreement, today):
            continue
        label = f"{agreement.reference} ({agreement.title})"
        link = f"/agreements/{agreement.id}"
        days = (end - today).days
        if (threshold := _threshold(days, thresholds)) is not None:
            expiring += notify(secretariat, NoticeKind.agreement_expiry,
                               f"Agreement {label} ends on {_day(end)}, in {days} days"
                               + (" (it renews itself unless notice is given)." if agreement.auto_renew else "."),
                               key=f"agreement_expiry:{agreement.id}:{end.isoformat()}:{threshold}", link=link)
        if agreement.notice_days:
            notice_on = end - timedelta(days=agreement.notice_days)
            days = (notice_on - today).days
            if (threshold := _threshold(days, thresholds)) is not None:
                noticing += notify(secretariat, NoticeKind.agreement_notice,
                                   f"The notice date of agreement {label} is {_day(notice_on)}, in {days} days: "
                                   f"notice to end or renegotiate it must be given by then (it ends on {_day(end)}).",
                                   key=f"agreement_notice:{agreement.id}:{notice_on.isoformat()}:{threshold}",
                                   link=link)
    return expiring, noticing


@job("reminders", "Remind of agreements nearing their end.",
     period=daily, trigger=at("REMINDER_TIME"))
def send_reminders(today: date) -> str:
    """Create today's reminder notices (the e-mail job mails them)."""
    expiring, noticing = remind_agreements(today)
    return f"{expiring} expiry and {noticing} notice-date notice(s)"
