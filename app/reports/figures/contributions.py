"""Contributions: by partner, kind and year, converted into the reporting currency with the rate table.

A contribution's worth is its amount, or the estimated value of what was given in kind. It
is converted with the secretariat's rate for its year and currency; with no rate it is
shown apart, in its own currency, and never counted as zero.

A contribution is dated by its year only. An annual report counts the year's contributions
and compares them with the year before. A seasonal report counts the year to date (the
year's contributions recorded by the quarter's end) and compares it with the year to date
of the period it is compared with (recorded by that period's end): like with like, never a
quarter against a whole year.
"""

from typing import NamedTuple

from flask_babel import format_decimal, gettext, ngettext
from sqlalchemy import select

from app.extensions import db
from app.nodes.contributions.models import Contribution, ContributionKind, ExchangeRate
from app.nodes.contributions.queries import pledges_and_receipts
from app.partners.models import Organization
from app.reports.figures.context import Context, after, count_by, distinct, number, records, stamp
from app.reports.snapshot import chart, figure, money_of, period_label, said, section, table

YEARS_OF_TREND = 5
TOP_PARTNERS = 15


def _load(ctx: Context, first_year: int) -> list:
    """The contributions of the years read, each with its worth and its worth converted (None without a rate);
    those with no worth at all are left out."""
    rates = {(year, currency): number(rate) for year, currency, rate in db.session.execute(
        select(ExchangeRate.year, ExchangeRate.currency, ExchangeRate.rate)
        .where(ExchangeRate.reporting_currency == ctx.currency)
        .where(ExchangeRate.year.between(first_year, ctx.period.year)))}

    def worth(r):
        return number(r.amount if r.amount is not None else r.estimated)

    def converted(r):
        rate = 1.0 if r.currency == ctx.currency else rates.get((r.year, r.currency))
        return None if rate is None or worth(r) is None else worth(r) * rate

    found = records(select(Contribution.year, Contribution.kind, Contribution.amount, Contribution.estimated_value,
                           Contribution.currency, Organization.id, Organization.name, Organization.acronym,
                           Contribution.created_at, Contribution.quantity, Contribution.unit, Contribution.status)
                    .join(Organization, Organization.id == Contribution.organization_id)
                    .where(Contribution.year.between(first_year, ctx.period.year)),
                    ["year", "kind", "amount", "estimated", "currency", "org_id", "name", "acronym", "created_at",
                     "quantity", "unit", "status"], codes=("kind", "status"), value=worth, converted=converted)
    return [r for r in found if r.value is not None]


def _year_to_date(rows: list, period) -> list:
    """The contributions of the period's year recorded by the period's end."""
    limit = after(period.end)
    return [r for r in rows if r.year == period.year and (r.created_at is None or stamp(r.created_at) < limit)]


def _sum(values) -> float:
    """A sum of converted values (0 when there is none, as a total of money)."""
    return sum(values, 0)


def _pledges(ctx: Context, period) -> dict:
    """What was pledged and received in the period's year (a quarter: its year to date), by the contributions
    service's rule: money converted, in-kind quantities by unit, and the gap."""
    as_of = period.end if period.quarter else None
    return ctx.once(("pledges", period.year, as_of, ctx.currency),
                    lambda: pledges_and_receipts(period.year, as_of=as_of, currency=ctx.currency))


