"""The API conventions of API.md, shown on the registry collections."""

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.nodes.models import Node
from app.partners.models import Organization

ORG = {"name": "Lao National Mapping", "acronym": "NGD", "country": "LAO", "kind": "government"}


def count(db, model):
    return db.session.scalar(select(func.count(model.id)))


def test_create_read_update_archive(api_as, db):
    api = api_as("secretariat")
    created = api.post("/api/v1/organizations", json=ORG)
    assert created.status_code == 201
    body = created.json
    assert body["id"] and body["version"] == 1 and body["country"] == "LAO"
    assert created.headers["Location"].endswith(f"/api/v1/organizations/{body['id']}")
    assert api.get(created.headers["Location"]).json["name"] == ORG["name"]

    patched = api.patch(f"/api/v1/organizations/{body['id']}", json={"acronym": "NGD-L", "version": 1})
    assert patched.status_code == 200
    assert patched.json["acronym"] == "NGD-L" and patched.json["version"] == 2

    assert api.delete(f"/api/v1/organizations/{body['id']}").status_code == 204
    assert api.get(f"/api/v1/organizations/{body['id']}").json["archived_at"]
    assert api.get("/api/v1/organizations").json["total"] == 0
    assert api.get("/api/v1/organizations?archived=1").json["total"] == 1


def test_list_pagination_and_filters(api_as, make):
    for i in range(7):
        make.organization(name=f"Org {i}", country="LAO" if i % 2 else "GHA")
    api = api_as("board")
    page = api.get("/api/v1/organizations?page=2&per_page=3").json
    assert (page["page"], page["per_page"], page["total"]) == (2, 3, 7)
    assert [o["name"] for o in page["items"]] == ["Org 3", "Org 4", "Org 5"]
    assert api.get("/api/v1/organizations?country=gha").json["total"] == 4
    assert api.get("/api/v1/organizations?q=org 6").json["total"] == 1


