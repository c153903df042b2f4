"""The governance rules, asked of the services directly."""

from datetime import date

import pytest

from app.core.errors import Forbidden, StaleVersion, ValidationFailed
from app.extensions import db
from app.governance import plans, services
from app.governance.models import ActionStatus, Decision, DecisionStatus, ProgressKind
from tests.factories import SYSTEM
from tests.governance import builders


def test_decisions_are_numbered_per_body_and_year(make):
    board, committee = builders.body(code="B"), builders.body(code="AC")
    first = builders.decision(board, decided_on=date(2026, 1, 10))
    second = builders.decision(board, decided_on=date(2026, 5, 2))
    other_body = builders.decision(committee, decided_on=date(2026, 5, 2))
    next_year = builders.decision(board, decided_on=date(2027, 1, 5))
    assert [first.reference, second.reference, other_body.reference, next_year.reference] == [
        "B-2026-01", "B-2026-02", "AC-2026-01", "B-2027-01"]


def test_a_decision_keeps_its_number_and_year(make):
    decision = builders.decision(builders.body(code="B"), decided_on=date(2026, 3, 1))
    with pytest.raises(ValidationFailed) as error:
        services.update_decision(SYSTEM, decision, {"decided_on": date(2027, 1, 1)}, decision.version)
    assert "decided_on" in error.value.fields
    services.update_decision(SYSTEM, decision, {"decided_on": date(2026, 4, 1), "title": "Renamed"}, decision.version)
    assert decision.reference == "B-2026-01"


def test_superseding_marks_the_older_decision_and_clearing_restores_it(make):
    board = builders.body(code="B")
    old = builders.decision(board, decided_on=date(2025, 6, 1))
    new = builders.decision(board, decided_on=date(2026, 6, 1), supersedes_id=old.id)
    db.session.refresh(old)
    assert old.status == DecisionStatus.superseded and new.supersedes_id == old.id
    with pytest.raises(ValidationFailed) as error:  # one successor only
        builders.decision(board, supersedes_id=old.id)
    assert "already superseded" in error.value.fields["supersedes_id"][0]
    db.session.rollback()
    services.update_decision(SYSTEM, new, {"supersedes_id": None}, new.version)
    db.session.commit()
    assert db.session.get(Decision, old.id).status == DecisionStatus.adopted


@pytest.mark.parametrize("data, field", [
    ({"status": "superseded"}, "status"),
    ({"supersedes_id": 999}, "supersedes_id"),
    ({"title": ""}, "title"),
])
def test_bad_decision_changes_name_the_field(make, data, field):
    decision = builders.decision()
    with pytest.raises(ValidationFailed) as error:
        services.update_decision(SYSTEM, decision, data, decision.version)
    assert field in error.value.fields


def test_a_decision_cannot_supersede_itself(make):
    decision = builders.decision()
    with pytest.raises(ValidationFailed) as error:
        services.update_decision(SYSTEM, decision, {"supersedes_id": decision.id}, decision.version)
    assert "itself" in error.value.fields["supersedes_id"][0]


def test_the_due_date_of_an_action_item_never_moves(make):
    item = builders.action_item(due_on=date(2026, 6, 30))
    with pytest.raises(ValidationFailed) as error:
        services.update_action_item(SYSTEM, item, {"due_on": date(2026, 7, 31)}, item.version)
    assert "never moves" in error.value.fields["due_on"][0]
    services.update_action_item(SYSTEM, item, {"due_on": date(2026, 6, 30), "title": "Same day"}, item.version)
    assert item.due_on == date(2026, 6, 30) and item.title == "Same day"


def test_an_action_item_comes_from_a_meeting_or_a_decision(make):
    with pytest.raises(ValidationFailed) as error:
        services.create_action_item(SYSTEM, {"title": "Orphan", "owner_id": make.person().id,
                                             "due_on": date(2026, 1, 1)})
    assert "meeting_id" in error.value.fields


def test_marking_done_keeps_the_day_and_reopening_clears_it(make):
    item = builders.action_item()
    services.set_action_status(SYSTEM, item, {"status": "done", "done_on": date(2026, 1, 5)}, item.version)
    assert (item.status, item.done_on) == (ActionStatus.done, date(2026, 1, 5))
    services.set_action_status(SYSTEM, item, {"status": "open"}, item.version)
    assert (item.status, item.done_on) == (ActionStatus.open, None)
    services.set_action_status(SYSTEM, item, {"status": "done"}, item.version)
    assert item.done_on == date.today()
    with pytest.raises(ValidationFailed):
        services.set_action_status(SYSTEM, item, {"status": "done", "done_on": date(2999, 1, 1)}, item.version)


def test_a_stale_version_is_refused(make):
    item = builders.action_item()
    with pytest.raises(StaleVersion):
        services.set_action_status(SYSTEM, item, {"status": "done"}, item.version - 1)


