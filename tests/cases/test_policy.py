"""Node ownership of trainees, events and cases: coordinators keep their own node's records."""

import pytest

from app.auth import policy
from app.cases.models import Case
from app.extensions import db

KINDS = {
    "trainees": (lambda make, node: make.trainee(node_id=node.id if node else None),
                 lambda host: {"name": "T", "home_country": "LAO", "host_organization_id": host.id,
                               "start_on": "2019-01-01"},
                 {"topic": "changed"}),
    "events": (lambda make, node: make.event(node_id=node.id if node else None),
               lambda host: {"kind": "workshop", "title": "W", "start_on": "2019-09-01"},
               {"city": "Vientiane"}),
    "cases": (lambda make, node: make.case(node_id=node.id if node else None),
              lambda host: {"title": "C", "countries": ["LAO"], "sdg": ["11.5.2"]},
              {"summary": "changed"}),
}


@pytest.fixture
def two_nodes(make):
    return make.node(code="LAO"), make.node(code="GHA")


@pytest.mark.parametrize("collection", KINDS)
def test_a_coordinator_creates_for_their_own_node_and_a_forged_node_id_is_ignored(api_as, make, two_nodes,
                                                                                   collection):
    lao, gha = two_nodes
    _build, body, _change = KINDS[collection]
    api = api_as("coordinator", node=lao)
    created = api.post(f"/api/v1/{collection}", json=body(make.organization()) | {"node_id": gha.id})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["node_id"] == lao.id and created.get_json()["node"] == "LAO"
    record_id = created.get_json()["id"]
    moved = api.patch(f"/api/v1/{collection}/{record_id}", json={"node_id": gha.id, "version": 1})
    assert moved.status_code == 200 and moved.get_json()["node_id"] == lao.id


@pytest.mark.parametrize("collection", KINDS)
def test_a_coordinator_edits_only_their_own_nodes_records(api_as, make, two_nodes, collection):
    lao, gha = two_nodes
    build, _body, change = KINDS[collection]
    own, other, network = build(make, lao), build(make, gha), build(make, None)
    api = api_as("coordinator", node=lao)
    assert api.patch(f"/api/v1/{collection}/{own.id}", json=change | {"version": own.version}).status_code == 200
    for record in (other, network):
        assert api.get(f"/api/v1/{collection}/{record.id}").status_code == 200  # the network reads
        refused = api.patch(f"/api/v1/{collection}/{record.id}", json=change | {"version": record.version})
        assert refused.status_code == 403
    assert api.delete(f"/api/v1/{collection}/{own.id}").status_code == 403  # archiving is staff work


@pytest.mark.parametrize("collection", KINDS)
def test_board_members_read_but_never_write(api_as, make, two_nodes, collection):
    build, body, change = KINDS[collection]
    record = build(make, two_nodes[0])
    api = api_as("board")
    assert api.get(f"/api/v1/{collection}").get_json()["total"] == 1
    assert api.post(f"/api/v1/{collection}", json=body(make.organization())).status_code == 403
    assert api.patch(f"/api/v1/{collection}/{record.id}", json=change | {"version": 1}).status_code == 403


@pytest.mark.parametrize("collection", KINDS)
def test_staff_choose_any_node_and_may_move_records(api_as, make, two_nodes, collection):
    lao, gha = two_nodes
    _build, body, _change = KINDS[collection]
    api = api_as("secretariat")
    created = api.post(f"/api/v1/{collection}", json=body(make.organization()) | {"node_id": gha.id}).get_json()
    assert created["node_id"] == gha.id
    moved = api.patch(f"/api/v1/{collection}/{created['id']}", json={"node_id": lao.id, "version": 1})
    assert moved.get_json()["node_id"] == lao.id
    unknown = api.post(f"/api/v1/{collection}", json=body(make.organization()) | {"node_id": 999})
    assert unknown.status_code == 422 and "node_id" in unknown.get_json()["error"]["fields"]


PAGES = {"trainees": "/trainees", "events": "/events", "cases": "/cases"}


@pytest.mark.parametrize("collection", KINDS)
def test_pages_give_coordinators_403_on_another_nodes_record(login_as, client, make, two_nodes, collection):
    lao, gha = two_nodes
    build = KINDS[collection][0]
    own, other = build(make, lao), build(make, gha)
    login_as("coordinator", node=lao)
    base = PAGES[collection]
    assert client.get(f"{base}/{own.id}/edit").status_code == 200
    assert client.get(f"{base}/{other.id}/edit").status_code == 403
    assert client.post(f"{base}/{other.id}/edit", data={"version": "1"}).status_code == 403
    assert client.get(f"{base}/{other.id}").status_code == 200
    form = client.get(f"{base}/new").get_data(as_text=True)
    assert 'name="node_id"' not in form  # a coordinator's records are their node's; no choice offered


def test_a_coordinator_case_from_the_page_belongs_to_their_node(login_as, client, make, two_nodes):
    lao, gha = two_nodes
    login_as("coordinator", node=lao)
    response = client.post("/cases/new", data={"title": "Flood map", "countries": ["LAO"], "status": "ongoing",
                                               "sdg": "11.5.2", "node_id": str(gha.id)})
    assert response.status_code == 302
    assert db.session.query(Case).one().node_id == lao.id


def test_board_pages_offer_no_new_button_and_refuse_the_form(login_as, client, make):
    login_as("board")
    for register, new in (("/trainees", "/trainees/new"), ("/events", "/events/new"), ("/cases", "/cases/new")):
        assert f'href="{new}"' not in client.get(register).get_data(as_text=True)
        assert client.get(new).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, api_as):
    for url in ("/trainees", "/events", "/capacity/totals", "/cases", "/cases/coverage", "/cases/tags.json?q=1",
                "/vocabularies", "/vocabularies/sdg"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    for url in ("/api/v1/trainees", "/api/v1/events", "/api/v1/cases", "/api/v1/cases/coverage"):
        assert client.get(url).status_code == 401, url


def test_node_for_new_record(user_factory, make):
    node = make.node()
    assert policy.node_for_new_record(user_factory("coordinator", node=node), 12345) == node.id
    assert policy.node_for_new_record(user_factory("secretariat"), 7) == 7
    assert policy.node_for_new_record(user_factory("board"), 7) is None
    assert policy.may_move_to_node(user_factory("admin")) and not policy.may_move_to_node(
        user_factory("coordinator", node=node))