@pytest.mark.parametrize("query", ["per_page=201", "per_page=0", "page=0", "page=abc"])
def test_bad_paging_is_a_400_naming_the_parameter(api_as, query):
    response = api_as("board").get(f"/api/v1/organizations?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert name in response.json["error"]["fields"]


def test_node_is_reachable_by_code(api_as, make):
    make.node(code="LAO")
    response = api_as("board").get("/api/v1/nodes/lao")
    assert response.status_code == 200
    assert response.json["code"] == "LAO" and response.json["region"] == "Asia"


def test_no_token_bad_token_revoked_token_are_401(client, api_as, user_factory, make, db):
    assert client.get("/api/v1/nodes").status_code == 401
    assert client.get("/api/v1/nodes", headers={"Authorization": "Bearer nope"}).status_code == 401
    user = user_factory("board")
    token = make.token(user)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/nodes", headers=headers).status_code == 200
    user.tokens[0].revoked_at = user.tokens[0].created_at
    db.session.commit()
    response = client.get("/api/v1/nodes", headers=headers)
    assert response.status_code == 401
    assert response.is_json and response.json["error"]["code"] == "unauthorized"


def test_session_cookie_does_not_authenticate_the_api(client, login_as):
    login_as("secretariat")
    assert client.get("/").status_code == 200
    assert client.post("/api/v1/organizations", json=ORG).status_code == 401


def test_board_may_read_but_not_write(api_as, make):
    organization = make.organization()
    api = api_as("board")
    assert api.get(f"/api/v1/organizations/{organization.id}").status_code == 200
    response = api.post("/api/v1/organizations", json=ORG)
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    response = api.patch(f"/api/v1/organizations/{organization.id}", json={"name": "X", "version": 1})
    assert response.status_code == 403


def test_unknown_record_is_404_json(api_as):
    response = api_as("board").get("/api/v1/organizations/999")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
    assert api_as("board").get("/api/v1/nope").json["error"]["code"] == "not_found"


def test_malformed_json_is_400_and_wrong_content_type_415(api_as, db):
    api = api_as("secretariat")
    response = api.post("/api/v1/organizations", data="{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_request"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    response = api.post("/api/v1/organizations", data="name=x", headers=form)
    assert response.status_code == 415 and response.json["error"]["code"] == "unsupported_media_type"
    response = api.post("/api/v1/organizations", json=["a list"])
    assert response.status_code == 400
    assert count(db, Organization) == 0


@pytest.mark.parametrize("body, field", [
    ({**ORG, "name": ""}, "name"),
    ({**ORG, "name": "x" * 201}, "name"),
    ({**ORG, "country": "XXX"}, "country"),
    ({**ORG, "country": "LA"}, "country"),
    ({**ORG, "kind": "church"}, "kind"),
    ({**ORG, "website": "javascript:alert(1)"}, "website"),
    ({**ORG, "joined_on": "2020-13-01"}, "joined_on"),
    ({**ORG, "surprise": 1}, "surprise"),
    ({k: v for k, v in ORG.items() if k != "name"}, "name"),
])
def test_invalid_fields_are_422_naming_the_field_and_write_nothing(api_as, db, body, field):
    response = api_as("secretariat").post("/api/v1/organizations", json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    assert count(db, Organization) == 0


def test_duplicate_node_code_is_refused_and_nothing_written(api_as, make, db):
    host = make.organization()
    make.node(code="LAO", host=host)
    body = {"code": "lao", "name": "Second", "country": "LAO", "host_organization_id": host.id}
    response = api_as("secretariat").post("/api/v1/nodes", json=body)
    assert response.status_code == 409  # API.md: a duplicate unique value is a conflict
    assert "code" in response.json["error"]["fields"]
    assert count(db, Node) == 1


def test_stale_version_is_409_and_nothing_written(api_as, make, db):
    organization = make.organization(name="Original")
    api = api_as("secretariat")
    first = api.patch(f"/api/v1/organizations/{organization.id}", json={"name": "First", "version": 1})
    assert first.status_code == 200
    stale = api.patch(f"/api/v1/organizations/{organization.id}", json={"name": "Second", "version": 1})
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "stale_version"
    db.session.expire_all()
    assert db.session.get(Organization, organization.id).name == "First"
    missing = api.patch(f"/api/v1/organizations/{organization.id}", json={"name": "Third"})
    assert missing.status_code == 422 and "version" in missing.json["error"]["fields"]


def test_idempotent_post_replayed_creates_one_record(api_as, db):
    api = api_as("secretariat")
    headers = {"Idempotency-Key": "node-retry-1"}
    first = api.post("/api/v1/organizations", json=ORG, headers=headers)
    again = api.post("/api/v1/organizations", json=ORG, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json == again.json
    assert again.headers["Location"] == first.headers["Location"]
    assert count(db, Organization) == 1
    other_body = api.post("/api/v1/organizations", json={**ORG, "name": "Other"}, headers=headers)
    assert other_body.status_code == 400
    assert count(db, Organization) == 1


def test_idempotency_keys_belong_to_their_user(api_as, db):
    headers = {"Idempotency-Key": "same-key"}
    assert api_as("secretariat").post("/api/v1/organizations", json=ORG, headers=headers).status_code == 201
    second = api_as("admin").post("/api/v1/organizations", json={**ORG, "name": "B"}, headers=headers)
    assert second.status_code == 201
    assert count(db, Organization) == 2


def test_api_writes_are_audited_as_api_with_field_diffs(api_as, db):
    api = api_as("secretariat")
    created = api.post("/api/v1/organizations", json=ORG).json
    api.patch(f"/api/v1/organizations/{created['id']}", json={"acronym": "NEW", "version": 1})
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.record_type == "organizations")
                                .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["create", "update"]
    assert all(e.face == "api" and e.user_id is not None for e in events)
    assert events[0].changes["name"] == [None, ORG["name"]]
    assert events[1].changes == {"acronym": ["NGD", "NEW"]}


def test_rate_limit_gives_429_json(api_as, app):
    limit = app.config["API_RATE_LIMIT"]
    app.config["API_RATE_LIMIT"] = "3 per minute"
    try:
        api = api_as("board")
        statuses = [api.get("/api/v1/nodes").status_code for _ in range(4)]
    finally:
        app.config["API_RATE_LIMIT"] = limit
    assert statuses == [200, 200, 200, 429]


def test_openapi_document_lists_the_collections(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    for path in ("/api/v1/organizations", "/api/v1/people/{key}", "/api/v1/nodes"):
        assert path in spec["paths"]
    assert "Organization" in spec["components"]["schemas"]
    assert "post" in spec["paths"]["/api/v1/nodes"]


def test_too_large_body_is_413_json(api_as, app):
    cap = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 1024
    try:
        response = api_as("secretariat").post("/api/v1/organizations", json={**ORG, "notes": "x" * 5000})
    finally:
        app.config["MAX_CONTENT_LENGTH"] = cap
    assert response.status_code == 413
    assert response.json["error"]["code"] == "too_large"
