"""The stored-text rule holds for every writer: pages and the API answer beside the field, and
the CLI, imports and sync, which have no form or schema of their own, meet it at the flush."""

import pytest
from sqlalchemy import func, select

from app.auth.actors import SYSTEM
from app.auth.models import User
from app.core.errors import ValidationFailed
from app.extensions import db
from app.partners import services as partners
from app.partners.models import Organization
from tests import factories

ORGANIZATION = {"name": "Lao Space Agency", "country": "LAO", "kind": "government"}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_service_refuses_a_control_character_naming_the_field():
    with pytest.raises(ValidationFailed) as caught:
        partners.create_organization(SYSTEM, {**ORGANIZATION, "name": "Lao\x07Space"})
    assert "control character" in caught.value.fields["name"][0]
    db.session.rollback()
    assert _count(Organization) == 0


def test_a_service_refuses_text_longer_than_its_column():
    with pytest.raises(ValidationFailed) as caught:
        partners.create_organization(SYSTEM, {**ORGANIZATION, "acronym": "L" * 31})
    assert "at most 30" in caught.value.fields["acronym"][0]


def test_a_change_is_checked_too_but_untouched_values_are_not():
    organization = partners.create_organization(SYSTEM, dict(ORGANIZATION))
    with pytest.raises(ValidationFailed) as caught:
        partners.update_organization(SYSTEM, organization, {"notes": "bad\x00byte"}, organization.version)
    assert list(caught.value.fields) == ["notes"]


def test_an_id_beyond_an_integer_column_is_refused_before_the_database_sees_it():
    person = factories.person()
    person.organization_id = 2**40  # what a sync item or an import could carry
    with pytest.raises(ValidationFailed) as caught:
        db.session.flush()
    assert "too large" in caught.value.fields["organization_id"][0]


def test_names_may_hold_the_joiners_their_script_spells_with():
    organization = partners.create_organization(SYSTEM, {**ORGANIZATION, "name": "ශ්\u200dරී ලංකා"})
    assert organization.id


def test_a_joiner_hiding_inside_a_latin_name_is_still_refused(api_as):
    answer = api_as("secretariat").post("/api/v1/organizations", json={**ORGANIZATION, "name": "pay\u200dpal"})
    assert answer.status_code == 422
    assert "name" in answer.get_json()["error"]["fields"]


def test_the_cli_meets_the_rule_and_writes_nothing(runner):
    result = runner.invoke(args=["users", "create", "--email", "x@example.org", "--name", "Bad\x1bName",
                                 "--role", "board", "--password", "a long enough password 1"])
    assert result.exit_code != 0
    assert "name" in result.output and "control character" in result.output
    assert _count(User) == 0
