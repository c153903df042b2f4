"""Governance through /api/v1: the same services and policy as the pages."""

from datetime import date

from app.extensions import db
from app.governance.models import Decision
from tests.governance import builders


def test_secretariat_builds_a_body_meeting_decision_and_action_item(api_as, make):
    api = api_as("secretariat")
    body = api.post("/api/v1/bodies", json={"code": "b", "name": "Administration Board", "kind": "board"})
    assert body.status_code == 201, body.json
    assert body.json["code"] == "B" and body.headers["Location"].endswith(f"/api/v1/bodies/{body.json['id']}")
    person = make.person()
    meeting = api.post("/api/v1/meetings", json={"body_id": body.json["id"], "title": "First", "held_on": "2026-03-12",
                                                 "is_online": True, "attendee_ids": [person.id]})
    assert meeting.status_code == 201, meeting.json
    assert meeting.json["quorum"] == {"members": 0, "present": 0, "needed": 1, "reached": False}
    decision = api.post("/api/v1/decisions", json={"meeting_id": meeting.json["id"], "title": "Rules",
                                                   "decided_on": "2026-03-12"})
    assert decision.status_code == 201 and decision.json["reference"] == "B-2026-01"
    item = api.post("/api/v1/action-items", json={"decision_id": decision.json["id"], "title": "Draft",
                                                  "owner_id": person.id, "due_on": "2026-06-30"})
    assert item.status_code == 201 and item.json["status"] == "open" and item.json["body_id"] == body.json["id"]
    moved = api.patch(f"/api/v1/action-items/{item.json['id']}", json={"due_on": "2026-07-31",
                                                                       "version": item.json["version"]})
    assert moved.status_code == 422 and "due_on" in moved.json["error"]["fields"]
    done = api.patch(f"/api/v1/action-items/{item.json['id']}", json={"status": "done", "done_on": "2026-06-01",
                                                                      "version": item.json["version"]})
    assert done.status_code == 200 and done.json["done_on"] == "2026-06-01"
    stale = api.patch(f"/api/v1/action-items/{item.json['id']}", json={"status": "open",
                                                                       "version": item.json["version"]})
    assert stale.status_code == 409


def test_validation_errors_name_the_field(api_as):
    api = api_as("secretariat")
    board = builders.body(code="B")
    cases = [
        ("/api/v1/meetings", {"body_id": board.id, "title": "Where", "held_on": "2026-01-01"}, "place"),
        ("/api/v1/decisions", {"body_id": board.id, "title": "X", "decided_on": "2026-01-01",
                               "status": "superseded"}, "status"),
        ("/api/v1/decisions", {"body_id": board.id, "title": "X", "decided_on": "not a date"}, "decided_on"),
        ("/api/v1/projects", {"title": "P", "lead_organization_id": 4242, "start_on": "2026-01-01"},
         "lead_organization_id"),
        ("/api/v1/calibration-campaigns", {"title": "C", "start_on": "2026-01-01", "satellites": ["Sputnik"]},
         "satellites"),
        ("/api/v1/plans", {"year": 1999, "title": "Old"}, "year"),
    ]
    for url, body, field in cases:
        response = api.post(url, json=body)
        assert response.status_code == 422, (url, response.json)
        assert field in response.json["error"]["fields"], (url, response.json)
    assert db.session.query(Decision).count() == 0


def test_superseding_through_the_api(api_as):
    api = api_as("secretariat")
    old = builders.decision(builders.body(code="B"), decided_on=date(2025, 1, 1))
    new = api.post("/api/v1/decisions", json={"body_id": old.body_id, "title": "Newer", "decided_on": "2026-01-01",
                                              "supersedes_id": old.id})
    assert new.status_code == 201
    assert api.get(f"/api/v1/decisions/{old.id}").json["status"] == "superseded"


def test_a_coordinator_lists_and_updates_only_their_own_items(api_as, make, user_factory):
    coordinator = user_factory("coordinator", node=make.node())
    mine = builders.action_item(owner=make.person(email=coordinator.email), title="Mine")
    theirs = builders.action_item(title="Theirs")
    api = api_as(coordinator)
    listed = api.get("/api/v1/action-items").json
    assert [i["title"] for i in listed["items"]] == ["Mine"] and listed["total"] == 1
    assert api.get(f"/api/v1/action-items/{theirs.id}").status_code == 404
    assert api.patch(f"/api/v1/action-items/{theirs.id}", json={"status": "done", "version": 1}).status_code == 404
    response = api.patch(f"/api/v1/action-items/{mine.id}", json={"status": "done", "title": "Renamed",
                                                                   "version": mine.version})
    assert response.status_code == 200 and response.json["status"] == "done" and response.json["title"] == "Mine"
    assert api.post("/api/v1/bodies", json={"code": "X", "name": "X", "kind": "board"}).status_code == 403


def test_the_board_reads_everything_and_changes_nothing(api_as):
    item = builders.action_item()
    api = api_as("board")
    assert api.get(f"/api/v1/action-items/{item.id}").status_code == 200
    assert api.patch(f"/api/v1/action-items/{item.id}", json={"status": "done", "version": 1}).status_code == 403
    project = builders.project(countries=["CHN", "LAO"])
    builders.milestone(project, title="DOM")
    body = api.get(f"/api/v1/projects/{project.id}").json
    assert body["countries"] == ["CHN", "LAO"] and body["milestones"][0]["title"] == "DOM"


def test_the_openapi_document_lists_the_governance_collections(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for name in ("bodies", "meetings", "decisions", "action-items", "plans", "projects", "calibration-campaigns"):
        assert f"/api/v1/{name}" in paths
