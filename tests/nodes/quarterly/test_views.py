"""Pages of quarterly reports: the coordinator's home, the form, the steps, the queue, the matrix, the node page."""

import json
from datetime import UTC, datetime

import pytest
import time_machine

from app.extensions import db
from app.nodes.quarterly.models import QuarterlyReport, ReportStatus
from tests.conftest import csrf_enabled
from tests.sql import count_statements


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2025, 5, 20, 9, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def lao(make):
    return make.node(code="LAO")


def report_of(node, year=2025, quarter=1):
    return db.session.query(QuarterlyReport).filter_by(node_id=node.id, year=year, quarter=quarter).one_or_none()


FIGURES = {"scenes_received": "120", "scenes_distributed": "100", "data_volume_gb": "55.5", "area_km2": "",
           "users_registered": "40", "users_active": "25", "organizations_served": "7", "data_requests": "12",
           "t1_push_percent": "87.5", "trainings_held": "1", "people_trained": "20", "events_held": "0",
           "highlights": "Flood mapping <script>alert(1)</script>", "problems": "", "needs": "More storage"}


def test_coordinator_files_and_submits_through_the_pages(client, login_as, lao):
    coordinator = login_as("coordinator", node=lao)
    page = client.get("/nodes/LAO/reports/2025Q1")  # not started: straight to the form
    assert page.status_code == 302 and page.headers["Location"].endswith("/nodes/LAO/reports/2025Q1/edit")
    page = client.get("/nodes/LAO/reports/2025Q1/edit")
    assert page.status_code == 200 and "Due on Apr 15, 2025" in page.get_data(as_text=True)
    saved = client.post("/nodes/LAO/reports/2025Q1/edit", data=FIGURES)
    assert saved.status_code == 302
    report = report_of(lao)
    assert report.status == ReportStatus.draft and report.t1_push_percent == 87.5 and report.area_km2 is None
    detail = client.get("/nodes/LAO/reports/2025Q1")
    assert detail.status_code == 200
    assert b"Flood mapping &lt;script&gt;alert(1)&lt;/script&gt;" in detail.data  # escaped
    assert b"N/A" in detail.data and b'id="submit-report"' in detail.data
    submitted = client.post("/nodes/LAO/reports/2025Q1/submit", data={"version": report.version})
    assert submitted.status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.submitted and report.submitted_by_id == coordinator.id
    # A submitted report cannot be edited: the form is refused, a post changes nothing.
    assert client.get("/nodes/LAO/reports/2025Q1/edit").status_code == 409
    refused = client.post("/nodes/LAO/reports/2025Q1/edit", data=FIGURES | {"scenes_received": "1",
                                                                             "version": report.version})
    assert refused.status_code == 422 and b"only drafts and returned reports can be edited" in refused.data
    db.session.refresh(report)
    assert report.scenes_received == 120


def test_bad_figures_come_back_on_the_form(client, login_as, lao):
    login_as("coordinator", node=lao)
    page = client.post("/nodes/LAO/reports/2025Q1/edit", data={"scenes_received": "10", "scenes_distributed": "11",
                                                                "t1_push_percent": "120"})
    assert page.status_code == 422
    assert b"Number must be between 0 and 100" in page.data
    page = client.post("/nodes/LAO/reports/2025Q1/edit", data={"scenes_received": "10", "scenes_distributed": "11"})
    assert page.status_code == 422 and b"Cannot exceed the scenes received this quarter" in page.data
    assert report_of(lao) is None


def test_future_quarter_form_is_refused(client, login_as, lao):
    login_as("coordinator", node=lao)
    assert client.get("/nodes/LAO/reports/2025Q3/edit").status_code == 422
    assert client.get("/nodes/LAO/reports/2025Q3").status_code == 404
    assert client.get("/nodes/LAO/reports/2025Q9").status_code == 404


