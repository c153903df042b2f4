"""The rules an agreement must satisfy before it is written: input normalised, every
cross-field check of DESIGN.md, errors naming the field (license fields as `license.<name>`).
"""

from datetime import date

from sqlalchemy import exists, select

from app.agreements.models import (
    BINDING_KINDS,
    SATELLITES,
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    PartyRole,
    PermittedUse,
    ProductLevel,
)
from app.agreements.state import first_term_months, in_force_sql, today
from app.core.countries import is_country
from app.core.errors import collect, collect_duplicate
from app.core.records import exists_other
from app.extensions import db
from app.partners.models import Organization, Person

AGREEMENT_FIELDS = ("kind", "reference", "title", "signed_on", "effective_from", "expires_on", "notice_days",
                    "auto_renew", "renewal_months", "status", "non_commercial", "geoss_principles", "attribution",
                    "supersedes_id", "notes")
LICENSE_FIELDS = ("licensee_id", "satellites", "product_levels", "territory", "permitted_uses")
EDITABLE_STATUSES = (AgreementStatus.draft, AgreementStatus.negotiating, AgreementStatus.active)
MAX_NOTICE_DAYS = 3650
MAX_RENEWAL_MONTHS = 120

_ENUMS = {"kind": AgreementKind, "status": AgreementStatus}


# --- normalising input ------------------------------------------------------------------


def _strip(value):
    if isinstance(value, str):
        return value.strip() or None
    return value


def _unique(values) -> list:
    seen, result = set(), []
    for value in values:
        if value not in seen:
            seen.add(value)
            result.append(value)
    return result


def normalise(data: dict, errors: dict) -> dict:
    """Strip text, turn enum values into enums, tidy lists; unknown values go to errors."""
    data = {k: _strip(v) for k, v in data.items()}
    for name, enum_cls in _ENUMS.items():
        if data.get(name) is not None:
            try:
                data[name] = enum_cls(data[name])
            except ValueError:
                collect(errors, name, f"Unknown {name} {data[name]!r}.")
                data.pop(name)
    for name in ("auto_renew", "non_commercial", "geoss_principles"):
        if name in data:
            data[name] = bool(data[name])
    if "parties" in data:
        parties = []
        for party in data["parties"] or []:
            role = party.get("role") or PartyRole.partner
            try:
                role = PartyRole(role)
            except ValueError:
                collect(errors, "parties", f"Unknown party role {role!r}.")
                continue
            parties.append({"organization_id": party.get("organization_id"), "role": role})
        data["parties"] = parties
    if "signatory_ids" in data:
        data["signatory_ids"] = _unique(data["signatory_ids"] or [])
    if isinstance(data.get("license"), dict):
        data["license"] = _normalise_license(data["license"])
    return data


def _normalise_license(license_data: dict) -> dict:
    by_name = {s.lower(): s for s in SATELLITES}
    result = dict(license_data)
    if "satellites" in result:
        result["satellites"] = _unique(by_name.get(str(s).strip().lower(), str(s).strip())
                                       for s in result["satellites"] or [])
    if "territory" in result:
        result["territory"] = _unique(str(c).strip().upper() for c in result["territory"] or [])
    for name in ("product_levels", "permitted_uses"):
        if name in result:
            result[name] = _unique(str(v).strip() for v in result[name] or [])
    return result


def parse_countries(text: str | None) -> list[str]:
    """'lao, KHM  tha' → ['LAO', 'KHM', 'THA'] (forms take a territory as text)."""
    return _unique(part.upper() for part in (text or "").replace(";", ",").replace(",", " ").split() if part)


# --- checks -----------------------------------------------------------------------------


def current_values(agreement: Agreement | None) -> dict:
    if agreement is None:
        return {"parties": [], "signatory_ids": [], "license": None, "status": AgreementStatus.draft,
                "auto_renew": False, "non_commercial": True, "geoss_principles": True}
    merged = {name: getattr(agreement, name) for name in AGREEMENT_FIELDS}
    merged["parties"] = [{"organization_id": p.organization_id, "role": p.role} for p in agreement.parties]
    merged["signatory_ids"] = agreement.signatory_ids
    merged["license"] = agreement.license.summary() if agreement.license else None
    return merged


