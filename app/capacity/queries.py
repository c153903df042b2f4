"""Reads the capacity pages and the API need: registers with filters, and totals.

Filters come as one list of SQL conditions per register, so the register page, its totals
and the API share them; each read is a fixed number of statements whatever the row count.
"""

from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import exists, extract, func, or_, select
from sqlalchemy.orm import selectinload

from app.capacity.models import Event, EventKind, Gender, Trainee, TraineeKind, event_organizers
from app.core.errors import DomainError
from app.extensions import db
from app.nodes.models import Node


def bad_parameter(name: str, message: str) -> DomainError:
    return DomainError(f"{name}: {message}", {name: [message]})


def year_arg(value) -> int | None:
    """?year=2019 as a number, or a 400 naming the parameter."""
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise bad_parameter("year", "must be a year such as 2019") from None
    if not 1900 <= year <= 2200:
        raise bad_parameter("year", "must be a year such as 2019")
    return year


def int_arg(name: str, value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_parameter(name, "must be a whole number") from None


def choice_arg(name: str, value, enum_cls):
    if value in (None, ""):
        return None
    if value not in enum_cls.__members__:
        raise bad_parameter(name, f"must be one of {', '.join(e.value for e in enum_cls)}")
    return enum_cls(value)


def overlaps_year(start, end, year: int):
    """The period [start, end] (end empty: the start day) touches the year."""
    return (start <= date(year, 12, 31)) & (func.coalesce(end, start) >= date(year, 1, 1))


def node_condition(column, key):
    """?node=LAO or ?node=3: records owned by that node."""
    if key in (None, ""):
        return None
    key = str(key).strip()
    if key.isdigit():
        return column == int(key)
    return column == select(Node.id).where(Node.code == key.upper()).scalar_subquery()


def organization_arg(args) -> int | None:
    return int_arg("organization_id", args.get("organization_id") or args.get("organization"))


# --- trainees -------------------------------------------------------------------------------

def trainee_conditions(args) -> list:
    """SQL conditions for ?q=&country=&kind=&gender=&year=&organization_id=&node=&archived=."""
    conditions = []
    if q := (args.get("q") or "").strip():
        like = f"%{q}%"
        conditions.append(or_(Trainee.name.ilike(like), Trainee.topic.ilike(like)))
    if country := (args.get("country") or "").strip().upper():
        conditions.append(Trainee.home_country == country)
    if kind := choice_arg("kind", args.get("kind"), TraineeKind):
        conditions.append(Trainee.kind == kind)
    if gender := choice_arg("gender", args.get("gender"), Gender):
        conditions.append(Trainee.gender == gender)
    if (year := year_arg(args.get("year"))) is not None:
        conditions.append(overlaps_year(Trainee.start_on, Trainee.end_on, year))
    if (organization_id := organization_arg(args)) is not None:
        conditions.append(or_(Trainee.home_organization_id == organization_id,
                              Trainee.host_organization_id == organization_id))
    if (node := node_condition(Trainee.node_id, args.get("node"))) is not None:
        conditions.append(node)
    if args.get("archived") not in {"1", "true"}:
        conditions.append(Trainee.archived_at.is_(None))
    return conditions


def trainees_query(args):
    return (select(Trainee).where(*trainee_conditions(args))
            .options(selectinload(Trainee.home_organization), selectinload(Trainee.host_organization),
                     selectinload(Trainee.node))
            .order_by(Trainee.start_on.desc(), Trainee.name, Trainee.id))


def trainee_totals(args) -> dict:
    """People trained by home country, by gender and by the year their training started (one query)."""
    year = extract("year", Trainee.start_on)
    rows = db.session.execute(
        select(Trainee.home_country, Trainee.gender, year, func.count(Trainee.id))
        .where(*trainee_conditions(args)).group_by(Trainee.home_country, Trainee.gender, year)
    ).all()
    by_country: dict[str, Counter] = defaultdict(Counter)
    by_year: dict[int, Counter] = defaultdict(Counter)
    by_gender: Counter = Counter()
    for country, gender, started, count in rows:
        gender = Gender(gender).value
        for bucket in (by_country[country], by_year[int(started)]):
            bucket[gender] += count
            bucket["total"] += count
        by_gender[gender] += count
    return {"total": sum(by_gender.values()), "by_gender": dict(by_gender),
            "by_country": {k: dict(v) for k, v in sorted(by_country.items(), key=lambda i: (-i[1]["total"], i[0]))},
            "by_year": {k: dict(v) for k, v in sorted(by_year.items())},
            "genders": [g.value for g in Gender]}


# --- events -----------------------------------------------------------------------------------

def event_conditions(args) -> list:
    """SQL conditions for ?q=&country=&kind=&year=&organization_id=&node=&archived=."""
    conditions = []
    if q := (args.get("q") or "").strip():
        like = f"%{q}%"
        conditions.append(or_(Event.title.ilike(like), Event.city.ilike(like)))
    if country := (args.get("country") or "").strip().upper():
        conditions.append(Event.country == country)
    if kind := choice_arg("kind", args.get("kind"), EventKind):
        conditions.append(Event.kind == kind)
    if (year := year_arg(args.get("year"))) is not None:
        conditions.append(overlaps_year(Event.start_on, Event.end_on, year))
    if (organization_id := organization_arg(args)) is not None:
        conditions.append(exists().where(event_organizers.c.event_id == Event.id,
                                         event_organizers.c.organization_id == organization_id))
    if (node := node_condition(Event.node_id, args.get("node"))) is not None:
        conditions.append(node)
    if args.get("archived") not in {"1", "true"}:
        conditions.append(Event.archived_at.is_(None))
    return conditions


def events_query(args):
    return (select(Event).where(*event_conditions(args))
            .options(selectinload(Event.organizers), selectinload(Event.node))
            .order_by(Event.start_on.desc(), Event.title, Event.id))


def event_totals(args) -> dict:
    """Events and participants by kind and by country (host country, and where participants came from)."""
    rows = db.session.execute(
        select(Event.kind, Event.country, Event.participants_total, Event.participants_female,
               Event.participants_by_country).where(*event_conditions(args))
    ).all()
    by_kind: dict[str, Counter] = defaultdict(Counter)
    by_host: dict[str, Counter] = defaultdict(Counter)
    from_country: Counter = Counter()
    totals: Counter = Counter()
    for kind, country, total, female, table in rows:
        for bucket in (by_kind[EventKind(kind).value], by_host[country or ""], totals):
            bucket["events"] += 1
            bucket["participants"] += total or 0
            # An unreported female count is unknown, not zero: count how many events report one.
            if female is not None:
                bucket["female"] += female
                bucket["female_reported"] += 1
        from_country.update(table or {})
    return {"events": totals["events"], "participants": totals["participants"],
            "female": totals["female"] if totals["female_reported"] else None,
            "female_reported": totals["female_reported"],
            "by_kind": {k: dict(v) for k, v in sorted(by_kind.items())},
            "by_host_country": {k: dict(v) for k, v in sorted(by_host.items(), key=lambda i: (-i[1]["events"], i[0]))},
            "participants_by_country": dict(sorted(from_country.items(), key=lambda i: (-i[1], i[0])))}
