"""A field's need and length are written once, on its column: the page form, the API and the
services (through the flush guard) all answer from it, so changing the column changes all three."""

import pytest
from sqlalchemy import func, select

from app.auth.actors import SYSTEM
from app.core.columns import limits
from app.core.errors import ValidationFailed
from app.extensions import db
from app.partners import services as partners
from app.partners.models import Organization

GOOD = {"name": "Survey Department", "country": "NPL", "kind": "government", "status": "active"}


@pytest.fixture
def shorter_notes():
    """The notes column says 40 characters for this test: every face must follow."""
    info = Organization.__table__.c.notes.info
    before = info["max_length"]
    info["max_length"] = 40
    yield 40
    info["max_length"] = before


def test_limits_read_from_the_columns():
    assert limits(Organization.name).max_length == 200 and limits(Organization.name).required
    assert limits(Organization.acronym).max_length == 30 and not limits(Organization.acronym).required
    assert limits(Organization.notes).max_length == 5000  # a Text column says it in its info
    assert limits(Organization.id).max_int == 2**31 - 1


def test_the_form_follows_the_column(client, login_as, shorter_notes):
    login_as("secretariat")
    response = client.post("/organizations/new", data={**GOOD, "notes": "n" * 41})
    assert response.status_code == 422
    assert "40" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Organization.id))) == 0


def test_the_service_follows_the_column(shorter_notes):
    with pytest.raises(ValidationFailed) as caught:
        partners.create_organization(SYSTEM, {**GOOD, "notes": "n" * 41})
    assert "40" in caught.value.fields["notes"][0]


def test_the_api_and_its_document_follow_the_column(api_as, client):
    api = api_as("secretariat")
    answer = api.post("/api/v1/organizations", json={**GOOD, "acronym": "A" * 31})
    assert answer.status_code == 422 and "acronym" in answer.get_json()["error"]["fields"]
    spec = client.get("/api/v1/openapi.json").get_json()
    organization = spec["components"]["schemas"]["Organization"]["properties"]
    assert organization["acronym"]["maxLength"] == 30 and organization["name"]["maxLength"] == 200
    assert organization["notes"]["maxLength"] == 5000
