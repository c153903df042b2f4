"""The quarterly workflow gives word at once: a submission to the secretariat, a review to the node's coordinators."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from app.core.periods import Quarter
from app.extensions import db
from app.jobs.reminders import remind_returned_reports
from app.nodes.quarterly import services as quarterly
from app.notifications.mail import deliver_pending
from app.notifications.models import NoticeKind, Notification
from tests.factories import SYSTEM
from tests.mailserver import mail_to, smtp_server


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2025, 5, 20, 9, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def people(make, user_factory):
    own, other = make.node(code="LAO"), make.node(code="NPL")
    secretariat = [user_factory("secretariat"), user_factory("secretariat")]
    retired = user_factory("secretariat")
    retired.is_active_account = False
    coordinators = [user_factory("coordinator", node=own), user_factory("coordinator", node=own)]
    bystanders = [user_factory("coordinator", node=other), user_factory("admin"), user_factory("board")]
    db.session.commit()
    return {"node": own, "secretariat": secretariat, "retired": retired, "coordinators": coordinators,
            "bystanders": bystanders}


def _draft(node):
    report, _ = quarterly.save_report(SYSTEM, node, Quarter(2025, 1), {"scenes_received": 10})
    db.session.commit()
    return report


def notices(kind=None):
    query = select(Notification).order_by(Notification.recipient_id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


def test_submitting_notifies_every_active_secretariat_user_once(frozen, people):
    report = _draft(people["node"])
    quarterly.submit_report(people["coordinators"][0], report)
    db.session.commit()
    found = notices()
    assert [n.recipient_id for n in found] == [u.id for u in people["secretariat"]]
    assert {n.kind for n in found} == {NoticeKind.report_submitted}
    assert found[0].text == "LAO submitted its 2025Q1 quarterly report for review."
    assert found[0].link == "/nodes/LAO/reports/2025Q1" and found[0].emailed_at is None


def test_returning_and_accepting_notify_the_nodes_coordinators_once_each(frozen, people):
    report = _draft(people["node"])
    quarterly.submit_report(SYSTEM, report)
    quarterly.return_report(people["secretariat"][0], report, "Add the T+1 share.")
    db.session.commit()
    returned = notices(NoticeKind.report_returned)
    assert [n.recipient_id for n in returned] == [u.id for u in people["coordinators"]]
    assert "Add the T+1 share." in returned[0].text
    # The daily reminder job, that day or the next, adds nothing: the word was given at once.
    assert remind_returned_reports(date(2025, 5, 20)) == 0
    assert remind_returned_reports(date(2025, 5, 21)) == 0
    quarterly.submit_report(SYSTEM, report)  # a second submission is news again for the secretariat
    quarterly.accept_report(people["secretariat"][0], report, "Thanks")
    db.session.commit()
    assert len(notices(NoticeKind.report_submitted)) == 2 * len(people["secretariat"])
    accepted = notices(NoticeKind.report_accepted)
    assert [n.recipient_id for n in accepted] == [u.id for u in people["coordinators"]]
    assert accepted[0].text == "The 2025Q1 quarterly report of LAO was accepted. Comment: Thanks"
    told = {n.recipient_id for n in notices()}
    assert not told & {u.id for u in people["bystanders"] + [people["retired"]]}


def test_a_replayed_api_call_notifies_no_one_twice(frozen, people, api_as):
    _draft(people["node"])
    coordinator = api_as(people["coordinators"][0])
    url = "/api/v1/nodes/LAO/reports/2025Q1/submit"
    assert coordinator.post(url, json={}).status_code == 200
    assert coordinator.post(url, json={}).status_code == 409
    keyed = {"Idempotency-Key": "retry-1"}
    secretariat = api_as(people["secretariat"][0])
    first = secretariat.post("/api/v1/nodes/LAO/reports/2025Q1/accept", json={}, headers=keyed)
    again = secretariat.post("/api/v1/nodes/LAO/reports/2025Q1/accept", json={}, headers=keyed)
    assert first.status_code == again.status_code == 200
    assert len(notices(NoticeKind.report_submitted)) == len(people["secretariat"])
    assert len(notices(NoticeKind.report_accepted)) == len(people["coordinators"])


def test_the_notices_are_mailed_through_the_notification_mail(app, frozen, people):
    people["coordinators"][0].email = "first@lao.example.org"
    people["coordinators"][1].email = "second@lao.example.org"
    report = _draft(people["node"])
    quarterly.submit_report(SYSTEM, report)
    quarterly.return_report(people["secretariat"][0], report, "Add the T+1 share.")
    db.session.commit()
    with smtp_server() as (inbox, port), mail_to(app, port):
        assert deliver_pending().sent == len(people["secretariat"]) + len(people["coordinators"])
        assert deliver_pending().sent == 0
    assert {"first@lao.example.org", "second@lao.example.org"} <= set(inbox.recipients)
    bodies = [m.content.decode() for m in inbox.messages]
    assert any("was returned; please correct" in b and "/nodes/LAO/reports/2025Q1" in b for b in bodies)
    assert all(n.emailed_at is not None for n in notices())


def test_a_submission_through_the_page_is_mailed_as_soon_as_the_answer_has_left(app, client, login, people):
    """At once: the request commits, answers, and then mails; the `email` job only retries what failed."""
    for user in people["secretariat"]:
        user.email = f"secretariat{user.id}@example.org"
    report = _draft(people["node"])
    url, version, expected = f"/nodes/LAO/reports/{report.period}/submit", report.version, \
        sorted(u.email for u in people["secretariat"])
    login(people["coordinators"][0])
    db.session.commit()  # the test's own transaction ends before the request writes
    with smtp_server() as (inbox, port), mail_to(app, port):
        answer = client.post(url, data={"version": version})
        assert answer.status_code == 302
        # The test client runs the request in the test's own app context, so the request's session
        # outlives it here; a server pops that context (and its session) before closing the answer.
        db.session.rollback()
        answer.close()  # the server closes the answer once it has left
        assert sorted(inbox.recipients) == expected
        assert deliver_pending().sent == 0  # nothing left for the job: each sent once
    db.session.expire_all()
    assert all(n.emailed_at is not None for n in notices(NoticeKind.report_submitted))


def test_a_refused_request_mails_nothing(app, client, login, people):
    report = _draft(people["node"])
    url, version = f"/nodes/LAO/reports/{report.period}/submit", report.version
    login(people["bystanders"][0])  # another node's coordinator: refused, nothing committed
    db.session.commit()
    with smtp_server() as (inbox, port), mail_to(app, port):
        answer = client.post(url, data={"version": version})
        db.session.rollback()
        answer.close()
        assert answer.status_code == 404 and inbox.messages == []


def test_the_answer_mails_only_the_notices_its_request_gave(app, client, login, people):
    """A notice another writer left pending is not the request's to send: the `email` job mails it."""
    from app.notifications.services import notify

    earlier = people["bystanders"][1]
    earlier.email = "earlier@example.org"
    notify([earlier], NoticeKind.report_submitted, "Given before the request", key="earlier")
    secretariat = people["secretariat"][0]
    secretariat.email = "secretariat@example.org"
    people["secretariat"][1].is_active_account = False  # one recipient for the request's notice
    report = _draft(people["node"])
    url, version = f"/nodes/LAO/reports/{report.period}/submit", report.version
    login(people["coordinators"][0])
    db.session.commit()
    assert len(notices()) == 1  # pending, not mailed
    with smtp_server() as (inbox, port), mail_to(app, port):
        answer = client.post(url, data={"version": version})
        assert answer.status_code == 302
        db.session.rollback()
        answer.close()
        assert inbox.recipients == ["secretariat@example.org"]
        db.session.expire_all()
        assert [n.recipient.email for n in notices() if n.emailed_at is None] == ["earlier@example.org"]
        assert deliver_pending().sent == 1  # the job still sends the other one
        assert inbox.recipients == ["secretariat@example.org", "earlier@example.org"]
