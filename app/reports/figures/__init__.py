"""The figures of a period, computed once into a plain snapshot (see snapshot.py for its shape).

Each area of the network is one function ``area(ctx) -> section`` in a module of this
package, listed in ``AREAS``; it reads what it needs in a few set-based queries (grouped in
SQL or in pandas, never per record) and returns its tables, charts and headline figures.
The PDF, the dashboard, the exports and the public page all draw from the snapshot built
here, so they agree.
"""

from datetime import date

from flask import current_app

from app.core.periods import Period
from app.reports.figures.agreements import agreements
from app.reports.figures.capacity import capacity
from app.reports.figures.cases import cases
from app.reports.figures.context import Context
from app.reports.figures.contributions import contributions
from app.reports.figures.network import network, node_annex
from app.reports.figures.reporting import reporting
from app.reports.snapshot import SCHEMA

AREAS = [network, reporting, contributions, agreements, capacity, cases]


def build_snapshot(period: Period, *, as_of: date | None = None, currency: str | None = None) -> dict:
    """Every figure of the period as one plain, JSON-able snapshot."""
    ctx = Context(period=period, as_of=as_of or date.today(),
                  currency=currency or current_app.config["REPORTING_CURRENCY"])
    sections = [area(ctx) for area in AREAS]
    year_ago = None
    if period.quarter:  # a quarter is also compared with the same quarter a year before (like with like)
        year_ago = Period(period.year - 1, period.quarter)
        before = Context(period=period, as_of=ctx.as_of, currency=ctx.currency, compare_with=year_ago)
        values = {f["key"]: f["previous"] for area in AREAS for f in area(before)["headline"]}
        for f in (f for s in sections for f in s["headline"]):
            f["year_ago"] = values.get(f["key"])
    from app.reports.figures.governance import governance

    sections += [part for part in (governance(ctx),) if part is not None]  # annual reports only
    return {
        "schema": SCHEMA,
        "period": {"kind": period.kind, "year": period.year, "quarter": period.quarter, "key": period.key,
                   "label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat(),
                   "previous": ctx.previous.label, "year_ago": year_ago.label if year_ago else None},
        "meta": {"as_of": ctx.as_of.isoformat(), "currency": ctx.currency,
                 "areas": [s["key"] for s in sections]},
        "headline": [f for s in sections for f in s["headline"]],
        "sections": sections,
        "annex": {"nodes": node_annex(ctx)},
    }
