"""Capacity building: trainees by home country, gender and kind; events and their participants.

Trainees are people: the report counts them, it never names them.
"""

from flask_babel import ngettext
from sqlalchemy import or_, select

from app.capacity.models import Event, EventKind, Gender, Trainee, TraineeKind
from app.reports.figures.context import (
    Context,
    as_of,
    column,
    count_by,
    distinct,
    most_common,
    name_of_country,
    not_archived_by_sql,
    records,
    total,
    within,
)
from app.reports.snapshot import chart, country_of, figure, said, section, table

TOP_COUNTRIES = 20


def _overlaps(rows: list, period) -> list:
    """Rows whose [start_on, end_on] overlaps the period (an open end runs on)."""
    return [r for r in rows if r.start_on <= period.end and (r.end_on is None or r.end_on >= period.start)]


def capacity(ctx: Context) -> dict:
    """Trainees (new and ongoing) and events held, with participants by gender and country."""
    first = ctx.previous.start
    trainees = records(select(Trainee.gender, Trainee.home_country, Trainee.kind, Trainee.start_on, Trainee.end_on,
                            Trainee.created_at, Trainee.archived_at)
                     .where(not_archived_by_sql(Trainee, ctx.previous.end), Trainee.start_on <= ctx.period.end,
                            or_(Trainee.end_on.is_(None), Trainee.end_on >= first)),
                       ["gender", "country", "kind", "start_on", "end_on", "created_at", "archived_at"],
                       codes=("gender", "kind"))
    events = records(select(Event.title, Event.kind, Event.start_on, Event.end_on, Event.country,
                          Event.participants_total, Event.participants_female, Event.participants_by_country,
                          Event.created_at, Event.archived_at)
                   .where(not_archived_by_sql(Event, ctx.previous.end),
                          Event.start_on.between(first, ctx.period.end))
                   .order_by(Event.start_on, Event.title),
                     ["title", "kind", "start_on", "end_on", "country", "total", "female", "by_country",
                      "created_at", "archived_at"], codes=("kind",), numbers=("total", "female"))
    # as of each period's end: archived records count in the periods before their archiving
    trainees_now, trainees_before = as_of(trainees, ctx.period.end, "start_on"), as_of(trainees, ctx.previous.end,
                                                                                        "start_on")
    events_now, events_before = as_of(events, ctx.period.end, "start_on"), as_of(events, ctx.previous.end, "start_on")
    now, before = _overlaps(trainees_now, ctx.period), _overlaps(trainees_before, ctx.previous)
    new = [t for t in now if within(t.start_on, ctx.period)]
    held = [e for e in events_now if within(e.start_on, ctx.period)]
    held_before = [e for e in events_before if within(e.start_on, ctx.previous)]
    genders, kinds = [g.value for g in Gender], [k.value for k in TraineeKind]
    event_kinds = [k.value for k in EventKind]
    by_gender = count_by(column(now, "gender"))
    by_kind = count_by(column(now, "kind"))
    by_country = most_common(column(now, "country"), TOP_COUNTRIES)
    participants = total(column(held, "total"))
    return section(
        "capacity", "Capacity building",
        summary=" ".join([
            ngettext("%(num)d trainee or exchange in the period", "%(num)d trainees and exchanges in the period",
                     len(now)),
            ngettext("(%(num)d new)", "(%(num)d new)", len(new)),
            ngettext("from %(num)d country;", "from %(num)d countries;", distinct(column(now, "country"))),
            ngettext("%(num)d event", "%(num)d events", len(held)),
            ngettext("with %(num)d participant.", "with %(num)d participants.",
                     0 if participants is None else int(participants))]),
        said=[said("%(trainees)s in the period (%(new)s) from %(countries)s; %(events)s with %(participants)s.",
                   trainees=said("%(count)s trainee or exchange", "%(count)s trainees and exchanges", len(now)),
                   new=said("%(count)s new", "%(count)s new", len(new)),
                   countries=said("%(count)s country", "%(count)s countries", distinct(column(now, "country"))),
                   events=said("%(count)s event", "%(count)s events", len(held)),
                   participants=said("%(count)s participant", "%(count)s participants",
                                     0 if participants is None else int(participants)))],
        headline=[
            figure("trainees", "Trainees and exchanges", len(now), len(before)),
            figure("trainees_female", "Women among trainees", round(100 * by_gender.get("female", 0) / len(now), 1)
                   if len(now) else None, None, "%"),
            figure("events", "Events held", len(held), len(held_before)),
            figure("participants", "Event participants", participants, total(column(held_before, "total"))),
        ],
        tables=[
            table("trainees_by_kind", "Trainees by kind", ["Kind", "Trainees"],
                  [[TraineeKind.label_of(k), by_kind.get(k, 0)] for k in kinds]),
            table("trainees_by_gender", "Trainees by gender", ["Gender", "Trainees"],
                  [[Gender.label_of(g), by_gender.get(g, 0)] for g in genders]),
            table("trainees_by_country", "Trainees by home country", ["Country", "Trainees"],
                  [[name_of_country(c), n] for c, n in by_country]),
            table("events_by_kind", "Events by kind", ["Kind", "Events", "Participants", "Women"],
                  [[EventKind.label_of(k), sum(e.kind == k for e in held),
                    total(e.total for e in held if e.kind == k), total(e.female for e in held if e.kind == k)]
                   for k in event_kinds]),
            table("events", "Events and trainings held in the period",
                  ["Event", "Kind", "From", "To", "Country", "Participants", "Women", "Participants by country"],
                  [[r.title, EventKind.label_of(r.kind), r.start_on, r.end_on, name_of_country(r.country),
                    r.total, r.female, _by_country(r.by_country)]
                   for r in held]),
            table("trainees_by_country_kind", "Trainees by home country and kind",
                  ["Country", *[TraineeKind.label_of(k) for k in kinds], "Women", "Total"],
                  _country_kind_rows(now, kinds)),
        ],
        charts=[
            chart("trainees_by_country", "hbar", "Trainees by home country",
                  [name_of_country(c) for c, _n in by_country], [("Trainees", [n for _c, n in by_country])]),
            chart("trainees_by_gender", "pie", "Trainees by gender", [Gender.label_of(g) for g in genders],
                  [("Trainees", [by_gender.get(g, 0) for g in genders])]),
            chart("events_by_kind", "bar", "Events by kind", [EventKind.label_of(k) for k in event_kinds],
                  [("Events", [sum(e.kind == k for e in held) for k in event_kinds])]),
        ],
    )


def _by_country(value) -> list | str:
    """{"LAO": 12, "GHA": 3} as a message cell saying "Laos 12, Ghana 3" (largest first) in the reader's
    language; "" when there is none."""
    if not isinstance(value, dict) or not value:
        return ""
    pairs = sorted(((c, name_of_country(c), n) for c, n in value.items() if isinstance(n, (int, float))),
                   key=lambda p: (-p[2], p[1]))
    return [said("%(country)s %(count)s", country=country_of(code), count=int(n)) for code, _name, n in pairs] or ""


def _country_kind_rows(now: list, kinds: list[str]) -> list[list]:
    """Trainees of the period per home country: one column per kind, the women among them and the total."""
    grid = count_by((t.country, t.kind) for t in now if t.country is not None and t.kind is not None)
    women = count_by(t.country for t in now if t.gender == "female")
    countries = sorted({c for c, _k in grid})
    rows = [[name_of_country(c), *[grid.get((c, k), 0) for k in kinds], women.get(c, 0),
             sum(n for (c_, _k), n in grid.items() if c_ == c)] for c in countries]
    return sorted(rows, key=lambda r: (-r[-1], r[0]))
