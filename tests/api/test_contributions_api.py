"""The `contributions` collection: CRUD, filters, totals, money hidden from other nodes' coordinators."""

import pytest

from app.extensions import db
from app.nodes.contributions.models import Contribution


@pytest.fixture
def setup(make, api_as):
    org = make.organization(name="German Aerospace Center", acronym="DLR", country="DEU")
    lao, npl = make.node(code="LAO"), make.node(code="NPL")
    return org, lao, npl


def test_create_read_update_delete(setup, api_as):
    org, lao, _npl = setup
    api = api_as("secretariat")
    created = api.post("/api/v1/contributions", json={
        "organization_id": org.id, "node_id": lao.id, "year": 2025, "kind": "financial", "amount": "1500.5",
        "currency": "eur", "description": "Grant"})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["amount"] == "1500.50" and body["currency"] == "EUR" and body["node"] == "LAO"
    assert body["organization"] == "German Aerospace Center" and body["money_hidden"] is False
    url = created.headers["Location"]
    assert api.get(url).get_json()["id"] == body["id"]
    stale = api.patch(url, json={"amount": 10, "version": body["version"] + 1})
    assert stale.status_code == 409
    updated = api.patch(url, json={"amount": 10, "version": body["version"]})
    assert updated.status_code == 200 and updated.get_json()["amount"] == "10.00"
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


@pytest.mark.parametrize(("body", "field"), [
    ({"currency": "EUX"}, "currency"), ({"amount": None}, "amount"), ({"kind": "gift"}, "kind"),
    ({"year": "2025"}, "year"), ({"amount": "abc"}, "amount"), ({"organization_id": 999}, "organization_id"),
])
def test_bad_contributions_are_422(setup, api_as, body, field):
    org, _lao, _npl = setup
    data = {"organization_id": org.id, "year": 2025, "kind": "financial", "amount": "1", "currency": "USD"} | body
    response = api_as("secretariat").post("/api/v1/contributions", json=data)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
    assert db.session.query(Contribution).count() == 0


def test_a_coordinator_creates_for_their_node_whatever_the_body_says(setup, api_as, user_factory, make):
    org, lao, npl = setup
    api = api_as("coordinator", node=lao)
    created = api.post("/api/v1/contributions", json={"organization_id": org.id, "node_id": npl.id, "year": 2025,
                                                      "kind": "staff", "quantity": 1, "unit": "FTE"})
    assert created.status_code == 201 and created.get_json()["node"] == "LAO"
    others = make.contribution(org, node_id=npl.id, amount="900", currency="EUR")
    response = api.patch(f"/api/v1/contributions/{others.id}", json={"amount": 1, "version": others.version})
    assert response.status_code == 403
    assert api.delete(f"/api/v1/contributions/{others.id}").status_code == 403
    shown = api.get(f"/api/v1/contributions/{others.id}").get_json()
    assert shown["amount"] is None and shown["currency"] is None and shown["money_hidden"] is True
    assert api_as("board").get(f"/api/v1/contributions/{others.id}").get_json()["amount"] == "900.00"
    assert api_as("board").post("/api/v1/contributions", json={"organization_id": org.id, "year": 2025,
                                                                "kind": "other"}).status_code == 403


def test_list_filters(setup, api_as, make):
    org, lao, _npl = setup
    make.contribution(org, year=2024, amount="1")
    make.contribution(org, year=2025, node_id=lao.id, kind="storage", amount=None, currency=None, quantity=3, unit="TB")
    api = api_as("secretariat")

    def years(query):
        return sorted(i["year"] for i in api.get(f"/api/v1/contributions{query}").get_json()["items"])

    assert years("") == [2024, 2025]
    assert years("?year=2025") == [2025]
    assert years("?kind=storage") == [2025]
    assert years("?node=LAO") == [2025]
    assert years(f"?organization_id={org.id}&currency=USD") == [2024]
    assert api.get("/api/v1/contributions?year=x").status_code == 400
    assert api.get("/api/v1/contributions?kind=gift").status_code == 400


def test_totals_leave_missing_rates_unconverted(setup, api_as, make):
    org, _lao, _npl = setup
    make.exchange_rate(2024, "EUR", "1.1")
    make.contribution(org, year=2024, amount="100", currency="EUR")
    make.contribution(org, year=2025, amount="100", currency="EUR")
    body = api_as("board").get("/api/v1/contributions/totals").get_json()
    assert body["currency"] == "USD"
    assert body["all"] == {"count": 2, "converted": "110.00", "unconverted": {"EUR": "100.00"}, "hidden": 0}
    by_year = {row["year"]: row for row in body["by_year"]}
    assert by_year[2025]["converted"] is None and by_year[2025]["unconverted"] == {"EUR": "100.00"}
    assert body["by_organization"][0]["organization"] == "German Aerospace Center (DLR)"
    assert body["by_kind"] == [{"kind": "financial", "count": 2, "converted": "110.00",
                                "unconverted": {"EUR": "100.00"}, "hidden": 0}]
