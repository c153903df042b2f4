"""Reads the agreement pages, the exports and the API need; filters run in SQL."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, and_, cast, exists, or_, select
from sqlalchemy.orm import selectinload

from app.agreements.models import Agreement, AgreementKind, AgreementParty, AgreementState, License
from app.agreements.state import (
    IN_FORCE,
    agreement_state,
    day_of,
    days_left,
    expiring_within_sql,
    last_day,
    last_day_sql,
    state_sql,
    today,
)
from app.core.errors import DomainError
from app.extensions import db
from app.partners.models import Organization

MAX_WINDOW_DAYS = 3650
SORTS = {
    "reference": Agreement.reference,
    "title": Agreement.title,
    "kind": Agreement.kind,
    "signed_on": Agreement.signed_on,
    "effective_from": Agreement.effective_from,
    "expires_on": Agreement.expires_on,
}
SORT_KEYS = tuple(SORTS) + ("state",)


@dataclass(frozen=True)
class RegisterFilters:
    q: str | None = None
    kind: AgreementKind | None = None
    state: AgreementState | None = None
    organization_id: int | None = None
    country: str | None = None
    expiring_within_days: int | None = None
    sort: str = "reference"
    descending: bool = False
    on: date | None = None


def _bad(name: str, message: str) -> DomainError:
    return DomainError(f"{name}: {message}", {name: [message]})


def _enum(args, name, enum_cls):
    value = (args.get(name) or "").strip()
    if not value:
        return None
    try:
        return enum_cls(value)
    except ValueError:
        raise _bad(name, f"one of {', '.join(e.value for e in enum_cls)}") from None


def _int(args, name, low, high):
    value = (args.get(name) or "").strip()
    if not value:
        return None
    if not value.isdigit() or not (low <= int(value) <= high):
        raise _bad(name, f"a whole number between {low} and {high}")
    return int(value)


def filters_from(args) -> RegisterFilters:
    """Read the register's filters from query parameters, or 400 naming the bad one."""
    sort = (args.get("sort") or "reference").strip()
    descending = sort.startswith("-")
    if sort.lstrip("-") not in SORT_KEYS:
        raise _bad("sort", f"one of {', '.join(SORT_KEYS)} (a leading - sorts descending)")
    country = (args.get("country") or "").strip().upper() or None
    if country and (len(country) != 3 or not country.isalpha()):
        raise _bad("country", "an ISO 3166 alpha-3 code")
    return RegisterFilters(
        q=(args.get("q") or "").strip() or None,
        kind=_enum(args, "kind", AgreementKind),
        state=_enum(args, "state", AgreementState),
        organization_id=_int(args, "organization_id", 1, 2**31 - 1),
        country=country,
        expiring_within_days=_int(args, "expiring_within_days", 0, MAX_WINDOW_DAYS),
        sort=sort.lstrip("-"),
        descending=descending,
    )


def _with_relations(query):
    return query.options(
        selectinload(Agreement.parties).joinedload(AgreementParty.organization),
        selectinload(Agreement.license).joinedload(License.licensee),
        selectinload(Agreement.signatories),
    )


def register_query(filters: RegisterFilters):
    """The register: every filter in SQL, parties and licenses loaded in a fixed number of queries."""
    on = filters.on or today()
    query = select(Agreement)
    party = AgreementParty.agreement_id == Agreement.id
    if filters.q:
        like = f"%{filters.q}%"
        party_named = exists().where(party, AgreementParty.organization_id == Organization.id,
                                     or_(Organization.name.ilike(like), Organization.acronym.ilike(like)))
        query = query.where(or_(Agreement.reference.ilike(like), Agreement.title.ilike(like), party_named))
    if filters.kind:
        query = query.where(Agreement.kind == filters.kind)
    if filters.state:
        query = query.where(state_sql(on) == filters.state.value)
    if filters.organization_id:
        licensee = exists().where(License.agreement_id == Agreement.id,
                                  License.licensee_id == filters.organization_id)
        query = query.where(or_(exists().where(party, AgreementParty.organization_id == filters.organization_id),
                                licensee))
    if filters.country:
        party_in = exists().where(party, AgreementParty.organization_id == Organization.id,
                                  Organization.country == filters.country)
        # territory is a JSON list; a LIKE on its text is portable across SQLite and PostgreSQL.
        territory = exists().where(License.agreement_id == Agreement.id,
                                   cast(License.territory, String).like(f'%"{filters.country}"%'))
        query = query.where(or_(party_in, territory))
    if filters.expiring_within_days is not None:
        query = query.where(expiring_within_sql(filters.expiring_within_days, on))
    column = state_sql(on) if filters.sort == "state" else SORTS[filters.sort]
    order = column.desc() if filters.descending else column.asc()
    if filters.sort in ("signed_on", "effective_from", "expires_on"):
        order = order.nulls_last()
    return _with_relations(query).order_by(order, Agreement.reference, Agreement.id)


