"""Writes to agreements: the rules hold for pages, API and CLI alike.

Data a service takes: the columns of `Agreement` (kind, reference, title, signed_on,
effective_from, expires_on, notice_days, auto_renew, status, non_commercial,
geoss_principles, attribution, supersedes_id, notes), plus `parties` (a list of
`{organization_id, role}`), `signatory_ids` (people) and `license` (for data-use licenses:
`{licensee_id, satellites, product_levels, territory, permitted_uses}`). Errors name the
field, license fields as `license.<name>`.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy.exc import IntegrityError

from app.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementSignatory,
    AgreementStatus,
    License,
)
from app.agreements.rules import (
    AGREEMENT_FIELDS,
    EDITABLE_STATUSES,
    LICENSE_FIELDS,
    binding_agreement_exists,
    check_agreement,
    current_values,
    normalise,
    parse_countries,
)
from app.agreements.state import agreement_state, today
from app.auth import policy
from app.core.db import duplicate_from, utcnow
from app.core.errors import Conflict, collect, raise_if
from app.core.records import assign, check_version, exists_other
from app.extensions import db
from app.partners.models import Organization

__all__ = ["binding_agreement_exists", "parse_countries"]


# --- applying changes -------------------------------------------------------------------


def _party_labels(agreement: Agreement, organizations: dict[int, Organization]) -> list[str]:
    labels = []
    for party in agreement.parties:
        organization = organizations.get(party.organization_id) or party.organization
        name = (organization.acronym or organization.name) if organization else str(party.organization_id)
        labels.append(f"{name} ({party.role.value})")
    return labels


def _set_parties(agreement: Agreement, parties: list[dict], organizations: dict[int, Organization]) -> None:
    before = _party_labels(agreement, organizations)
    existing = {p.organization_id: p for p in agreement.parties}
    rows = []
    for position, party in enumerate(parties):
        row = existing.get(party["organization_id"]) or AgreementParty(organization_id=party["organization_id"])
        row.role, row.position = party["role"], position
        if party["organization_id"] in organizations:
            row.organization = organizations[party["organization_id"]]
        rows.append(row)
    agreement.parties = rows
    agreement.note_change("parties", before, _party_labels(agreement, organizations))


def _set_signatories(agreement: Agreement, person_ids: list[int]) -> None:
    before = agreement.signatory_ids
    existing = {s.person_id: s for s in agreement.signatories}
    agreement.signatories = [existing.get(i) or AgreementSignatory(person_id=i) for i in person_ids]
    agreement.note_change("signatory_ids", before, list(person_ids))


def _set_license(agreement: Agreement, license_data: dict | None) -> None:
    before = agreement.license.summary() if agreement.license else None
    if agreement.kind != AgreementKind.data_license or not license_data:
        agreement.license = None
    else:
        record = agreement.license or License()
        assign(record, license_data, LICENSE_FIELDS)
        agreement.license = record
    agreement.note_change("license", before, agreement.license.summary() if agreement.license else None)


def _apply(agreement: Agreement, data: dict, organizations: dict[int, Organization]) -> None:
    assign(agreement, data, AGREEMENT_FIELDS)
    if "parties" in data:
        _set_parties(agreement, data["parties"], organizations)
    if "signatory_ids" in data:
        _set_signatories(agreement, data["signatory_ids"])
    if "license" in data or ("kind" in data and agreement.kind != AgreementKind.data_license):
        _set_license(agreement, data.get("license"))
    if agreement.id is not None and agreement.__dict__.get("_audit_extra"):
        # A change of parties, signatories or license alone must still bump the version and be audited.
        agreement.updated_at = utcnow()


def _flush() -> None:
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise duplicate_from(error) or Conflict(
            "Someone saved a conflicting change at the same time; reload and try again.") from None


def create_agreement(user, data: dict) -> Agreement:
    """Record an agreement with its parties, signatories and license terms."""
    policy.require(policy.may_edit_agreement(user, None), "You may not record agreements.")
    errors: dict[str, list[str]] = {}
    data = normalise(data, errors)
    data.setdefault("status", AgreementStatus.draft)
    organizations = check_agreement(data, None, errors)
    raise_if(errors)
    agreement = Agreement(auto_renew=False, non_commercial=True, geoss_principles=True)
    _apply(agreement, data, organizations)
    db.session.add(agreement)
    _flush()
    return agreement


def update_agreement(user, agreement: Agreement, data: dict, version) -> Agreement:
    """Change an agreement, refusing a stale version; fields absent from data stay as they are."""
    policy.require_view(user, agreement)
    policy.require(policy.may_edit_agreement(user, agreement), "You may not change agreements.")
    check_version(agreement, version)
    errors: dict[str, list[str]] = {}
    data = normalise(data, errors)
    if isinstance(data.get("license"), dict) and agreement.license is not None:
        data["license"] = agreement.license.summary() | data["license"]  # license fields not sent stay
    organizations = check_agreement(data, agreement, errors)
    raise_if(errors)
    _apply(agreement, data, organizations)
    _flush()
    return agreement


def _successor_defaults(agreement: Agreement) -> dict:
    """The next term: from the day after the old one ends, as long as the old one (in calendar terms)."""
    effective = agreement.expires_on + timedelta(days=1) if agreement.expires_on else today()
    expires = None
    if agreement.expires_on and agreement.effective_from:
        term = relativedelta(agreement.expires_on + timedelta(days=1), agreement.effective_from)
        expires = effective + term - timedelta(days=1)
    return {"effective_from": effective, "expires_on": expires}


def suggested_reference(agreement: Agreement) -> str:
    """The old reference with the next free renewal suffix: MOU-2019-01 → MOU-2019-01-R1."""
    base = agreement.reference.rsplit("-R", 1)[0] if "-R" in agreement.reference else agreement.reference
    for n in range(1, 100):
        candidate = f"{base}-R{n}"
        if not exists_other(Agreement, Agreement.reference, candidate, case_insensitive=True):
            return candidate
    return f"{base}-R"


def renewal_defaults(agreement: Agreement) -> dict:
    """What the renewal form proposes: the next reference, the next term of the same length."""
    defaults = {"reference": suggested_reference(agreement), "status": AgreementStatus.active}
    return defaults | _successor_defaults(agreement)


def renew_agreement(user, agreement: Agreement, data: dict, version) -> Agreement:
    """Create the successor of an agreement and mark the old one superseded, in one step.

    The successor copies kind, title, parties, terms and license of the old one; `data`
    gives at least its reference and may override any field (dates, status, title …).
    """
    policy.require_view(user, agreement)
    policy.require(policy.may_edit_agreement(user, agreement), "You may not renew agreements.")
    check_version(agreement, version)
    if agreement.status != AgreementStatus.active:
        raise Conflict(f"Only a signed agreement can be renewed; this one is {agreement_state(agreement).value}.",
                       {"status": ["cannot be renewed in this state"]})
    if agreement.kind == AgreementKind.amendment:
        raise Conflict("Renew the agreement this amendment amends, not the amendment.",
                       {"kind": ["amendments are not renewed"]})
    base = current_values(agreement) | _successor_defaults(agreement)
    base.update(signed_on=None, status=AgreementStatus.active, supersedes_id=agreement.id, signatory_ids=[],
                notes=None)
    successor = create_agreement(user, base | {k: v for k, v in data.items() if k != "supersedes_id"})
    agreement.status = AgreementStatus.superseded
    agreement.ended_on = successor.effective_from or today()
    _flush()
    return successor


def terminate_agreement(user, agreement: Agreement, ended_on: date | None, reason: str | None, version) -> Agreement:
    """End an agreement on a day (today, or later when notice is given), with the reason."""
    policy.require_view(user, agreement)
    policy.require(policy.may_edit_agreement(user, agreement), "You may not terminate agreements.")
    check_version(agreement, version)
    if agreement.status not in EDITABLE_STATUSES:
        raise Conflict(f"This agreement is already {agreement.status.value}.",
                       {"status": [f"already {agreement.status.value}"]})
    errors: dict[str, list[str]] = {}
    ended_on = ended_on or today()
    reason = (reason or "").strip()
    if not reason:
        collect(errors, "reason", "Say why the agreement ends.")
    start = agreement.effective_from or agreement.signed_on
    if start and ended_on < start:
        collect(errors, "ended_on", "An agreement cannot end before it started.")
    raise_if(errors)
    agreement.status = AgreementStatus.terminated
    agreement.ended_on = ended_on
    agreement.termination_reason = reason
    _flush()
    return agreement


def delete_agreement(user, agreement: Agreement) -> None:
    """Delete a draft recorded by mistake; anything signed, documented or referred to stays."""
    policy.require_view(user, agreement)
    policy.require(policy.may_edit_agreement(user, agreement), "You may not delete agreements.")
    if agreement.status not in (AgreementStatus.draft, AgreementStatus.negotiating):
        raise Conflict("Only drafts and agreements under negotiation can be deleted; terminate the others.")
    if agreement.documents or agreement.successors:
        raise Conflict("This agreement has documents or successors; terminate it instead.")
    db.session.delete(agreement)
    _flush()

