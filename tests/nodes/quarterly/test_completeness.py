"""The completeness and timeliness matrix: statuses, on time / late / overdue, totals, constant queries."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.core.periods import Quarter
from app.extensions import db
from app.nodes.quarterly import services as quarterly
from app.nodes.quarterly.queries import completeness, coordinator_home, overdue_cells
from tests.factories import SYSTEM
from tests.sql import count_statements

TODAY = date(2025, 8, 1)


def at(day: date, hour=10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=UTC), tick=False)


def file_report(node, period, *, submitted_on=None, status="draft", started_on=None):
    quarter = Quarter.parse(period)
    with at(started_on or quarter.ends_on.replace(day=1)):
        report, _ = quarterly.save_report(SYSTEM, node, quarter, {"scenes_received": 10})
    if submitted_on:
        with at(submitted_on):
            quarterly.submit_report(SYSTEM, report)
            if status in ("returned", "accepted"):
                if status == "returned":
                    quarterly.return_report(SYSTEM, report, "More please")
                else:
                    quarterly.accept_report(SYSTEM, report)
    db.session.commit()
    return report


@pytest.fixture
def mix(make):
    """A: on time and late; B: returned (first submitted on time) and missing; C: new in May, a draft; D: planned."""
    from app.nodes import services

    a = make.node(code="AAA", established_on=date(2018, 1, 1))
    b = make.node(code="BBB")
    c = make.node(code="CCC", established_on=date(2025, 5, 1))
    make.node(code="DDD", status="planned")
    e = make.node(code="EEE")
    file_report(a, "2025Q1", submitted_on=date(2025, 4, 15), status="accepted")     # due 15 April: on time
    file_report(a, "2025Q2", submitted_on=date(2025, 7, 20), status="submitted")    # due 15 July: late
    file_report(b, "2025Q1", submitted_on=date(2025, 4, 2), status="returned")      # on time, then returned
    file_report(c, "2025Q2")                                                          # a draft, now overdue
    file_report(e, "2025Q1", submitted_on=date(2025, 5, 2), status="accepted")      # late, node archived since
    file_report(a, "2024Q4", submitted_on=date(2025, 1, 3), status="accepted")      # another year: not shown
    services.archive_node(SYSTEM, e)
    db.session.commit()
    return a, b, c, e


def states(matrix, node):
    return [(matrix.cell(node.id, q).state, matrix.cell(node.id, q).timeliness and
             matrix.cell(node.id, q).timeliness.value) for q in matrix.quarters]


def test_matrix_for_a_mix_of_on_time_late_and_missing_reports(mix):
    a, b, c, e = mix
    matrix = completeness(2025, TODAY)
    assert [n.code for n in matrix.nodes] == ["AAA", "BBB", "CCC", "EEE"]   # planned DDD left out, archived EEE kept
    assert states(matrix, a) == [("accepted", "on_time"), ("submitted", "late"), ("missing", "pending"),
                                 ("not_expected", None)]
    assert states(matrix, b) == [("returned", "on_time"), ("missing", "overdue"), ("missing", "pending"),
                                 ("not_expected", None)]
    assert states(matrix, c) == [("not_expected", None), ("draft", "overdue"), ("missing", "pending"),
                                 ("not_expected", None)]
    assert states(matrix, e) == [("accepted", "late"), ("missing", "overdue"), ("missing", "pending"),
                                 ("not_expected", None)]
    q1, q2, q3, q4 = matrix.quarters
    assert dict(matrix.by_quarter[q1]) == {"expected": 3, "on_time": 2, "late": 1, "received": 3, "accepted": 2}
    assert dict(matrix.by_quarter[q2]) == {"expected": 4, "late": 1, "overdue": 3, "received": 1}
    assert dict(matrix.by_quarter[q3]) == {"expected": 4, "pending": 4}
    assert dict(matrix.by_quarter[q4]) == {}
    assert dict(matrix.by_node[a.id]) == {"expected": 3, "on_time": 1, "late": 1, "pending": 1, "received": 2,
                                          "accepted": 1}
    assert matrix.total["expected"] == 11 and matrix.total["overdue"] == 3 and matrix.total["received"] == 4
    assert matrix.cell(c.id, q2).due_on == date(2025, 7, 15)


def test_matrix_of_the_previous_year_and_across_the_year_end(mix):
    a, b, _c, _e = mix
    matrix = completeness(2024, TODAY)
    assert states(matrix, a)[3] == ("accepted", "on_time")          # 2024Q4 due 15 January 2025
    assert states(matrix, b)[3] == ("missing", "overdue")


def test_on_the_due_day_a_missing_report_is_not_yet_overdue(mix):
    _a, b, _c, _e = mix
    assert completeness(2025, date(2025, 7, 15)).cell(b.id, Quarter(2025, 2)).timeliness.value == "pending"
    assert completeness(2025, date(2025, 7, 16)).cell(b.id, Quarter(2025, 2)).timeliness.value == "overdue"


def test_overdue_cells_list_what_the_secretariat_must_chase(mix):
    found = [(c.node_code, c.quarter.label, c.state) for c in overdue_cells(TODAY)]
    assert ("BBB", "2025Q2", "missing") in found and ("CCC", "2025Q2", "draft") in found
    assert ("BBB", "2024Q4", "missing") in found
    assert all(state in ("missing", "draft") for _code, _label, state in found)
    assert ("AAA", "2024Q3", "missing") in found   # AAA never filed 2024Q3
    assert not any(code == "AAA" and label.startswith("2025") for code, label, _s in found)


def test_coordinator_home_lists_returned_overdue_due_soon_and_the_running_draft(mix, user_factory):
    _a, b, _c, _e = mix
    coordinator = user_factory("coordinator", node=b)
    home = coordinator_home(coordinator, TODAY)
    assert home["current"].quarter.label == "2025Q3" and home["current"].state == "missing"
    assert home["submittable_from"] == date(2025, 10, 1)
    assert [(c.quarter.label, c.timeliness.value) for c in home["overdue"]] == [
        ("2024Q3", "overdue"), ("2024Q4", "overdue"), ("2025Q2", "overdue")]
    assert home["due_soon"] == [] and home["nothing_due"] is False
    assert [(r.label, r.review_comment) for r in home["returned"]] == [("2025Q1", "More please")]


def _statements_for_matrix(year):
    with count_statements(db.engine) as statements:
        completeness(year, TODAY)
    return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])


def test_matrix_answers_in_a_constant_number_of_statements(make, mix):
    small = _statements_for_matrix(2025)
    for i in range(12):
        node = make.node(code=f"X{i:02d}")
        file_report(node, "2025Q1", submitted_on=date(2025, 4, 10), status="accepted")
        file_report(node, "2024Q2", submitted_on=date(2024, 7, 10), status="accepted")
    assert _statements_for_matrix(2025) == small == 2
    assert _statements_for_matrix(2024) == 2
