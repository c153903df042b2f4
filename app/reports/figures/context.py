"""What every area function gets: the period, the one before it, shared frames and small helpers."""

from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property

import pandas as pd
from sqlalchemy import select

from app.core.countries import continent, country_name
from app.core.periods import Period
from app.extensions import db
from app.nodes.models import Node
from app.partners.models import Organization

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


def counts(values: pd.Series, order) -> list[int]:
    counts = values.value_counts()
    return [int(counts.get(key, 0)) for key in order]
