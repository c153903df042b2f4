"""What partners contribute (money, hardware, storage, staff, data…) and the yearly exchange rates.

Money stays in the currency it was given in. Totals convert it into the reporting currency
(REPORTING_CURRENCY) with the secretariat's rate for that year and currency; a missing
rate leaves the money unconverted — shown as such, never counted as zero.
"""

from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Audited, Synced, Timestamped, UTCDateTime, Versioned, enum_type, utcnow
from app.core.labels import LabeledEnum
from app.extensions import db
from app.nodes.models import Node
from app.partners.models import Organization


class ContributionKind(LabeledEnum):
    financial = "financial"
    hardware = "hardware"
    software = "software"
    storage = "storage"
    staff = "staff"
    data = "data"
    facilities = "facilities"
    training = "training"
    other = "other"

    __labels__ = {
        "financial": _l("Financial"),
        "hardware": _l("Hardware"),
        "software": _l("Software"),
        "storage": _l("Storage"),
        "staff": _l("Staff time"),
        "data": _l("Data"),
        "facilities": _l("Facilities"),
        "training": _l("Training"),
        "other": _l("Other"),
    }


class ContributionStatus(LabeledEnum):
    """A pledge is a commitment for the year (e.g. 5 million CNY a year); received is what came."""

    pledged = "pledged"
    received = "received"

    __labels__ = {
        "pledged": _l("Pledged"),
        "received": _l("Received"),
    }


class ImportVia(LabeledEnum):
    page = "page"
    cli = "cli"

    __labels__ = {
        "page": _l("Web page"),
        "cli": _l("Command line"),
    }


class ContributionImport(db.Model):
    """One import of a spreadsheet: the file (by its SHA-256, so the same file is never imported twice),
    who imported it, when, how many rows it added and how many it skipped as already recorded."""

    __tablename__ = "contribution_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    imported_via: Mapped[ImportVia] = mapped_column(enum_type(ImportVia))
    rows_added: Mapped[int] = mapped_column(default=0)
    rows_skipped: Mapped[int] = mapped_column(default=0)

    imported_by = relationship("User")


class Contribution(Audited, Versioned, Timestamped, Synced, db.Model):
    """A contribution: `amount` is money given (financial only); in-kind ones carry quantity + unit and
    may carry an `estimated_value`; both money figures are in `currency`."""

    __tablename__ = "contributions"
    __audit_exclude__ = (*Audited.__audit_exclude__, "import_id")  # the batch is shown on its own
    __table_args__ = (
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
        CheckConstraint("estimated_value IS NULL OR estimated_value >= 0", name="estimated_value_not_negative"),
        CheckConstraint("quantity IS NULL OR quantity >= 0", name="quantity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    kind: Mapped[ContributionKind] = mapped_column(enum_type(ContributionKind), index=True)
    status: Mapped[ContributionStatus] = mapped_column(enum_type(ContributionStatus), index=True,
                                                       default=ContributionStatus.received,
                                                       server_default=ContributionStatus.received.value)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(18, 3))
    unit: Mapped[str | None] = mapped_column(String(30))
    estimated_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    description: Mapped[str | None] = mapped_column(Text, info={"max_length": 5000})
    evidence: Mapped[str | None] = mapped_column(String(500))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("contribution_imports.id"), index=True)

    organization: Mapped[Organization] = relationship()
    node: Mapped[Node | None] = relationship()
    batch: Mapped[ContributionImport | None] = relationship()

    @property
    def owner_node_id(self) -> int | None:
        return self.node_id

    @property
    def value(self) -> Decimal | None:
        """Its worth in its currency: the amount given, or the estimated value of what was given in kind."""
        return self.amount if self.amount is not None else self.estimated_value

    @property
    def audit_label(self) -> str:
        who = self.organization.acronym or self.organization.name if self.organization else "?"
        return f"{who} {self.year} {self.kind} ({self.status})"


class ExchangeRate(Audited, Versioned, Timestamped, Synced, db.Model):
    """1 `currency` = `rate` `reporting_currency`, for contributions of that year."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        UniqueConstraint("year", "currency", "reporting_currency", name="uq_exchange_rates_year_currency"),
        CheckConstraint("rate > 0", name="rate_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    currency: Mapped[str] = mapped_column(String(3))
    reporting_currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Numeric(20, 8))

    @property
    def audit_label(self) -> str:
        return f"{self.year} {self.currency}→{self.reporting_currency}"
