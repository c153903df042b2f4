"""Notices to one user, and each user's choice of which kinds also come by e-mail."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, enum_type, utcnow
from app.core.labels import LabeledEnum
from app.extensions import db


class NoticeKind(LabeledEnum):
    report_due = "report_due"
    report_overdue = "report_overdue"
    report_returned = "report_returned"
    agreement_expiry = "agreement_expiry"
    agreement_notice = "agreement_notice"
    report_drafted = "report_drafted"
    job_failed = "job_failed"
    report_submitted = "report_submitted"
    report_accepted = "report_accepted"
    action_due = "action_due"
    action_overdue = "action_overdue"
    data_request_waiting = "data_request_waiting"
    delivery_unconfirmed = "delivery_unconfirmed"

    __labels__ = {
        "report_due": _l("A quarterly report is due soon"),
        "report_overdue": _l("A quarterly report is overdue"),
        "report_returned": _l("A returned quarterly report is waiting"),
        "agreement_expiry": _l("An agreement is nearing its expiry"),
        "agreement_notice": _l("An agreement's notice date is near"),
        "report_drafted": _l("A seasonal or annual report was drafted"),
        "job_failed": _l("A scheduled job failed"),
        "report_submitted": _l("A quarterly report was submitted for review"),
        "report_accepted": _l("A quarterly report was accepted"),
        "action_due": _l("An action item of yours is due soon"),
        "action_overdue": _l("An action item is overdue"),
        "data_request_waiting": _l("A data request waits for a decision"),
        "delivery_unconfirmed": _l("Delivered data waits for confirmation of receipt"),
    }


KIND_LABELS = {kind: NoticeKind.__labels__[kind.value] for kind in NoticeKind}


class Notification(db.Model):
    __tablename__ = "notifications"
    # The key names the event ("report_due:LAO:2025Q3"); one notice per recipient and key,
    # so a job that runs twice creates nothing the second time.
    __table_args__ = (UniqueConstraint("recipient_id", "key", name="uq_notifications_recipient_key"),
                      Index("ix_notifications_unread", "recipient_id", "read_at"),
                      Index("ix_notifications_unsent", "emailed_at", "email_attempts"))

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NoticeKind] = mapped_column(enum_type(NoticeKind))
    key: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(String(500))
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_attempts: Mapped[int] = mapped_column(default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)

    recipient = relationship("User")

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


class EmailPreference(db.Model):
    """A user's explicit choice for one kind; no row means the default (e-mail on)."""

    __tablename__ = "email_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_email_preferences_user_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NoticeKind] = mapped_column(enum_type(NoticeKind))
    by_email: Mapped[bool] = mapped_column(default=True)
