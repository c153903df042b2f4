"""Pages: asking, the register, each step by the right roles only, the license question, the log import."""

import io
import json

import pytest

from app.datarequests.models import DataRequest, RequestStatus, ScenePush
from app.extensions import db
from tests.datarequests.conftest import ACROSS_MEKONG, walk


def _form(node_id=None, **fields):
    data = {"title": "Flood mapping", "countries": ["LAO"], "acquired_from": "2025-08-01",
            "acquired_to": "2025-09-30", "satellites": ["GF-2"], "product_levels": ["L1"],
            "purpose": "disaster_response", "is_free_experiment": "y"} | fields
    if node_id is not None:
        data["node_id"] = str(node_id)
    return data


def test_a_coordinator_asks_and_sees_the_border_flag(client, login_as, licensed):
    login_as("coordinator", node=licensed["node"])
    response = client.post("/data-requests/new", data=_form(area=json.dumps(ACROSS_MEKONG)))
    assert response.status_code == 302, response.get_data(as_text=True)
    record = db.session.query(DataRequest).one()
    page = client.get(f"/data-requests/{record.id}").get_data(as_text=True)
    assert 'data-covered="no"' in page
    assert "The area crosses the border into Thailand" in page
    assert "The area reaches into Thailand (THA)" in page
    assert "{'type'" not in page and "&#39;type&#39;" not in page  # the history shows GeoJSON, not Python


def test_an_uploaded_geojson_file_is_the_area(client, login_as, licensed):
    login_as("secretariat")
    upload = (io.BytesIO(json.dumps({"type": "Feature", "geometry": ACROSS_MEKONG}).encode()), "area.geojson")
    response = client.post("/data-requests/new", data=_form(licensed["node"].id, countries=[], area_file=upload),
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.query(DataRequest).one().area_countries == ["LAO", "THA"]


def test_bad_input_is_shown_next_to_the_field(client, login_as, licensed):
    login_as("secretariat")
    response = client.post("/data-requests/new", data=_form(licensed["node"].id, countries=[],
                                                            area='{"type": "Point", "coordinates": [1, 2]}'))
    assert response.status_code == 422
    assert "Point is not an area" in response.get_data(as_text=True)
    assert db.session.query(DataRequest).count() == 0


def test_the_register_shows_a_coordinator_their_own_node_only(client, login_as, licensed, make, new_request):
    mine = new_request(title="Mine")
    other_node = make.node(code="OTH")
    theirs = new_request(title="Theirs", node_id=other_node.id)
    login_as("coordinator", node=licensed["node"])
    page = client.get("/data-requests").get_data(as_text=True)
    assert "Mine" in page and "Theirs" not in page
    assert client.get(f"/data-requests/{theirs.id}").status_code == 404
    assert client.get(f"/data-requests/{mine.id}").status_code == 200


ROLES = ("admin", "secretariat", "coordinator", "other_coordinator", "board")


def _sign_in(login_as, make, licensed, role):
    if role == "coordinator":
        return login_as("coordinator", node=licensed["node"])
    if role == "other_coordinator":
        return login_as("coordinator", node=make.node(code="OTH"))
    return login_as(role)


STEPS = {
    # step: (state it starts from, form data, the state after it, who may)
    "approve": ("submitted", {"reason": "Fine."}, "approved", {"admin", "secretariat"}),
    "decline": ("submitted", {"reason": "No capacity."}, "declined", {"admin", "secretariat"}),
    "deliveries": ("approved", {"scenes": "4", "volume_gb": "12.5", "delivered_on": "2025-10-01",
                                "method": "ftp"}, "delivered", {"admin", "secretariat"}),
    "confirm": ("delivered", {}, "closed", {"admin", "secretariat", "coordinator"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_by_the_right_roles_only(client, login_as, make, licensed, new_request, role, step):
    start, data, after, allowed = STEPS[step]
    record = walk(new_request(), start)
    _sign_in(login_as, make, licensed, role)
    response = client.post(f"/data-requests/{record.id}/{step}", data=data)
    db.session.refresh(record)
    if role in allowed:
        assert response.status_code == 302, response.get_data(as_text=True)
        assert record.status == RequestStatus(after)
    else:
        assert response.status_code == (404 if role == "other_coordinator" else 403)
        assert record.status == RequestStatus(start)


def test_a_step_the_state_does_not_allow_is_409(client, login_as, new_request):
    record = walk(new_request(), "declined")
    login_as("secretariat")
    assert client.post(f"/data-requests/{record.id}/approve", data={}).status_code == 409
    assert client.post(f"/data-requests/{record.id}/deliveries", data={"scenes": "1"}).status_code == 409
    assert client.get(f"/data-requests/{record.id}/edit").status_code == 409


def test_declining_without_a_reason_shows_the_error(client, login_as, new_request):
    record = new_request()
    login_as("secretariat")
    response = client.post(f"/data-requests/{record.id}/decline", data={"reason": ""})
    assert response.status_code == 422 and "Say why the request is declined." in response.get_data(as_text=True)


def test_an_edit_with_a_stale_version_is_refused(client, login_as, new_request):
    record = new_request()
    login_as("secretariat")
    response = client.post(f"/data-requests/{record.id}/edit",
                           data=_form(record.node_id, title="Changed", version=str(record.version - 1 or 99)))
    assert response.status_code == 422
    db.session.refresh(record)
    assert record.title != "Changed"


def test_the_license_check_page(client, login_as, licensed):
    login_as("secretariat")
    organization = licensed["licensee"].id
    covered = client.get(f"/licenses/check?organization_id={organization}&satellite=GF-2&country=LAO&level=L1"
                         "&use=research")
    assert covered.status_code == 200 and 'data-covered="yes"' in covered.get_data(as_text=True)
    assert "LIC-LAO" in covered.get_data(as_text=True)
    not_covered = client.get(f"/licenses/check?organization_id={organization}&satellite=GF-2&country=THA")
    assert "No license in force covers GF-2 in THA" in not_covered.get_data(as_text=True)
    assert client.get("/licenses/check?organization_id=&satellite=GF-2").status_code == 422


def test_the_secretariat_imports_a_log_on_the_page(client, login_as, licensed):
    login_as("secretariat")
    log = (b"scene_id,satellite,node,acquired_at,pushed_at,size\n"
           b"A1,GF-2,LAO,2025-07-01T00:00:00Z,2025-07-01T01:00:00Z,1\n")
    response = client.post("/data-requests/delivery-logs", data={"file": (io.BytesIO(log), "push.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get("/data-requests/delivery-logs").get_data(as_text=True)
    assert "push.csv" in page and "2025Q3" in page
    bad = client.post("/data-requests/delivery-logs", data={"file": (io.BytesIO(log + b"A2,GF-2,XX,,,\n"), "p.csv")},
                      content_type="multipart/form-data")
    assert bad.status_code == 422 and "row 3, node" in bad.get_data(as_text=True)
    assert db.session.query(ScenePush).count() == 1


def test_hostile_text_shows_literally(client, login_as, new_request):
    record = new_request(title='"><script>alert(1)</script>')
    login_as("secretariat")
    page = client.get(f"/data-requests/{record.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
