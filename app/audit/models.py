"""Audit events: one row per created, changed or deleted domain record."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import UTCDateTime, utcnow
from app.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_record", "record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    face: Mapped[str] = mapped_column(String(10))  # page, api, cli, job
    action: Mapped[str] = mapped_column(String(10))  # create, update, delete
    record_type: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int] = mapped_column()
    record_label: Mapped[str] = mapped_column(String(300), default="")
    # {field: [old, new]}; values as JSON-friendly strings/numbers.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    # A change applied by sync (face "sync"): who made it on the node instance, and which node.
    author: Mapped[str | None] = mapped_column(String(300))
    author_node: Mapped[str | None] = mapped_column(String(20))

    user = relationship("User", lazy="joined")

    @property
    def readable_changes(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) as people read them (see app/audit/display.py)."""
        from app.audit.display import changes_of

        return changes_of(self)

    @property
    def action_label(self) -> str:
        from app.audit.display import action_label

        return action_label(self.action)

    @property
    def face_label(self) -> str:
        from app.audit.display import face_label

        return face_label(self.face)
