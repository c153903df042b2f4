"""The work plan (long-term goals, yearly action plans and their activities), joint projects and
calibration campaigns."""

from datetime import date

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Archivable, Audited, Timestamped, Versioned, enum_type
from app.core.linked import LinkedChanges
from app.extensions import db
from app.governance.models.labels import (
    ActivityStatus,
    GoalStatus,
    MilestoneStatus,
    OutputKind,
    ProgressKind,
    ProjectStatus,
)
from app.partners.models import Organization


class Goal(Audited, Archivable, Versioned, Timestamped, db.Model):
    """A long-term development goal of the network, over a span of years."""

    __tablename__ = "governance_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text, info={"max_length": 5000})
    from_year: Mapped[int] = mapped_column(Integer)
    to_year: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[GoalStatus] = mapped_column(enum_type(GoalStatus), default=GoalStatus.active)

    activities: Mapped[list["Activity"]] = relationship(back_populates="goal")


class ActionPlan(Audited, Versioned, Timestamped, db.Model):
    """The short-term action plan of one year."""

    __tablename__ = "governance_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text, info={"max_length": 5000})

    activities: Mapped[list["Activity"]] = relationship(back_populates="plan", order_by="Activity.id")


class Activity(LinkedChanges, Audited, Versioned, Timestamped, db.Model):
    """One activity of a yearly plan, towards a goal, with the records that show its progress."""

    __tablename__ = "governance_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("governance_plans.id"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("governance_goals.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text, info={"max_length": 5000})
    status: Mapped[ActivityStatus] = mapped_column(enum_type(ActivityStatus), default=ActivityStatus.planned)

    plan: Mapped[ActionPlan] = relationship(back_populates="activities")
    goal: Mapped[Goal | None] = relationship(back_populates="activities")
    links: Mapped[list["ProgressLink"]] = relationship(back_populates="activity", cascade="all, delete-orphan",
                                                       order_by="(ProgressLink.kind, ProgressLink.target_id)")

    def link_ids(self, kind: ProgressKind) -> list[int]:
        return [link.target_id for link in self.links if link.kind == kind]

    @property
    def link_summary(self) -> list[str]:
        return [f"{link.kind.value}:{link.target_id}" for link in self.links]


class ProgressLink(db.Model):
    """An event, case, project or node that shows an activity's progress."""

    __tablename__ = "governance_progress_links"
    __table_args__ = (UniqueConstraint("activity_id", "kind", "target_id", name="uq_governance_progress_links"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("governance_activities.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ProgressKind] = mapped_column(enum_type(ProgressKind))
    target_id: Mapped[int] = mapped_column(Integer)

    activity: Mapped[Activity] = relationship(back_populates="links")


project_partners = Table(
    "governance_project_partners", db.metadata,
    Column("project_id", ForeignKey("governance_projects.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id"), primary_key=True, index=True),
)


class JointProject(LinkedChanges, Audited, Archivable, Versioned, Timestamped, db.Model):
    """A joint research or technical project: a lead, partners, countries, milestones and outputs."""

    __tablename__ = "governance_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), unique=True)
    acronym: Mapped[str | None] = mapped_column(String(40))
    summary: Mapped[str | None] = mapped_column(Text, info={"max_length": 10000})
    lead_organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    start_on: Mapped[date]
    end_on: Mapped[date | None]
    status: Mapped[ProjectStatus] = mapped_column(enum_type(ProjectStatus), default=ProjectStatus.planned)

    lead_organization: Mapped[Organization] = relationship()
    partners: Mapped[list[Organization]] = relationship(secondary=project_partners, order_by=Organization.name)
    milestones: Mapped[list["Milestone"]] = relationship(back_populates="project",
                                                         order_by="(Milestone.due_on, Milestone.id)")
    outputs: Mapped[list["ProjectOutput"]] = relationship(back_populates="project",
                                                          order_by="(ProjectOutput.published_on, ProjectOutput.id)")

    @property
    def partner_ids(self) -> list[int]:
        return [o.id for o in self.partners]


class Milestone(Audited, Versioned, Timestamped, db.Model):
    __tablename__ = "governance_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("governance_projects.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date]
    status: Mapped[MilestoneStatus] = mapped_column(enum_type(MilestoneStatus), default=MilestoneStatus.planned)
    reached_on: Mapped[date | None]

    project: Mapped[JointProject] = relationship(back_populates="milestones")

    def is_late(self, today: date) -> bool:
        return self.status == MilestoneStatus.planned and today > self.due_on


class ProjectOutput(Audited, Versioned, Timestamped, db.Model):
    """An output or publication of a project: a link, or a document uploaded to the project."""

    __tablename__ = "governance_outputs"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("governance_projects.id"), index=True)
    kind: Mapped[OutputKind] = mapped_column(enum_type(OutputKind), default=OutputKind.output)
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(500))
    citation: Mapped[str | None] = mapped_column(Text, info={"max_length": 2000})
    published_on: Mapped[date | None]

    project: Mapped[JointProject] = relationship(back_populates="outputs")


campaign_partners = Table(
    "governance_campaign_partners", db.metadata,
    Column("campaign_id", ForeignKey("governance_campaigns.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id"), primary_key=True, index=True),
)


class CalibrationCampaign(LinkedChanges, Audited, Archivable, Versioned, Timestamped, db.Model):
    """A calibration campaign: sites, satellites and sensors, partners, dates and results."""

    __tablename__ = "governance_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text, info={"max_length": 10000})
    sites: Mapped[list[str]] = mapped_column(JSON, default=list)
    satellites: Mapped[list[str]] = mapped_column(JSON, default=list)
    sensors: Mapped[list[str]] = mapped_column(JSON, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    start_on: Mapped[date]
    end_on: Mapped[date | None]
    status: Mapped[ProjectStatus] = mapped_column(enum_type(ProjectStatus), default=ProjectStatus.planned)
    results: Mapped[str | None] = mapped_column(Text, info={"max_length": 10000})

    partners: Mapped[list[Organization]] = relationship(secondary=campaign_partners, order_by=Organization.name)

    @property
    def partner_ids(self) -> list[int]:
        return [o.id for o in self.partners]
