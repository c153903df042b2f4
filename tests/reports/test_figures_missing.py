"""No figure crashes on a missing optional value (issue 11, point 1): no country, no gender, no rate,
no node, empty periods — the snapshot builds, the dashboard answers 200 and the annual draft job runs."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import update

from app.cases.models import Case
from app.core.periods import Period
from app.extensions import db
from app.jobs.models import RunStatus
from app.jobs.runner import run_job
from app.reports.figures import build_snapshot
from app.reports.models import Report
from app.reports.snapshot import canonical_json, find_table


def sparse_network(make):
    """Records with every optional value left out, next to ones that have it."""
    make.event(kind="workshop", title="With a country", start_on=date(2025, 5, 10), country="LAO",
               participants_total=3)
    make.event(kind="seminar", title="Without a country", start_on=date(2025, 6, 10), country=None)
    make.event(kind="meeting", title="No participants", start_on=date(2025, 2, 1))
    org = make.organization(acronym=None, joined_on=None)
    make.node(code="NOD", host=org, established_on=None)
    make.trainee(home_country="LAO", start_on=date(2025, 3, 1))
    make.trainee(start_on=date(2025, 4, 1), gender="undisclosed")
    nowhere = make.case(title="Nowhere", domains=[], status="ongoing", start_on=date(2025, 1, 1))
    # older rows (or rows loaded around the services) may hold no list at all
    db.session.execute(update(Case).where(Case.id == nowhere.id).values(countries=None, domains=None))
    db.session.commit()
    make.case(title="Somewhere", countries=["KEN"], domains=["water"], status="ongoing", start_on=date(2025, 1, 1))
    make.contribution(org=org, currency="EUR", amount="500")  # no rate for EUR
    make.contribution(org=org, kind="hardware", amount=None, estimated_value=None, description="Servers")


def test_an_event_without_a_country_next_to_one_with_builds(make):
    make.event(kind="workshop", title="With", start_on=date(2025, 5, 10), country="LAO", participants_total=3)
    make.event(kind="workshop", title="Without", start_on=date(2025, 6, 10), country=None)
    snapshot = build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")
    events = {r[0]: r for r in find_table(snapshot, "capacity", "events")["rows"]}
    assert events["Without"][4] == "" and events["With"][4] == "Lao People's Democratic Republic"


@pytest.mark.parametrize("period", [Period(2025), Period(2025, 2), Period(2019), Period(2031, 4)])
def test_every_figure_builds_on_sparse_and_empty_periods(make, period):
    sparse_network(make)
    snapshot = build_snapshot(period, as_of=date(2026, 1, 20), currency="USD")
    text = canonical_json(snapshot)  # JSON-able: no NaN anywhere
    assert "NaN" not in text and len(snapshot["sections"]) == 6 + (period.kind == "annual")  # + governance


def test_an_empty_database_builds_every_period():
    for period in (Period(2025), Period(2025, 1)):
        sections = build_snapshot(period, as_of=date(2026, 1, 20), currency="USD")["sections"]
        assert len(sections) == 6 + (period.kind == "annual")  # annual reports add governance


def test_the_dashboard_answers_with_an_event_without_a_country(make, client, login_as):
    sparse_network(make)
    login_as("board")
    assert client.get("/dashboard?year=2025").status_code == 200
    assert client.get("/dashboard/figures.json?year=2025").status_code == 200


def test_the_annual_draft_job_runs_with_an_event_without_a_country(make):
    sparse_network(make)
    with time_machine.travel(datetime(2026, 1, 25, 6, 30, tzinfo=UTC), tick=False):
        run = run_job("annual_draft")
    assert run.status == RunStatus.succeeded, run.summary
    assert [r.period for r in db.session.query(Report)] == ["2025"]
