"""Reads of the contribution register: filtered lists, totals converted into the reporting currency.

A total is a converted sum in the reporting currency plus, per currency, the money that
could not be converted for want of a rate: it is shown as such, never counted as zero.
Money a user may not see (policy.may_view_money) is left out of the sums and counted as hidden.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload

from app.auth import policy
from app.auth.models import Role
from app.extensions import db
from app.nodes.contributions.models import Contribution, ContributionImport, ContributionKind, ExchangeRate
from app.nodes.contributions.services import reporting_currency
from app.nodes.models import Node
from app.partners.models import Organization

CENT = Decimal("0.01")


def contributions_query(organization_id=None, node=None, year=None, kind=None, currency=None, q=None,
                        import_id=None, status=None):
    """Contributions matching the filters, newest year first, with organization and node loaded."""
    query = select(Contribution).join(Contribution.organization).options(
        joinedload(Contribution.organization), joinedload(Contribution.node))
    return _filtered(query, organization_id, node, year, kind, currency, q, import_id, status).order_by(
        Contribution.year.desc(), Organization.name, Contribution.id)


def _filtered(query, organization_id=None, node=None, year=None, kind=None, currency=None, q=None, import_id=None,
              status=None):
    if status:
        query = query.where(Contribution.status == status)
    if import_id:
        query = query.where(Contribution.import_id == int(import_id))
    if organization_id:
        query = query.where(Contribution.organization_id == int(organization_id))
    if node:
        node = str(node)
        if node.isdigit():
            query = query.where(Contribution.node_id == int(node))
        else:
            query = query.where(Contribution.node_id.in_(select(Node.id).where(Node.code == node.upper())))
    if year:
        query = query.where(Contribution.year == int(year))
    if kind:
        query = query.where(Contribution.kind == kind)
    if currency:
        query = query.where(Contribution.currency == currency.strip().upper())
    if q:
        like = f"%{q.strip()}%"
        query = query.where(or_(Contribution.description.ilike(like), Organization.name.ilike(like),
                                Organization.acronym.ilike(like)))
    return query


def rates_for(years, target: str | None = None) -> dict[tuple[int, str], Decimal]:
    """{(year, currency): rate into the reporting currency} for these years."""
    target = target or reporting_currency()
    rows = db.session.execute(select(ExchangeRate.year, ExchangeRate.currency, ExchangeRate.rate)
                              .where(ExchangeRate.year.in_(list(years)), ExchangeRate.reporting_currency == target))
    return {(r.year, r.currency): r.rate for r in rows}


def convert(value: Decimal | None, currency: str | None, year: int, rates: dict, target: str) -> Decimal | None:
    """The value in the reporting currency, or None when it cannot be converted (no rate)."""
    if value is None or currency is None:
        return None
    if currency == target:
        return value
    rate = rates.get((year, currency))
    return (value * rate).quantize(CENT) if rate is not None else None


@dataclass
class Total:
    """Contributions counted; money converted into the reporting currency; what is left unconverted."""

    count: int = 0
    converted: Decimal = Decimal(0)
    converted_count: int = 0
    unconverted: dict = field(default_factory=lambda: defaultdict(Decimal))
    hidden: int = 0

    def add(self, count, value, currency, year, visible, rates, target):
        self.count += count
        if value is None:
            return
        if not visible:
            self.hidden += count
            return
        converted = convert(value, currency, year, rates, target)
        if converted is None:
            self.unconverted[currency] += value
        else:
            self.converted += converted
            self.converted_count += 1

    @property
    def has_money(self) -> bool:
        return self.converted_count > 0

    def as_dict(self) -> dict:
        return {"count": self.count, "converted": str(self.converted) if self.has_money else None,
                "unconverted": {c: str(v) for c, v in sorted(self.unconverted.items())}, "hidden": self.hidden}


def _money_visibility(user):
    """policy.may_view_money for every row: (an SQL expression per row, or None, and the answer when None)."""
    if policy.is_staff(user) or getattr(user, "role", None) == Role.board:
        return None, True
    if getattr(user, "role", None) == Role.coordinator and user.node_id is not None:
        return case((Contribution.node_id == user.node_id, 1), else_=0), False
    return None, False


def totals(user, **filters) -> dict:
    """Totals of the filtered contributions by partner, by kind, by year and overall, in two statements."""
    target = reporting_currency()
    value = func.coalesce(Contribution.amount, Contribution.estimated_value)
    visible, everything_visible = _money_visibility(user)
    columns = [Contribution.organization_id, Organization.name, Organization.acronym, Contribution.kind,
               Contribution.year, Contribution.currency]
    groups = columns + ([visible.label("visible")] if visible is not None else [])
    query = select(*groups, func.count(Contribution.id).label("count"), func.sum(value).label("value")) \
        .join(Contribution.organization).group_by(*columns, *([visible] if visible is not None else []))
    rows = db.session.execute(_filtered(query, **filters)).all()
    rates = rates_for({r.year for r in rows}, target)
    result = {"by_organization": {}, "by_kind": {}, "by_year": {}, "all": Total(), "currency": target}
    names = {}
    for row in rows:
        names[row.organization_id] = f"{row.name} ({row.acronym})" if row.acronym else row.name
        shown = bool(row.visible) if visible is not None else everything_visible
        for bucket, key in (("by_organization", row.organization_id), ("by_kind", row.kind),
                            ("by_year", row.year)):
            result[bucket].setdefault(key, Total()).add(row.count, row.value, row.currency, row.year, shown,
                                                        rates, target)
        result["all"].add(row.count, row.value, row.currency, row.year, shown, rates, target)
    result["by_organization"] = sorted(((names[k], k, t) for k, t in result["by_organization"].items()),
                                       key=lambda item: item[0].lower())
    result["by_kind"] = [(k, t) for k in ContributionKind for kk, t in result["by_kind"].items() if kk == k]
    result["by_year"] = sorted(result["by_year"].items(), reverse=True)
    return result


def exchange_rate_table(year: int) -> list[dict]:
    """The currencies of a year's contributions and of its rates, each with its rate (or None)."""
    target = reporting_currency()
    used = set(db.session.scalars(select(Contribution.currency).distinct()
                                  .where(Contribution.year == year, Contribution.currency.is_not(None))))
    rates = {r.currency: r for r in db.session.scalars(
        select(ExchangeRate).where(ExchangeRate.year == year, ExchangeRate.reporting_currency == target))}
    return [{"currency": c, "rate": rates.get(c), "used": c in used}
            for c in sorted((used | set(rates)) - {target})]