def test_secretariat_returns_with_a_comment_then_accepts(client, login_as, make, lao, user_factory):
    report = make.quarterly_report(lao, "2025Q1", status="submitted", scenes_received=3)
    login_as("secretariat")
    queue = client.get("/quarterly-reports/review")
    assert queue.status_code == 200 and b"2025Q1" in queue.data
    empty = client.post("/nodes/LAO/reports/2025Q1/return", data={"return-comment": "  ", "return-version": 1})
    assert empty.status_code == 422
    sent = client.post("/nodes/LAO/reports/2025Q1/return", data={"return-comment": "Users are missing.",
                                                                 "return-version": report.version})
    assert sent.status_code == 302
    db.session.refresh(report)
    assert report.status == ReportStatus.returned and report.review_comment == "Users are missing."
    # The coordinator sees the comment on their home page and on the form.
    client.post("/logout")
    coordinator = user_factory("coordinator", node=lao)
    client.post("/login", data={"email": coordinator.email, "password": "correct horse battery staple"})
    home = client.get("/")
    assert b"Returned to you:" in home.data and b"Users are missing." in home.data
    assert b"Users are missing." in client.get("/nodes/LAO/reports/2025Q1/edit").data
    assert client.post("/nodes/LAO/reports/2025Q1/accept", data={"accept-version": report.version}).status_code == 403


def test_a_stale_step_is_refused(client, login_as, make, lao):
    report = make.quarterly_report(lao, "2025Q1", status="submitted")
    login_as("secretariat")
    response = client.post("/nodes/LAO/reports/2025Q1/accept", data={"accept-version": report.version - 1})
    assert response.status_code == 409
    db.session.refresh(report)
    assert report.status == ReportStatus.submitted


@pytest.mark.parametrize(("role", "own", "status", "code"), [
    ("coordinator", False, "draft", 404), ("coordinator", False, "submitted", 404),
    ("coordinator", False, "accepted", 200), ("coordinator", True, "submitted", 200),
    ("board", None, "draft", 404), ("board", None, "returned", 404), ("board", None, "accepted", 200),
    ("secretariat", None, "draft", 200),
])
def test_who_sees_a_report(client, login_as, make, lao, role, own, status, code):
    make.quarterly_report(lao, "2025Q1", status=status)
    node = lao if own else (make.node(code="NPL") if role == "coordinator" else None)
    login_as(role, node=node)
    assert client.get("/nodes/LAO/reports/2025Q1").status_code == code


def test_another_coordinator_may_not_act_on_an_accepted_report(client, login_as, make, lao):
    report = make.quarterly_report(lao, "2025Q1", status="accepted")
    login_as("coordinator", node=make.node(code="NPL"))
    assert client.post("/nodes/LAO/reports/2025Q1/submit", data={"version": report.version}).status_code == 403
    assert client.get("/nodes/LAO/reports/2025Q1/edit").status_code == 403
    assert client.get("/nodes/LAO/reports/2024Q4/edit").status_code == 404   # not started: invisible


def test_steps_need_the_csrf_token(app, client, login_as, make, lao):
    report = make.quarterly_report(lao, "2025Q1")
    login_as("coordinator", node=lao)
    with csrf_enabled(app):
        response = client.post("/nodes/LAO/reports/2025Q1/submit", data={"version": report.version})
    assert response.status_code == 400
    db.session.refresh(report)
    assert report.status == ReportStatus.draft


@pytest.mark.parametrize(("role", "code"), [("secretariat", 200), ("admin", 200), ("board", 200),
                                            ("coordinator", 403)])
def test_who_sees_the_matrix_and_the_queue(client, login_as, lao, role, code):
    login_as(role, node=lao if role == "coordinator" else None)
    assert client.get("/quarterly-reports/completeness?year=2025").status_code == code
    assert client.get("/quarterly-reports/review").status_code == (code if role != "board" else 403)