def _check_dates(m: dict, data: dict, errors: dict) -> None:
    effective, expires, signed = m.get("effective_from"), m.get("expires_on"), m.get("signed_on")
    if expires and effective and expires <= effective:
        collect(errors, "expires_on", "The expiry date must be after the effective date.")
    elif expires and signed and expires < signed:
        collect(errors, "expires_on", "The expiry date cannot be before the signing date.")
    notice = m.get("notice_days")
    if notice is not None and not (0 <= notice <= MAX_NOTICE_DAYS):
        collect(errors, "notice_days", f"The notice period must be between 0 and {MAX_NOTICE_DAYS} days.")
    if m.get("auto_renew") and not expires:
        collect(errors, "auto_renew", "Only an agreement with an expiry date can renew itself.")
    months = m.get("renewal_months")
    if months is not None and not (1 <= months <= MAX_RENEWAL_MONTHS):
        collect(errors, "renewal_months", f"The renewal period must be between 1 and {MAX_RENEWAL_MONTHS} months.")
    elif m.get("auto_renew") and expires and months is None:
        # Each renewal term is as long as the first one unless said otherwise.
        data["renewal_months"] = first_term_months(effective or signed, expires)

def _check_status(m: dict, agreement: Agreement | None, errors: dict) -> None:
    status = m.get("status")
    current = agreement.status if agreement is not None else None
    if current in (AgreementStatus.terminated, AgreementStatus.superseded):
        if status != current:
            collect(errors, "status", f"A {current.value} agreement cannot be reopened; record a new one.")
    elif status not in EDITABLE_STATUSES:
        collect(errors, "status", "Use the terminate or renew actions for this status.")


def _check_parties(m: dict, errors: dict) -> dict[int, Organization]:
    parties = m.get("parties") or []
    ids = [p["organization_id"] for p in parties]
    if any(i is None for i in ids):
        collect(errors, "parties", "Each party needs an organization.")
    known = {o.id: o for o in db.session.scalars(select(Organization).where(Organization.id.in_(
        [i for i in ids if i is not None])))} if ids else {}
    missing = [str(i) for i in ids if i is not None and i not in known]
    if missing:
        collect(errors, "parties", f"No organization with id {', '.join(missing)}.")
    if len(set(ids)) != len(ids):
        collect(errors, "parties", "An organization appears twice among the parties.")
    if m.get("status") == AgreementStatus.active and len(parties) < 2:
        collect(errors, "parties", "An active agreement needs at least two parties.")
    return known


def _check_signatories(m: dict, errors: dict) -> None:
    ids = m.get("signatory_ids") or []
    if not ids:
        return
    if any(not isinstance(i, int) for i in ids):
        collect(errors, "signatory_ids", "Signatories are given by person id.")
        return
    found = set(db.session.scalars(select(Person.id).where(Person.id.in_(ids))))
    missing = [str(i) for i in ids if i not in found]
    if missing:
        collect(errors, "signatory_ids", f"No person with id {', '.join(missing)}.")


def _chain_ids(agreement_id: int) -> set[int]:
    """The ids an agreement supersedes, directly or through its predecessors."""
    seen: set[int] = set()
    current = agreement_id
    while current is not None and current not in seen and len(seen) < 1000:
        seen.add(current)
        current = db.session.scalar(select(Agreement.supersedes_id).where(Agreement.id == current))
    return seen


def _check_chain(m: dict, agreement: Agreement | None, errors: dict) -> None:
    supersedes_id = m.get("supersedes_id")
    if m.get("kind") == AgreementKind.amendment and supersedes_id is None:
        collect(errors, "supersedes_id", "An amendment must name the agreement it amends.")
    if supersedes_id is not None:
        amended = db.session.get(Agreement, supersedes_id)
        if amended is None:
            collect(errors, "supersedes_id", f"No agreement with id {supersedes_id}.")
            return
        if agreement is not None and agreement.id in _chain_ids(supersedes_id):
            collect(errors, "supersedes_id", "An agreement cannot supersede itself or one of its successors.")
            return
        if m.get("kind") == AgreementKind.amendment and amended.expires_on is not None:
            expires = m.get("expires_on")
            if expires is None or expires > amended.expires_on:
                collect(errors, "expires_on", f"An amendment cannot outlive the agreement it amends "
                                              f"({amended.reference} expires on {amended.expires_on.isoformat()}).")
    if agreement is not None and m.get("expires_on") is not None:
        for amendment in agreement.successors:
            if amendment.kind == AgreementKind.amendment and (
                    amendment.expires_on is None or amendment.expires_on > m["expires_on"]):
                until = amendment.expires_on.isoformat() if amendment.expires_on else "no end date"
                collect(errors, "expires_on", f"Its amendment {amendment.reference} runs until {until}; "
                                              "an amendment cannot outlive the agreement it amends.")


