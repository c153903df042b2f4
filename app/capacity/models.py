"""Capacity building: trainee exchanges and events (workshops, courses, visits, field work…)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.countries import country_name
from app.core.db import Archivable, Audited, Synced, Timestamped, Versioned, enum_type
from app.core.labels import LabeledEnum
from app.core.linked import LinkedChanges
from app.extensions import db
from app.nodes.models import Node
from app.partners.models import Organization


class Gender(LabeledEnum):
    female = "female"
    male = "male"
    other = "other"
    undisclosed = "undisclosed"

    __labels__ = {
        "female": _l("Female"),
        "male": _l("Male"),
        "other": _l("Other"),
        "undisclosed": _l("Not disclosed"),
    }


class TraineeKind(LabeledEnum):
    training = "training"
    staff_exchange = "staff_exchange"
    secondment = "secondment"
    fellowship = "fellowship"
    field_work = "field_work"

    __labels__ = {
        "training": _l("Training"),
        "staff_exchange": _l("Staff exchange"),
        "secondment": _l("Secondment"),
        "fellowship": _l("Fellowship"),
        "field_work": _l("Field work"),
    }


class EventKind(LabeledEnum):
    workshop = "workshop"
    training_course = "training_course"
    seminar = "seminar"
    conference = "conference"
    exchange_visit = "exchange_visit"
    field_investigation = "field_investigation"
    calibration_campaign = "calibration_campaign"
    meeting = "meeting"

    __labels__ = {
        "workshop": _l("Workshop"),
        "training_course": _l("Training course"),
        "seminar": _l("Seminar"),
        "conference": _l("Conference"),
        "exchange_visit": _l("Exchange visit"),
        "field_investigation": _l("Field investigation"),
        "calibration_campaign": _l("Calibration campaign"),
        "meeting": _l("Meeting"),
    }


class Trainee(Audited, Archivable, Versioned, Timestamped, Synced, db.Model):
    """One person's training, exchange, secondment, fellowship or field work at a host."""

    __tablename__ = "trainees"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    gender: Mapped[Gender] = mapped_column(enum_type(Gender), default=Gender.undisclosed)
    home_country: Mapped[str] = mapped_column(String(3), index=True)
    home_organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    host_organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[TraineeKind] = mapped_column(enum_type(TraineeKind), default=TraineeKind.training)
    topic: Mapped[str | None] = mapped_column(String(300))
    start_on: Mapped[date] = mapped_column(index=True)
    end_on: Mapped[date | None]
    outcome: Mapped[str | None] = mapped_column(Text, info={"max_length": 5000})
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"), index=True)

    home_organization: Mapped[Organization | None] = relationship(foreign_keys=[home_organization_id])
    host_organization: Mapped[Organization] = relationship(foreign_keys=[host_organization_id])
    node: Mapped[Node | None] = relationship()

    @property
    def owner_node_id(self) -> int | None:
        return self.node_id

    @property
    def home_country_name(self) -> str:
        return country_name(self.home_country)


event_organizers = Table(
    "event_organizers", db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id"), primary_key=True, index=True),
)


class Event(LinkedChanges, Audited, Archivable, Versioned, Timestamped, Synced, db.Model):
    """A workshop, course, seminar, visit, campaign or meeting, with its participants."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind), index=True)
    title: Mapped[str] = mapped_column(String(300))
    start_on: Mapped[date] = mapped_column(index=True)
    end_on: Mapped[date | None]
    country: Mapped[str | None] = mapped_column(String(3), index=True)
    city: Mapped[str | None] = mapped_column(String(120))
    participants_total: Mapped[int | None]
    participants_female: Mapped[int | None]
    # {"LAO": 8, "THA": 5}: small, always read whole with its event, and audited as one field.
    participants_by_country: Mapped[dict] = mapped_column(JSON, default=dict)
    outcomes: Mapped[str | None] = mapped_column(Text, info={"max_length": 5000})
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"), index=True)

    organizers: Mapped[list[Organization]] = relationship(secondary=event_organizers, order_by=Organization.name)
    node: Mapped[Node | None] = relationship()

    @property
    def owner_node_id(self) -> int | None:
        return self.node_id

    @property
    def organizer_ids(self) -> list[int]:
        return [o.id for o in self.organizers]

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def countries_represented(self) -> int:
        return len(self.participants_by_country or {})
