"""Writes to contributions and to the yearly exchange-rate table.

Rules of a contribution (pages, API, CLI and imports alike):
- organization, year and kind are required; the year is 2000 to next year;
- a financial contribution has an amount (money given) and its currency; other kinds have no
  amount — what they are worth goes in estimated_value, what they are in quantity + unit;
- a currency is an ISO 4217 code, required with an amount or an estimated value;
- no figure is negative; a quantity needs its unit;
- the status is `pledged` (a commitment for the year) or `received` (the default);
- a coordinator records contributions of their own node only: the node is theirs, whatever
  the input says.
"""

from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from app.auth import policy
from app.auth.models import Role
from app.core.countries import is_currency
from app.core.errors import Conflict, ValidationFailed, collect, raise_if
from app.core.periods import FIRST_YEAR, today
from app.core.records import assign, check_version
from app.extensions import db
from app.nodes.contributions.models import Contribution, ContributionKind, ContributionStatus, ExchangeRate
from app.nodes.models import Node
from app.nodes.numbers import decimal_number, whole_number
from app.partners.models import Organization

CONTRIBUTION_FIELDS = ("organization_id", "node_id", "year", "kind", "status", "amount", "currency", "quantity", "unit",
                       "estimated_value", "description", "evidence")
MONEY_MAX = Decimal("9999999999999999.99")
TEXT_LIMITS = {"unit": 30, "description": 5000, "evidence": 500}
RATE_MAX = Decimal("1000000000")


def last_year() -> int:
    """Contributions may be recorded up to next year (pledges)."""
    return today().year + 1


def clean_contribution(data: dict) -> tuple[dict, dict[str, list[str]]]:
    """Typed values of the fields present in data, and the errors of those that are not right."""
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for name in ("organization_id", "node_id"):
        if name in data:
            value = data[name]
            if value in (None, ""):
                clean[name] = None
            else:
                try:
                    clean[name] = whole_number(value)
                except ValueError:
                    collect(errors, name, "Choose a record by its number.")
    if "year" in data:
        try:
            year = whole_number(data["year"])
        except (ValueError, TypeError):
            collect(errors, "year", "Enter a year such as 2025.")
        else:
            if not FIRST_YEAR <= year <= last_year():
                collect(errors, "year", f"Enter a year from {FIRST_YEAR} to {last_year()}.")
            else:
                clean["year"] = year
    if "kind" in data:
        kind = data["kind"]
        kind = kind.value if isinstance(kind, ContributionKind) else str(kind or "").strip().lower()
        if kind not in ContributionKind.__members__:
            collect(errors, "kind", f"Use one of: {', '.join(k.value for k in ContributionKind)}.")
        else:
            clean["kind"] = ContributionKind(kind)
    if "status" in data:
        status = data["status"]
        status = status.value if isinstance(status, ContributionStatus) else str(status or "").strip().lower()
        if not status:
            clean["status"] = ContributionStatus.received
        elif status not in ContributionStatus.__members__:
            collect(errors, "status", f"Use one of: {', '.join(s.value for s in ContributionStatus)}.")
        else:
            clean["status"] = ContributionStatus(status)
    for name, places in (("amount", 2), ("estimated_value", 2), ("quantity", 3)):
        if name not in data:
            continue
        if data[name] in (None, ""):
            clean[name] = None
            continue
        try:
            number = decimal_number(data[name], places)
        except ValueError:
            collect(errors, name, "Enter a number (a dot for decimals, no thousands separators).")
            continue
        if number < 0:
            collect(errors, name, "Cannot be negative.")
        elif number > MONEY_MAX:
            collect(errors, name, "This number is too large.")
        else:
            clean[name] = number
    if "currency" in data:
        currency = str(data["currency"] or "").strip().upper() or None
        if currency is not None and not is_currency(currency):
            collect(errors, "currency", f"Unknown currency {currency!r}; use an ISO 4217 code such as USD.")
        else:
            clean["currency"] = currency
    for name, limit in TEXT_LIMITS.items():
        if name in data:
            value = data[name]
            value = (str(value).strip() or None) if value is not None else None
            if value and len(value) > limit:
                collect(errors, name, f"Use at most {limit:,} characters.")
            else:
                clean[name] = value
    return clean, errors


def check_contribution(values: dict) -> dict[str, list[str]]:
    """The rules between fields, on the whole record (its old values overlaid with the new)."""
    errors: dict[str, list[str]] = {}
    for name in ("organization_id", "year", "kind"):
        if values.get(name) is None:
            collect(errors, name, "Required.")
    kind = values.get("kind")
    if kind == ContributionKind.financial and values.get("amount") is None:
        collect(errors, "amount", "A financial contribution needs its amount.")
    if kind is not None and kind != ContributionKind.financial and values.get("amount") is not None:
        collect(errors, "amount", "Only financial contributions have an amount; put what this is worth in "
                                  "estimated value.")
    money = values.get("amount") is not None or values.get("estimated_value") is not None
    if money and not values.get("currency"):
        collect(errors, "currency", "Give the currency of the amount or value.")
    if values.get("quantity") is not None and not values.get("unit"):
        collect(errors, "unit", "Give the unit of the quantity (TB, FTE, …).")
    return errors


