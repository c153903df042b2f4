"""Period locks: a quarter the secretariat has closed, whose reports no longer change (issue 12).

Locking again a quarter that was unlocked brings the same lock back (the lock is archived when
unlocked, so node instances mirror both). The hub owns locks; node instances apply them from sync.
"""

from sqlalchemy import select

from app.auth import policy
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound
from app.core.periods import Quarter
from app.core.records import archive, unarchive
from app.extensions import db
from app.nodes.quarterly.models import PeriodLock


def find_lock(quarter: Quarter) -> PeriodLock | None:
    return db.session.scalar(select(PeriodLock).where(PeriodLock.year == quarter.year,
                                                      PeriodLock.quarter == quarter.number))


def is_locked(quarter: Quarter) -> bool:
    lock = find_lock(quarter)
    return lock is not None and lock.archived_at is None


def refuse_if_locked(quarter: Quarter) -> None:
    """409 for a change of a closed quarter's report."""
    if is_locked(quarter):
        raise Conflict(f"{quarter.label} is closed by the secretariat; its reports no longer change.",
                       {"quarter": ["the quarter is closed"]})


def active_locks() -> list[PeriodLock]:
    return db.session.scalars(select(PeriodLock).where(PeriodLock.archived_at.is_(None))
                              .order_by(PeriodLock.year, PeriodLock.quarter)).all()


def list_locks(user) -> list[PeriodLock]:
    """The closed quarters, for those who may see them (page and API)."""
    policy.require(policy.may_view_period_locks(user))
    return active_locks()


def lock_period(user, quarter: Quarter, reason: str | None = None) -> PeriodLock:
    """Close a quarter (staff, on the hub); locking a closed quarter again changes nothing."""
    policy.require(policy.may_lock_period(user), "You may not close quarters.")
    lock = find_lock(quarter)
    if lock is None:
        lock = PeriodLock(year=quarter.year, quarter=quarter.number)
        db.session.add(lock)
    elif lock.archived_at is None:
        return lock
    else:
        unarchive(lock)
    lock.reason = (reason or "").strip()[:2000] or None
    lock.locked_at = utcnow()
    db.session.flush()
    return lock


def unlock_period(user, quarter: Quarter) -> PeriodLock:
    """Open a closed quarter again (the lock is archived, so node instances open it too)."""
    policy.require(policy.may_lock_period(user), "You may not open quarters.")
    lock = find_lock(quarter)
    if lock is None or lock.archived_at is not None:
        raise NotFound("This quarter is not closed.")
    archive(lock)
    return lock
