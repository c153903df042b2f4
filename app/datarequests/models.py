"""Data requests of partners, their deliveries, and SatCloud's log of scenes pushed to nodes.

A request's workflow: submitted → approved | declined; approved → delivered (the first
delivery recorded; more may follow) → closed (the requester confirmed receipt). A step the
state does not allow raises Conflict (409). Every change of a request is in the audit log.

The scene log (`scene_pushes`) is SatCloud's record of every scene pushed to a node; T+1
(the share of scenes pushed within 24 hours of acquisition) is measured from it.
"""

import json
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, Integer, Numeric, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.countries import country_name
from app.core.db import Audited, Timestamped, UTCDateTime, Versioned, enum_type, utcnow
from app.core.errors import Conflict
from app.extensions import db
from app.nodes.models import Node
from app.partners.models import Organization


class RequestStatus(StrEnum):
    submitted = "submitted"
    approved = "approved"
    declined = "declined"
    delivered = "delivered"
    closed = "closed"


STATUS_LABELS = {
    RequestStatus.submitted: _l("submitted"),
    RequestStatus.approved: _l("approved"),
    RequestStatus.declined: _l("declined"),
    RequestStatus.delivered: _l("delivered"),
    RequestStatus.closed: _l("closed (receipt confirmed)"),
}


class DeliveryMethod(StrEnum):
    satcloud = "satcloud"
    ftp = "ftp"
    disk = "disk"
    download = "download"
    other = "other"


METHOD_LABELS = {
    DeliveryMethod.satcloud: _l("SatCloud push"),
    DeliveryMethod.ftp: _l("FTP"),
    DeliveryMethod.disk: _l("Disk sent by post"),
    DeliveryMethod.download: _l("Download link"),
    DeliveryMethod.other: _l("Other"),
}

# Which states each step may start from.
_STEPS = {
    "approve": {RequestStatus.submitted},
    "decline": {RequestStatus.submitted},
    "deliver": {RequestStatus.approved, RequestStatus.delivered},
    "confirm": {RequestStatus.delivered},
    "edit": {RequestStatus.submitted},
}

_STEP_WORDS = {"approve": "approved", "decline": "declined", "deliver": "given a delivery",
               "confirm": "confirmed as received", "edit": "edited"}


