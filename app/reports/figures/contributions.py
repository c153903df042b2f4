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

from datetime import UTC

import pandas as pd
from flask_babel import format_decimal, gettext, ngettext
from sqlalchemy import select

from app.nodes.contributions.models import Contribution, ContributionKind, ExchangeRate
from app.nodes.contributions.queries import pledges_and_receipts
from app.partners.models import Organization
from app.reports.figures.context import Context, after, frame
from app.reports.snapshot import chart, figure, section, table

YEARS_OF_TREND = 5
TOP_PARTNERS = 15


def _load(ctx: Context, first_year: int) -> pd.DataFrame:
    df = frame(select(Contribution.year, Contribution.kind, Contribution.amount, Contribution.estimated_value,
                      Contribution.currency, Organization.id, Organization.name, Organization.acronym,
                      Contribution.created_at, Contribution.quantity, Contribution.unit, Contribution.status)
               .join(Organization, Organization.id == Contribution.organization_id)
               .where(Contribution.year.between(first_year, ctx.period.year)),
               ["year", "kind", "amount", "estimated", "currency", "org_id", "name", "acronym", "created_at",
                "quantity", "unit", "status"])
    df["kind"] = df["kind"].map(lambda k: k.value if hasattr(k, "value") else k)
    df["status"] = df["status"].map(lambda k: k.value if hasattr(k, "value") else k)
    df["value"] = pd.to_numeric(df["amount"].where(df["amount"].notna(), df["estimated"]).astype(object),
                                errors="coerce")
    rates = frame(select(ExchangeRate.year, ExchangeRate.currency, ExchangeRate.rate)
                  .where(ExchangeRate.reporting_currency == ctx.currency)
                  .where(ExchangeRate.year.between(first_year, ctx.period.year)), ["year", "currency", "rate"])
    rates["rate"] = pd.to_numeric(rates["rate"].astype(object))
    df = df.merge(rates, on=["year", "currency"], how="left")
    df.loc[df["currency"] == ctx.currency, "rate"] = 1.0
    df["converted"] = df["value"] * df["rate"]
    return df[df["value"].notna()]


