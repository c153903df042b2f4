"""A period's network figures are as of its end (issue 11, point 10): records recorded after the period
do not count in it, records archived after it still do."""

from datetime import UTC, date, datetime

import time_machine

from app.capacity import services as capacity_services
from app.core.periods import Period
from app.extensions import db
from app.nodes import services as node_services
from app.partners import services as partner_services
from app.reports.figures import build_snapshot
from app.reports.snapshot import find_table
from tests.factories import SYSTEM


def on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC), tick=False)


def headline(snapshot):
    return {f["key"]: f["value"] for f in snapshot["headline"]}


def snapshot_of(year):
    return build_snapshot(Period(year), as_of=date(2026, 12, 1), currency="USD")


def test_records_added_after_the_period_do_not_count_in_it(make):
    with on(date(2024, 3, 1)):
        old = make.organization(name="Old partner", joined_on=None)
        make.node("OLD", host=old, established_on=None)
    with on(date(2026, 11, 30)):  # added "today", without dates of their own
        new = make.organization(name="Added today", joined_on=None)
        make.node("NEW", host=new, established_on=None)
        make.case(title="Undated case", status="ongoing")
    in_2025 = snapshot_of(2025)
    assert headline(in_2025)["partners"] == 1 and headline(in_2025)["nodes_active"] == 1
    assert [r[0] for r in in_2025["annex"]["nodes"]["rows"]] == ["OLD"]
    assert headline(in_2025)["cases"] == 0
    in_2026 = snapshot_of(2026)
    assert headline(in_2026)["partners"] == 2 and headline(in_2026)["nodes_active"] == 2
    assert headline(in_2026)["cases"] == 1


def test_a_records_own_date_wins_over_the_day_it_was_recorded(make):
    with on(date(2026, 11, 30)):
        late = make.organization(name="Recorded late", joined_on=date(2023, 5, 1))
        make.node("LATE", host=late, established_on=date(2023, 6, 1))
    assert headline(snapshot_of(2025))["partners"] == 1
    assert headline(snapshot_of(2025))["nodes_active"] == 1


def test_records_archived_after_the_period_still_count_in_it(make):
    org = make.organization(name="Leaves in 2026", joined_on=date(2020, 1, 1))
    node = make.node("GONE", host=org, established_on=date(2020, 1, 1))
    event = make.event(title="Archived event", start_on=date(2025, 4, 1), country="LAO")
    with on(date(2026, 3, 1)):
        node_services.archive_node(SYSTEM, node)
        partner_services.archive_organization(SYSTEM, org)
        capacity_services.archive_event(SYSTEM, event)
        db.session.commit()
    in_2025 = snapshot_of(2025)
    assert headline(in_2025)["partners"] == 1 and headline(in_2025)["nodes_active"] == 1
    assert [r[0] for r in find_table(in_2025, "capacity", "events")["rows"]] == ["Archived event"]
    in_2026 = snapshot_of(2026)
    assert headline(in_2026)["partners"] == 0 and headline(in_2026)["nodes_active"] == 0
    assert headline(in_2026)["partners_new"] == 0
