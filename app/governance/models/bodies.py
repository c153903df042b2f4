"""Bodies of the network, their members and meetings, decisions and action items."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Archivable, Audited, Timestamped, UTCDateTime, Versioned, enum_type, utcnow
from app.core.linked import LinkedChanges
from app.extensions import db
from app.governance.models.labels import ActionStatus, BodyKind, DecisionStatus, MemberRole
from app.partners.models import Organization, Person


class Body(Audited, Archivable, Versioned, Timestamped, db.Model):
    """The board, an advisory committee, the secretariat, the joint research centre or a working group."""

    __tablename__ = "governance_bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)  # numbers its decisions: B-2026-03
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[BodyKind] = mapped_column(enum_type(BodyKind))
    description: Mapped[str | None] = mapped_column(Text, info={"max_length": 5000})
    established_on: Mapped[date | None]

    members: Mapped[list["Membership"]] = relationship(back_populates="body", order_by="Membership.term_from")
    meetings: Mapped[list["Meeting"]] = relationship(back_populates="body", order_by="Meeting.held_on.desc()")

    def members_on(self, day: date) -> list["Membership"]:
        """The memberships whose term covers the day."""
        return [m for m in self.members if m.covers(day)]

    def chair_on(self, day: date) -> "Membership | None":
        return next((m for m in self.members_on(day) if m.role == MemberRole.chair), None)


class Membership(Audited, Versioned, Timestamped, db.Model):
    """A person or an organization on a body, in a role, for a term (an open end: still serving)."""

    __tablename__ = "governance_memberships"
    __table_args__ = (CheckConstraint("person_id IS NOT NULL OR organization_id IS NOT NULL", name="member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("governance_bodies.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_type(MemberRole), default=MemberRole.member)
    term_from: Mapped[date]
    term_to: Mapped[date | None]

    body: Mapped[Body] = relationship(back_populates="members")
    person: Mapped[Person | None] = relationship()
    organization: Mapped[Organization | None] = relationship()

    def covers(self, day: date) -> bool:
        return self.term_from <= day and (self.term_to is None or day <= self.term_to)

    @property
    def member_name(self) -> str:
        if self.person is not None:
            org = self.person.organization or self.organization
            return f"{self.person.name} ({org.acronym or org.name})" if org else self.person.name
        return self.organization.display_name if self.organization else ""

    @property
    def audit_label(self) -> str:
        return f"{self.body.code if self.body else self.body_id}: {self.member_name}"


meeting_attendees = Table(
    "governance_meeting_attendees", db.metadata,
    Column("meeting_id", ForeignKey("governance_meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id"), primary_key=True, index=True),
)


@dataclass(frozen=True)
class Quorum:
    """More than half of the voting members (chair, vice-chair, members; not observers) on the day attend.

    An organization that is a member attends when one of its people attends.
    """

    members: int
    present: int

    @property
    def needed(self) -> int:
        return self.members // 2 + 1

    @property
    def reached(self) -> bool:
        return self.members > 0 and self.present >= self.needed


class Meeting(LinkedChanges, Audited, Archivable, Versioned, Timestamped, db.Model):
    __tablename__ = "governance_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("governance_bodies.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[date] = mapped_column(index=True)
    place: Mapped[str | None] = mapped_column(String(200))
    is_online: Mapped[bool] = mapped_column(default=False)
    agenda: Mapped[str | None] = mapped_column(Text, info={"max_length": 10000})
    notes: Mapped[str | None] = mapped_column(Text, info={"max_length": 10000})

    body: Mapped[Body] = relationship(back_populates="meetings")
    attendees: Mapped[list[Person]] = relationship(secondary=meeting_attendees, order_by=Person.name)
    decisions: Mapped[list["Decision"]] = relationship(back_populates="meeting", order_by="Decision.number")
    action_items: Mapped[list["ActionItem"]] = relationship(back_populates="meeting", order_by="ActionItem.due_on")

    @property
    def attendee_ids(self) -> list[int]:
        return [p.id for p in self.attendees]

    def quorum(self) -> Quorum:
        voting = [m for m in self.body.members_on(self.held_on) if m.role != MemberRole.observer]
        people = {p.id for p in self.attendees}
        organizations = {p.organization_id for p in self.attendees if p.organization_id}
        present = sum(1 for m in voting
                      if (m.person_id in people if m.person_id is not None else m.organization_id in organizations))
        return Quorum(members=len(voting), present=present)


class Decision(Audited, Versioned, Timestamped, db.Model):
    """A decision of a body, numbered per body and year: B-2026-03."""

    __tablename__ = "governance_decisions"
    __table_args__ = (UniqueConstraint("body_id", "year", "number", name="uq_governance_decisions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("governance_bodies.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("governance_meetings.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    decided_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str | None] = mapped_column(Text, info={"max_length": 20000})
    status: Mapped[DecisionStatus] = mapped_column(enum_type(DecisionStatus), default=DecisionStatus.adopted)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("governance_decisions.id"), index=True)

    body: Mapped[Body] = relationship()
    meeting: Mapped[Meeting | None] = relationship(back_populates="decisions")
    supersedes: Mapped["Decision | None"] = relationship(remote_side=[id], foreign_keys=[supersedes_id])
    action_items: Mapped[list["ActionItem"]] = relationship(back_populates="decision", order_by="ActionItem.due_on")

    @property
    def reference(self) -> str:
        return f"{self.body.code}-{self.year}-{self.number:02d}"

    @property
    def audit_label(self) -> str:
        return f"{self.reference} {self.title}"


class ActionItem(Audited, Versioned, Timestamped, db.Model):
    """Something a person must do by a fixed date, from a meeting or a decision."""

    __tablename__ = "governance_action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("governance_bodies.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("governance_meetings.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("governance_decisions.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text, info={"max_length": 5000})
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    # Fixed when the item is created: a reminder keyed on it fires once, and lateness stays visible.
    due_on: Mapped[date] = mapped_column(index=True)
    status: Mapped[ActionStatus] = mapped_column(enum_type(ActionStatus), default=ActionStatus.open, index=True)
    done_on: Mapped[date | None]

    body: Mapped[Body] = relationship()
    meeting: Mapped[Meeting | None] = relationship(back_populates="action_items")
    decision: Mapped[Decision | None] = relationship(back_populates="action_items")
    owner: Mapped[Person] = relationship()

    def is_overdue(self, today: date) -> bool:
        return self.status == ActionStatus.open and today > self.due_on

    @property
    def audit_label(self) -> str:
        return self.title


class GovernanceDocument(Audited, db.Model):
    """One uploaded version of a document (minutes, an output, campaign results), stored by SHA-256.

    Rows are never changed: a new upload under the same title is the next version. The file
    lives in the same content-addressed store as agreements' documents.
    """

    __tablename__ = "governance_documents"
    __table_args__ = (UniqueConstraint("subject", "title", "version", name="uq_governance_documents_version"),)
    __audit_exclude__ = ()

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(40), index=True)  # "meeting:5", "project:2", "campaign:1"
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("governance_meetings.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("governance_projects.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("governance_campaigns.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(100), default="application/pdf")
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    uploaded_by = relationship("User")

    @property
    def audit_label(self) -> str:
        return f"{self.title} v{self.version} ({self.filename})"
