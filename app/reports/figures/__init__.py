"""The figures of a period, computed once into a plain snapshot (see snapshot.py for its shape).

Each area of the network is one function ``area(ctx) -> section`` in a module of this
package, listed in ``AREAS``; it reads what it needs in a few set-based queries (grouped in
SQL, or over the rows read, never a query per record) and returns its tables, charts and
headline figures. The PDF, the dashboard, the exports and the public page all draw from the
snapshot built here, so they agree.

The rows are grouped and counted in plain Python (``context.records``, ``Counter``), not in
pandas: the rows a report reads are a few thousand, and pandas with numpy is about 50 MB of
every worker's memory, a quarter of the 200 MB a report build at the largest scale may take
(issue 15, bench/reports.py).
"""

from datetime import date

from flask import current_app

from app.core.periods import Period
from app.reports.figures.agreements import agreements
from app.reports.figures.capacity import capacity
from app.reports.figures.cases import cases, completed_cases
from app.reports.figures.context import Context
from app.reports.figures.contributions import contributions
from app.reports.figures.network import network, node_annex
from app.reports.figures.reporting import node_pages, reporting
from app.reports.snapshot import SCHEMA
from app.reports.worldmap import node_points

AREAS = [network, reporting, contributions, agreements, capacity, cases]


class YearToDate(Period):
    """From 1 January to the end of a quarter: what a seasonal report compares, year to date, with the same
    months of the year before (like with like)."""

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def quarters(self) -> list[tuple[int, int]]:
        return [(self.year, q) for q in range(1, self.quarter + 1)]

    @property
    def label(self) -> str:
        return f"Q1–Q{self.quarter} {self.year}" if self.quarter > 1 else f"Q1 {self.year}"

    def previous(self) -> "YearToDate":
        return YearToDate(self.year - 1, self.quarter)


def build_snapshot(period: Period, *, as_of: date | None = None, currency: str | None = None) -> dict:
    """Every figure of the period as one plain, JSON-able snapshot.

    A quarter is also compared with the same quarter a year before and, year to date, with the same months of
    the year before: those comparisons read only the headline figures, from the rows loaded once for the
    snapshot (``Context.shared``).
    """
    ctx = Context(period=period, as_of=as_of or date.today(),
                  currency=currency or current_app.config["REPORTING_CURRENCY"])
    sections = [area(ctx) for area in AREAS]
    year_ago = None
    if period.quarter:  # a quarter is also compared with the same quarter a year before (like with like)
        year_ago = Period(period.year - 1, period.quarter)
        before = ctx.compared_with(period, year_ago)
        values = {f["key"]: f["previous"] for area in AREAS for f in area(before)["headline"]}
        for f in (f for s in sections for f in s["headline"]):
            f["year_ago"] = values.get(f["key"])
    from app.reports.figures.governance import governance

    sections += [part for part in (governance(ctx),) if part is not None]  # annual reports only
    nodes = node_annex(ctx)
    annex = {"nodes": nodes, "map": node_points(nodes["rows"], nodes["columns"]), "node_pages": node_pages(ctx),
             "cases_completed": completed_cases(ctx)}
    if period.quarter:  # and the year to date with the same months of the year before
        ytd = YearToDate(period.year, period.quarter)
        to_date = ctx.compared_with(ytd, ytd.previous())
        values = {f["key"]: (f["value"], f["previous"]) for area in AREAS for f in area(to_date)["headline"]}
        for f in (f for s in sections for f in s["headline"]):
            f["ytd"], f["ytd_before"] = values.get(f["key"], (None, None))
    return {
        "schema": SCHEMA,
        "period": {"kind": period.kind, "year": period.year, "quarter": period.quarter, "key": period.key,
                   "label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat(),
                   "previous": ctx.previous.label, "year_ago": year_ago.label if year_ago else None,
                   "ytd": YearToDate(period.year, period.quarter).label if period.quarter else None,
                   "ytd_before": YearToDate(period.year - 1, period.quarter).label if period.quarter else None},
        "meta": {"as_of": ctx.as_of.isoformat(), "currency": ctx.currency,
                 "areas": [s["key"] for s in sections]},
        "headline": [f for s in sections for f in s["headline"]],
        "sections": sections,
        "annex": annex,
    }
