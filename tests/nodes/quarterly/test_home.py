"""The coordinator's home page: what to do, in order — returned, overdue, due soon, then the running quarter's draft."""

from datetime import UTC, date, datetime

import time_machine


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=UTC), tick=False)


def _items(html: str) -> list[tuple[str, str]]:
    """(kind, period) of each to-do item, in page order."""
    found = []
    for chunk in html.split('data-todo="')[1:]:
        kind, rest = chunk.split('"', 1)
        found.append((kind, rest.split('data-period="', 1)[1].split('"', 1)[0]))
    return found


def test_a_returned_report_is_listed_first_and_nothing_is_due_is_not_said(client, login_as, make):
    with at(date(2025, 5, 20)):
        lao = make.node(code="LAO", established_on=date(2025, 1, 1))
        make.quarterly_report(lao, "2025Q1", status="returned")
        make.quarterly_report(lao, "2025Q2", status="draft")
        login_as("coordinator", node=lao)
        html = client.get("/").get_data(as_text=True)
    assert _items(html) == [("returned", "2025Q1"), ("current", "2025Q2")]
    assert "Nothing is due" not in html
    assert "Please complete the figures." in html


def test_the_running_quarter_is_a_draft_to_continue_not_a_report_to_submit(client, login_as, make):
    with at(date(2025, 5, 20)):
        lao = make.node(code="LAO", established_on=date(2025, 1, 1))
        make.quarterly_report(lao, "2025Q1", status="accepted")
        make.quarterly_report(lao, "2025Q2", status="draft")
        login_as("coordinator", node=lao)
        html = client.get("/").get_data(as_text=True)
    assert _items(html) == [("current", "2025Q2")]
    current = html.split('id="current-draft"')[1].split("</li>")[0]
    assert "continue the draft" in current and "Continue the report" not in html
    assert "still running" in current and "can be submitted from Jul 1, 2025" in current
    assert 'id="nothing-due"' in html and "Nothing is due" in html


def test_the_list_runs_returned_overdue_due_soon_then_the_current_draft(client, login_as, make):
    with at(date(2025, 7, 10)):  # 2025Q2 ended on 30 June and is due on 15 July; 2025Q3 is running
        lao = make.node(code="LAO", established_on=date(2024, 10, 1))
        make.quarterly_report(lao, "2025Q1", status="returned")
        make.quarterly_report(lao, "2025Q2", status="draft")
        make.quarterly_report(lao, "2025Q3", status="draft")
        login_as("coordinator", node=lao)
        html = client.get("/").get_data(as_text=True)
    assert _items(html) == [("returned", "2025Q1"), ("overdue", "2024Q4"), ("due_soon", "2025Q2"),
                            ("current", "2025Q3")]
    assert "start and submit the 2024Q4 report" in html and "finish and submit the 2025Q2 report" in html
    assert "Nothing is due" not in html


def test_a_quarter_not_started_is_a_draft_to_start(client, login_as, make):
    with at(date(2025, 5, 20)):
        lao = make.node(code="LAO", established_on=date(2025, 4, 1))
        login_as("coordinator", node=lao)
        html = client.get("/").get_data(as_text=True)
    assert _items(html) == [("current", "2025Q2")]
    assert "start a draft" in html and "/nodes/LAO/reports/2025Q2/edit" in html and "Nothing is due" in html
