"""Quarterly reports through the API: PUT/GET, the workflow steps by role and state, lists, completeness."""

from datetime import UTC, datetime

import pytest
import time_machine

from app.extensions import db
from app.nodes.quarterly.models import QuarterlyReport
from tests.nodes.quarterly.test_services import CASES, EXPECTED, ROLES  # noqa: F401  (the same matrix as the services)
from tests.sql import count_statements


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2025, 5, 20, 9, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def network(make, user_factory, api_as):
    own, other = make.node(code="LAO"), make.node(code="NPL")
    users = {"secretariat": user_factory("secretariat"), "admin": user_factory("admin"),
             "own_coordinator": user_factory("coordinator", node=own),
             "other_coordinator": user_factory("coordinator", node=other), "board": user_factory("board")}
    return own, other, {role: api_as(user) for role, user in users.items()}


URL = "/api/v1/nodes/LAO/reports/2025Q1"


def _call(step, api, report):
    if step == "edit":
        return api.put(URL, json={"scenes_received": 42, "version": report.version})
    if step == "return":
        return api.post(f"{URL}/return", json={"comment": "Add the users."})
    return api.post(f"{URL}/{step}")


@pytest.mark.parametrize(("step", "status", "role", "outcome"), CASES,
                         ids=[f"{s}-{st}-{r}" for s, st, r, _ in CASES])
def test_each_step_by_role_and_state(network, make, step, status, role, outcome):
    own, _other, apis = network
    report = make.quarterly_report(own, "2025Q1", status=status)
    version = report.version
    response = _call(step, apis[role], report)
    db.session.expire_all()
    report = db.session.get(QuarterlyReport, report.id)
    if outcome == "ok":
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == report.status.value
        assert report.version > version
    else:
        assert response.status_code == outcome, response.get_json()
        assert set(response.get_json()["error"]) == {"code", "message", "fields"}
        assert report.status.value == status and report.version == version and report.scenes_received is None


def test_put_creates_then_updates_with_the_version(network):
    _own, _other, apis = network
    api = apis["own_coordinator"]
    created = api.put(URL, json={"scenes_received": 120, "t1_push_percent": 87.5, "data_volume_gb": "12.25",
                                 "highlights": "Floods", "status": "accepted", "node": "NPL"})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert created.headers["Location"].endswith(URL)
    assert body["node"] == "LAO" and body["status"] == "draft" and body["period"] == "2025Q1"
    assert body["due_on"] == "2025-04-15" and body["late"] is True and body["timeliness"] == "overdue"
    assert body["t1_push_percent"] == 87.5 and body["data_volume_gb"] == 12.25 and body["users_active"] is None
    unversioned = api.put(URL, json={"scenes_received": 1})  # a change without the version read: 409
    assert unversioned.status_code == 409 and "version" in unversioned.get_json()["error"]["fields"]
    stale = api.put(URL, json={"scenes_received": 1, "version": body["version"] + 5})
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "stale_version"
    updated = api.put(URL, json={"users_registered": 30, "area_km2": None, "version": body["version"]})
    assert updated.status_code == 200
    assert updated.get_json()["users_registered"] == 30 and updated.get_json()["scenes_received"] == 120
    assert api.get(URL).get_json()["version"] == updated.get_json()["version"]


@pytest.mark.parametrize(("body", "field"), [
    ({"scenes_received": -1}, "scenes_received"), ({"t1_push_percent": 101}, "t1_push_percent"),
    ({"users_active": 2.5}, "users_active"), ({"scenes_received": "12"}, "scenes_received"),
    ({"colour": "red"}, "colour"), ({"users_registered": 1, "users_active": 2}, "users_active"),
    ({"scenes_distributed": 5}, "scenes_distributed"),
])
def test_bad_figures_are_422_naming_the_field(network, body, field):
    response = network[2]["own_coordinator"].put(URL, json=body)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_future_quarter_is_422_and_bad_period_404(network):
    api = network[2]["own_coordinator"]
    response = api.put("/api/v1/nodes/LAO/reports/2025Q3", json={})
    assert response.status_code == 422 and "quarter" in response.get_json()["error"]["fields"]
    assert api.put("/api/v1/nodes/LAO/reports/2025Q5", json={}).status_code == 404
    assert api.get("/api/v1/nodes/XXX/reports/2025Q1").status_code == 404
    assert api.put(URL, data="not json", headers={"Content-Type": "text/plain"}).status_code == 415


