"""Agreements (MOUs, bilateral agreements, letters of intent, amendments, data-use licenses),
their parties, signatories, license terms and signed documents.

The state people see (`expiring`, `expired` …) is derived from status and dates in
app/agreements/state.py and never stored.
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.db import Audited, Synced, Timestamped, UTCDateTime, Versioned, enum_type, utcnow
from app.core.labels import LabeledEnum
from app.extensions import db
from app.partners.models import Organization, Person


class AgreementKind(LabeledEnum):
    mou = "mou"
    bilateral = "bilateral"
    data_license = "data_license"
    letter_of_intent = "letter_of_intent"
    amendment = "amendment"

    __labels__ = {
        "mou": _l("Memorandum of understanding"),
        "bilateral": _l("Bilateral cooperation agreement"),
        "data_license": _l("Data-use license"),
        "letter_of_intent": _l("Letter of intent"),
        "amendment": _l("Amendment"),
    }


class AgreementStatus(LabeledEnum):
    """What the secretariat records; `expiring` and `expired` come from the dates."""

    draft = "draft"
    negotiating = "negotiating"
    active = "active"
    terminated = "terminated"
    superseded = "superseded"

    __labels__ = {
        "draft": _l("Draft"),
        "negotiating": _l("In negotiation"),
        "active": _l("Active"),
        "terminated": _l("Terminated"),
        "superseded": _l("Superseded"),
    }


class AgreementState(LabeledEnum):
    """What people see on a given day (see app/agreements/state.py)."""

    draft = "draft"
    negotiating = "negotiating"
    active = "active"
    expiring = "expiring"
    expired = "expired"
    terminated = "terminated"
    superseded = "superseded"

    __labels__ = {
        "draft": _l("Draft"),
        "negotiating": _l("In negotiation"),
        "active": _l("Active"),
        "expiring": _l("Expiring soon"),
        "expired": _l("Expired"),
        "terminated": _l("Terminated"),
        "superseded": _l("Superseded"),
    }


class PartyRole(LabeledEnum):
    lead = "lead"
    partner = "partner"
    licensor = "licensor"
    licensee = "licensee"
    funder = "funder"
    observer = "observer"

    __labels__ = {
        "lead": _l("Lead party"),
        "partner": _l("Partner"),
        "licensor": _l("Licensor"),
        "licensee": _l("Licensee"),
        "funder": _l("Funder"),
        "observer": _l("Observer"),
    }


class ProductLevel(LabeledEnum):
    L1 = "L1"
    L2 = "L2"
    DOM = "DOM"
    DEM = "DEM"
    DSM = "DSM"

    __labels__ = {
        "L1": _l("Level 1 (L1)"),
        "L2": _l("Level 2 (L2)"),
        "DOM": _l("Orthophoto (DOM)"),
        "DEM": _l("Elevation model (DEM)"),
        "DSM": _l("Surface model (DSM)"),
    }


class PermittedUse(LabeledEnum):
    research = "research"
    education = "education"
    public_administration = "public_administration"
    disaster_response = "disaster_response"
    environmental_monitoring = "environmental_monitoring"
    humanitarian = "humanitarian"
    commercial = "commercial"

    __labels__ = {
        "research": _l("Research"),
        "education": _l("Education"),
        "public_administration": _l("Public administration"),
        "disaster_response": _l("Disaster response"),
        "environmental_monitoring": _l("Environmental monitoring"),
        "humanitarian": _l("Humanitarian work"),
        "commercial": _l("Commercial use"),
    }


# The satellites and sensors of the CSDR data pool (implementation plan). Cases keep the
# same names, so a license check can compare them as they are.
SATELLITES = ("ZY-3", "ZY-3 02", "ZY-3 03", "GF-1", "GF-1 B/C/D", "GF-2", "GF-3", "GF-4", "GF-5", "GF-6",
              "GF-7", "ZY-1 02D", "ZY-1 02E", "CBERS-04A", "HJ-2A/B")

# Kinds whose being in force makes a licensee a partner a license may be granted to.
BINDING_KINDS = (AgreementKind.mou, AgreementKind.bilateral)


class Agreement(Audited, Versioned, Timestamped, Synced, db.Model):
    __tablename__ = "agreements"
    # history shows the labels of these codes (the license terms are recorded on the agreement)
    __audit_values__ = {"product_levels": ProductLevel, "permitted_uses": PermittedUse, "parties": PartyRole}

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AgreementKind] = mapped_column(enum_type(AgreementKind), index=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    signed_on: Mapped[date | None]
    effective_from: Mapped[date | None]
    expires_on: Mapped[date | None] = mapped_column(index=True)  # empty: no end
    notice_days: Mapped[int | None] = mapped_column(Integer)
    auto_renew: Mapped[bool] = mapped_column(default=False)
    # The length of each tacit renewal term in months (auto_renew only; default: the first term's).
    renewal_months: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[AgreementStatus] = mapped_column(enum_type(AgreementStatus), default=AgreementStatus.draft,
                                                    index=True)
    # The first day the agreement is no longer in force, set when it is terminated or superseded.
    ended_on: Mapped[date | None]
    termination_reason: Mapped[str | None] = mapped_column(Text)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    non_commercial: Mapped[bool] = mapped_column(default=True)
    geoss_principles: Mapped[bool] = mapped_column(default=True)
    attribution: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text, info={"max_length": 5000})

    parties: Mapped[list["AgreementParty"]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="AgreementParty.position")
    signatories: Mapped[list["AgreementSignatory"]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="AgreementSignatory.id")
    license: Mapped["License | None"] = relationship(back_populates="agreement", cascade="all, delete-orphan",
                                                     uselist=False)
    documents: Mapped[list["AgreementDocument"]] = relationship(
        back_populates="agreement",
        order_by=lambda: (AgreementDocument.title, AgreementDocument.version.desc()))
    supersedes: Mapped["Agreement | None"] = relationship(remote_side=[id], back_populates="successors")
    successors: Mapped[list["Agreement"]] = relationship(back_populates="supersedes", order_by="Agreement.id")

    # Agreements belong to no single node: coordinators never edit them through may_edit.
    owner_node_id = None

    @property
    def audit_label(self) -> str:
        return self.reference

    @property
    def party_organization_ids(self) -> set[int]:
        return {p.organization_id for p in self.parties}

    @property
    def signatory_ids(self) -> list[int]:
        return [s.person_id for s in self.signatories]

    def note_change(self, name: str, old, new) -> None:
        """Remember a change of a child table, so the audit row of this agreement shows it."""
        if old != new:
            pending = self.__dict__.setdefault("_audit_extra", {})
            first_old = pending.get(name, [old])[0]
            pending[name] = [first_old, new]

    def audit_extra_changes(self) -> dict:
        extra = self.__dict__.pop("_audit_extra", {})
        return extra


class AgreementParty(db.Model):
    __tablename__ = "agreement_parties"
    __table_args__ = (UniqueConstraint("agreement_id", "organization_id", name="uq_agreement_parties_organization"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    role: Mapped[PartyRole] = mapped_column(enum_type(PartyRole), default=PartyRole.partner)
    position: Mapped[int] = mapped_column(default=0)

    agreement: Mapped[Agreement] = relationship(back_populates="parties")
    organization: Mapped[Organization] = relationship()

    def summary(self) -> str:
        return f"{self.organization_id}:{self.role.value if self.role else ''}"


class AgreementSignatory(db.Model):
    __tablename__ = "agreement_signatories"
    __table_args__ = (UniqueConstraint("agreement_id", "person_id", name="uq_agreement_signatories_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)

    agreement: Mapped[Agreement] = relationship(back_populates="signatories")
    person: Mapped[Person] = relationship()


class License(db.Model):
    """The terms of a data-use license: who may use which data, where, for what."""

    __tablename__ = "licenses"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), unique=True)
    licensee_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    satellites: Mapped[list[str]] = mapped_column(JSON, default=list)
    product_levels: Mapped[list[str]] = mapped_column(JSON, default=list)
    territory: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO 3166 alpha-3
    permitted_uses: Mapped[list[str]] = mapped_column(JSON, default=list)

    agreement: Mapped[Agreement] = relationship(back_populates="license")
    licensee: Mapped[Organization] = relationship()

    def summary(self) -> dict:
        return {"licensee_id": self.licensee_id, "satellites": list(self.satellites or []),
                "product_levels": list(self.product_levels or []), "territory": list(self.territory or []),
                "permitted_uses": list(self.permitted_uses or [])}


class AgreementDocument(Audited, db.Model):
    """One uploaded version of a signed document; the file lives under CSDR_DATA_DIR by SHA-256.

    Rows are never changed: a new upload under the same title is the next version.
    """

    __tablename__ = "agreement_documents"
    __table_args__ = (UniqueConstraint("agreement_id", "title", "version", name="uq_agreement_documents_version"),)
    __audit_exclude__ = ()

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_type: Mapped[str] = mapped_column(String(100), default="application/pdf")
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    agreement: Mapped[Agreement] = relationship(back_populates="documents")
    uploaded_by = relationship("User")

    # Signed copies are confidential (see the agreements section of app/auth/policy.py).
    is_confidential = True
    owner_node_id = None

    @property
    def audit_label(self) -> str:
        return f"{self.title} v{self.version} ({self.filename})"