def contributions(ctx: Context) -> dict:
    """Contributions of the period's year, converted; the unconverted ones apart; five years of totals.

    Only received contributions count as contributions; pledges are shown beside them, with the gap."""
    year = ctx.period.year
    first_year = year - YEARS_OF_TREND + 1
    loaded = ctx.once(("contributions", first_year, year, ctx.currency), lambda: _load(ctx, first_year))
    received = [r for r in loaded if r.status != "pledged"]  # a pledge is a promise, not a contribution
    if ctx.period.quarter:  # year to date, against the year to date of the period compared with
        now, before = _year_to_date(received, ctx.period), _year_to_date(received, ctx.previous)
    else:
        now = [r for r in received if r.year == year]
        before = [r for r in received if r.year == year - 1]
    pledged, pledged_before = _pledges(ctx, ctx.period), _pledges(ctx, ctx.previous)
    converted = [r for r in now if r.converted is not None]
    unconverted = [r for r in now if r.converted is None]
    currency = ctx.currency
    kinds = [k.value for k in ContributionKind]
    by_kind: dict[str, float] = {}
    for r in converted:
        by_kind[r.kind] = by_kind.get(r.kind, 0) + r.converted
    count_by_kind = count_by(r.kind for r in now)
    partners = _by_partner(now)
    apart: dict[str, list] = {}
    for r in unconverted:
        apart.setdefault(r.currency, []).append(r.value)
    years = list(range(year - YEARS_OF_TREND + 1, year + 1))
    per_year: dict[int, float] = {}
    for r in received:
        if r.converted is not None:
            per_year[r.year] = per_year.get(r.year, 0) + r.converted
    top = [p for p in partners if p.total is not None][:TOP_PARTNERS]
    label = gettext("%(year)d, year to date", year=year) if ctx.period.quarter else str(year)
    total = _sum(r.converted for r in converted)
    return section(
        "contributions", "Contributions",
        summary=" ".join([
            gettext("Contributions of %(label)s: %(total)s %(currency)s", label=label,
                    total=format_decimal(round(float(total))), currency=currency),
            ngettext("from %(num)d partner (converted at the secretariat's rates);",
                     "from %(num)d partners (converted at the secretariat's rates);", distinct(r.org_id for r in now)),
            ngettext("%(num)d contribution without a rate is shown apart in its own currency.",
                     "%(num)d contributions without a rate are shown apart in their own currency.",
                     len(unconverted))]),
        said=[said("Contributions of %(period)s: %(total)s from %(partners)s (converted at the secretariat's "
                   "rates); %(apart)s.",
                   period=period_label(f"{year}, year to date" if ctx.period.quarter else year),
                   total=money_of(total, currency),
                   partners=said("%(count)s partner", "%(count)s partners", distinct(r.org_id for r in now)),
                   apart=said("%(count)s contribution without a rate is shown apart in its own currency",
                              "%(count)s contributions without a rate are shown apart in their own currency",
                              len(unconverted)))],
        headline=[
            figure("contributions_total", f"Contributions received ({label}, converted)",
                   total, _sum(r.converted for r in before if r.converted is not None), currency),
            figure("contributions_pledged", f"Money pledged ({label}, converted)", pledged["money"]["pledged"],
                   pledged_before["money"]["pledged"], currency),
            figure("contributions_gap", f"Money pledged and not yet received ({label})", pledged["money"]["gap"],
                   pledged_before["money"]["gap"], currency),
            figure("contributors", f"Contributing partners ({label})", distinct(r.org_id for r in now),
                   distinct(r.org_id for r in before)),
        ],
        tables=[
            table("by_kind", f"Contributions by kind ({label})", ["Kind", f"Value ({currency})", "Contributions"],
                  [[ContributionKind.label_of(k), by_kind.get(k, 0), count_by_kind.get(k, 0)] for k in kinds]),
            table("by_partner", f"Contributions by partner ({label})",
                  ["Partner", f"Value ({currency})", "Contributions", "Without a rate"],
                  [list(p) for p in partners]),
            table("pledged_received", f"Contributions by partner, pledged and received ({label}, {currency})",
                  ["Partner", "Pledged", "Received", "Gap", "In kind"],
                  _pledged_received(pledged, _short_names(ctx)),
                  note="Money converted at the secretariat's rates; in-kind quantities by their unit. A gap is "
                       "what was pledged and not yet received."),
            table("unconverted", f"Contributions without an exchange rate ({label}), in their own currency",
                  ["Currency", "Value", "Contributions"],
                  [[c, sum(values), len(values)] for c, values in sorted(apart.items())],
                  note="Not counted in the converted totals: the secretariat has no rate for them yet."),
            table("by_year", "Contributions by year (converted)", ["Year", f"Value ({currency})"],
                  [[str(y), per_year.get(y, 0)] for y in years]),  # a year is a label, never "2,021"
        ],
        charts=[
            chart("by_year", "line", f"Contributions by year ({currency})", [str(y) for y in years],
                  [("Converted value", [per_year.get(y, 0) for y in years])], unit=currency),
            chart("by_kind", "bar", f"Contributions by kind ({label}, {currency})",
                  [ContributionKind.label_of(k) for k in kinds],
                  [("Converted value", [by_kind.get(k, 0) for k in kinds])], unit=currency),
            chart("top_partners", "hbar", f"Largest contributors ({label}, {currency})", [p.label for p in top],
                  [("Converted value", [p.total for p in top])], unit=currency, money_by_partner=True),
        ],
    )


class Partner(NamedTuple):
    label: str
    total: float | None  # converted; None when none of its contributions has a rate
    records: int
    unconverted: int  # of which without a rate


def _by_partner(rows: list) -> list[Partner]:
    """The contributions of each partner, the largest first (those with nothing converted last), then by
    label."""
    found: dict[tuple, list] = {}
    for r in rows:
        key = (r.org_id, r.acronym if r.acronym is not None else r.name)
        found.setdefault(key, []).append(r.converted)
    partners = []
    for (_id, label), values in found.items():
        known = [v for v in values if v is not None]
        partners.append(Partner(label, sum(known) if known else None, len(values), len(values) - len(known)))
    return sorted(partners, key=lambda p: (p.total is None, -(p.total or 0), p.label))


def _short_names(ctx: Context) -> dict[int, str]:
    return {o.id: o.acronym if o.acronym is not None else o.name for o in ctx.organizations}


def _pledged_received(found: dict, names: dict[int, str]) -> list[list]:
    """Per partner (pledges_and_receipts): money pledged and received, the gap, and the in-kind quantities
    received (with what was pledged of them); money without a rate is named in its own currency."""
    rows = []
    for p in found["partners"]:
        money, unconverted = p["money"], p["money"]["unconverted"]
        pledged = money["pledged"] if money["pledged"] or unconverted["pledged"] else None
        received = money["received"] if money["received"] or unconverted["received"] else None
        things = [said("%(quantity)s %(unit)s (%(pledged)s pledged)", quantity=float(k["received"]), unit=k["unit"],
                       pledged=float(k["pledged"])) if k["pledged"] else
                  said("%(quantity)s %(unit)s", quantity=float(k["received"]), unit=k["unit"])
                  for k in p["in_kind"] if k["received"] or k["pledged"]]
        things += [said("%(amount)s %(currency)s pledged (no rate)", amount=float(v), currency=c)
                   for c, v in unconverted["pledged"].items()]
        things += [said("%(amount)s %(currency)s received (no rate)", amount=float(v), currency=c)
                   for c, v in unconverted["received"].items()]
        rows.append([names.get(p["organization_id"]) or p["organization"], pledged, received, money["gap"],
                     things or ""])
    return sorted(rows, key=lambda r: (-(r[2] or 0), str(r[0])))
