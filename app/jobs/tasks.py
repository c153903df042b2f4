"""The scheduled jobs that stand on their own: e-mail delivery, the nightly backup, housekeeping.

The reminders and the report drafts are in reminders.py and drafts.py.
"""

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete

from app.backups.archive import MANIFEST, write_backup
from app.core.db import utcnow
from app.extensions import db
from app.jobs.models import JobRun, RunStatus
from app.jobs.registry import at, daily, job
from app.notifications.mail import deliver_pending
from app.reports.services import forget_unreferenced_pdfs
from app.sync.blobs import forget_stale_parts


def _mail_slot(_today: date, now: datetime) -> str:
    minutes = current_app.config["MAIL_RETRY_MINUTES"]
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    elapsed = int((now - midnight).total_seconds() // 60)
    return (midnight + timedelta(minutes=elapsed - elapsed % minutes)).strftime("%Y-%m-%dT%H:%M")


def _every_mail_slot(config: dict) -> tuple[str, dict]:
    return "interval", {"minutes": config["MAIL_RETRY_MINUTES"]}


@job("email", "Mail the notices not yet mailed; retry those that failed.", period=_mail_slot,
     trigger=_every_mail_slot)
def send_email(_today: date) -> str:
    """Deliver pending notices by e-mail."""
    return str(deliver_pending())


def _prune_backups(root: Path, keep: int) -> int:
    complete = sorted((p for p in root.iterdir() if p.is_dir() and (p / MANIFEST).exists()), reverse=True)
    for old in complete[keep:]:
        shutil.rmtree(old)
    return max(0, len(complete) - keep)


@job("backup", "Back up the database and documents; keep the newest copies.", period=daily, trigger=at("BACKUP_TIME"))
def nightly_backup(today: date) -> str:
    """Write tonight's backup folder, drop the oldest, and forget old job runs."""
    config = current_app.config
    root = Path(config["BACKUP_DIR"])
    root.mkdir(parents=True, exist_ok=True)
    out = root / today.isoformat()
    if out.exists() and not (out / MANIFEST).exists():
        shutil.rmtree(out)  # left by a run that died half-way
    manifest = write_backup(db.engine, Path(config["CSDR_DATA_DIR"]), out)
    pruned = _prune_backups(root, config["BACKUP_KEEP"])
    cutoff = utcnow() - timedelta(days=config["JOB_RUN_KEEP_DAYS"])
    forgotten = db.session.execute(
        delete(JobRun).where(JobRun.started_at < cutoff, JobRun.status != RunStatus.running)).rowcount
    parts = forget_stale_parts(config["SYNC_PART_KEEP_DAYS"])
    pdfs = forget_unreferenced_pdfs()
    size = sum(entry["size"] for entry in manifest["files"])
    return (f"backup {out} ({len(manifest['files'])} files, {size} bytes); "
            f"{pruned} old backup(s) removed; {forgotten} old job run(s) forgotten; "
            f"{parts} unfinished transfer(s) removed; {pdfs} unreferenced report PDF(s) removed")
