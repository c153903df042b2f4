"""A duplicate unique value answers 409 naming the field, and writes nothing (API.md)."""

from datetime import date

import pytest
from sqlalchemy import func, select

from app.agreements.models import Agreement
from app.auth.models import User
from app.core import records
from app.nodes.models import Node
from app.nodes.quarterly.models import QuarterlyReport
from app.partners.models import Organization


def count(db, model):
    return db.session.scalar(select(func.count(model.id)))


def assert_duplicate(response, field):
    assert response.status_code == 409, response.json
    error = response.json["error"]
    assert error["code"] == "duplicate"
    assert field in error["fields"], error


def test_node_code_taken_on_create_and_on_update(api_as, make, db):
    host = make.organization()
    make.node(code="LAO", host=host)
    other = make.node(code="KHM", host=host)
    api = api_as("secretariat")
    body = {"code": "lao", "name": "Second", "country": "LAO", "host_organization_id": host.id}
    assert_duplicate(api.post("/api/v1/nodes", json=body), "code")
    assert_duplicate(api.patch(f"/api/v1/nodes/{other.id}", json={"code": "LAO", "version": other.version}), "code")
    assert count(db, Node) == 2 and db.session.get(Node, other.id).code == "KHM"


def test_organization_name_taken(api_as, make, db):
    make.organization(name="Lao Mapping")
    response = api_as("secretariat").post("/api/v1/organizations", json={
        "name": "LAO MAPPING", "country": "LAO", "kind": "government"})
    assert_duplicate(response, "name")
    assert count(db, Organization) == 1


def test_agreement_reference_taken_on_create_update_and_renewal(api_as, make, db):
    orgs = [make.organization(), make.organization()]
    make.agreement(parties=orgs, reference="MOU-1")
    other = make.agreement(parties=orgs, reference="MOU-2", status="active", expires_on=date(2030, 1, 1))
    api = api_as("secretariat")
    body = {"kind": "mou", "reference": "mou-1", "title": "Again",
            "parties": [{"organization_id": o.id} for o in orgs]}
    assert_duplicate(api.post("/api/v1/agreements", json=body), "reference")
    assert_duplicate(api.patch(f"/api/v1/agreements/{other.id}",
                               json={"reference": "MOU-1", "version": other.version}), "reference")
    assert_duplicate(api.post(f"/api/v1/agreements/{other.id}/renew",
                              json={"reference": "MOU-1", "version": other.version}), "reference")
    assert count(db, Agreement) == 2


def test_a_duplicate_with_other_errors_is_422_naming_them_all(api_as, make, db):
    host = make.organization()
    make.node(code="LAO", host=host)
    body = {"code": "LAO", "name": "Second", "country": "ZZZ", "host_organization_id": host.id}
    response = api_as("secretariat").post("/api/v1/nodes", json=body)
    assert response.status_code == 422
    assert {"code", "country"} <= set(response.json["error"]["fields"])


def test_a_unique_value_taken_by_a_concurrent_writer_is_409_naming_the_field(api_as, make, db, monkeypatch):
    """The database's unique constraint is the safety net under the services' own check."""
    make.organization(name="Lao Mapping")
    monkeypatch.setattr(records, "exists_other", lambda *a, **k: False)
    monkeypatch.setattr("app.partners.services.exists_other", lambda *a, **k: False)
    response = api_as("secretariat").post("/api/v1/organizations", json={
        "name": "Lao Mapping", "country": "LAO", "kind": "government"})
    assert response.status_code == 409, response.json
    assert "name" in response.json["error"]["fields"]
    assert count(db, Organization) == 1


def test_a_report_started_by_a_concurrent_writer_is_409_naming_the_period(api_as, make, db, monkeypatch):
    node = make.node(code="LAO")
    make.quarterly_report(node, "2025Q1")
    monkeypatch.setattr("app.nodes.quarterly.services.find_report", lambda node, quarter: None)
    response = api_as("secretariat").put("/api/v1/nodes/LAO/reports/2025Q1", json={"scenes_received": 3})
    assert response.status_code == 409, response.json
    assert "period" in response.json["error"]["fields"]
    assert count(db, QuarterlyReport) == 1


def test_user_email_taken_is_a_field_error_on_the_page(client, login_as, user_factory, db):
    user_factory("board", email="taken@example.org")
    login_as("admin")
    response = client.post("/admin/users", data={"email": "TAKEN@example.org", "name": "Again",
                                                 "role": "board", "node_id": ""})
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id)).where(func.lower(User.email) == "taken@example.org")) == 1


@pytest.mark.parametrize("racing", [False, True])
def test_node_page_shows_a_taken_code_next_to_the_field(client, login_as, make, db, monkeypatch, racing):
    host = make.organization(country="LAO")
    make.node(code="LAO", host=host)
    if racing:
        monkeypatch.setattr("app.nodes.services.exists_other", lambda *a, **k: False)
    login_as("secretariat")
    response = client.post("/nodes/new", data={"code": "LAO", "name": "Second", "country": "LAO",
                                               "host_organization_id": host.id, "status": "active"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "invalid-feedback" in page and ("already taken" in page or "already used" in page)
    assert count(db, Node) == 1