def imports_query(user):
    """The recorded imports the user may see, newest first: staff see all, others their own."""
    query = select(ContributionImport).order_by(ContributionImport.imported_at.desc(), ContributionImport.id.desc())
    if not policy.is_staff(user):
        query = query.where(ContributionImport.imported_by_id == getattr(user, "id", None))
    return query


# --- pledges and receipts ------------------------------------------------------------------------

def _side() -> dict:
    return {"pledged": Decimal(0), "received": Decimal(0)}


def pledges_and_receipts(year: int, as_of=None, currency: str | None = None) -> dict:
    """Per partner, what was pledged for the year, what was received and the gap (pledged − received).

    Money is the amount of financial contributions, converted into the reporting currency with the
    year's rates; money without a rate is listed by currency under `unconverted` and the partner's
    money gap is then None (unknown, never computed as if it were zero). In-kind contributions are
    summed by unit (TB, FTE, servers …) as quantities. The overall money gap adds the partners' known
    gaps. `as_of` (a date) counts only what had been recorded by the end of that day. A gap is None
    where nothing was pledged; a negative gap means more came than was pledged. Figures are Decimals.
    `currency`: convert into this one instead of the reporting currency (a report built in another).
    """
    target = (currency or reporting_currency()).upper()
    query = (select(Contribution.organization_id, Organization.name, Organization.acronym, Contribution.status,
                    Contribution.kind, Contribution.currency, Contribution.unit,
                    func.sum(Contribution.amount).label("amount"), func.sum(Contribution.quantity).label("quantity"))
             .join(Contribution.organization).where(Contribution.year == int(year))
             .group_by(Contribution.organization_id, Organization.name, Organization.acronym, Contribution.status,
                       Contribution.kind, Contribution.currency, Contribution.unit))
    if as_of is not None:
        end = datetime.combine(as_of + timedelta(days=1), time(0), tzinfo=UTC)
        query = query.where(Contribution.created_at < end)
    rates = rates_for([int(year)], target)
    partners: dict[int, dict] = {}
    for row in db.session.execute(query):
        entry = partners.setdefault(row.organization_id, {
            "organization_id": row.organization_id,
            "organization": f"{row.name} ({row.acronym})" if row.acronym else row.name,
            "money": _side() | {"unconverted": {"pledged": defaultdict(Decimal), "received": defaultdict(Decimal)}},
            "in_kind": {}, "has_pledge": False})
        side = row.status.value
        if side == "pledged":
            entry["has_pledge"] = True
        if row.kind == ContributionKind.financial and row.amount is not None:
            converted = convert(row.amount, row.currency, int(year), rates, target)
            if converted is None:
                entry["money"]["unconverted"][side][row.currency] += row.amount
            else:
                entry["money"][side] += converted
        elif row.quantity is not None and row.unit:
            entry["in_kind"].setdefault(row.unit, _side())[side] += row.quantity
    result = []
    for entry in sorted(partners.values(), key=lambda e: e["organization"].lower()):
        money = entry["money"]
        unconverted = {s: dict(sorted(v.items())) for s, v in money["unconverted"].items()}
        pledged_any = money["pledged"] > 0 or bool(unconverted["pledged"])
        money_gap = None
        if pledged_any and not unconverted["pledged"] and not unconverted["received"]:
            money_gap = money["pledged"] - money["received"]
        in_kind = [{"unit": unit, "pledged": q["pledged"], "received": q["received"],
                    "gap": q["pledged"] - q["received"] if q["pledged"] > 0 else None}
                   for unit, q in sorted(entry["in_kind"].items(), key=lambda item: item[0].lower())]
        result.append({"organization_id": entry["organization_id"], "organization": entry["organization"],
                       "year": int(year),
                       "money": {"pledged": money["pledged"], "received": money["received"], "gap": money_gap,
                                 "unconverted": unconverted},
                       "in_kind": in_kind})
    total_pledged = sum((p["money"]["pledged"] for p in result), Decimal(0))
    total_received = sum((p["money"]["received"] for p in result), Decimal(0))
    return {"year": int(year), "currency": target, "as_of": as_of, "partners": result,
            "money": {"pledged": total_pledged, "received": total_received,
                      "gap": sum((p["money"]["gap"] for p in result if p["money"]["gap"] is not None), Decimal(0))}}
