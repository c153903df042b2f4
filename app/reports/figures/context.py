"""What every area function gets: the period, the one before it, shared frames and small helpers.

Figures are as of a period's end: a record counts in a period only if it existed by then
(its own date — established_on, joined_on, signed_on — or, without one, the day it was
recorded) and was not yet archived (a record archived after the period still counts in it).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, cached_property

import pandas as pd
from sqlalchemy import or_, select

from app.core.countries import continent, country_name
from app.core.periods import Period
from app.extensions import db
from app.nodes.models import Node
from app.partners.models import Organization

REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")


def present(value) -> bool:
    """A value is there: not None, not NaN/NaT, not an empty text."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return False
    return not (isinstance(value, str) and not value.strip())


def region_of(country) -> str:
    return _region_of(country) if present(country) else "Other"


def name_of_country(country) -> str:
    """The country's name, or "" when the record has no country (None or NaN from a frame)."""
    return _name_of_country(country) if present(country) else ""


@cache
def _region_of(country: str) -> str:
    return continent(country) or "Other"


@cache
def _name_of_country(country: str) -> str:
    return country_name(country)


def frame(query, columns: list[str]) -> pd.DataFrame:
    """Rows of one select() of columns as a DataFrame with the given column names (read at the Core level: no
    ORM objects; built column by column)."""
    db.session.flush()  # what the session holds counts, as with session.execute (autoflush)
    rows = db.session.connection().execute(query).all()
    if not rows:
        return pd.DataFrame.from_records([], columns=columns)
    return pd.DataFrame(dict(zip(columns, map(list, zip(*rows, strict=True)), strict=True)))


def after(day: date) -> datetime:
    """The first instant after a day (UTC), to compare timestamps with a period's last day."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def not_archived_by_sql(model, day: date):
    """Not archived, or archived only after the day: the record still counted on that day."""
    return or_(model.archived_at.is_(None), model.archived_at >= after(day))


def recorded_by_sql(model, day: date):
    """Recorded on or before the day."""
    return model.created_at < after(day)


def _stamp(value):
    """A timestamp from a frame (None, NaT, a datetime or a pandas Timestamp) as an aware datetime or None."""
    if not present(value):
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def as_of(df: pd.DataFrame, day: date, own_date: str) -> pd.DataFrame:
    """The rows that existed on the day: their own date (or, without one, the day they were recorded) on or
    before it, and not archived by then. The frame needs ``own_date``, ``created_at`` and ``archived_at``."""
    limit = after(day)
    keep = []
    for own, created, archived in zip(df[own_date], df["created_at"], df["archived_at"], strict=True):
        created, archived = _stamp(created), _stamp(archived)
        existed = own <= day if present(own) else (created is None or created < limit)
        keep.append(existed and (archived is None or archived >= limit))
    return df[pd.Series(keep, index=df.index, dtype=bool)]


@dataclass
class Context:
    """What every area function gets: the period, the one before it, and shared frames."""

    period: Period
    as_of: date
    currency: str
    compare_with: Period | None = None  # the period compared with; by default the one before
    headline_only: bool = False  # only the headline figures are read (a seasonal report's other comparisons)
    shared: dict = field(default_factory=dict, repr=False)  # what the contexts of one snapshot load once
    previous: Period = field(init=False)

    def __post_init__(self):
        self.previous = self.compare_with or self.period.previous()

    def once(self, key, build):
        """``build()``, computed once for all the contexts of a snapshot that share ``key``."""
        if key not in self.shared:
            self.shared[key] = build()
        return self.shared[key]

    def compared_with(self, period: Period, compare_with: Period) -> "Context":
        """A context of the same snapshot for other periods, reading only the headline (sharing the loads)."""
        return Context(period=period, as_of=self.as_of, currency=self.currency, compare_with=compare_with,
                       headline_only=True, shared=self.shared)

    @cached_property
    def nodes(self) -> pd.DataFrame:
        """Every node not archived by the period's end, with its host, region and country name."""
        return self.once(("nodes", self.previous.end), self._load_nodes)

    def _load_nodes(self) -> pd.DataFrame:
        df = frame(select(Node.id, Node.code, Node.name, Node.country, Node.status, Node.established_on,
                          Node.is_lead, Organization.name, Organization.acronym, Node.created_at, Node.archived_at)
                   .join(Organization, Organization.id == Node.host_organization_id)
                   .where(not_archived_by_sql(Node, self.previous.end))
                   .order_by(Node.is_lead.desc(), Node.code),
                   ["id", "code", "name", "country", "status", "established_on", "is_lead", "host", "host_acronym",
                    "created_at", "archived_at"])
        df["status"] = df["status"].map(lambda s: s.value if hasattr(s, "value") else s)
        df["region"] = df["country"].map(region_of)
        df["country_name"] = df["country"].map(name_of_country)
        return df

    def nodes_existing(self, on: date) -> pd.DataFrame:
        """Nodes that existed on a day: established by then (without a date: recorded by then), not archived."""
        return as_of(self.nodes, on, "established_on")

    @cached_property
    def organizations(self) -> pd.DataFrame:
        """Organizations not archived by the previous period's end (pick a day with ``organizations_on``)."""
        return self.once(("organizations", self.previous.end), self._load_organizations)

    def _load_organizations(self) -> pd.DataFrame:
        df = frame(select(Organization.id, Organization.name, Organization.acronym, Organization.country,
                          Organization.kind, Organization.status, Organization.joined_on, Organization.created_at,
                          Organization.archived_at)
                   .where(not_archived_by_sql(Organization, self.previous.end)),
                   ["id", "name", "acronym", "country", "kind", "status", "joined_on", "created_at", "archived_at"])
        for column in ("kind", "status"):
            df[column] = df[column].map(lambda s: s.value if hasattr(s, "value") else s)
        return df

    def organizations_on(self, on: date) -> pd.DataFrame:
        """Organizations that existed on a day: joined by then (without a date: recorded by then), not archived."""
        return as_of(self.organizations, on, "joined_on")


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
