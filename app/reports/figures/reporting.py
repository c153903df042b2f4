"""Quarterly reporting: completeness and timeliness, sums and trends of the figures, T+1 share, texts.

Only accepted reports count in sums, trends and texts: a submitted or returned report's
figures are not yet the network's. Completeness and timeliness cover every active node in
every quarter of the period whose report has fallen due (a node with no report is
"missing"); a due date is the quarter's, fixed, whatever happened to the report.
"""

from flask_babel import gettext, ngettext
from sqlalchemy import select

from app.core.periods import FIRST_YEAR, Quarter
from app.datarequests.queries import measured_t1, t1_summary
from app.nodes.models import NodeStatus
from app.nodes.quarterly.models import QuarterlyReport, ReportStatus, Timeliness, timeliness_of
from app.reports.figures.context import Context, present, records, total
from app.reports.snapshot import chart, figure, said, section, table

SUMS = (("scenes_received", "Scenes received", ""), ("scenes_distributed", "Scenes distributed", ""),
        ("data_volume_gb", "Data volume", "GB"), ("area_km2", "Area covered", "km²"),
        ("users_registered", "Registered users (new)", ""), ("users_active", "Active users", ""),
        ("organizations_served", "Organizations served", ""), ("data_requests", "Data requests", ""),
        ("trainings_held", "Trainings held", ""), ("people_trained", "People trained", ""),
        ("events_held", "Events held", ""))
STATES = ("accepted", "submitted", "returned", "draft", "missing")
TEXTS = (("highlights", "Highlights"), ("problems", "Problems"), ("needs", "Needs"))


def state_label(state: str) -> str:
    """A report state as people read it ("missing": no report at all)."""
    return gettext("Missing") if state == "missing" else ReportStatus.label_of(state)