def binding_agreement_exists(organization_id: int, on: date | None = None) -> bool:
    """Is an MOU or bilateral agreement binding this organization in force on that day?"""
    query = select(Agreement.id).where(
        Agreement.kind.in_(BINDING_KINDS), in_force_sql(on),
        exists().where(AgreementParty.agreement_id == Agreement.id,
                       AgreementParty.organization_id == organization_id))
    return db.session.execute(query.limit(1)).first() is not None


def _check_license(m: dict, agreement: Agreement | None, errors: dict) -> None:
    license_data = m.get("license")
    if m.get("kind") != AgreementKind.data_license:
        if license_data:
            collect(errors, "license", "Only data-use licenses carry license terms.")
        return
    if not license_data or license_data.get("licensee_id") is None:
        collect(errors, "license.licensee_id", "A data-use license needs a licensee.")
        return
    licensee_id = license_data["licensee_id"]
    licensee = db.session.get(Organization, licensee_id) if isinstance(licensee_id, int) else None
    if licensee is None:
        collect(errors, "license.licensee_id", f"No organization with id {licensee_id}.")
    checks = (
        ("satellites", set(SATELLITES), "satellite"),
        ("product_levels", {v.value for v in ProductLevel}, "product level"),
        ("permitted_uses", {v.value for v in PermittedUse}, "use"),
    )
    for name, allowed, label in checks:
        values = license_data.get(name) or []
        unknown = [v for v in values if v not in allowed]
        if not values:
            collect(errors, f"license.{name}", f"Name at least one {label}.")
        elif unknown:
            collect(errors, f"license.{name}", f"Unknown {label}(s): {', '.join(unknown)}.")
    territory = license_data.get("territory") or []
    bad = [c for c in territory if not is_country(c)]
    if not territory:
        collect(errors, "license.territory", "Name at least one country (ISO 3166 alpha-3).")
    elif bad:
        collect(errors, "license.territory", f"Unknown country code(s): {', '.join(bad)}; use ISO 3166 alpha-3.")
    if m.get("non_commercial", True) and PermittedUse.commercial.value in (license_data.get("permitted_uses") or []):
        collect(errors, "license.permitted_uses", "A non-commercial license cannot permit commercial use.")
    # Checked when the license becomes active or changes licensee, so that editing the notes of
    # a license whose MOU has lapsed since is not refused; check_license reports such lapses.
    was = current_values(agreement)
    becomes_active = m.get("status") == AgreementStatus.active and (
        was["status"] != AgreementStatus.active or (was["license"] or {}).get("licensee_id") != licensee_id)
    if licensee is not None and becomes_active and not binding_agreement_exists(licensee.id, today()):
        collect(errors, "status", f"A license can be active only while an active MOU or bilateral agreement "
                                  f"binds its licensee ({licensee.display_name}).")


def check_agreement(data: dict, agreement: Agreement | None, errors: dict) -> dict:
    """Validate the agreement as it would be after the change; returns the parties' organizations."""
    merged = current_values(agreement) | data
    if merged.get("kind") != AgreementKind.data_license and "license" not in data:
        merged["license"] = None  # a change of kind drops the license terms (see services._apply)
    if "reference" in data or agreement is None:
        if not merged.get("reference"):
            collect(errors, "reference", "A reference is required.")
        elif exists_other(Agreement, Agreement.reference, merged["reference"], agreement.id if agreement else None,
                          case_insensitive=True):
            collect_duplicate(errors, "reference", f"Reference {merged['reference']} is already used.")
    if not merged.get("title"):
        collect(errors, "title", "A title is required.")
    if not merged.get("kind"):
        collect(errors, "kind", "A kind is required.")
    _check_status(merged, agreement, errors)
    _check_dates(merged, data, errors)
    organizations = _check_parties(merged, errors)
    _check_signatories(merged, errors)
    _check_chain(merged, agreement, errors)
    _check_license(merged, agreement, errors)
    return organizations
