from datetime import date

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.capacity import services
from app.core.errors import StaleVersion, ValidationFailed
from app.extensions import db
from tests.factories import SYSTEM


def test_participants_by_country_must_add_up_to_the_total(make):
    with pytest.raises(ValidationFailed) as error:
        make.event(participants_total=10, participants_by_country={"LAO": 8, "THA": 3})
    message = error.value.fields["participants_by_country"][0]
    assert "11" in message and "10" in message


def test_the_total_is_the_sum_of_the_table_when_not_given(make):
    event = make.event(participants_by_country={"lao": 8, "THA": 2})
    assert event.participants_total == 10
    assert event.participants_by_country == {"LAO": 8, "THA": 2}


def test_female_participants_cannot_exceed_the_total(make):
    with pytest.raises(ValidationFailed) as error:
        make.event(participants_total=5, participants_female=6)
    assert "6 female" in error.value.fields["participants_female"][0]
    with pytest.raises(ValidationFailed) as error:
        make.event(participants_female=2)
    assert "participants_total" in error.value.fields
    assert make.event(participants_total=5, participants_female=5).participants_female == 5


@pytest.mark.parametrize(("table", "text"), [
    ([{"country": "LAO", "participants": 3}, {"country": "LAO", "participants": 2}], "twice"),
    ({"XYZ": 3}, "XYZ"),
    ({"LAO": -1}, "negative"),
    ({"LAO": "many"}, "whole number"),
    ([{"country": "LAO", "participants": None}], "Give the number"),
    ("LAO=3", 'as {"LAO": 8}'),
])
def test_the_participants_table_is_checked(make, table, text):
    with pytest.raises(ValidationFailed) as error:
        make.event(participants_by_country=table)
    assert text in error.value.fields["participants_by_country"][0]


def test_table_rows_from_the_form_skip_empty_rows_and_zeroes(make):
    rows = [{"country": "LAO", "participants": 4}, {"country": "", "participants": None},
            {"country": "THA", "participants": 0}]
    event = make.event(participants_by_country=rows)
    assert event.participants_by_country == {"LAO": 4}


def test_a_partial_change_is_checked_against_the_stored_values(make):
    event = make.event(participants_total=10, participants_by_country={"LAO": 10})
    with pytest.raises(ValidationFailed) as error:
        services.update_event(SYSTEM, event, {"participants_female": 11}, event.version)
    assert "participants_female" in error.value.fields
    db.session.rollback()
    with pytest.raises(ValidationFailed):
        services.update_event(SYSTEM, event, {"participants_total": 12}, event.version)
    db.session.rollback()
    services.update_event(SYSTEM, event, {"participants_total": 12, "participants_by_country": {"LAO": 10, "KHM": 2}},
                          event.version)
    assert event.participants_total == 12


def test_event_dates_and_organizers_are_checked(make):
    with pytest.raises(ValidationFailed) as error:
        make.event(start_on=date(2019, 9, 10), end_on=date(2019, 9, 9), organizer_ids=[4242], country="ZZZ")
    assert set(error.value.fields) == {"end_on", "organizer_ids", "country"}
    assert "4242" in error.value.fields["organizer_ids"][0]


def test_organizer_changes_are_in_the_history_and_move_the_version(make):
    lasac, gistda = make.organization(acronym="LASAC"), make.organization(acronym="GISTDA")
    event = make.event(organizer_ids=[lasac.id])
    version = event.version
    services.update_event(SYSTEM, event, {"organizer_ids": [lasac.id, gistda.id]}, event.version)
    db.session.commit()
    assert event.version == version + 1
    update = db.session.scalar(select(AuditEvent).where(AuditEvent.record_type == "events",
                                                        AuditEvent.action == "update"))
    assert update.changes == {"organizer_ids": [[lasac.id], sorted([lasac.id, gistda.id])]}
    created = db.session.scalar(select(AuditEvent).where(AuditEvent.record_type == "events",
                                                         AuditEvent.action == "create"))
    assert created.changes["organizer_ids"] == [[], [lasac.id]]


def test_a_stale_event_version_is_refused(make):
    event = make.event()
    with pytest.raises(StaleVersion):
        services.update_event(SYSTEM, event, {"title": "Other"}, event.version + 1)


@pytest.mark.parametrize(("fields", "field"), [
    ({"home_country": "LA"}, "home_country"),
    ({"home_country": ""}, "home_country"),
    ({"host_organization_id": None}, "host_organization_id"),
    ({"home_organization_id": 777}, "home_organization_id"),
    ({"start_on": None}, "start_on"),
    ({"start_on": date(2019, 5, 1), "end_on": date(2019, 4, 1)}, "end_on"),
    ({"name": " "}, "name"),
])
def test_trainee_fields_are_checked(make, fields, field):
    with pytest.raises(ValidationFailed) as error:
        make.trainee(**fields)
    assert field in error.value.fields


def test_a_trainee_change_is_saved_and_audited(make):
    trainee = make.trainee(name="Souk", gender="female", home_country="lao")
    assert trainee.home_country == "LAO"
    services.update_trainee(SYSTEM, trainee, {"topic": "DOM production"}, trainee.version)
    db.session.commit()
    update = db.session.scalar(select(AuditEvent).where(AuditEvent.record_type == "trainees",
                                                        AuditEvent.action == "update"))
    assert update.changes == {"topic": [None, "DOM production"]}