def _quarters(ctx: Context, count: int) -> list[Quarter]:
    last = Quarter(ctx.period.end.year, (ctx.period.end.month - 1) // 3 + 1)
    found = [last]
    while len(found) < count and (found[-1].year, found[-1].number) > (FIRST_YEAR, 1):  # none before the first
        found.append(found[-1].previous())
    return list(reversed(found))


def _first_quarter(ctx: Context) -> Quarter:
    """The first quarter whose reports a snapshot reads: of the trend, or of the period compared with."""
    previous = [Quarter(y, q) for y, q in ctx.previous.quarters if y >= FIRST_YEAR]
    return min(_quarters(ctx, 8)[0], *previous[:1])


def _reports(ctx: Context) -> list:
    """The quarterly reports a snapshot reads, loaded once for all its contexts (they start at the same quarter
    for a period, the same quarter a year before and the year to date)."""
    first = _first_quarter(ctx)
    return ctx.once(("quarterly_reports", first.year, first.number, ctx.period.year), lambda: _load(ctx, first))


def _load(ctx: Context, first: Quarter) -> list:
    columns = ["node_id", "year", "quarter", "status", "due_on", "first_submitted_at", "t1_push_percent",
               *[name for name, _l, _u in SUMS], *[name for name, _t in TEXTS]]
    return records(select(*[getattr(QuarterlyReport, c) for c in columns])
                   .where((QuarterlyReport.year * 10 + QuarterlyReport.quarter) >= first.year * 10 + first.number)
                   .where(QuarterlyReport.year <= ctx.period.year), columns,
                   codes=("status",), numbers=("t1_push_percent", *[n for n, _l, _u in SUMS]),
                   key=lambda r: r.year * 10 + r.quarter)


def _keys(quarters: list[Quarter]) -> set[int]:
    return {q.year * 10 + q.number for q in quarters}


def _labels() -> tuple[dict, dict]:
    """The words of each report state and timeliness (looked up once, not once a cell)."""
    return {s: state_label(s) for s in STATES}, {t.value: Timeliness.label_of(t.value) for t in Timeliness}


def _matrix(ctx: Context, reports: list, quarters: list[Quarter]):
    """(rows of node × quarter cells, counts of each state per quarter, expected, accepted, on time, the due
    reports not accepted or not on time), once per snapshot for the same quarters."""
    key = ("matrix", tuple(q.year * 10 + q.number for q in quarters), ctx.period.end)
    return ctx.once(key, lambda: _build_matrix(ctx, reports, quarters))


def _build_matrix(ctx: Context, reports: list, quarters: list[Quarter]):
    late = []
    states_, timely = _labels()
    nodes = [n for n in ctx.nodes_existing(ctx.period.end) if n.status == "active"]
    by_cell = {(r.node_id, r.key): r for r in reports}
    due = [q for q in quarters if q.due_on() < ctx.as_of]
    states = {q: dict.fromkeys(STATES, 0) for q in quarters}
    rows, expected, accepted, on_time = [], 0, 0, 0
    for node in nodes:
        cells = [node.code]
        for q in quarters:
            found = by_cell.get((node.id, q.year * 10 + q.number))
            status = found.status if found is not None else "missing"
            first = found.first_submitted_at if found is not None else None
            when = timeliness_of(first, found.due_on if found is not None else q.due_on(), ctx.as_of).value
            states[q][status] += 1
            cells.append(f"{states_[status]}, {timely[when].lower()}")
            if q in due:
                expected += 1
                accepted += status == "accepted"
                on_time += when == "on_time"
                if status != "accepted" or when != "on_time":
                    late.append([node.code, node.name, q.label, states_[status], timely[when], q.due_on()])
        rows.append(cells)
    return rows, states, expected, accepted, on_time, late


def _share(part: int, whole: int):
    return round(100 * part / whole, 1) if whole else None


def reporting(ctx: Context) -> dict:
    """Completeness, timeliness, sums and trends of the accepted reports; their highlights and problems."""
    trend = _quarters(ctx, 8)
    period_quarters = [Quarter(y, q) for y, q in ctx.period.quarters]
    previous_quarters = [Quarter(y, q) for y, q in ctx.previous.quarters if y >= FIRST_YEAR]
    reports = _reports(ctx)
    accepted = [r for r in reports if r.status == "accepted"]
    keys_now, keys_before = _keys(period_quarters), _keys(previous_quarters)
    now = [r for r in accepted if r.key in keys_now]
    before = [r for r in accepted if r.key in keys_before]
    rows, states, expected, n_accepted, n_on_time, late = _matrix(ctx, reports, period_quarters)
    _r, _s, expected_before, accepted_before, on_time_before, _l = _matrix(ctx, reports, previous_quarters)

    def summed(chosen, name):
        return total(getattr(r, name) for r in chosen)

    def cells(chosen):
        return [(r.node_id, r.year, r.quarter, r.t1_push_percent, r.scenes_received) for r in chosen]

    sums = [[label + (f" ({unit})" if unit else ""), summed(now, name), summed(before, name)]
            for name, label, unit in SUMS]
    t1 = t1_summary(cells(now), period_quarters)  # measured from SatCloud's logs where they exist
    t1_before = t1_summary(cells(before), previous_quarters)
    trend_keys = [q.year * 10 + q.number for q in trend]
    by_quarter = {k: [r for r in accepted if r.key == k] for k in trend_keys}
    codes = {n.id: n.code for n in ctx.nodes}
    texts = []
    for name, title in TEXTS:
        chosen = sorted((r for r in now if present(getattr(r, name))), key=lambda r: (r.key, r.node_id))
        texts.append({"id": name, "title": title, "entries": [
            {"source": f"{codes.get(r.node_id, r.node_id)} Q{r.quarter} {r.year}", "text": getattr(r, name)}
            for r in chosen]})

    return section(
        "reporting", "Quarterly reporting",
        summary=" ".join([
            ngettext("%(accepted)d of %(num)d node report due in the period was accepted;",
                     "%(accepted)d of %(num)d node reports due in the period were accepted;", expected,
                     accepted=n_accepted),
            ngettext("%(num)d came on time.", "%(num)d came on time.", n_on_time),
            gettext("Only accepted reports count in the figures below.")]),
        said=[said("%(accepted)s of %(count)s node report due in the period was accepted, %(on_time)s of them on "
                   "time. Only accepted reports count in the figures below.",
                   "%(accepted)s of %(count)s node reports due in the period were accepted, %(on_time)s of them "
                   "on time. Only accepted reports count in the figures below.",
                   expected, accepted=n_accepted, on_time=n_on_time)],
        headline=[
            figure("reports_complete", "Reports accepted (of those due)", _share(n_accepted, expected),
                   _share(accepted_before, expected_before), "%"),
            figure("reports_on_time", "Reports submitted on time", _share(n_on_time, expected),
                   _share(on_time_before, expected_before), "%"),
            figure("scenes_distributed", "Scenes distributed", summed(now, "scenes_distributed"),
                   summed(before, "scenes_distributed")),
            figure("data_volume_gb", "Data volume distributed", summed(now, "data_volume_gb"),
                   summed(before, "data_volume_gb"), "GB"),
            figure("t1_push_percent", t1["label"], t1["value"], t1_before["value"], "%"),
        ],
        tables=[
            table("completeness", "Completeness and timeliness by node and quarter",
                  ["Node", *[q.label for q in period_quarters]], rows,
                  note="Accepted, submitted, returned, draft or missing; on time, late, not yet due or overdue "
                       "against the quarter's fixed due date."),
            table("figures", "Figures of the accepted reports", ["Figure", ctx.period.label, ctx.previous.label],
                  sums),
            table("late_or_missing", "Late or missing: due reports not accepted or not on time",
                  ["Node", "Name", "Quarter", "State", "Timeliness", "Due on"], late),
            table("states", "Reports by state and quarter", ["State", *[q.label for q in period_quarters]],
                  [[state_label(s), *[states[q][s] for q in period_quarters]] for s in STATES]),
        ],
        charts=[
            chart("completeness", "stacked", "Reports by state and quarter", [q.label for q in period_quarters],
                  [(state_label(s), [states[q][s] for q in period_quarters]) for s in STATES]),
            chart("scenes_trend", "line", "Scenes of the accepted reports, by quarter", [q.label for q in trend],
                  [("Distributed", [summed(by_quarter[k], "scenes_distributed") for k in trend_keys]),
                   ("Received", [summed(by_quarter[k], "scenes_received") for k in trend_keys])]),
        ],
        items=texts,
    )


NODE_FIGURES = (("scenes_received", "Scenes received", ""), ("scenes_distributed", "Scenes distributed", ""),
                ("data_volume_gb", "Data volume", "GB"), ("users_active", "Active users", ""),
                ("data_requests", "Data requests", ""), ("people_trained", "People trained", ""))


def _t1(cells: list, quarters: list[Quarter], measured: dict):
    """T+1 of some accepted reports by the network's rule (datarequests' t1_summary: measured from SatCloud's
    log where it exists, else the reports' figures weighted by scenes received)."""
    reported = [(c.node_id, c.year, c.quarter, c.t1_push_percent, c.scenes_received) for c in cells]
    return t1_summary(reported, quarters, measured=measured)["value"]


def node_pages(ctx: Context) -> list[dict]:
    """One page per node existing at the period's end: its accepted figures through the quarters (the
    period's, or for a quarter the four up to it), its T+1 share by the same rule as the report's, each
    quarter's report status and timeliness."""
    quarters = [Quarter(y, q) for y, q in ctx.period.quarters] if not ctx.period.quarter else _quarters(ctx, 4)
    keys = [q.year * 10 + q.number for q in quarters]
    wanted = set(keys)
    by_cell = {(r.node_id, r.key): r for r in _reports(ctx) if r.key in wanted}
    measured_by_node: dict[int, dict] = {}
    for cell, found in measured_t1(quarters).items():  # one query for every node
        measured_by_node.setdefault(cell[0], {})[cell] = found
    states_, timely = _labels()
    pages = []
    for node in ctx.nodes_existing(ctx.period.end):
        cells = [by_cell.get((node.id, k)) for k in keys]
        accepted = [c if c is not None and c.status == "accepted" else None for c in cells]
        status_row, timely_row = ["Report status"], ["Timeliness"]
        for q, found in zip(quarters, cells, strict=True):
            status = found.status if found is not None else "missing"
            first = found.first_submitted_at if found is not None else None
            when = timeliness_of(first, found.due_on if found is not None else q.due_on(), ctx.as_of).value
            status_row.append(states_[status])
            timely_row.append(timely[when])
        figure_rows = []
        for name, label, unit in NODE_FIGURES:
            values = [getattr(c, name) if c is not None else None for c in accepted]
            figure_rows.append([label + (f" ({unit})" if unit else ""), *values, total(values)])
        own = [c for c in accepted if c is not None]
        measured = measured_by_node.get(node.id, {})
        t1 = _t1(own, quarters, measured)
        per_quarter = [_t1([c] if c is not None else [], [q], {k: v for k, v in measured.items()
                                                               if (k[1], k[2]) == (q.year, q.number)})
                       for q, c in zip(quarters, accepted, strict=True)]
        figure_rows.append(["T+1 share (%)", *per_quarter, t1])
        pages.append({
            "code": node.code, "name": node.name, "country": node.country_name, "host": node.host,
            "status": NodeStatus.label_of(node.status), "t1": t1,
            "accepted": len(own), "quarters": len(quarters),
            "table": table(f"node_{node.code}", "Figures of the accepted reports, by quarter",
                           ["Figure", *[q.label for q in quarters], "Total"], figure_rows),
            "reports": table(f"node_{node.code}_reports", "Quarterly reports", ["", *[q.label for q in quarters]],
                             [status_row, timely_row]),
        })
    return pages
