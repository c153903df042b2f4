"""A node's quarterly report, its review workflow, and the steps of that workflow.

Workflow: draft → submitted → accepted, or submitted → returned (with a comment) →
submitted again. Only drafts and returned reports can be edited. A step the state does
not allow raises Conflict (409). Each step is kept in `quarterly_report_steps` with who
did it, when, and the comment; every edit of the report is in the audit log.

The due date is fixed when the report is created, from its quarter (REPORT_DUE_DAYS after
the quarter ends), and never moves: not when the report is late, not when it is returned.

Timeliness is judged on the *first* submission: a report first submitted on or before its
due date is on time even if the secretariat returns it and it is resubmitted after the
due date — the node met the deadline and the rest is review. A report not yet submitted
is overdue once the due date has passed (days in UTC).
"""

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Enum, ForeignKey, Numeric, SmallInteger, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Archivable, Audited, Synced, Timestamped, UTCDateTime, Versioned, enum_type, utcnow
from app.core.errors import Conflict, ValidationFailed
from app.core.labels import LabeledEnum
from app.core.periods import Quarter
from app.extensions import db
from app.nodes.models import Node


class ReportStatus(LabeledEnum):
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    accepted = "accepted"

    __labels__ = {
        "draft": _l("Draft"),
        "submitted": _l("Submitted"),
        "returned": _l("Returned"),
        "accepted": _l("Accepted"),
    }


class Timeliness(LabeledEnum):
    on_time = "on_time"    # first submitted on or before the due date
    late = "late"          # first submitted after the due date
    pending = "pending"    # not submitted yet, not yet due
    overdue = "overdue"    # not submitted yet, past the due date

    __labels__ = {
        "on_time": _l("On time"),
        "late": _l("Late"),
        "pending": _l("Not yet due"),
        "overdue": _l("Overdue"),
    }


EDITABLE = frozenset({ReportStatus.draft, ReportStatus.returned})

INTEGER_FIGURES = ("scenes_received", "scenes_distributed", "users_registered", "users_active",
                   "organizations_served", "data_requests", "trainings_held", "people_trained", "events_held")
DECIMAL_FIGURES = ("data_volume_gb", "area_km2", "t1_push_percent")
FIGURES = ("scenes_received", "scenes_distributed", "data_volume_gb", "area_km2", "users_registered",
           "users_active", "organizations_served", "data_requests", "t1_push_percent", "trainings_held",
           "people_trained", "events_held")
TEXTS = ("highlights", "problems", "needs")
TEXT_MAX = 10000


def timeliness_of(first_submitted_at: datetime | None, due_on: date, on: date) -> Timeliness:
    """On time, late, pending or overdue, for a report (or a missing one: first_submitted_at None)."""
    if first_submitted_at is not None:
        return Timeliness.late if first_submitted_at.date() > due_on else Timeliness.on_time
    return Timeliness.overdue if on > due_on else Timeliness.pending


