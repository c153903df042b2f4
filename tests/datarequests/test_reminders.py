"""Reminders of waiting data requests: the right day, the right people, once per interval."""

from datetime import UTC, date, datetime

import time_machine

from app.datarequests import services
from app.datarequests.reminders import remind_waiting_requests
from app.extensions import db
from app.jobs.runner import run_job
from app.notifications.models import NoticeKind, Notification
from tests.datarequests.conftest import walk
from tests.factories import SYSTEM


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC), tick=False)


def notices(kind):
    return db.session.query(Notification).filter(Notification.kind == kind).order_by(Notification.id).all()


def test_a_request_waiting_for_a_decision_reminds_the_secretariat_once_per_interval(
        new_request, user_factory, licensed):
    secretariat = user_factory("secretariat")
    coordinator = user_factory("coordinator", node=licensed["node"])
    with at(date(2025, 10, 1)):
        record = new_request()
    with at(date(2025, 10, 6)):
        assert remind_waiting_requests(date(2025, 10, 6)) == (0, 0)  # 5 days: not yet
    with at(date(2025, 10, 7)):
        run_job("data_request_reminders")
        assert remind_waiting_requests(date(2025, 10, 7)) == (0, 0)  # the same reminder is not made twice
    sent = notices(NoticeKind.data_request_waiting)
    assert [n.recipient_id for n in sent] == [secretariat.id]
    assert f"#{record.id}" in sent[0].text and "6 days" in sent[0].text
    assert remind_waiting_requests(date(2025, 10, 9)) == (0, 0)
    assert remind_waiting_requests(date(2025, 10, 12)) == (1, 0)  # the next interval
    assert not db.session.query(Notification).filter_by(recipient_id=coordinator.id).count()


def test_delivered_data_not_confirmed_reminds_the_nodes_coordinator(new_request, user_factory, licensed, make):
    user_factory("secretariat")
    coordinator = user_factory("coordinator", node=licensed["node"])
    other = user_factory("coordinator", node=make.node(code="OTH"))
    with at(date(2025, 10, 2)):
        record = walk(new_request(), "delivered")
    assert remind_waiting_requests(date(2025, 10, 5)) == (0, 0)
    assert remind_waiting_requests(date(2025, 10, 8)) == (0, 1)
    sent = notices(NoticeKind.delivery_unconfirmed)
    assert [n.recipient_id for n in sent] == [coordinator.id] and other.id not in [n.recipient_id for n in sent]
    with at(date(2025, 10, 9)):
        services.confirm_receipt(SYSTEM, record)
        db.session.commit()
    assert remind_waiting_requests(date(2025, 10, 20)) == (0, 0)  # closed: no more reminders
