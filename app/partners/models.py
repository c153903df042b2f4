"""Partner organizations and the people who work in them."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.countries import country_name
from app.core.db import Archivable, Audited, Synced, Timestamped, Versioned, enum_type
from app.core.labels import LabeledEnum
from app.extensions import db


class OrganizationKind(LabeledEnum):
    government = "government"
    research = "research"
    international = "international"
    private = "private"
    ngo = "ngo"

    __labels__ = {
        "government": _l("Government agency"),
        "research": _l("Research institute or university"),
        "international": _l("International organization"),
        "private": _l("Private company"),
        "ngo": _l("Non-governmental organization"),
    }


class OrganizationStatus(LabeledEnum):
    prospective = "prospective"
    active = "active"
    former = "former"

    __labels__ = {
        "prospective": _l("Prospective"),
        "active": _l("Active"),
        "former": _l("Former"),
    }


class PersonRole(LabeledEnum):
    lead = "lead"
    contributor = "contributor"
    contact = "contact"
    board = "board"
    advisory = "advisory"
    coordinator = "coordinator"

    __labels__ = {
        "lead": _l("Lead"),
        "contributor": _l("Contributor"),
        "contact": _l("Contact person"),
        "board": _l("Board member"),
        "advisory": _l("Advisory group"),
        "coordinator": _l("Node coordinator"),
    }


class Organization(Audited, Archivable, Versioned, Timestamped, Synced, db.Model):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    acronym: Mapped[str | None] = mapped_column(String(30), index=True)
    country: Mapped[str] = mapped_column(String(3), index=True)
    kind: Mapped[OrganizationKind] = mapped_column(enum_type(OrganizationKind))
    website: Mapped[str | None] = mapped_column(String(300))
    geo_member: Mapped[bool] = mapped_column(default=False)
    status: Mapped[OrganizationStatus] = mapped_column(enum_type(OrganizationStatus),
                                                       default=OrganizationStatus.active)
    joined_on: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(Text, info={"max_length": 5000})

    people: Mapped[list["Person"]] = relationship(back_populates="organization")

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Person(Audited, Archivable, Versioned, Timestamped, Synced, db.Model):
    __tablename__ = "people"
    __audit_values__ = {"roles": PersonRole}  # history shows the labels of these codes

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)

    organization: Mapped[Organization | None] = relationship(back_populates="people")
