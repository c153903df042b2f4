"""A generated report: its PDF (kept on disk by SHA-256), the snapshot it was built from, who made it."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Audited, Synced, Timestamped, UTCDateTime, enum_type, utcnow
from app.core.labels import LabeledEnum
from app.core.periods import Period
from app.extensions import db


class ReportKind(LabeledEnum):
    seasonal = "seasonal"
    annual = "annual"

    __labels__ = {
        "seasonal": _l("Seasonal report"),
        "annual": _l("Annual report"),
    }


class ReportStatus(LabeledEnum):
    draft = "draft"
    published = "published"

    __labels__ = {
        "draft": _l("Draft"),
        "published": _l("Published"),
    }


class GeneratedVia(LabeledEnum):
    page = "page"
    api = "api"
    cli = "cli"
    scheduler = "scheduler"

    __labels__ = {
        "page": _l("Web page"),
        "api": _l("API"),
        "cli": _l("Command line"),
        "scheduler": _l("Scheduler"),
    }


class Report(Audited, Timestamped, Synced, db.Model):
    """One version of the report of a period. Published versions never change again."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("period", "version", name="uq_reports_period_version"),)
    # The snapshot is large and hashed; its SHA-256 in the audit row says what changed.
    __audit_exclude__ = ("updated_at", "snapshot_json")

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ReportKind] = mapped_column(enum_type(ReportKind))
    year: Mapped[int] = mapped_column(index=True)
    quarter: Mapped[int | None]
    period: Mapped[str] = mapped_column(String(7), index=True)  # "2025" or "2025Q3"
    # The edition of this period's report: 1, then 2 for the correction that supersedes 1, …
    version: Mapped[int] = mapped_column(default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    status: Mapped[ReportStatus] = mapped_column(enum_type(ReportStatus), default=ReportStatus.draft)
    snapshot_json: Mapped[str] = mapped_column(Text)
    data_sha256: Mapped[str] = mapped_column(String(64))
    pdf_sha256: Mapped[str] = mapped_column(String(64), index=True)
    pdf_size: Mapped[int]
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    generated_via: Mapped[GeneratedVia] = mapped_column(enum_type(GeneratedVia))
    # The language the PDF is written in (words, dates, number formats); the figures do not depend on it.
    lang: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The secretariat's executive summary of this edition: written or edited on the draft, frozen on publishing.
    summary: Mapped[str | None] = mapped_column(Text, info={"max_length": 20_000})

    supersedes: Mapped["Report | None"] = relationship(remote_side=[id], foreign_keys=[supersedes_id])
    generated_by = relationship("User", foreign_keys=[generated_by_id])
    published_by = relationship("User", foreign_keys=[published_by_id])

    @property
    def period_of(self) -> Period:
        return Period(self.year, self.quarter)

    @property
    def title(self) -> str:
        """In the reader's language (the catalogue's), English outside a request."""
        from flask_babel import gettext

        if self.kind == ReportKind.annual:
            return gettext("Annual report %(period)s", period=self.period_of.label)
        return gettext("Seasonal report %(period)s", period=self.period_of.label)

    @property
    def english_title(self) -> str:
        label = "Annual report" if self.kind == ReportKind.annual else "Seasonal report"
        return f"{label} {self.period_of.label}"

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.published

    @property
    def has_figures(self) -> bool:
        """Whether this instance holds the snapshot: a published report synced to a node carries its PDF only
        (its figures stay on the hub)."""
        return bool(self.snapshot_json)

    @property
    def is_confidential(self) -> bool:
        # Drafts are working papers of the secretariat: the policy shows them to staff only.
        return not self.is_published

    @property
    def owner_node_id(self) -> None:
        return None

    @property
    def audit_label(self) -> str:
        return f"{self.english_title} v{self.version}"  # the audit log is written once, in English

    @property
    def filename(self) -> str:
        return f"csdr-{self.kind.value}-report-{self.period}-v{self.version}.pdf"