class QuarterlyReport(Audited, Versioned, Timestamped, Synced, db.Model):
    __tablename__ = "quarterly_reports"
    __table_args__ = (
        UniqueConstraint("node_id", "year", "quarter", name="uq_quarterly_reports_node_period"),
        CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter_range"),
        CheckConstraint("t1_push_percent IS NULL OR (t1_push_percent >= 0 AND t1_push_percent <= 100)",
                        name="t1_push_percent_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("nodes.id"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    quarter: Mapped[int] = mapped_column(SmallInteger)
    status: Mapped[ReportStatus] = mapped_column(enum_type(ReportStatus), default=ReportStatus.draft, index=True)
    due_on: Mapped[date]
    first_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_comment: Mapped[str | None] = mapped_column(Text)

    # Figures: empty (NULL) means "not available", never zero.
    scenes_received: Mapped[int | None]
    scenes_distributed: Mapped[int | None]
    data_volume_gb: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    area_km2: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    users_registered: Mapped[int | None]
    users_active: Mapped[int | None]
    organizations_served: Mapped[int | None]
    data_requests: Mapped[int | None]
    t1_push_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    trainings_held: Mapped[int | None]
    people_trained: Mapped[int | None]
    events_held: Mapped[int | None]
    highlights: Mapped[str | None] = mapped_column(Text, info={"max_length": TEXT_MAX})
    problems: Mapped[str | None] = mapped_column(Text, info={"max_length": TEXT_MAX})
    needs: Mapped[str | None] = mapped_column(Text, info={"max_length": TEXT_MAX})

    node: Mapped[Node] = relationship(lazy="joined")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id])
    steps: Mapped[list["QuarterlyReportStep"]] = relationship(
        back_populates="report", cascade="all, delete-orphan",
        order_by="(QuarterlyReportStep.at, QuarterlyReportStep.id)")

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def owner_node_id(self) -> int:
        return self.node_id

    @property
    def audit_label(self) -> str:
        return f"{self.node.code} {self.label}" if self.node is not None else self.label

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    def timeliness(self, on: date) -> Timeliness:
        return timeliness_of(self.first_submitted_at, self.due_on, on)

    def is_late(self, on: date) -> bool:
        """Submitted after its due date, or not submitted and the due date has passed."""
        return self.timeliness(on) in (Timeliness.late, Timeliness.overdue)

    def figures(self) -> dict:
        return {name: getattr(self, name) for name in FIGURES}

    # The workflow: each step checks the state, changes it, and records who and when.

    def ensure_editable(self) -> None:
        if not self.is_editable:
            raise Conflict(f"This report is {self.status.value}; only drafts and returned reports can be edited.",
                           {"status": [f"is {self.status.value}"]})

    def require_status(self, allowed, to: ReportStatus) -> None:
        if self.status not in allowed:
            raise Conflict(f"A {self.status.value} report cannot be {to.value}.",
                           {"status": [f"is {self.status.value}"]})

    def _step(self, allowed, to: ReportStatus, user, comment: str | None) -> datetime:
        self.require_status(allowed, to)
        now = utcnow()
        self.steps.append(QuarterlyReportStep(from_status=self.status, status=to, at=now,
                                              user_id=getattr(user, "id", None), comment=comment))
        self.status = to
        return now

    def submit(self, user) -> None:
        """draft or returned → submitted."""
        now = self._step(EDITABLE, ReportStatus.submitted, user, None)
        self.submitted_at = now
        self.submitted_by_id = getattr(user, "id", None)
        if self.first_submitted_at is None:
            self.first_submitted_at = now

    def accept(self, user, comment: str | None = None) -> None:
        """submitted → accepted."""
        self.reviewed_at = self._step({ReportStatus.submitted}, ReportStatus.accepted, user, comment or None)
        self.reviewed_by_id = getattr(user, "id", None)
        self.review_comment = comment or None

    def send_back(self, user, comment: str) -> None:
        """submitted → returned, with the comment the node must answer."""
        self.require_status({ReportStatus.submitted}, ReportStatus.returned)
        comment = (comment or "").strip()
        if not comment:
            raise ValidationFailed.on("comment", "Say what the node should change.")
        if len(comment) > TEXT_MAX:
            raise ValidationFailed.on("comment", f"Use at most {TEXT_MAX} characters.")
        self.reviewed_at = self._step({ReportStatus.submitted}, ReportStatus.returned, user, comment)
        self.reviewed_by_id = getattr(user, "id", None)
        self.review_comment = comment


# A second check constraint on the same table needs its own name.
_FROM_STATUS = Enum(ReportStatus, native_enum=False, values_callable=lambda e: [m.value for m in e], length=40,
                    validate_strings=True, create_constraint=True, name="from_status")


class QuarterlyReportStep(Synced, db.Model):
    """One step of a report's workflow: who moved it from which status to which, when, and why."""

    __tablename__ = "quarterly_report_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("quarterly_reports.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[ReportStatus] = mapped_column(_FROM_STATUS)
    status: Mapped[ReportStatus] = mapped_column(enum_type(ReportStatus))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    comment: Mapped[str | None] = mapped_column(Text)

    report: Mapped[QuarterlyReport] = relationship(back_populates="steps")
    user = relationship("User", lazy="joined")


class PeriodLock(Audited, Archivable, Versioned, Timestamped, Synced, db.Model):
    """A quarter the secretariat has closed: its reports no longer change. Unlocking archives the lock.

    Hub-owned: locks flow down to node instances, which then refuse edits of that quarter too.
    """

    __tablename__ = "period_locks"
    __table_args__ = (UniqueConstraint("year", "quarter", name="uq_period_locks_quarter"),
                      CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    quarter: Mapped[int] = mapped_column(SmallInteger)
    reason: Mapped[str | None] = mapped_column(Text)
    locked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owner_node_id = None

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def audit_label(self) -> str:
        return self.period.label
