"""Figures against values computed by hand on a small crafted network."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.core.periods import Period
from app.nodes import services as node_services
from app.reports.figures import build_snapshot
from app.reports.snapshot import canonical_json, find_table, headline_value
from tests.factories import SYSTEM


@pytest.fixture
def network(make, db):
    """Hosts and nodes with edge cases: last-day dates, unknown dates, future ones, an archived node.

    Recorded in 2018 (figures are as of a period's end: an undated record counts from the day it was
    recorded), and F archived in 2023."""
    with time_machine.travel(datetime(2018, 1, 1, 9, tzinfo=UTC), tick=False):
        _network(make, db)


def _network(make, db):
    h1 = make.organization(name="Host A", country="AUT", kind="research", joined_on=date(2019, 1, 1))
    h2 = make.organization(name="Host B", country="KEN", joined_on=date(2025, 12, 31))  # last day of 2025
    h3 = make.organization(name="Host C", country="LAO", joined_on=date(2024, 6, 1))
    h4 = make.organization(name="Host D", country="LAO", joined_on=None)
    make.organization(name="Former partner", country="THA", status="former", joined_on=date(2025, 3, 1))
    make.organization(name="Future partner", country="NOR", joined_on=date(2026, 1, 1))
    make.node("A", host=h1, established_on=date(2018, 5, 1))
    make.node("B", host=h2, established_on=date(2025, 12, 31))
    make.node("C", host=h3, status="suspended", established_on=date(2020, 1, 1))
    make.node("D", host=h4, established_on=None)
    make.node("E", host=h3, established_on=date(2026, 2, 1))
    gone = make.node("F", host=h1, established_on=date(2018, 1, 1))
    with time_machine.travel(datetime(2023, 6, 1, 9, tzinfo=UTC), tick=False):
        node_services.archive_node(SYSTEM, gone)
        db.session.commit()


def rows(snapshot, table_id):
    return find_table(snapshot, "network", table_id)["rows"]


def test_network_headline_figures_and_previous_year(network):
    snapshot = build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")
    headline = {f["key"]: (f["value"], f["previous"]) for f in snapshot["headline"]}
    assert headline["nodes_active"] == (3, 2)  # A, B (established on the last day), D (date unknown); 2024: A, D
    assert headline["countries"] == (3, 2)
    assert headline["partners"] == (4, 3)  # the former and the future partner never count
    assert headline["partners_new"] == (2, 1)  # joined 2025-12-31 and 2025-03-01 (former since); 2024: Host C


def test_network_tables(network):
    snapshot = build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")
    assert rows(snapshot, "nodes_by_status") == [["Planned", 0], ["Active", 3], ["Suspended", 1], ["Closed", 0]]
    assert rows(snapshot, "nodes_by_region") == [["Africa", 1, 1, 1], ["Asia", 2, 1, 1], ["Europe", 1, 1, 1]]
    assert rows(snapshot, "partners_by_kind") == [
        ["Government agency", 3], ["Research institute or university", 1], ["International organization", 0],
        ["Private company", 0], ["Non-governmental organization", 0]]  # labels, never codes
    assert [r[0] for r in rows(snapshot, "partners_new")] == ["Former partner", "Host B"]
    annex = snapshot["annex"]["nodes"]["rows"]
    assert [r[0] for r in annex] == ["A", "B", "C", "D"]  # E is not established yet, F is archived


def test_a_quarter_compares_with_the_quarter_before(network):
    snapshot = build_snapshot(Period(2025, 4), as_of=date(2026, 1, 20), currency="USD")
    assert snapshot["period"]["label"] == "Q4 2025" and snapshot["period"]["previous"] == "Q3 2025"
    assert headline_value(snapshot, "nodes_active") == 3
    assert next(f for f in snapshot["headline"] if f["key"] == "nodes_active")["previous"] == 2
    assert headline_value(snapshot, "partners_new") == 1  # only Host B joined in Q4


def test_snapshot_is_plain_json_and_stable(network):
    first = build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")
    second = build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")
    assert canonical_json(first) == canonical_json(second)
    assert first["meta"]["areas"][0] == "network"


def test_empty_network_gives_zeros_not_errors(db):
    snapshot = build_snapshot(Period(2025, 1), as_of=date(2025, 5, 1), currency="USD")
    assert headline_value(snapshot, "nodes_active") == 0
    assert snapshot["annex"]["nodes"]["rows"] == []


@pytest.mark.parametrize(("kind", "year", "quarter", "field"), [
    ("monthly", 2025, None, "kind"), ("annual", 1999, None, "year"), ("annual", 2025, 2, "quarter"),
    ("seasonal", 2025, None, "quarter"), ("seasonal", 2025, 5, "quarter"), ("annual", "x", None, "year"),
])
def test_bad_periods_name_the_field(kind, year, quarter, field):
    from app.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as error:
        Period.of(kind, year, quarter)
    assert field in error.value.fields


def test_period_bounds():
    assert (Period(2025, 1).start, Period(2025, 1).end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert (Period(2024, 1).end, Period(2025, 4).end) == (date(2024, 3, 31), date(2025, 12, 31))
    assert Period(2025, 1).previous() == Period(2024, 4)
    assert Period.parse("2025Q3") == Period(2025, 3) and Period.parse("2025").kind == "annual"
