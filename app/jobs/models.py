"""One row per run of a scheduled job: the claim that makes it run once per period, and its log."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import UTCDateTime, enum_type, utcnow
from app.core.labels import LabeledEnum
from app.extensions import db


class RunStatus(LabeledEnum):
    running = "running"
    succeeded = "succeeded"
    failed = "failed"

    __labels__ = {
        "running": _l("Running"),
        "succeeded": _l("Succeeded"),
        "failed": _l("Failed"),
    }


class JobRun(db.Model):
    __tablename__ = "job_runs"
    # The claim: a job acts for a period only after inserting this row, so two schedulers
    # started by mistake still run each job once per period.
    __table_args__ = (UniqueConstraint("job", "period", name="uq_job_runs_job_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    period: Mapped[str] = mapped_column(String(40))
    status: Mapped[RunStatus] = mapped_column(enum_type(RunStatus), default=RunStatus.running)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=1)
    worker: Mapped[str] = mapped_column(String(120), default="")
    summary: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
