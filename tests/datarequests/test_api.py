"""The data-requests API: create, list, read, update, each step by the right roles only, the license question."""

import pytest

from app.datarequests.models import DataDelivery, DataRequest, RequestStatus
from app.extensions import db
from tests.datarequests.conftest import ACROSS_MEKONG, walk

ROLES = ("admin", "secretariat", "coordinator", "other_coordinator", "board")
STEPS = {
    "approve": ("submitted", {"reason": "Fine."}, "approved", {"admin", "secretariat"}),
    "decline": ("submitted", {"reason": "No capacity."}, "declined", {"admin", "secretariat"}),
    "deliveries": ("approved", {"scenes": 4, "volume_gb": "12.5", "delivered_on": "2025-10-01", "method": "ftp"},
                   "delivered", {"admin", "secretariat"}),
    "confirm": ("delivered", {}, "closed", {"admin", "secretariat", "coordinator"}),
}
BODY = {"title": "Flood mapping", "countries": ["LAO"], "acquired_from": "2025-08-01", "acquired_to": "2025-09-30",
        "satellites": ["GF-2"], "product_levels": ["L1"], "purpose": "disaster_response",
        "is_free_experiment": True}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_by_the_right_roles_only_through_the_api(api_as, make, licensed, new_request, user_factory,
                                                           role, step):
    start, data, after, allowed = STEPS[step]
    record = walk(new_request(), start)
    node = licensed["node"] if role == "coordinator" else make.node(code="OTH") if role == "other_coordinator" else None
    api = api_as(user_factory("coordinator" if "coordinator" in role else role, node=node))
    response = api.post(f"/api/v1/data-requests/{record.id}/{step}", json=data)
    db.session.refresh(record)
    if role in allowed:
        assert response.status_code in (200, 201), response.json
        assert record.status == RequestStatus(after)
    else:
        assert response.status_code == (404 if role == "other_coordinator" else 403), response.json
        assert record.status == RequestStatus(start)


def test_a_coordinator_asks_through_the_api_and_the_border_is_flagged(api_as, licensed, make, user_factory):
    other = make.node(code="OTH")
    api = api_as(user_factory("coordinator", node=licensed["node"]))
    response = api.post("/api/v1/data-requests", json=BODY | {"node_id": other.id, "area": ACROSS_MEKONG})
    assert response.status_code == 201, response.json
    body = response.json
    assert body["node"] == "LAO" and body["status"] == "submitted"  # the node_id sent is ignored
    assert body["area_countries"] == ["LAO", "THA"] and body["area"]["type"] == "Polygon"
    assert body["license"]["covered"] is False
    assert body["license"]["reasons"][0].startswith("The area reaches into Thailand (THA)")
    assert response.headers["Location"].endswith(f"/api/v1/data-requests/{body['id']}")
    assert api.get(f"/api/v1/data-requests/{body['id']}").json["license"]["countries"] == ["LAO", "THA"]


def test_bad_fields_are_named(api_as, licensed):
    api = api_as("secretariat")
    response = api.post("/api/v1/data-requests", json=BODY | {"node_id": licensed["node"].id, "satellites": ["X"],
                                                              "purpose": "fun"})
    assert response.status_code == 422
    assert {"satellites", "purpose"} <= set(response.json["error"]["fields"])
    response = api.post("/api/v1/data-requests", json=BODY | {"node_id": licensed["node"].id, "countries": [],
                                                              "area": {"type": "LineString"}})
    assert response.status_code == 422 and "area" in response.json["error"]["fields"]
    assert db.session.query(DataRequest).count() == 0


def test_the_board_may_not_ask_but_reads(api_as, new_request):
    record = new_request()
    board = api_as("board")
    assert board.post("/api/v1/data-requests", json=BODY).status_code == 403
    assert board.get(f"/api/v1/data-requests/{record.id}").status_code == 200
    assert board.get("/api/v1/data-requests").json["total"] == 1


def test_the_list_shows_a_coordinator_their_own_node_only(api_as, licensed, make, new_request, user_factory):
    new_request(title="Mine")
    theirs = new_request(title="Theirs", node_id=make.node(code="OTH").id)
    api = api_as(user_factory("coordinator", node=licensed["node"]))
    listed = api.get("/api/v1/data-requests").json
    assert [i["title"] for i in listed["items"]] == ["Mine"]
    assert api.get(f"/api/v1/data-requests/{theirs.id}").status_code == 404
    assert api.patch(f"/api/v1/data-requests/{theirs.id}", json={"title": "x", "version": 1}).status_code == 404


