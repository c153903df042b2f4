"""The daily reminders, with the clock moved: the right day, the right people, once."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from app.extensions import db
from app.jobs.models import JobRun
from app.jobs.reminders import remind_agreements
from app.jobs.runner import run_job
from app.notifications.models import NoticeKind, Notification

# 2025Q3 ends on 30 September; its reports are due 15 days later, on 15 October.
DUE = date(2025, 10, 15)


def at(day: date, hour: int = 6):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC), tick=False)


def notices(kind=None, user=None):
    query = db.session.query(Notification)
    if kind is not None:
        query = query.filter(Notification.kind == kind)
    if user is not None:
        query = query.filter(Notification.recipient_id == user.id)
    return query.order_by(Notification.id).all()


def reminders_on(day: date):
    with at(day):
        return run_job("reminders")


@pytest.fixture
def network(make, user_factory):
    """A node with a coordinator, a secretariat member, an admin and a board member."""
    lao = make.node(code="LAO", established_on=date(2025, 7, 1))
    people = {"lao": user_factory("coordinator", node=lao), "secretariat": user_factory("secretariat"),
              "admin": user_factory("admin"), "board": user_factory("board")}
    return {"lao": lao, **people}


# --- agreements -----------------------------------------------------------------------

ENDS = date(2026, 6, 30)


@pytest.fixture
def agreement(make, network):
    with at(date(2024, 7, 1)):
        return make.agreement(status="active", reference="MOU-LAO-2024", title="MOU with the Lao node",
                              signed_on=date(2024, 7, 1), effective_from=date(2024, 7, 1), expires_on=ENDS,
                              notice_days=60)


def _agreement_notices(kind):
    return [n for n in notices(kind) if n.key.startswith(f"{kind.value}:")]


@pytest.mark.parametrize("threshold", [180, 90, 30])
def test_expiry_notice_fires_at_each_threshold_for_the_secretariat_once(network, agreement, threshold):
    before = ENDS - timedelta(days=threshold + 1)
    with at(before):
        remind_agreements(before)
    already = len(_agreement_notices(NoticeKind.agreement_expiry))
    day = ENDS - timedelta(days=threshold)
    with at(day):
        remind_agreements(day)
        remind_agreements(day)
    fired = _agreement_notices(NoticeKind.agreement_expiry)[already:]
    assert [(n.recipient_id, n.key) for n in fired] == [
        (network["secretariat"].id, f"agreement_expiry:{agreement.id}:{ENDS.isoformat()}:{threshold}")]
    assert f"in {threshold} days" in fired[0].text and "MOU-LAO-2024" in fired[0].text


def test_each_expiry_threshold_fires_once_across_daily_runs(network, agreement):
    day = ENDS - timedelta(days=250)
    while day <= ENDS + timedelta(days=5):
        with at(day):
            remind_agreements(day)
        day += timedelta(days=1)
    expiry = _agreement_notices(NoticeKind.agreement_expiry)
    assert [n.key.rsplit(":", 1)[1] for n in expiry] == ["180", "90", "30"]
    assert [n.created_at.date() for n in expiry] == [ENDS - timedelta(days=d) for d in (180, 90, 30)]
    notice = _agreement_notices(NoticeKind.agreement_notice)
    notice_on = ENDS - timedelta(days=60)
    assert [n.created_at.date() for n in notice] == [notice_on - timedelta(days=d) for d in (180, 90, 30)]
    assert all(n.recipient_id == network["secretariat"].id for n in expiry + notice)


def test_a_late_starting_scheduler_sends_only_the_tightest_threshold(network, agreement):
    day = ENDS - timedelta(days=50)
    with at(day):
        remind_agreements(day)
    assert [n.key.rsplit(":", 1)[1] for n in _agreement_notices(NoticeKind.agreement_expiry)] == ["90"]


def test_draft_agreements_and_those_without_an_end_get_no_notice(network, make):
    with at(date(2024, 7, 1)):
        make.agreement(status="draft", expires_on=ENDS)
        make.agreement(status="active", signed_on=date(2024, 7, 1), expires_on=None)
    day = ENDS - timedelta(days=30)
    with at(day):
        assert remind_agreements(day) == (0, 0)


def test_the_reminders_job_warns_of_agreements_once_across_runs_and_racing_schedulers(app, network, agreement):
    day = ENDS - timedelta(days=90)
    barrier = threading.Barrier(2)
    outcomes = []

    def scheduler():
        with app.app_context(), at(day):
            barrier.wait()
            run = run_job("reminders")
            outcomes.append(run.summary if run else None)
            db.session.remove()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes, key=str) == ["1 expiry and 1 notice-date notice(s)", None]
    assert reminders_on(day) is None
    reminders_on(day + timedelta(days=1))
    assert db.session.query(JobRun).filter_by(job="reminders").count() == 2
    expiry = _agreement_notices(NoticeKind.agreement_expiry)
    assert [(n.recipient_id, n.key.rsplit(":", 1)[1]) for n in expiry] == [(network["secretariat"].id, "90")]