def test_other_coordinators_and_board_get_404_for_a_report_not_started(network):
    _own, _other, apis = network
    for role in ("other_coordinator", "board"):
        assert apis[role].put(URL, json={}).status_code == 404
        assert apis[role].get(URL).status_code == 404


def test_return_needs_a_comment(network, make):
    report = make.quarterly_report(network[0], "2025Q1", status="submitted")
    response = network[2]["secretariat"].post(f"{URL}/return", json={"comment": ""})
    assert response.status_code == 422 and "comment" in response.get_json()["error"]["fields"]
    db.session.refresh(report)
    assert report.status.value == "submitted"


def test_a_step_with_an_idempotency_key_is_answered_once(network, make):
    make.quarterly_report(network[0], "2025Q1", status="draft")
    api = network[2]["own_coordinator"]
    first = api.post(f"{URL}/submit", headers={"Idempotency-Key": "k-1"})
    again = api.post(f"{URL}/submit", headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert api.post(f"{URL}/submit").status_code == 409     # without the key: a real second step


def test_the_whole_cycle_and_its_steps(network, make):
    _own, _other, apis = network
    coordinator, secretariat = apis["own_coordinator"], apis["secretariat"]
    version = coordinator.put(URL, json={"scenes_received": 5}).get_json()["version"]
    assert coordinator.post(f"{URL}/submit", json={"version": version}).status_code == 200
    returned = secretariat.post(f"{URL}/return", json={"comment": "Users?"}).get_json()
    assert returned["status"] == "returned" and returned["review_comment"] == "Users?"
    fixed = coordinator.put(URL, json={"users_registered": 9, "version": returned["version"]}).get_json()
    assert coordinator.post(f"{URL}/submit").get_json()["status"] == "submitted"
    accepted = secretariat.post(f"{URL}/accept").get_json()
    assert accepted["status"] == "accepted" and accepted["reviewed_by"] and fixed["users_registered"] == 9
    assert accepted["late"] is True   # first submitted 20 May, due 15 April
    assert apis["board"].get(URL).status_code == 200
    assert coordinator.put(URL, json={"scenes_received": 1, "version": accepted["version"]}).status_code == 409


def test_list_filters_and_visibility(network, make):
    own, other, apis = network
    make.quarterly_report(own, "2025Q1", status="accepted")
    make.quarterly_report(own, "2024Q4", status="draft")
    make.quarterly_report(other, "2025Q1", status="submitted")

    def periods(api, query=""):
        body = api.get(f"/api/v1/quarterly-reports{query}").get_json()
        return sorted(f"{i['node']} {i['period']}" for i in body["items"])

    assert periods(apis["secretariat"]) == ["LAO 2024Q4", "LAO 2025Q1", "NPL 2025Q1"]
    assert periods(apis["secretariat"], "?year=2025&quarter=1") == ["LAO 2025Q1", "NPL 2025Q1"]
    assert periods(apis["secretariat"], "?status=submitted") == ["NPL 2025Q1"]
    assert periods(apis["secretariat"], "?node=lao") == ["LAO 2024Q4", "LAO 2025Q1"]
    assert periods(apis["board"]) == ["LAO 2025Q1"]
    assert periods(apis["own_coordinator"]) == ["LAO 2024Q4", "LAO 2025Q1"]
    assert periods(apis["other_coordinator"]) == ["LAO 2025Q1", "NPL 2025Q1"]
    for bad in ("?year=abc", "?quarter=5", "?status=lost", "?per_page=500"):
        assert apis["secretariat"].get(f"/api/v1/quarterly-reports{bad}").status_code == 400


def test_list_answers_in_constant_queries(network, make, user_factory):
    own, _other, apis = network
    api = apis["secretariat"]

    def statements():
        api.get("/api/v1/quarterly-reports?per_page=200")
        with count_statements(db.engine) as found:
            assert api.get("/api/v1/quarterly-reports?per_page=200").status_code == 200
        return len(found)

    make.quarterly_report(own, "2025Q1", status="accepted")
    few = statements()
    for i in range(8):
        node = make.node(code=f"Z{i}")
        make.quarterly_report(node, "2025Q1", status="returned", by=user_factory("coordinator", node=node))
        make.quarterly_report(node, "2024Q4", status="accepted")
    assert statements() == few


def test_completeness(network, make):
    own, other, apis = network
    with time_machine.travel(datetime(2025, 4, 10, tzinfo=UTC), tick=False):
        make.quarterly_report(own, "2025Q1", status="accepted")
    make.quarterly_report(other, "2025Q1", status="submitted")
    body = apis["board"].get("/api/v1/quarterly-reports/completeness?year=2025").get_json()
    assert body["quarters"] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    cells = {n["code"]: n["quarters"] for n in body["nodes"]}
    assert cells["LAO"]["2025Q1"] == {"status": "accepted", "state": "accepted", "due_on": "2025-04-15",
                                      "timeliness": "on_time", "on_time": True}
    assert cells["NPL"]["2025Q1"]["on_time"] is False and cells["NPL"]["2025Q1"]["timeliness"] == "late"
    assert cells["NPL"]["2025Q2"] == {"status": None, "state": "missing", "due_on": "2025-07-15",
                                      "timeliness": "pending", "on_time": None}
    assert cells["NPL"]["2025Q3"]["state"] == "not_expected"
    assert body["totals"]["2025Q1"] | {} == {"expected": 2, "received": 2, "accepted": 1, "on_time": 1, "late": 1,
                                             "overdue": 0, "pending": 0}
    assert apis["own_coordinator"].get("/api/v1/quarterly-reports/completeness").status_code == 403
    assert apis["secretariat"].get("/api/v1/quarterly-reports/completeness?year=1999").status_code == 400


def test_openapi_lists_the_report_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"put", "get"} <= set(paths["/api/v1/nodes/{code}/reports/{period}"])
    assert "post" in paths["/api/v1/nodes/{code}/reports/{period}/return"]
    assert "get" in paths["/api/v1/quarterly-reports/completeness"]
    assert {"get", "post"} <= set(paths["/api/v1/contributions"])


