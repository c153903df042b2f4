"""Action-item reminders with the clock moved: before and after the fixed due date, once each."""

from datetime import UTC, date, datetime, timedelta

import time_machine

from app.extensions import db
from app.governance.models import ActionItem
from app.governance.services import set_action_status
from app.jobs.runner import catalog, run_job
from app.notifications.models import NoticeKind, Notification
from tests.factories import SYSTEM
from tests.governance import builders

DUE = date(2026, 6, 30)


def run_on(day: date):
    with time_machine.travel(datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC), tick=False):
        return run_job("action_reminders")


def notices(kind, user=None):
    query = db.session.query(Notification).filter(Notification.kind == kind)
    if user is not None:
        query = query.filter(Notification.recipient_id == user.id)
    return query.all()


def test_the_job_is_registered_with_the_scheduler():
    assert "action_reminders" in catalog()


def test_reminders_before_and_after_the_due_date_once_each(make, user_factory):
    owner_user = user_factory("coordinator", node=make.node(), email="owner@example.org")
    secretariat = user_factory("secretariat")
    bystander = user_factory("board")
    item = builders.action_item(owner=make.person(email="Owner@Example.org"), due_on=DUE)
    run_on(DUE - timedelta(days=8))
    assert notices(NoticeKind.action_due) == []
    for day in range(7, -1, -1):  # every day of the window, and the due day itself
        run_on(DUE - timedelta(days=day))
    due = notices(NoticeKind.action_due)
    assert [n.recipient_id for n in due] == [owner_user.id] and "in 7 days" in due[0].text
    assert due[0].link == f"/governance/actions/{item.id}"
    for day in range(1, 10):
        run_on(DUE + timedelta(days=day))
    overdue = notices(NoticeKind.action_overdue)
    assert sorted(n.recipient_id for n in overdue) == sorted([owner_user.id, secretariat.id])
    assert notices(NoticeKind.action_due, bystander) == [] and notices(NoticeKind.action_overdue, bystander) == []


def test_a_done_item_is_not_reminded_and_the_due_date_never_drifts(make, user_factory):
    user_factory("secretariat")
    done = builders.action_item(due_on=DUE)
    set_action_status(SYSTEM, done, {"status": "done", "done_on": DUE - timedelta(days=20)}, done.version)
    db.session.commit()
    late = builders.action_item(due_on=DUE)
    run_on(DUE + timedelta(days=3))
    assert [n.key for n in notices(NoticeKind.action_overdue)] == [f"action_overdue:{late.id}:{DUE.isoformat()}"]
    assert db.session.get(ActionItem, late.id).due_on == DUE
