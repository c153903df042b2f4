"""Partner organizations and the people who work in them."""

from datetime import date
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.countries import country_name
from app.core.db import Archivable, Audited, Timestamped, Versioned, enum_type
from app.extensions import db


class OrganizationKind(StrEnum):
    government = "government"
    research = "research"
    international = "international"
    private = "private"
    ngo = "ngo"


class OrganizationStatus(StrEnum):
    prospective = "prospective"
    active = "active"
    former = "former"


class PersonRole(StrEnum):
    lead = "lead"
    contributor = "contributor"
    contact = "contact"
    board = "board"
    advisory = "advisory"
    coordinator = "coordinator"


class Organization(Audited, Archivable, Versioned, Timestamped, db.Model):
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
    notes: Mapped[str | None] = mapped_column(Text)

    people: Mapped[list["Person"]] = relationship(back_populates="organization")

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Person(Audited, Archivable, Versioned, Timestamped, db.Model):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)

    organization: Mapped[Organization | None] = relationship(back_populates="people")
