"""What every area function gets: the period, the one before it, shared frames and small helpers.

Figures are as of a period's end: a record counts in a period only if it existed by then
(its own date — established_on, joined_on, signed_on — or, without one, the day it was
recorded) and was not yet archived (a record archived after the period still counts in it).
"""

from collections import Counter, namedtuple
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache, cached_property

from sqlalchemy import String, or_, select, type_coerce

from app.core.countries import continent, country_name
from app.core.periods import Period
from app.extensions import db
from app.nodes.models import Node
from app.partners.models import Organization

REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")


def present(value) -> bool:
    """A value is there: not None, not NaN, not an empty text."""
    if value is None or (isinstance(value, float) and value != value):
        return False
    return not (isinstance(value, str) and not value.strip())


def region_of(country) -> str:
    return _region_of(country) if present(country) else "Other"


def name_of_country(country) -> str:
    """The country's name, or "" when the record has no country."""
    return _name_of_country(country) if present(country) else ""


@cache
def _region_of(country: str) -> str:
    return continent(country) or "Other"


@cache
def _name_of_country(country: str) -> str:
    return country_name(country)


def number(value):
    """A stored number as Python reads it in the figures: a Decimal (NUMERIC column) as a float."""
    return float(value) if isinstance(value, Decimal) else value


@cache
def _record(names: tuple[str, ...]):
    return namedtuple("Record", names)


def records(query, columns: list[str], *, codes=(), numbers=(), **more) -> list:
    """Rows of one select() as named tuples with the given column names, read at the Core level (no ORM
    objects). ``codes``: enum columns, given as their codes; ``numbers``: NUMERIC columns, given as floats;
    ``more``: further columns, each ``function(record)`` of the columns read.

    The figures group and count these in plain Python (see the package's docstring for why not pandas).
    """
    db.session.flush()  # what the session holds counts, as with session.execute (autoflush)
    if codes:  # enums are stored as their codes: read the text as it is (no enum member made, then undone)
        query = query.with_only_columns(*[type_coerce(c, String()) if name in codes else c
                                          for name, c in zip(columns, query.selected_columns, strict=True)])
    rows = db.session.connection().execute(query).all()
    read = _record(tuple(columns))
    converted = [(i, number) for i, name in enumerate(columns) if name in numbers]
    found = []
    for row in rows:
        if converted:
            row = list(row)
            for i, convert in converted:
                row[i] = convert(row[i])
        found.append(read._make(row))
    if not more:
        return found
    whole = _record((*columns, *more))
    return [whole._make((*r, *(f(r) for f in more.values()))) for r in found]


def column(rows, name: str) -> list:
    return [getattr(r, name) for r in rows]


def counts(values, order) -> list[int]:
    """How many of the values are each key of ``order`` (missing values are not counted)."""
    found = Counter(v for v in values if present(v))
    return [found.get(key, 0) for key in order]


def count_by(values) -> Counter:
    """How many times each present value occurs."""
    return Counter(v for v in values if present(v))


def most_common(values, limit: int | None = None) -> list[tuple]:
    """(value, count) pairs, most frequent first (ties in first-seen order), missing values left out."""
    return count_by(values).most_common(limit)


def distinct(values) -> int:
    """How many different values there are, missing ones left out."""
    return len({v for v in values if present(v)})


def total(values):
    """The sum of the values there are; None when there is none (an unknown is not a zero)."""
    found = [number(v) for v in values if v is not None and not (isinstance(v, float) and v != v)]
    return sum(found) if found else None


def after(day: date) -> datetime:
    """The first instant after a day (UTC), to compare timestamps with a period's last day."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def not_archived_by_sql(model, day: date):
    """Not archived, or archived only after the day: the record still counted on that day."""
    return or_(model.archived_at.is_(None), model.archived_at >= after(day))


def recorded_by_sql(model, day: date):
    """Recorded on or before the day."""
    return model.created_at < after(day)


def stamp(value):
    """A stored timestamp as an aware datetime (SQLite gives naive UTC ones), or None."""
    if not present(value):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def as_of(rows: list, day: date, own_date: str) -> list:
    """The rows that existed on the day: their own date (or, without one, the day they were recorded) on or
    before it, and not archived by then. The rows need ``own_date``, ``created_at`` and ``archived_at``."""
    limit = after(day)
    kept = []
    for row in rows:
        own, created, archived = getattr(row, own_date), stamp(row.created_at), stamp(row.archived_at)
        existed = own <= day if present(own) else (created is None or created < limit)
        if existed and (archived is None or archived >= limit):
            kept.append(row)
    return kept


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
    def nodes(self) -> list:
        """Every node not archived by the period's end, with its host, region and country name."""
        return self.once(("nodes", self.previous.end), self._load_nodes)

    def _load_nodes(self) -> list:
        return records(select(Node.id, Node.code, Node.name, Node.country, Node.status, Node.established_on,
                          Node.is_lead, Organization.name, Organization.acronym, Node.created_at, Node.archived_at)
                   .join(Organization, Organization.id == Node.host_organization_id)
                   .where(not_archived_by_sql(Node, self.previous.end))
                   .order_by(Node.is_lead.desc(), Node.code),
                   ["id", "code", "name", "country", "status", "established_on", "is_lead", "host", "host_acronym",
                    "created_at", "archived_at"], codes=("status",),
                   region=lambda r: region_of(r.country), country_name=lambda r: name_of_country(r.country))

    def nodes_existing(self, on: date) -> list:
        """Nodes that existed on a day: established by then (without a date: recorded by then), not archived."""
        return as_of(self.nodes, on, "established_on")

    @cached_property
    def organizations(self) -> list:
        """Organizations not archived by the previous period's end (pick a day with ``organizations_on``)."""
        return self.once(("organizations", self.previous.end), self._load_organizations)

    def _load_organizations(self) -> list:
        return records(select(Organization.id, Organization.name, Organization.acronym, Organization.country,
                          Organization.kind, Organization.status, Organization.joined_on, Organization.created_at,
                          Organization.archived_at)
                   .where(not_archived_by_sql(Organization, self.previous.end)),
                   ["id", "name", "acronym", "country", "kind", "status", "joined_on", "created_at", "archived_at"],
                   codes=("kind", "status"))

    def organizations_on(self, on: date) -> list:
        """Organizations that existed on a day: joined by then (without a date: recorded by then), not archived."""
        return as_of(self.organizations, on, "joined_on")


def on_or_before(day, limit: date, missing: bool = True) -> bool:
    """A date falls on or before the limit; an unknown date counts as ``missing``."""
    return missing if not present(day) else day <= limit


def within(day, period: Period) -> bool:
    """A date falls inside the period; an unknown date does not."""
    return present(day) and period.start <= day <= period.end
