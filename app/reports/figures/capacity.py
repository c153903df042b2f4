"""Capacity building: trainees by home country, gender and kind; events and their participants.

Trainees are people: the report counts them, it never names them.
"""

import pandas as pd
from flask_babel import ngettext
from sqlalchemy import or_, select

from app.capacity.models import Event, EventKind, Gender, Trainee, TraineeKind
from app.reports.figures.context import Context, as_of, frame, name_of_country, not_archived_by_sql, within
from app.reports.snapshot import chart, figure, section, table

TOP_COUNTRIES = 20


def _overlaps(df, period):
    """Rows whose [start_on, end_on] overlaps the period (an open end runs on)."""
    mask = [s <= period.end and (e is None or e != e or e >= period.start)
            for s, e in zip(df["start_on"], df["end_on"], strict=True)]
    return df[pd.Series(mask, index=df.index, dtype=bool)]


def capacity(ctx: Context) -> dict:
    """Trainees (new and ongoing) and events held, with participants by gender and country."""
    first = ctx.previous.start
    trainees = frame(select(Trainee.gender, Trainee.home_country, Trainee.kind, Trainee.start_on, Trainee.end_on,
                            Trainee.created_at, Trainee.archived_at)
                     .where(not_archived_by_sql(Trainee, ctx.previous.end), Trainee.start_on <= ctx.period.end,
                            or_(Trainee.end_on.is_(None), Trainee.end_on >= first)),
                     ["gender", "country", "kind", "start_on", "end_on", "created_at", "archived_at"])
    events = frame(select(Event.title, Event.kind, Event.start_on, Event.end_on, Event.country,
                          Event.participants_total, Event.participants_female, Event.participants_by_country,
                          Event.created_at, Event.archived_at)
                   .where(not_archived_by_sql(Event, ctx.previous.end),
                          Event.start_on.between(first, ctx.period.end))
                   .order_by(Event.start_on, Event.title),
                   ["title", "kind", "start_on", "end_on", "country", "total", "female", "by_country", "created_at",
                    "archived_at"])
    for df in (trainees, events):
        for column in ("gender", "kind"):
            if column in df:
                df[column] = df[column].map(lambda v: v.value if hasattr(v, "value") else v)
    for column in ("total", "female"):
        events[column] = pd.to_numeric(events[column].astype(object), errors="coerce")
    # as of each period's end: archived records count in the periods before their archiving
    trainees_now, trainees_before = as_of(trainees, ctx.period.end, "start_on"), as_of(trainees, ctx.previous.end,
                                                                                        "start_on")
    events_now, events_before = as_of(events, ctx.period.end, "start_on"), as_of(events, ctx.previous.end, "start_on")
    now, before = _overlaps(trainees_now, ctx.period), _overlaps(trainees_before, ctx.previous)
    new = now[within(now["start_on"], ctx.period)]
    held = events_now[within(events_now["start_on"], ctx.period)]
    held_before = events_before[within(events_before["start_on"], ctx.previous)]
    genders, kinds = [g.value for g in Gender], [k.value for k in TraineeKind]
    event_kinds = [k.value for k in EventKind]
    by_gender = now["gender"].value_counts()
    by_kind = now["kind"].value_counts()
    by_country = now["country"].value_counts().head(TOP_COUNTRIES)
    participants = held["total"].sum(min_count=1)
    return section(
        "capacity", "Capacity building",
        summary=" ".join([
            ngettext("%(num)d trainee or exchange in the period", "%(num)d trainees and exchanges in the period",
                     len(now)),
            ngettext("(%(num)d new)", "(%(num)d new)", len(new)),
            ngettext("from %(num)d country;", "from %(num)d countries;", now["country"].nunique()),
            ngettext("%(num)d event", "%(num)d events", len(held)),
            ngettext("with %(num)d participant.", "with %(num)d participants.",
                     0 if pd.isna(participants) else int(participants))]),
        headline=[
            figure("trainees", "Trainees and exchanges", len(now), len(before)),
            figure("trainees_female", "Women among trainees", round(100 * by_gender.get("female", 0) / len(now), 1)
                   if len(now) else None, None, "%"),
            figure("events", "Events held", len(held), len(held_before)),
            figure("participants", "Event participants", participants, held_before["total"].sum(min_count=1)),
        ],
        tables=[
            table("trainees_by_kind", "Trainees by kind", ["Kind", "Trainees"],
                  [[TraineeKind.label_of(k), int(by_kind.get(k, 0))] for k in kinds]),
            table("trainees_by_gender", "Trainees by gender", ["Gender", "Trainees"],
                  [[Gender.label_of(g), int(by_gender.get(g, 0))] for g in genders]),
            table("trainees_by_country", "Trainees by home country", ["Country", "Trainees"],
                  [[name_of_country(c), int(n)] for c, n in by_country.items()]),
            table("events_by_kind", "Events by kind", ["Kind", "Events", "Participants", "Women"],
                  [[EventKind.label_of(k), int((held["kind"] == k).sum()),
                    held.loc[held["kind"] == k, "total"].sum(min_count=1),
                    held.loc[held["kind"] == k, "female"].sum(min_count=1)] for k in event_kinds]),
            table("events", "Events and trainings held in the period",
                  ["Event", "Kind", "From", "To", "Country", "Participants", "Women", "Participants by country"],
                  [[r.title, EventKind.label_of(r.kind), r.start_on, r.end_on, name_of_country(r.country),
                    r.total, r.female, _by_country(r.by_country)]
                   for r in held.itertuples()]),
            table("trainees_by_country_kind", "Trainees by home country and kind",
                  ["Country", *[TraineeKind.label_of(k) for k in kinds], "Women", "Total"],
                  _country_kind_rows(now, kinds)),
        ],
        charts=[
            chart("trainees_by_country", "hbar", "Trainees by home country",
                  [name_of_country(c) for c in by_country.index], [("Trainees", [int(n) for n in by_country])]),
            chart("trainees_by_gender", "pie", "Trainees by gender", [Gender.label_of(g) for g in genders],
                  [("Trainees", [int(by_gender.get(g, 0)) for g in genders])]),
            chart("events_by_kind", "bar", "Events by kind", [EventKind.label_of(k) for k in event_kinds],
                  [("Events", [int((held["kind"] == k).sum()) for k in event_kinds])]),
        ],
    )


def _by_country(value) -> str:
    """{"LAO": 12, "GHA": 3} as "Laos 12, Ghana 3" (largest first)."""
    if not isinstance(value, dict) or not value:
        return ""
    pairs = sorted(((name_of_country(c), n) for c, n in value.items() if isinstance(n, (int, float))),
                   key=lambda p: (-p[1], p[0]))
    return ", ".join(f"{name} {int(n)}" for name, n in pairs)


def _country_kind_rows(now: pd.DataFrame, kinds: list[str]) -> list[list]:
    """Trainees of the period per home country: one column per kind, the women among them and the total."""
    if now.empty:
        return []
    grid = pd.crosstab(now["country"], now["kind"])
    women = now[now["gender"] == "female"]["country"].value_counts()
    rows = [[name_of_country(c), *[int(grid.loc[c].get(k, 0)) for k in kinds], int(women.get(c, 0)),
             int(grid.loc[c].sum())] for c in grid.index]
    return sorted(rows, key=lambda r: (-r[-1], r[0]))
