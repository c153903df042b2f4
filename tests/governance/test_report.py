"""The governance section of the annual report: hand-counted figures, laid out in the PDF."""

import json
from datetime import date

from app.extensions import db
from app.governance import services
from app.governance.queries import governance_figures
from app.reports.services import read_pdf
from app.reports.snapshot import find_table
from tests.factories import SYSTEM
from tests.governance import builders


def _year_2025(make):
    board = builders.body(code="B", name="Administration Board")
    a, b, c = make.person(), make.person(), make.person()
    for person in (a, b, c):
        builders.member(board, person, term_from=date(2024, 1, 1))
    held = builders.meeting(board, title="Annual meeting", held_on=date(2025, 6, 10), attendee_ids=[a.id, b.id])
    builders.meeting(board, title="Earlier", held_on=date(2024, 6, 10))
    builders.decision(meeting_id=held.id, decided_on=date(2025, 6, 10), title="<b>Rules</b>")
    on_time = builders.action_item(meeting_id=held.id, due_on=date(2025, 9, 30))
    services.set_action_status(SYSTEM, on_time, {"status": "done", "done_on": date(2025, 9, 1)}, on_time.version)
    builders.action_item(meeting_id=held.id, due_on=date(2025, 11, 30))  # still open: overdue at the year's end
    builders.action_item(meeting_id=held.id, due_on=date(2026, 1, 31))  # due next year: not counted
    project = builders.project(title="Digital Mekong", start_on=date(2017, 1, 1), end_on=date(2026, 12, 31))
    builders.milestone(project, due_on=date(2025, 3, 1), status="reached", reached_on=date(2025, 2, 1))
    builders.milestone(project, due_on=date(2025, 12, 1))
    builders.campaign(start_on=date(2025, 8, 1), end_on=date(2025, 9, 1), sites=["Baotou", "Dunhuang"])
    builders.campaign(start_on=date(2024, 8, 1), end_on=date(2024, 9, 1))
    plan = builders.plan(2025)
    builders.activity(plan, title="Build nodes", status="ongoing")
    db.session.commit()


def test_governance_figures_of_a_year(make):
    _year_2025(make)
    figures = governance_figures(2025)
    assert [m["title"] for m in figures["meetings"]] == ["Annual meeting"]
    assert figures["meetings"][0]["quorum"] is True  # 2 of 3
    assert figures["decisions"][0]["reference"] == "B-2025-01"
    assert figures["actions"] == {"due": 2, "done": 1, "done_on_time": 1, "cancelled": 0, "open": 1, "overdue": 1}
    assert figures["milestones"] == {"due": 2, "reached": 1}
    assert len(figures["campaigns"]) == 1 and figures["campaigns"][0]["sites"] == 2
    assert figures["plan"]["activities"] == [{"title": "Build nodes", "status": "ongoing"}]


def test_the_annual_report_has_a_governance_section_and_the_seasonal_does_not(make):
    _year_2025(make)
    annual = make.report("annual", 2025)
    snapshot = json.loads(annual.snapshot_json)
    assert "governance" in snapshot["meta"]["areas"]
    actions = find_table(snapshot, "governance", "governance_actions")
    assert actions["rows"][0] == ["Done", 1] and actions["rows"][2] == ["of which overdue", 1]
    decisions = find_table(snapshot, "governance", "governance_decisions")
    assert decisions["rows"] == [["B-2025-01", "<b>Rules</b>", "Adopted"]]
    assert read_pdf(annual).startswith(b"%PDF-")  # user text with markup builds (escaped)
    seasonal = make.report("seasonal", 2025, 3)
    assert "governance" not in json.loads(seasonal.snapshot_json)["meta"]["areas"]