def test_quorum_more_than_half_of_voting_members_on_the_day(make):
    board = builders.body(code="B")
    org = make.organization(acronym="GISTDA", country="THA")
    a, b, c = make.person(), make.person(), make.person()
    delegate = make.person(organization_id=org.id)
    for person in (a, b, c):
        builders.member(board, person)
    builders.member(board, None, organization_id=org.id)
    builders.member(board, make.person(), role="observer")
    builders.member(board, make.person(), term_to=date(2025, 12, 31))  # no longer serving
    two = builders.meeting(board, held_on=date(2026, 3, 1), attendee_ids=[a.id, b.id])
    assert (two.quorum().members, two.quorum().present, two.quorum().needed, two.quorum().reached) == (4, 2, 3, False)
    three = builders.meeting(board, held_on=date(2026, 3, 1), attendee_ids=[a.id, b.id, delegate.id])
    assert (three.quorum().present, three.quorum().reached) == (3, True)


def test_one_chair_at_a_time(make):
    board = builders.body(code="B")
    builders.member(board, role="chair", term_from=date(2020, 1, 1), term_to=date(2022, 12, 31))
    with pytest.raises(ValidationFailed) as error:
        builders.member(board, role="chair", term_from=date(2022, 6, 1))
    assert "chairs" in error.value.fields["role"][0]
    db.session.rollback()
    successor = builders.member(board, role="chair", term_from=date(2023, 1, 1))
    assert board.chair_on(date(2024, 1, 1)).id == successor.id


def test_a_meeting_needs_a_place_or_to_be_online(make):
    with pytest.raises(ValidationFailed) as error:
        services.create_meeting(SYSTEM, {"body_id": builders.body().id, "title": "Where?",
                                         "held_on": date(2026, 1, 1)})
    assert "place" in error.value.fields


def test_body_codes_are_unique_and_short(make):
    builders.body(code="B")
    for code in ("b", "B-1", "TOOLONGCODE1"):
        with pytest.raises(ValidationFailed) as error:
            builders.body(code=code)
        assert "code" in error.value.fields
        db.session.rollback()


def test_documents_are_versioned_by_title_and_never_overwritten(make):
    meeting = builders.meeting()
    first = builders.document(meeting, title="Minutes")
    second = builders.document(meeting, content=b"%PDF-1.4\n% corrected\n%%EOF\n", title="Minutes")
    assert (first.version, second.version) == (1, 2) and first.sha256 != second.sha256
    from app.agreements.documents import stored_path

    assert stored_path(first.sha256).read_bytes().startswith(b"%PDF-")


def test_activities_link_what_shows_their_progress(make):
    project = builders.project()
    node = make.node(code="LAO")
    activity = builders.activity(project_ids=[project.id], node_ids=[node.id])
    assert activity.link_ids(ProgressKind.project) == [project.id]
    with pytest.raises(ValidationFailed) as error:
        plans.update_activity(SYSTEM, activity, {"event_ids": [4242]}, activity.version)
    assert "event_ids" in error.value.fields
    db.session.rollback()
    plans.update_activity(SYSTEM, activity, {"node_ids": []}, activity.version)
    assert activity.link_ids(ProgressKind.node) == [] and activity.link_ids(ProgressKind.project) == [project.id]


@pytest.mark.parametrize("data, field", [
    ({"countries": ["XXX"]}, "countries"),
    ({"partner_ids": [4242]}, "partner_ids"),
    ({"end_on": date(2000, 1, 1)}, "end_on"),
])
def test_bad_project_fields_are_named(make, data, field):
    project = builders.project()
    with pytest.raises(ValidationFailed) as error:
        plans.update_project(SYSTEM, project, data, project.version)
    assert field in error.value.fields


def test_campaign_satellites_come_from_the_list(make):
    with pytest.raises(ValidationFailed) as error:
        builders.campaign(satellites=["Sputnik"])
    assert "satellites" in error.value.fields
    db.session.rollback()
    campaign = builders.campaign(satellites="gf-1, ZY-3", sites="Baotou\nDunhuang")
    assert campaign.satellites == ["GF-1", "ZY-3"] and campaign.sites == ["Baotou", "Dunhuang"]


def test_a_reached_milestone_needs_its_day(make):
    project = builders.project()
    with pytest.raises(ValidationFailed) as error:
        builders.milestone(project, status="reached")
    assert "reached_on" in error.value.fields


@pytest.mark.parametrize("role", ["coordinator", "board"])
def test_only_the_secretariat_writes(make, user_factory, role):
    node = make.node() if role == "coordinator" else None
    user = user_factory(role, node=node)
    with pytest.raises(Forbidden):
        services.create_body(user, {"code": "X", "name": "X", "kind": "board"})
    with pytest.raises(Forbidden):
        plans.create_goal(user, {"title": "X", "from_year": 2026})