def ending_in(days: int, on: date | None = None) -> list[Agreement]:
    """Agreements in force whose last day comes exactly `days` days after `on` (default today):
    what a daily reminder job sends at 180, 90 and 30 days."""
    on = on or today()
    condition = and_(state_sql(on).in_([s.value for s in IN_FORCE]), last_day_sql(on) - day_of(on) == days)
    return list(db.session.scalars(_with_relations(select(Agreement).where(condition)).order_by(Agreement.reference)))


def timeline(on: date | None = None, months: int = 24, past_days: int = 90) -> dict:
    """Agreements by the month their term ends: the recently expired, those ending within
    `months`, those ending later, and those in force without an end date."""
    on = on or today()
    rows = db.session.scalars(_with_relations(
        select(Agreement).where(state_sql(on).in_([s.value for s in (*IN_FORCE, AgreementState.expired)]))
    ).order_by(Agreement.expires_on, Agreement.reference)).all()
    horizon = on.replace(day=1)
    limit_month = (horizon.year * 12 + horizon.month - 1 + months)
    groups: dict[tuple[int, int], list] = {}
    open_ended, expired, later = [], [], []
    for agreement in rows:
        end = last_day(agreement, on)
        state = agreement_state(agreement, on)
        entry = {"agreement": agreement, "state": state, "last_day": end, "days_left": days_left(agreement, on)}
        if end is None or (state == AgreementState.active and end < on):
            open_ended.append(entry)
        elif end < on:
            if (on - end).days <= past_days:
                expired.append(entry)
        elif end.year * 12 + end.month - 1 < limit_month:
            groups.setdefault((end.year, end.month), []).append(entry)
        else:
            later.append(entry)
    ordered = sorted(groups.items())
    for _key, entries in ordered:
        entries.sort(key=lambda e: (e["last_day"], e["agreement"].reference))
    expired.sort(key=lambda e: e["last_day"])
    later.sort(key=lambda e: (e["last_day"], e["agreement"].reference))
    return {"months": ordered, "expired": expired, "later": later, "open_ended": open_ended, "on": on}


def chain_of(agreement: Agreement) -> list[Agreement]:
    """The agreements this one amends or renews, oldest first (its predecessors)."""
    chain, seen = [], {agreement.id}
    current = agreement.supersedes
    while current is not None and current.id not in seen and len(chain) < 100:
        chain.append(current)
        seen.add(current.id)
        current = current.supersedes
    return list(reversed(chain))


def agreement_choices(exclude_id: int | None = None):
    rows = db.session.execute(select(Agreement.id, Agreement.reference, Agreement.title)
                              .order_by(Agreement.reference)).all()
    return [(None, "—")] + [(r.id, f"{r.reference} — {r.title}"[:120]) for r in rows if r.id != exclude_id]


def person_choices():
    from app.partners.models import Person

    rows = db.session.execute(select(Person.id, Person.name).where(Person.archived_at.is_(None))
                              .order_by(Person.name)).all()
    return [(r.id, r.name) for r in rows]


def load_agreement(agreement_id) -> Agreement | None:
    """One agreement with what its detail page shows."""
    key = str(agreement_id)
    if not (key.isascii() and key.isdigit() and len(key) < 19):  # beyond 64 bits: no such agreement
        return None
    return db.session.scalar(_with_relations(select(Agreement).where(Agreement.id == int(agreement_id)))
                             .options(selectinload(Agreement.successors)))