def test_filters(api_as, new_request):
    new_request(title="Covered")
    new_request(title="Not covered", satellites=["GF-7"])
    api = api_as("secretariat")
    assert [i["title"] for i in api.get("/api/v1/data-requests?covered=0").json["items"]] == ["Not covered"]
    assert [i["title"] for i in api.get("/api/v1/data-requests?satellite=GF-7").json["items"]] == ["Not covered"]
    assert api.get("/api/v1/data-requests?status=approved").json["total"] == 0
    assert api.get("/api/v1/data-requests?node=LAO").json["total"] == 2


def test_patch_needs_the_version_and_only_while_submitted(api_as, new_request):
    record = new_request()
    api = api_as("secretariat")
    assert api.patch(f"/api/v1/data-requests/{record.id}", json={"title": "New"}).status_code == 422
    stale = api.patch(f"/api/v1/data-requests/{record.id}", json={"title": "New", "version": record.version + 5})
    assert stale.status_code == 409
    ok = api.patch(f"/api/v1/data-requests/{record.id}", json={"countries": ["LAO", "KHM"],
                                                               "version": record.version})
    assert ok.status_code == 200 and ok.json["license"]["covered"] is False
    walk(record, "approved")
    late = api.patch(f"/api/v1/data-requests/{record.id}", json={"title": "Late", "version": ok.json["version"] + 1})
    assert late.status_code == 409


def test_a_wrong_step_is_409_and_a_missing_reason_422(api_as, new_request):
    record = new_request()
    api = api_as("secretariat")
    assert api.post(f"/api/v1/data-requests/{record.id}/confirm").status_code == 409
    response = api.post(f"/api/v1/data-requests/{record.id}/decline", json={})
    assert response.status_code == 422 and "reason" in response.json["error"]["fields"]
    bad = api.post(f"/api/v1/data-requests/{record.id}/deliveries", json={"scenes": 1})
    assert bad.status_code == 409  # not approved yet: the state decides before the fields


def test_a_retried_delivery_is_recorded_once(api_as, new_request):
    record = walk(new_request(), "approved")
    api = api_as("secretariat")
    body = {"scenes": 10, "volume_gb": "3.25", "delivered_on": "2025-10-01", "method": "satcloud"}
    first = api.post(f"/api/v1/data-requests/{record.id}/deliveries", json=body, headers={"Idempotency-Key": "k1"})
    again = api.post(f"/api/v1/data-requests/{record.id}/deliveries", json=body, headers={"Idempotency-Key": "k1"})
    assert first.status_code == again.status_code == 201 and first.json == again.json
    assert first.json["volume_gb"] == "3.250"
    assert db.session.query(DataDelivery).count() == 1


def test_the_license_question(api_as, licensed):
    api = api_as("coordinator", node=licensed["node"])
    organization = licensed["licensee"].id
    yes = api.get(f"/api/v1/licenses/check?organization_id={organization}&satellite=GF-2&country=LAO&level=L1"
                  "&use=research&on=2025-06-01")
    assert yes.status_code == 200, yes.json
    assert yes.json["covered"] is True and yes.json["licenses"][0]["reference"] == "LIC-LAO"
    no = api.get(f"/api/v1/licenses/check?organization_id={organization}&satellite=GF-2,ZY-3&country=LAO"
                 "&country=THA")
    assert no.json["covered"] is False and no.json["licenses"] == []
    assert any("GF-2 in THA" in r for r in no.json["reasons"])
    bad = api.get("/api/v1/licenses/check?organization_id=abc&satellite=GF-99&on=soon")
    assert bad.status_code == 422
    assert {"organization_id", "satellite", "on"} <= set(bad.json["error"]["fields"])


def test_the_openapi_document_describes_the_new_paths(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/data-requests"])
    assert "patch" in paths["/api/v1/data-requests/{key}"]
    for step in ("approve", "decline", "deliveries", "confirm"):
        assert "post" in paths[f"/api/v1/data-requests/{{key}}/{step}"]
    assert "get" in paths["/api/v1/licenses/check"]
