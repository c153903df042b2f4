"""The figures of a period, computed once into a plain snapshot (see snapshot.py for its shape).

Each area of the network is one function ``area(ctx) -> section``, listed in ``AREAS``; it
reads what it needs in a few set-based queries (grouped in SQL or in pandas, never per
record) and returns its tables, charts and headline figures. The PDF, the dashboard, the
exports and the public page all draw from the snapshot this module builds, so they agree.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property

import pandas as pd
from flask import current_app
from sqlalchemy import select

from app.core.countries import continent, country_name
from app.extensions import db
from app.nodes.models import Node, NodeStatus
from app.partners.models import Organization, OrganizationKind, OrganizationStatus
from app.reports.periods import Period
from app.reports.snapshot import SCHEMA, chart, figure, section, table

REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")


@cache
def region_of(country: str) -> str:
    return continent(country) or "Other"


@cache
def name_of_country(country: str) -> str:
    return country_name(country)


def frame(query, columns: list[str]) -> pd.DataFrame:
    """Rows of one select() as a DataFrame with the given column names."""
    rows = db.session.execute(query).all()
    return pd.DataFrame.from_records(rows, columns=columns)


@dataclass
class Context:
    """What every area function gets: the period, the one before it, and shared frames."""

    period: Period
    as_of: date
    currency: str
    previous: Period = field(init=False)

    def __post_init__(self):
        self.previous = self.period.previous()

    @cached_property
    def nodes(self) -> pd.DataFrame:
        """Every node not archived, with its host, region and country name."""
        df = frame(select(Node.id, Node.code, Node.name, Node.country, Node.status, Node.established_on,
                          Node.is_lead, Organization.name, Organization.acronym)
                   .join(Organization, Organization.id == Node.host_organization_id)
                   .where(Node.archived_at.is_(None)).order_by(Node.is_lead.desc(), Node.code),
                   ["id", "code", "name", "country", "status", "established_on", "is_lead", "host", "host_acronym"])
        df["status"] = df["status"].map(lambda s: s.value if hasattr(s, "value") else s)
        df["region"] = df["country"].map(region_of)
        df["country_name"] = df["country"].map(name_of_country)
        return df

    def nodes_existing(self, on: date) -> pd.DataFrame:
        """Nodes established on or before a day (an unknown date counts as existing)."""
        return self.nodes[on_or_before(self.nodes["established_on"], on)]

    @cached_property
    def organizations(self) -> pd.DataFrame:
        df = frame(select(Organization.id, Organization.name, Organization.acronym, Organization.country,
                          Organization.kind, Organization.status, Organization.joined_on)
                   .where(Organization.archived_at.is_(None)),
                   ["id", "name", "acronym", "country", "kind", "status", "joined_on"])
        for column in ("kind", "status"):
            df[column] = df[column].map(lambda s: s.value if hasattr(s, "value") else s)
        return df


def _missing(day) -> bool:
    return day is None or (isinstance(day, float) and day != day) or day is pd.NaT


def on_or_before(days: pd.Series, day: date, missing: bool = True) -> pd.Series:
    """Which dates fall on or before a day; an unknown date counts as ``missing``."""
    return pd.Series([missing if _missing(d) else d <= day for d in days], index=days.index, dtype=bool)


def within(days: pd.Series, period: Period) -> pd.Series:
    """Which dates fall inside the period; unknown dates do not."""
    return pd.Series([not _missing(d) and period.start <= d <= period.end for d in days], index=days.index,
                     dtype=bool)


def _counts(values: pd.Series, order) -> list[int]:
    counts = values.value_counts()
    return [int(counts.get(key, 0)) for key in order]


# ---------------------------------------------------------------------------------------------
# Areas
# ---------------------------------------------------------------------------------------------

def network(ctx: Context) -> dict:
    """Nodes by status and region, countries, partners and those who joined in the period."""
    now = ctx.nodes_existing(ctx.period.end)
    before = ctx.nodes_existing(ctx.previous.end)
    active, active_before = now[now["status"] == "active"], before[before["status"] == "active"]
    statuses = [s.value for s in NodeStatus]
    regions = [r for r in REGIONS if r in set(now["region"])] + sorted(set(now["region"]) - set(REGIONS))
    by_region = [[r, int((now["region"] == r).sum()), int((active["region"] == r).sum()),
                  int(active.loc[active["region"] == r, "country"].nunique())] for r in regions]

    orgs = ctx.organizations
    current = orgs[orgs["status"] != OrganizationStatus.former.value]
    partners = current[on_or_before(current["joined_on"], ctx.period.end)]
    partners_before = current[on_or_before(current["joined_on"], ctx.previous.end)]
    new = orgs[within(orgs["joined_on"], ctx.period)].sort_values(["joined_on", "name"])
    new_before = orgs[within(orgs["joined_on"], ctx.previous)]
    kinds = [k.value for k in OrganizationKind]

    return section(
        "network", "The network",
        summary=f"{len(active)} active nodes in {active['country'].nunique()} countries on "
                f"{active['region'].nunique()} continents; {len(new)} partner organizations joined.",
        headline=[
            figure("nodes_active", "Active nodes", len(active), len(active_before)),
            figure("countries", "Countries with an active node", active["country"].nunique(),
                   active_before["country"].nunique()),
            figure("partners", "Partner organizations", len(partners), len(partners_before)),
            figure("partners_new", "Partners joined in the period", len(new), len(new_before)),
        ],
        tables=[
            table("nodes_by_status", "Nodes by status", ["Status", "Nodes"],
                  [[s, n] for s, n in zip(statuses, _counts(now["status"], statuses), strict=True)]),
            table("nodes_by_region", "Nodes by region", ["Region", "Nodes", "Active nodes", "Countries"], by_region),
            table("partners_by_kind", "Partner organizations by kind", ["Kind", "Organizations"],
                  [[k, n] for k, n in zip(kinds, _counts(partners["kind"], kinds), strict=True)]),
            table("partners_new", "Partner organizations that joined in the period",
                  ["Organization", "Country", "Kind", "Joined on"],
                  [[r.name, name_of_country(r.country), r.kind, r.joined_on] for r in new.itertuples()]),
        ],
        charts=[
            chart("nodes_by_region", "bar", "Active nodes by region", regions,
                  [("Active nodes", [row[2] for row in by_region])]),
            chart("nodes_by_status", "pie", "Nodes by status", statuses,
                  [("Nodes", _counts(now["status"], statuses))]),
        ],
    )


def node_annex(ctx: Context) -> dict:
    """Every node, for the annex and the dashboard's map."""
    now = ctx.nodes_existing(ctx.period.end)
    return table("nodes", "Nodes of the network",
                 ["Code", "Name", "Country", "ISO", "Region", "Host organization", "Status", "Established"],
                 [[r.code, r.name, r.country_name, r.country, r.region, r.host, r.status, r.established_on]
                  for r in now.itertuples()])


AREAS = [network]


def build_snapshot(period: Period, *, as_of: date | None = None, currency: str | None = None) -> dict:
    """Every figure of the period as one plain, JSON-able snapshot."""
    ctx = Context(period=period, as_of=as_of or date.today(),
                  currency=currency or current_app.config["REPORTING_CURRENCY"])
    sections = [area(ctx) for area in AREAS]
    return {
        "schema": SCHEMA,
        "period": {"kind": period.kind, "year": period.year, "quarter": period.quarter, "key": period.key,
                   "label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat(),
                   "previous": ctx.previous.label},
        "meta": {"as_of": ctx.as_of.isoformat(), "currency": ctx.currency,
                 "areas": [s["key"] for s in sections]},
        "headline": [f for s in sections for f in s["headline"]],
        "sections": sections,
        "annex": {"nodes": node_annex(ctx)},
    }