def _year_to_date(df: pd.DataFrame, period) -> pd.DataFrame:
    """The contributions of the period's year recorded by the period's end."""
    limit = after(period.end)
    recorded = [c is None or c != c or (c if getattr(c, "tzinfo", None) else c.replace(tzinfo=UTC)) < limit
                for c in df["created_at"]]
    return df[(df["year"] == period.year) & pd.Series(recorded, index=df.index, dtype=bool)]


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
    df = ctx.once(("contributions", first_year, year, ctx.currency), lambda: _load(ctx, first_year))
    df = df[df["status"] != "pledged"]  # received only: a pledge is a promise, not a contribution
    if ctx.period.quarter:  # year to date, against the year to date of the period compared with
        now, before = _year_to_date(df, ctx.period), _year_to_date(df, ctx.previous)
    else:
        now, before = df[df["year"] == year], df[df["year"] == year - 1]
    pledged, pledged_before = _pledges(ctx, ctx.period), _pledges(ctx, ctx.previous)
    converted, unconverted = now[now["converted"].notna()], now[now["converted"].isna()]
    currency = ctx.currency
    kinds = [k.value for k in ContributionKind]
    by_kind = converted.groupby("kind")["converted"].sum()
    count_by_kind = now.groupby("kind").size()
    partners = (now.assign(label=now["acronym"].fillna(now["name"]))
                .groupby(["org_id", "label"]).agg(total=("converted", lambda s: s.sum(min_count=1)),
                                                   records=("value", "size"),
                                                   unconverted=("converted", lambda s: int(s.isna().sum())))
                .reset_index().sort_values(["total", "label"], ascending=[False, True], na_position="last"))
    apart = (unconverted.groupby("currency")["value"].agg(["sum", "size"]).reset_index()
             .sort_values("currency"))
    years = list(range(year - YEARS_OF_TREND + 1, year + 1))
    per_year = df[df["converted"].notna()].groupby("year")["converted"].sum()
    top = partners[partners["total"].notna()].head(TOP_PARTNERS)
    label = gettext("%(year)d, year to date", year=year) if ctx.period.quarter else str(year)
    total = converted["converted"].sum()
    return section(
        "contributions", "Contributions",
        summary=" ".join([
            gettext("Contributions of %(label)s: %(total)s %(currency)s", label=label,
                    total=format_decimal(round(float(total))), currency=currency),
            ngettext("from %(num)d partner (converted at the secretariat's rates);",
                     "from %(num)d partners (converted at the secretariat's rates);", now["org_id"].nunique()),
            ngettext("%(num)d contribution without a rate is shown apart in its own currency.",
                     "%(num)d contributions without a rate are shown apart in their own currency.",
                     len(unconverted))]),
        headline=[
            figure("contributions_total", f"Contributions received ({label}, converted)",
                   converted["converted"].sum(), before["converted"].sum(), currency),
            figure("contributions_pledged", f"Money pledged ({label}, converted)", pledged["money"]["pledged"],
                   pledged_before["money"]["pledged"], currency),
            figure("contributions_gap", f"Money pledged and not yet received ({label})", pledged["money"]["gap"],
                   pledged_before["money"]["gap"], currency),
            figure("contributors", f"Contributing partners ({label})", now["org_id"].nunique(),
                   before["org_id"].nunique()),
        ],
        tables=[
            table("by_kind", f"Contributions by kind ({label})", ["Kind", f"Value ({currency})", "Contributions"],
                  [[ContributionKind.label_of(k), by_kind.get(k, 0), int(count_by_kind.get(k, 0))] for k in kinds]),
            table("by_partner", f"Contributions by partner ({label})",
                  ["Partner", f"Value ({currency})", "Contributions", "Without a rate"],
                  [[r.label, r.total, r.records, r.unconverted] for r in partners.itertuples()]),
            table("pledged_received", f"Contributions by partner, pledged and received ({label}, {currency})",
                  ["Partner", "Pledged", "Received", "Gap", "In kind"],
                  _pledged_received(pledged, _short_names(ctx)),
                  note="Money converted at the secretariat's rates; in-kind quantities by their unit. A gap is "
                       "what was pledged and not yet received."),
            table("unconverted", f"Contributions without an exchange rate ({label}), in their own currency",
                  ["Currency", "Value", "Contributions"],
                  [[r.currency, r.sum, r.size] for r in apart.itertuples()],
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
            chart("top_partners", "hbar", f"Largest contributors ({label}, {currency})", list(top["label"]),
                  [("Converted value", list(top["total"]))], unit=currency, money_by_partner=True),
        ],
    )


def _short_names(ctx: Context) -> dict[int, str]:
    orgs = ctx.organizations
    return dict(zip(orgs["id"], orgs["acronym"].where(orgs["acronym"].notna(), orgs["name"]), strict=True))


def _quantity(value) -> str:
    return format_decimal(float(value))


def _pledged_received(found: dict, names: dict[int, str]) -> list[list]:
    """Per partner (pledges_and_receipts): money pledged and received, the gap, and the in-kind quantities
    received (with what was pledged of them); money without a rate is named in its own currency."""
    rows = []
    for p in found["partners"]:
        money, unconverted = p["money"], p["money"]["unconverted"]
        pledged = money["pledged"] if money["pledged"] or unconverted["pledged"] else None
        received = money["received"] if money["received"] or unconverted["received"] else None
        things = [f"{_quantity(k['received'])} {k['unit']}" + (f" ({_quantity(k['pledged'])} pledged)"
                                                                 if k["pledged"] else "")
                  for k in p["in_kind"] if k["received"] or k["pledged"]]
        things += [f"{_quantity(v)} {c} {side} (no rate)" for side in ("pledged", "received")
                   for c, v in unconverted[side].items()]
        rows.append([names.get(p["organization_id"]) or p["organization"], pledged, received, money["gap"],
                     ", ".join(things)])
    return sorted(rows, key=lambda r: (-(r[2] or 0), str(r[0])))
