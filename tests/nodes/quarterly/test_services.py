"""The quarterly report workflow through the services: each step by role and state."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.audit.queries import history_of
from app.core.errors import DomainError
from app.core.periods import Quarter
from app.extensions import db
from app.nodes.quarterly import services as quarterly
from app.nodes.quarterly.models import ReportStatus, Timeliness

ROLES = ("secretariat", "admin", "own_coordinator", "other_coordinator", "board")

# step, status of the report → outcome for (secretariat, admin, own coordinator, other coordinator, board)
EXPECTED = {
    ("edit", "draft"): ("ok", "ok", "ok", 404, 404),
    ("edit", "returned"): ("ok", "ok", "ok", 404, 404),
    ("edit", "submitted"): (409, 409, 409, 404, 404),
    ("edit", "accepted"): (409, 409, 409, 403, 403),
    ("submit", "draft"): ("ok", "ok", "ok", 404, 404),
    ("submit", "returned"): ("ok", "ok", "ok", 404, 404),
    ("submit", "submitted"): (409, 409, 409, 404, 404),
    ("submit", "accepted"): (409, 409, 409, 403, 403),
    ("accept", "draft"): (409, 409, 403, 404, 404),
    ("accept", "returned"): (409, 409, 403, 404, 404),
    ("accept", "submitted"): ("ok", "ok", 403, 404, 404),
    ("accept", "accepted"): (409, 409, 403, 403, 403),
    ("return", "draft"): (409, 409, 403, 404, 404),
    ("return", "returned"): (409, 409, 403, 404, 404),
    ("return", "submitted"): ("ok", "ok", 403, 404, 404),
    ("return", "accepted"): (409, 409, 403, 403, 403),
}
AFTER = {"edit": None, "submit": "submitted", "accept": "accepted", "return": "returned"}

CASES = [(step, status, role, outcome) for (step, status), outcomes in EXPECTED.items()
         for role, outcome in zip(ROLES, outcomes, strict=True)]


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2025, 5, 20, 9, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def network(make, user_factory):
    own, other = make.node(code="LAO"), make.node(code="NPL")
    users = {"secretariat": user_factory("secretariat"), "admin": user_factory("admin"),
             "own_coordinator": user_factory("coordinator", node=own),
             "other_coordinator": user_factory("coordinator", node=other), "board": user_factory("board")}
    return own, other, users


def _do(step, user, report):
    if step == "edit":
        quarterly.save_report(user, report.node, report.period, {"scenes_received": 42}, report.version)
    elif step == "submit":
        quarterly.submit_report(user, report)
    elif step == "accept":
        quarterly.accept_report(user, report)
    else:
        quarterly.return_report(user, report, "Add the number of users.")


@pytest.mark.parametrize(("step", "status", "role", "outcome"), CASES,
                         ids=[f"{s}-{st}-{r}" for s, st, r, _ in CASES])
def test_each_step_by_role_and_state(frozen, network, make, step, status, role, outcome):
    own, _other, users = network
    report = make.quarterly_report(own, "2025Q1", status=status)
    version = report.version
    if outcome == "ok":
        _do(step, users[role], report)
        db.session.commit()
        db.session.refresh(report)
        assert report.status.value == (AFTER[step] or status)
        assert report.version > version
    else:
        with pytest.raises(DomainError) as raised:
            _do(step, users[role], report)
        assert raised.value.status == outcome
        db.session.rollback()
        db.session.refresh(report)
        assert report.status.value == status
        assert report.version == version
        assert report.scenes_received is None


def test_full_cycle_keeps_who_and_when_for_every_step(frozen, network, make):
    own, _other, users = network
    coordinator, secretariat = users["own_coordinator"], users["secretariat"]
    report, created = quarterly.save_report(coordinator, own, Quarter(2025, 1), {"scenes_received": 10})
    assert created and report.status == ReportStatus.draft and report.due_on == date(2025, 4, 15)
    db.session.commit()
    with time_machine.travel(datetime(2025, 5, 21, 8, 0, tzinfo=UTC), tick=False):
        quarterly.submit_report(coordinator, report)
        db.session.commit()
    with time_machine.travel(datetime(2025, 5, 22, 8, 0, tzinfo=UTC), tick=False):
        quarterly.return_report(secretariat, report, "Users are missing.")
        db.session.commit()
    assert report.status == ReportStatus.returned and report.review_comment == "Users are missing."
    quarterly.save_report(coordinator, own, Quarter(2025, 1), {"users_registered": 30}, report.version)
    with time_machine.travel(datetime(2025, 5, 23, 8, 0, tzinfo=UTC), tick=False):
        quarterly.submit_report(coordinator, report)
    with time_machine.travel(datetime(2025, 5, 24, 8, 0, tzinfo=UTC), tick=False):
        quarterly.accept_report(secretariat, report)
    db.session.commit()
    db.session.refresh(report)
    steps = [(s.from_status.value, s.status.value, s.user_id, s.at.day, s.comment) for s in report.steps]
    assert steps == [
        ("draft", "submitted", coordinator.id, 21, None),
        ("submitted", "returned", secretariat.id, 22, "Users are missing."),
        ("returned", "submitted", coordinator.id, 23, None),
        ("submitted", "accepted", secretariat.id, 24, None),
    ]
    assert report.first_submitted_at.day == 21 and report.submitted_at.day == 23
    assert report.submitted_by_id == coordinator.id and report.reviewed_by_id == secretariat.id
    # The audit log holds every edit with its field changes.
    events = list(reversed(history_of(report)))
    assert events[0].action == "create" and events[0].changes["scenes_received"] == [None, 10]
    assert any(e.changes.get("users_registered") == [None, 30] for e in events)
    assert [e.changes["status"] for e in events if "status" in e.changes][-1] == ["submitted", "accepted"]


def test_return_needs_a_comment(frozen, network, make):
    own, _other, users = network
    report = make.quarterly_report(own, "2025Q1", status="submitted")
    with pytest.raises(DomainError) as raised:
        quarterly.return_report(users["secretariat"], report, "   ")
    assert raised.value.status == 422 and "comment" in raised.value.fields


def test_a_stale_version_is_refused_and_writes_nothing(frozen, network, make):
    own, _other, users = network
    report = make.quarterly_report(own, "2025Q1", scenes_received=5)
    with pytest.raises(DomainError) as raised:
        quarterly.save_report(users["own_coordinator"], own, Quarter(2025, 1), {"scenes_received": 6},
                              report.version - 1)
    assert raised.value.status == 409
    db.session.rollback()
    assert db.session.get(type(report), report.id).scenes_received == 5


def test_updating_needs_the_version(frozen, network, make):
    own, _other, users = network
    make.quarterly_report(own, "2025Q1")
    with pytest.raises(DomainError) as raised:
        quarterly.save_report(users["own_coordinator"], own, Quarter(2025, 1), {"scenes_received": 6})
    assert raised.value.status == 409 and "version" in raised.value.fields


def test_fields_left_out_keep_their_value_and_none_empties_one(frozen, network, make):
    own, _other, users = network
    report = make.quarterly_report(own, "2025Q1", scenes_received=5, highlights="Good")
    quarterly.save_report(users["own_coordinator"], own, Quarter(2025, 1), {"highlights": None}, report.version)
    assert report.scenes_received == 5 and report.highlights is None


@pytest.mark.parametrize("role", ["other_coordinator", "board"])
def test_starting_another_nodes_report_is_a_404(frozen, network, role):
    own, _other, users = network
    with pytest.raises(DomainError) as raised:
        quarterly.save_report(users[role], own, Quarter(2025, 1), {})
    assert raised.value.status == 404


# --- due dates, late flags, future quarters -------------------------------------------------

def test_future_quarters_are_refused(network):
    own, _other, users = network
    with time_machine.travel(datetime(2025, 3, 31, 23, 0, tzinfo=UTC), tick=False):
        with pytest.raises(DomainError) as raised:
            quarterly.save_report(users["own_coordinator"], own, Quarter(2025, 2), {})
        assert raised.value.status == 422 and "quarter" in raised.value.fields
    with time_machine.travel(datetime(2025, 4, 1, 0, 30, tzinfo=UTC), tick=False):
        report, created = quarterly.save_report(users["own_coordinator"], own, Quarter(2025, 2), {})
        assert created and report.due_on == date(2025, 7, 15)


def test_a_quarter_is_submitted_once_it_has_ended(network):
    own, _other, users = network
    with time_machine.travel(datetime(2025, 12, 31, 12, 0, tzinfo=UTC), tick=False):
        report, _ = quarterly.save_report(users["own_coordinator"], own, Quarter(2025, 4), {})
        with pytest.raises(DomainError) as raised:
            quarterly.submit_report(users["own_coordinator"], report)
        assert raised.value.status == 409
    with time_machine.travel(datetime(2026, 1, 1, 0, 5, tzinfo=UTC), tick=False):
        quarterly.submit_report(users["own_coordinator"], report)
        assert report.status == ReportStatus.submitted


@pytest.mark.parametrize(("submitted_on", "expected"), [
    (datetime(2025, 1, 15, 23, 59, tzinfo=UTC), Timeliness.on_time),   # the due day itself
    (datetime(2025, 1, 16, 0, 1, tzinfo=UTC), Timeliness.late),
    (datetime(2025, 1, 2, 9, 0, tzinfo=UTC), Timeliness.on_time),
])
def test_late_is_judged_on_the_first_submission_across_the_year_end(network, submitted_on, expected):
    own, _other, users = network
    with time_machine.travel(datetime(2025, 1, 1, 10, 0, tzinfo=UTC), tick=False):
        report, _ = quarterly.save_report(users["own_coordinator"], own, Quarter(2024, 4), {})
    assert report.due_on == date(2025, 1, 15)
    with time_machine.travel(submitted_on, tick=False):
        quarterly.submit_report(users["own_coordinator"], report)
    assert report.timeliness(date(2025, 3, 1)) == expected
    assert report.is_late(date(2025, 3, 1)) is (expected == Timeliness.late)


def test_not_submitted_becomes_overdue_the_day_after_the_due_date(network):
    own, _other, users = network
    with time_machine.travel(datetime(2025, 1, 1, 10, 0, tzinfo=UTC), tick=False):
        report, _ = quarterly.save_report(users["own_coordinator"], own, Quarter(2024, 4), {})
    assert report.timeliness(date(2025, 1, 15)) == Timeliness.pending and not report.is_late(date(2025, 1, 15))
    assert report.timeliness(date(2025, 1, 16)) == Timeliness.overdue and report.is_late(date(2025, 1, 16))


def test_due_date_never_moves(app, network):
    own, _other, users = network
    coordinator, secretariat = users["own_coordinator"], users["secretariat"]
    with time_machine.travel(datetime(2025, 4, 2, 10, 0, tzinfo=UTC), tick=False):
        report, _ = quarterly.save_report(coordinator, own, Quarter(2025, 1), {})
        quarterly.submit_report(coordinator, report)
        quarterly.return_report(secretariat, report, "Fix it")
    app.config["REPORT_DUE_DAYS"] = 40
    try:
        with time_machine.travel(datetime(2025, 6, 1, 10, 0, tzinfo=UTC), tick=False):
            quarterly.save_report(coordinator, own, Quarter(2025, 1), {"events_held": 1}, report.version)
            quarterly.submit_report(coordinator, report)
    finally:
        app.config["REPORT_DUE_DAYS"] = 15
    db.session.commit()
    db.session.refresh(report)
    assert report.due_on == date(2025, 4, 15)
    # Returned then resubmitted long after the due date: the first submission was on time.
    assert report.timeliness(date(2025, 6, 2)) == Timeliness.on_time


# --- figures ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("figures", "field"), [
    ({"scenes_received": -1}, "scenes_received"),
    ({"people_trained": "-3"}, "people_trained"),
    ({"data_volume_gb": "-0.5"}, "data_volume_gb"),
    ({"t1_push_percent": "100.01"}, "t1_push_percent"),
    ({"t1_push_percent": -1}, "t1_push_percent"),
    ({"users_registered": "twelve"}, "users_registered"),
    ({"users_registered": 2.5}, "users_registered"),
    ({"users_registered": True}, "users_registered"),
    ({"area_km2": "NaN"}, "area_km2"),
    ({"area_km2": "N/A"}, "area_km2"),
    ({"users_registered": 10, "users_active": 11}, "users_active"),
    ({"scenes_received": 10, "scenes_distributed": 11}, "scenes_distributed"),
    ({"scenes_distributed": 1}, "scenes_distributed"),
    ({"highlights": 12}, "highlights"),
])
def test_bad_figures_are_refused_naming_the_field(frozen, network, figures, field):
    own, _other, users = network
    with pytest.raises(DomainError) as raised:
        quarterly.save_report(users["own_coordinator"], own, Quarter(2025, 1), figures)
    assert raised.value.status == 422
    assert field in raised.value.fields


def test_good_figures_are_kept_and_empty_is_not_available(frozen, network):
    own, _other, users = network
    report, _ = quarterly.save_report(users["own_coordinator"], own, Quarter(2025, 1), {
        "scenes_received": "120", "scenes_distributed": 120, "t1_push_percent": "100", "data_volume_gb": 12.5,
        "users_registered": 10, "users_active": 10, "area_km2": "", "highlights": "  A good quarter  "})
    db.session.commit()
    db.session.refresh(report)
    assert report.scenes_received == 120 and str(report.t1_push_percent) == "100.00"
    assert str(report.data_volume_gb) == "12.50"
    assert report.area_km2 is None and report.trainings_held is None
    assert report.highlights == "A good quarter"


def test_scenes_distributed_may_draw_on_the_archive_of_earlier_quarters(network, make):
    own, other, users = network
    with time_machine.travel(datetime(2025, 8, 1, tzinfo=UTC), tick=False):
        make.quarterly_report(own, "2024Q4", status="accepted", scenes_received=50)
        make.quarterly_report(own, "2025Q1", status="accepted", scenes_received=30)
        make.quarterly_report(other, "2025Q1", status="accepted", scenes_received=1000)  # another node's archive
        make.quarterly_report(own, "2025Q3", scenes_received=500)  # a later quarter is not the archive
        coordinator = users["own_coordinator"]
        report, _ = quarterly.save_report(coordinator, own, Quarter(2025, 2),
                                          {"scenes_received": 20, "scenes_distributed": 100})
        assert report.scenes_distributed == 100
        with pytest.raises(DomainError) as raised:
            quarterly.save_report(coordinator, own, Quarter(2025, 2), {"scenes_distributed": 101}, report.version)
        assert "(20) plus the node's archive from earlier quarters (80)" in raised.value.fields["scenes_distributed"][0]


def test_the_steps_replayed_at_past_moments_keep_those_moments_and_tell_nobody(network):
    """The clock of app.core (clock_at) and notices_withheld: how the demo replays its history through
    these same services, with their rules: a quarter cannot be submitted before it ends, even then."""
    from app.core.db import clock_at
    from app.notifications.models import Notification
    from app.notifications.services import notices_withheld

    own, _other, users = network
    coordinator, secretariat = users["own_coordinator"], users["secretariat"]
    started, early = datetime(2023, 6, 20, 9, tzinfo=UTC), datetime(2023, 6, 30, 9, tzinfo=UTC)
    submitted, returned = datetime(2023, 7, 10, 9, tzinfo=UTC), datetime(2023, 7, 14, 9, tzinfo=UTC)
    with notices_withheld():
        with clock_at(started):
            report, _ = quarterly.save_report(coordinator, own, Quarter(2023, 2), {"scenes_received": 5})
        with clock_at(early), pytest.raises(DomainError) as raised:
            quarterly.submit_report(coordinator, report)
        assert raised.value.status == 409
        with clock_at(submitted):
            quarterly.submit_report(coordinator, report)
        with clock_at(returned):
            quarterly.return_report(secretariat, report, "Add the number of users.")
    db.session.commit()
    assert report.created_at == started and report.first_submitted_at == submitted
    assert [(s.status, s.at, s.user_id) for s in report.steps] == [
        (ReportStatus.submitted, submitted, coordinator.id), (ReportStatus.returned, returned, secretariat.id)]
    assert {e.at for e in history_of(report)} == {started, submitted, returned}
    assert db.session.query(Notification).count() == 0
    # Outside the blocks the clock is the real one again and the next step is told.
    quarterly.submit_report(coordinator, report)
    assert report.submitted_at.year > 2025
    assert db.session.query(Notification).filter_by(recipient_id=secretariat.id).count() == 1