def _values_of(record: Contribution) -> dict:
    return {name: getattr(record, name) for name in CONTRIBUTION_FIELDS}


def _prepare(user, data: dict, record: Contribution | None) -> dict:
    clean, errors = clean_contribution(data)
    if user is not None and getattr(user, "role", None) == Role.coordinator:
        # A coordinator's contributions are their node's: a node_id in the input is ignored.
        clean["node_id"] = user.node_id
    values = (_values_of(record) if record else {}) | clean
    for field, messages in check_contribution(values).items():
        if field not in errors:
            errors[field] = messages
    organization_id = clean.get("organization_id")
    if organization_id is not None and "organization_id" not in errors:
        organization = db.session.get(Organization, organization_id)
        if organization is None or (organization.is_archived and (record is None
                                                                   or record.organization_id != organization_id)):
            collect(errors, "organization_id", f"No organization with id {organization_id}.")
    node_id = clean.get("node_id")
    if node_id is not None and "node_id" not in errors and db.session.get(Node, node_id) is None:
        collect(errors, "node_id", f"No node with id {node_id}.")
    raise_if(errors)
    return clean


def create_contribution(user, data: dict) -> Contribution:
    """Record a contribution."""
    node_id = user.node_id if getattr(user, "role", None) == Role.coordinator else data.get("node_id")
    policy.require_create(user, "contribution", node_id)
    clean = _prepare(user, data, None)
    record = Contribution(status=ContributionStatus.received)
    assign(record, clean, CONTRIBUTION_FIELDS)
    db.session.add(record)
    db.session.flush()
    return record


def update_contribution(user, record: Contribution, data: dict, version) -> Contribution:
    """Change a contribution, refusing a stale version."""
    policy.require_edit(user, record)
    check_version(record, version)
    clean = _prepare(user, data, record)
    assign(record, clean, CONTRIBUTION_FIELDS)
    db.session.flush()
    return record


def delete_contribution(user, record: Contribution) -> None:
    """Delete a contribution (nothing refers to one); the audit log keeps what it was."""
    policy.require_edit(user, record)
    db.session.delete(record)
    db.session.flush()


# --- exchange rates -----------------------------------------------------------------------------

def reporting_currency() -> str:
    return current_app.config["REPORTING_CURRENCY"].upper()


def find_exchange_rate(year: int, currency: str) -> ExchangeRate | None:
    return db.session.scalar(select(ExchangeRate).where(
        ExchangeRate.year == year, ExchangeRate.currency == currency.upper(),
        ExchangeRate.reporting_currency == reporting_currency()))


def set_exchange_rate(user, year, currency, rate, version=None) -> ExchangeRate:
    """Set the year's rate of a currency into the reporting currency (1 currency = rate reporting currency).

    A new rate needs no version; changing an existing one needs the version last read.
    """
    policy.require(policy.may_manage_exchange_rates(user), "Only the secretariat keeps exchange rates.")
    errors: dict[str, list[str]] = {}
    clean, field_errors = clean_contribution({"year": year, "currency": currency})
    errors.update(field_errors)
    target = reporting_currency()
    if clean.get("currency") is None and "currency" not in errors:
        collect(errors, "currency", "Required.")
    elif clean.get("currency") == target:
        collect(errors, "currency", f"{target} is the reporting currency itself.")
    try:
        rate = decimal_number(rate, 8) if rate not in (None, "") else None
    except ValueError:
        rate = None
        collect(errors, "rate", "Enter a number.")
    if rate is None and "rate" not in errors:
        collect(errors, "rate", "Required.")
    elif rate is not None and not Decimal(0) < rate <= RATE_MAX:
        collect(errors, "rate", "A rate is a positive number.")
    raise_if(errors)
    record = find_exchange_rate(clean["year"], clean["currency"])
    if record is None:
        record = ExchangeRate(year=clean["year"], currency=clean["currency"], reporting_currency=target)
        db.session.add(record)
    elif version in (None, ""):
        raise Conflict(f"A {clean['year']} rate for {clean['currency']} exists already; reload and change it.",
                       {"version": ["the rate exists already"]})
    else:
        check_version(record, version)
    record.rate = rate
    db.session.flush()
    return record


def delete_exchange_rate(user, record: ExchangeRate) -> None:
    """Remove a rate: that year's money in that currency shows as unconverted again."""
    policy.require(policy.may_manage_exchange_rates(user), "Only the secretariat keeps exchange rates.")
    if record is None:
        raise ValidationFailed.on("rate", "No such rate.")
    db.session.delete(record)
    db.session.flush()