def _audit_rows():
    from sqlalchemy import func, select

    from app.audit.models import AuditEvent

    return db.session.scalar(select(func.count(AuditEvent.id)))


def test_a_put_replayed_without_version_changes_nothing(network):
    """A node retrying after a lost answer sends the same body again, without a version."""
    api = network[2]["own_coordinator"]
    body = {"scenes_received": 120, "data_volume_gb": "12.25", "t1_push_percent": 87.5, "highlights": "Floods",
            "area_km2": None}
    first = api.put(URL, json=body)
    assert first.status_code == 201
    audits = _audit_rows()
    again = api.put(URL, json=body)
    assert again.status_code == 200, again.get_json()
    assert again.get_json()["version"] == first.get_json()["version"]
    assert again.get_json()["scenes_received"] == 120
    assert _audit_rows() == audits
    db.session.expire_all()
    assert db.session.query(QuarterlyReport).one().version == first.get_json()["version"]


def test_a_different_body_without_version_is_409_naming_version_and_writes_nothing(network):
    api = network[2]["own_coordinator"]
    first = api.put(URL, json={"scenes_received": 120}).get_json()
    audits = _audit_rows()
    response = api.put(URL, json={"scenes_received": 121})
    assert response.status_code == 409
    assert "version" in response.get_json()["error"]["fields"]
    assert _audit_rows() == audits
    assert api.get(URL).get_json()["scenes_received"] == 120 and api.get(URL).get_json()["version"] == first["version"]
