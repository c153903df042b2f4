"""Application cases: how the network's data serves the SDGs, the Sendai Framework and Paris."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.countries import country_name
from app.core.db import Archivable, Audited, Synced, Timestamped, Versioned, enum_type
from app.core.labels import LabeledEnum
from app.core.linked import LinkedChanges
from app.extensions import db
from app.nodes.models import Node
from app.partners.models import Organization


class CaseDomain(LabeledEnum):
    agriculture = "agriculture"
    forestry = "forestry"
    water = "water"
    land = "land"
    urban = "urban"
    ecology = "ecology"
    disaster_risk_reduction = "disaster_risk_reduction"
    mapping = "mapping"
    other = "other"

    __labels__ = {
        "agriculture": _l("Agriculture"),
        "forestry": _l("Forestry"),
        "water": _l("Water resources"),
        "land": _l("Land use and land cover"),
        "urban": _l("Urban areas"),
        "ecology": _l("Ecology and environment"),
        "disaster_risk_reduction": _l("Disaster risk reduction"),
        "mapping": _l("Mapping"),
        "other": _l("Other"),
    }


class CaseStatus(LabeledEnum):
    planned = "planned"
    ongoing = "ongoing"
    completed = "completed"

    __labels__ = {
        "planned": _l("Planned"),
        "ongoing": _l("Ongoing"),
        "completed": _l("Completed"),
    }


FRAMEWORKS = ("sdg", "sendai", "paris")

case_partners = Table(
    "case_partners", db.metadata,
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id"), primary_key=True, index=True),
)


class Case(LinkedChanges, Audited, Archivable, Versioned, Timestamped, Synced, db.Model):
    """An application of the network's data, tagged with the frameworks it serves.

    The codes a user tagged are kept on the case (`sdg`, `sendai`, `paris`: what the pages,
    the API and the history show). `tag_rows` repeats them with every ancestor, one row per
    code, so "cases under goal 11" is one indexed SQL condition; services keep both in step.
    """

    __tablename__ = "cases"
    __audit_values__ = {"domains": CaseDomain}  # history shows the labels of these codes

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text, info={"max_length": 10000})
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    domains: Mapped[list[str]] = mapped_column(JSON, default=list)
    satellites: Mapped[list[str]] = mapped_column(JSON, default=list)
    start_on: Mapped[date | None]
    end_on: Mapped[date | None]
    status: Mapped[CaseStatus] = mapped_column(enum_type(CaseStatus), default=CaseStatus.planned, index=True)
    outcomes: Mapped[str | None] = mapped_column(Text, info={"max_length": 10000})
    links: Mapped[list[str]] = mapped_column(JSON, default=list)
    sdg: Mapped[list[str]] = mapped_column(JSON, default=list)
    sendai: Mapped[list[str]] = mapped_column(JSON, default=list)
    paris: Mapped[list[str]] = mapped_column(JSON, default=list)
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"), index=True)

    partners: Mapped[list[Organization]] = relationship(secondary=case_partners, order_by=Organization.name)
    node: Mapped[Node | None] = relationship()
    tag_rows: Mapped[list["CaseTag"]] = relationship(back_populates="case", cascade="all, delete-orphan")

    @property
    def owner_node_id(self) -> int | None:
        return self.node_id

    @property
    def domain_labels(self) -> list[str]:
        return [CaseDomain.label_of(d) for d in self.domains or []]

    @property
    def partner_ids(self) -> list[int]:
        return [o.id for o in self.partners]

    @property
    def country_names(self) -> list[str]:
        return [country_name(c) for c in self.countries or []]

    def tags(self, framework: str) -> list[str]:
        return list(getattr(self, framework) or [])


class CaseTag(db.Model):
    """One framework code a case addresses, directly or through a tagged child code."""

    __tablename__ = "case_tags"
    __table_args__ = (
        UniqueConstraint("case_id", "framework", "code", name="uq_case_tags_case_framework_code"),
        Index("ix_case_tags_framework_code", "framework", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    framework: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(40))
    # True: the user tagged this code; False: a tagged code below it implies it.
    is_direct: Mapped[bool] = mapped_column(default=True)

    case: Mapped[Case] = relationship(back_populates="tag_rows")
