"""Nodes of the network: the lead centre and the partner nodes."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.countries import continent, country_name
from app.core.db import Archivable, Audited, Synced, Timestamped, Versioned, enum_type
from app.core.labels import LabeledEnum
from app.extensions import db
from app.partners.models import Organization, Person


class NodeStatus(LabeledEnum):
    planned = "planned"
    active = "active"
    suspended = "suspended"
    closed = "closed"

    __labels__ = {
        "planned": _l("Planned"),
        "active": _l("Active"),
        "suspended": _l("Suspended"),
        "closed": _l("Closed"),
    }


class Node(Audited, Archivable, Versioned, Timestamped, Synced, db.Model):
    __tablename__ = "nodes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(3), index=True)
    host_organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    status: Mapped[NodeStatus] = mapped_column(enum_type(NodeStatus), default=NodeStatus.planned)
    established_on: Mapped[date | None]
    is_lead: Mapped[bool] = mapped_column(default=False)
    infrastructure: Mapped[str | None] = mapped_column(Text, info={"max_length": 5000})

    # The backref lets partner pages list hosted nodes without importing this module.
    host_organization: Mapped[Organization] = relationship(backref="hosted_nodes")
    coordinator: Mapped[Person | None] = relationship()

    @property
    def owner_node_id(self) -> int:
        return self.id

    @property
    def region(self) -> str | None:
        return continent(self.country)

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def audit_label(self) -> str:
        return self.code