class DataRequest(Audited, Versioned, Timestamped, db.Model):
    """A partner's request for satellite data, asked through its node."""

    __tablename__ = "data_requests"
    # The license check's answer is derived from the fields (and the licenses on the day): the
    # page shows it; the history keeps what people changed.
    __audit_exclude__ = ("created_at", "updated_at", "version", "area_countries", "license_covered",
                         "license_reasons", "license_references", "license_checked_on")

    id: Mapped[int] = mapped_column(primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("nodes.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # The area: GeoJSON text of one Polygon or MultiPolygon (WGS 84), or none when countries are listed.
    # Kept as text, so the history shows GeoJSON as it was given (normalised), never a Python value.
    area: Mapped[str | None] = mapped_column(Text)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)        # listed by the requester
    area_countries: Mapped[list[str]] = mapped_column(JSON, default=list)   # the area touches (computed)
    acquired_from: Mapped[date]
    acquired_to: Mapped[date]
    satellites: Mapped[list[str]] = mapped_column(JSON, default=list)
    product_levels: Mapped[list[str]] = mapped_column(JSON, default=list)
    purpose: Mapped[str] = mapped_column(String(40))
    is_free_experiment: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(Text, info={"max_length": 10000})
    status: Mapped[RequestStatus] = mapped_column(enum_type(RequestStatus), default=RequestStatus.submitted,
                                                  index=True)
    # The license check as run on submission (and again on each edit).
    license_covered: Mapped[bool] = mapped_column(default=False)
    license_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    license_references: Mapped[list[str]] = mapped_column(JSON, default=list)
    license_checked_on: Mapped[date | None]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    node: Mapped[Node] = relationship()
    organization: Mapped[Organization] = relationship()
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    confirmed_by = relationship("User", foreign_keys=[confirmed_by_id])
    deliveries: Mapped[list["DataDelivery"]] = relationship(back_populates="request", order_by="DataDelivery.id",
                                                            cascade="all, delete-orphan")

    @property
    def owner_node_id(self) -> int:
        return self.node_id

    @property
    def audit_label(self) -> str:
        return f"#{self.id} {self.title}"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def area_geometry(self) -> dict | None:
        """The area as a GeoJSON geometry dict."""
        return json.loads(self.area) if self.area else None

    @property
    def checked_countries(self) -> list[str]:
        """The countries the license check judged: those listed and those the area touches."""
        return list(dict.fromkeys([*(self.countries or []), *(self.area_countries or [])]))

    @property
    def country_names(self) -> list[str]:
        return [country_name(c) for c in self.countries or []]

    @property
    def crossed_countries(self) -> list[str]:
        """Countries the area reaches into that the requester did not list (when some were listed)."""
        listed = set(self.countries or [])
        return [c for c in self.area_countries or [] if listed and c not in listed]

    @property
    def scenes_delivered(self) -> int:
        return sum(d.scenes for d in self.deliveries)

    @property
    def volume_delivered_gb(self) -> Decimal:
        return sum((d.volume_gb for d in self.deliveries), Decimal(0))

    def may(self, step: str) -> bool:
        return self.status in _STEPS[step]

    def require_step(self, step: str) -> None:
        """409 unless the state allows the step (approve, decline, deliver, confirm, edit)."""
        if not self.may(step):
            raise Conflict(f"A {self.status.value} request cannot be {_STEP_WORDS[step]}.",
                           {"status": [f"The request is {self.status.value}."]})

    def require_editable(self) -> None:
        """Only a request still waiting for a decision can be changed (409 otherwise)."""
        self.require_step("edit")

    def approve(self, user, reason: str | None = None) -> None:
        self.require_step("approve")
        self.status = RequestStatus.approved
        self._decided(user, reason)

    def decline(self, user, reason: str) -> None:
        self.require_step("decline")
        self.status = RequestStatus.declined
        self._decided(user, reason)

    def _decided(self, user, reason: str | None) -> None:
        self.decided_at = utcnow()
        self.decided_by_id = getattr(user, "id", None)
        self.decision_reason = reason

    def add_delivery(self, delivery: "DataDelivery") -> None:
        self.require_step("deliver")
        self.deliveries.append(delivery)
        self.status = RequestStatus.delivered
        if self.delivered_at is None:
            self.delivered_at = utcnow()

    def confirm_receipt(self, user) -> None:
        self.require_step("confirm")
        self.status = RequestStatus.closed
        self.confirmed_at = utcnow()
        self.confirmed_by_id = getattr(user, "id", None)


class DataDelivery(Audited, Timestamped, db.Model):
    """Data sent for a request: how many scenes, how much, when and how."""

    __tablename__ = "data_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("data_requests.id", ondelete="CASCADE"), index=True)
    scenes: Mapped[int] = mapped_column(Integer)
    volume_gb: Mapped[Decimal] = mapped_column(Numeric(14, 3))
    delivered_on: Mapped[date]
    method: Mapped[DeliveryMethod] = mapped_column(enum_type(DeliveryMethod))
    note: Mapped[str | None] = mapped_column(Text, info={"max_length": 10000})
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    request: Mapped[DataRequest] = relationship(back_populates="deliveries")

    @property
    def owner_node_id(self) -> int:
        return self.request.node_id

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS[self.method])

    @property
    def audit_label(self) -> str:
        return f"delivery {self.id} of request #{self.request_id}"


class DeliveryLogImport(Audited, db.Model):
    """One import of SatCloud's push log: who, when, which file, how many scenes were new."""

    __tablename__ = "delivery_log_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    rows: Mapped[int]
    imported: Mapped[int]
    skipped: Mapped[int]
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def audit_label(self) -> str:
        return self.filename


class ScenePush(db.Model):
    """One scene SatCloud pushed to a node (a row of its push log); the scene id is unique.

    `year` and `quarter` are those of the push (the quarter the node received the scene
    in), kept as columns so T+1 per node and quarter is one indexed GROUP BY on any database.
    """

    __tablename__ = "scene_pushes"
    __table_args__ = (Index("ix_scene_pushes_node_period", "node_id", "year", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scene_id: Mapped[str] = mapped_column(String(120), unique=True)
    satellite: Mapped[str] = mapped_column(String(40))
    node_id: Mapped[int] = mapped_column(ForeignKey("nodes.id"))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    pushed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    size_mb: Mapped[Decimal | None] = mapped_column(Numeric(14, 3))
    year: Mapped[int] = mapped_column(SmallInteger)
    quarter: Mapped[int] = mapped_column(SmallInteger)
    is_within_day: Mapped[bool]
    import_id: Mapped[int | None] = mapped_column(ForeignKey("delivery_log_imports.id"), index=True)
