"""Reports and the dashboard take T+1 from SatCloud's logs where they exist, and say so."""

from datetime import date, datetime

import time_machine

from app.core.periods import Period
from app.datarequests.imports import import_deliveries
from app.extensions import db
from app.reports.figures import build_snapshot
from tests.factories import SYSTEM

# NA's 2025Q1 log: 4 scenes, one pushed within a day → 25 %.
LOG = """scene_id,satellite,node,acquired_at,pushed_at,size
A1,GF-2,NA,2025-02-01T00:00:00Z,2025-02-01T05:00:00Z,1
A2,GF-2,NA,2025-02-01T00:00:00Z,2025-02-03T00:00:00Z,1
A3,GF-2,NA,2025-02-01T00:00:00Z,2025-02-04T00:00:00Z,1
A4,GF-2,NA,2025-02-01T00:00:00Z,2025-02-05T00:00:00Z,1
"""


def t1_figure():
    snapshot = build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")
    return next(f for f in snapshot["headline"] if f["key"] == "t1_push_percent")


def _reports(make, nb_scenes):
    na, nb = make.node("NA", established_on=date(2019, 1, 1)), make.node("NB", established_on=date(2019, 1, 1))
    with time_machine.travel(datetime(2025, 4, 10, 12, 0), tick=False):
        make.quarterly_report(na, "2025Q1", "accepted", scenes_received=200, t1_push_percent="80")
        make.quarterly_report(nb, "2025Q1", "accepted", scenes_received=nb_scenes, t1_push_percent="60")


def test_without_logs_the_nodes_own_figures_are_weighted_by_scenes_received(make):
    _reports(make, 60)
    figure = t1_figure()
    # (80×200 + 60×60) / 260, not the mean of the two shares (70)
    assert figure["value"] == 75.38 and figure["label"].endswith("weighted by scenes received")


def test_measured_where_logs_exist_else_the_nodes_figure_weighted_by_scenes(make):
    _reports(make, 60)
    import_deliveries(SYSTEM, "log.csv", LOG.encode())
    db.session.commit()
    figure = t1_figure()
    # NA measured 25 % of 4 scenes; NB its own 60 % of the 60 scenes it received: (25×4 + 60×60) / 64
    assert figure["value"] == 57.81
    assert "measured where logs exist" in figure["label"]


def test_all_measured(make):
    _reports(make, None)  # NB reported no scenes: nothing to weigh its figure by
    import_deliveries(SYSTEM, "log.csv", LOG.encode())
    db.session.commit()
    figure = t1_figure()
    assert figure["value"] == 25 and "measured from SatCloud's logs" in figure["label"]