def test_matrix_page_colours_cells_by_status_and_timeliness(client, login_as, make, lao):
    make.quarterly_report(lao, "2025Q1", status="accepted")                      # submitted 20 May: late
    with time_machine.travel(datetime(2025, 4, 10, 9, 0, tzinfo=UTC), tick=False):
        make.quarterly_report(make.node(code="KHM"), "2025Q1", status="submitted")  # on time
    make.node(code="NPL")                                                          # nothing: overdue
    login_as("secretariat")
    page = client.get("/quarterly-reports/completeness?year=2025").get_data(as_text=True)
    rows = {row.split('"')[0]: row for row in page.split('data-node="')[1:]}
    # Earlier quarters carry early-quarter: hidden on a phone, which keeps the last quarter and the total.
    assert 'class="bg-success-subtle border border-danger border-2 early-quarter" data-period="2025Q1" ' \
           'data-state="accepted" data-timeliness="late"' in rows["LAO"]
    assert 'class="bg-primary-subtle early-quarter" data-period="2025Q1" data-state="submitted" ' \
           'data-timeliness="on_time"' in rows["KHM"]
    assert 'class="bg-danger-subtle border border-danger border-2 early-quarter" data-period="2025Q1" ' \
           'data-state="missing" data-timeliness="overdue"' in rows["NPL"]
    assert 'data-period="2025Q2" data-state="missing" data-timeliness="pending"' in rows["NPL"]
    assert 'data-period="2025Q3" data-state="not_expected"' in rows["NPL"]
    totals = page.split('data-total="2025Q1">')[1]
    assert totals.startswith('<span title="received / expected">2/3</span>') and "1 on time" in totals[:300]


def _statements(client, url):
    client.get(url)  # the first request after a commit reloads the signed-in user: not the page's own cost
    with count_statements(db.engine) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def test_matrix_and_report_list_pages_answer_in_constant_queries(client, login_as, make, user_factory):
    from tests.factories import SYSTEM

    nodes = [make.node(code=f"N{i:02d}") for i in range(2)]
    for node in nodes:
        make.quarterly_report(node, "2025Q1", status="accepted")
    login_as("secretariat")
    urls = ["/quarterly-reports/completeness?year=2025", "/quarterly-reports", "/quarterly-reports/review"]
    few = [_statements(client, url) for url in urls]
    for i in range(10):
        node = make.node(code=f"M{i:02d}")
        by = user_factory("coordinator", node=node) if i % 3 == 0 else SYSTEM
        make.quarterly_report(node, "2025Q1", status="submitted", by=by)
        make.quarterly_report(node, "2024Q4", status="returned")
        make.quarterly_report(node, "2024Q3", status="accepted")
    many = [_statements(client, url) for url in urls]
    assert many == few


def test_node_page_lists_its_reports_with_a_chart(client, login_as, make, lao):
    make.quarterly_report(lao, "2024Q4", status="accepted", scenes_received=10, users_active=4, t1_push_percent=90)
    make.quarterly_report(lao, "2025Q1", status="submitted", scenes_received=20)
    login_as("board")
    page = client.get(f"/nodes/{lao.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "2024Q4" in html and "2025Q1" not in html.split('id="quarterly-reports"')[1]  # board: accepted only
    import html as html_lib
    import re

    raw = re.search(r'data-plotly-figure="([^"]*)"', html)[1]
    figure = json.loads(html_lib.unescape(raw))
    assert figure["data"][0]["x"] == ["2024Q4"] and figure["data"][0]["y"] == [10.0]
    assert figure["data"][3]["y"] == [90.0] and figure["layout"]["yaxis2"]["range"] == [0, 100]
    assert 'data-plotly-src="/static/vendor/plotly/plotly.min.js?v=' in html and "<script>" not in html


def test_plotly_is_served_from_the_vendored_bundle(client):
    response = client.get("/vendor/plotly.min.js", follow_redirects=True)
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert b"plotly.js v" in response.data[:200]


def test_report_list_filters_and_hides_what_a_board_member_may_not_see(client, login_as, make, lao):
    make.quarterly_report(lao, "2025Q1", status="accepted")
    make.quarterly_report(make.node(code="NPL"), "2025Q1", status="draft")
    login_as("board")
    html = client.get("/quarterly-reports").get_data(as_text=True)
    assert "/nodes/LAO/reports/2025Q1" in html and "/nodes/NPL/reports/2025Q1" not in html
    html = client.get("/quarterly-reports?status=draft").get_data(as_text=True)
    assert "/nodes/NPL/reports/2025Q1" not in html


def test_coordinator_home_shows_what_is_due(client, login_as, lao):
    login_as("coordinator", node=lao)
    html = client.get("/").get_data(as_text=True)
    assert 'id="coordinator-home"' in html and "This quarter, 2025Q2:" in html
    assert "/nodes/LAO/reports/2025Q1/edit" in html and 'data-todo="overdue"' in html  # 2025Q1 was due 15 April
