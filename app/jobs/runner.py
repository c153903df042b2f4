"""Running a job once per period: claim the (job, period) row, act, log the outcome.

`run_job(name, today)` is what the scheduler calls, and what tests and `flask jobs run`
call with a date of their choosing.
"""

import logging
import os
import socket
import traceback
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.audit.recorder import set_face
from app.core.db import utcnow
from app.core.languages import Message
from app.extensions import db
from app.jobs.models import JobRun, RunStatus
from app.jobs.registry import JOBS, Job

log = logging.getLogger("csdr.jobs")


def catalog() -> dict[str, Job]:
    """Every registered job, by name."""
    from app.jobs import datarequests, drafts, reminders, sync, tasks  # noqa: F401  (they register their jobs)

    return JOBS


def local_now() -> datetime:
    """Now, in the scheduler's time zone (the day a job acts for is a local day)."""
    return datetime.now(ZoneInfo(current_app.config["SCHEDULER_TIMEZONE"]))


def _worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def claim(name: str, period: str) -> JobRun | None:
    """Insert the (job, period) row, or take over a failed or abandoned one; None if another has it."""
    db.session.commit()
    run = JobRun(job=name, period=period, status=RunStatus.running, started_at=utcnow(), worker=_worker())
    db.session.add(run)
    try:
        db.session.commit()
        return run
    except IntegrityError:
        db.session.rollback()
    existing = db.session.scalar(select(JobRun).where(JobRun.job == name, JobRun.period == period))
    if existing is None:
        return None
    stale = utcnow() - timedelta(hours=current_app.config["JOB_STALE_HOURS"])
    retryable = existing.status == RunStatus.failed or (
        existing.status == RunStatus.running and existing.started_at < stale)
    if not retryable:
        db.session.rollback()
        return None
    # Take over only if nobody else did in between: the row must be exactly as read.
    taken = db.session.execute(
        update(JobRun)
        .where(JobRun.id == existing.id, JobRun.status == existing.status, JobRun.attempts == existing.attempts)
        .values(status=RunStatus.running, started_at=utcnow(), finished_at=None, attempts=existing.attempts + 1,
                worker=_worker(), summary=None, error=None)
    ).rowcount == 1
    db.session.commit()
    if not taken:
        return None
    db.session.refresh(existing)
    return existing


def _finish(run_id: int, status: RunStatus, summary: str | None = None, error: str | None = None) -> JobRun:
    run = db.session.get(JobRun, run_id)
    run.status = status
    run.finished_at = utcnow()
    run.summary = summary
    run.error = error
    db.session.commit()
    return run


def _tell_admins(run: JobRun) -> None:
    from app.auth.models import Role, User
    from app.notifications.models import NoticeKind
    from app.notifications.services import notify

    admins = db.session.scalars(select(User).where(User.role == Role.admin)).all()
    last_line = (run.error or "").strip().splitlines()[-1:] or [""]
    notify(admins, NoticeKind.job_failed, Message("The scheduled job %(job)s (%(period)s) failed: %(error)s",
                                                  job=run.job, period=run.period, error=last_line[0][:300]),
           key=f"job_failed:{run.job}:{run.period}:{run.attempts}", link="/admin/jobs")
    db.session.commit()


def run_job(name: str, today: date | None = None, now: datetime | None = None) -> JobRun | None:
    """Run a job for the period `today` falls in, unless it already ran for it; the run row, or None."""
    job_def = catalog()[name]
    now = now or local_now()
    today = today or now.date()
    period = job_def.period(today, now)
    if period is None:
        return None
    run = claim(name, period)
    if run is None:
        log.info("job %s for %s: already claimed, skipped", name, period)
        return None
    run_id = run.id
    db.session.commit()  # hold no transaction into the action (on SQLite it would hold the write lock)
    set_face("job")
    log.info("job %s for %s: started", name, period)
    try:
        summary = job_def.action(today)
        db.session.commit()
    except Exception:  # noqa: BLE001 - a failing job is logged and kept for a retry, never crashes the scheduler
        db.session.rollback()
        log.exception("job %s for %s failed", name, period)
        run = _finish(run_id, RunStatus.failed, error=traceback.format_exc()[-4000:])
        try:
            _tell_admins(run)
        except Exception:  # noqa: BLE001 - the failure is already logged and recorded
            db.session.rollback()
            log.exception("could not notify admins of the failed job %s", name)
        return run
    run = _finish(run_id, RunStatus.succeeded, summary=summary)
    log.info("job %s for %s: %s", name, period, summary)
    return run
