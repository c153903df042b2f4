"""E-mail of notices through a real SMTP server on loopback (aiosmtpd)."""

from datetime import UTC, datetime, timedelta

import time_machine

from app.extensions import db
from app.notifications import services
from app.notifications.mail import deliver_pending
from app.notifications.models import NoticeKind, Notification
from tests.mailserver import mail_to, smtp_server


def _notice_for(user, key="report_due:LAO:2025Q3", kind=NoticeKind.report_due):
    services.notify([user], kind, "The LAO report for 2025 Q3 is due on 15 October.", key=key,
                    link="/nodes/1")
    db.session.commit()
    return db.session.query(Notification).filter_by(recipient_id=user.id, key=key).one()


def test_notice_is_mailed_once_to_its_recipient(app, user_factory):
    user = user_factory(email="coord@example.org")
    notice = _notice_for(user)
    with smtp_server() as (inbox, port), mail_to(app, port):
        assert deliver_pending().sent == 1
        assert deliver_pending().sent == 0  # already sent: nothing twice
    assert inbox.recipients == ["coord@example.org"]
    body = inbox.messages[0].content.decode()
    assert "due on 15 October" in body and "http://127.0.0.1:5000/nodes/1" in body
    db.session.refresh(notice)
    assert notice.emailed_at is not None and notice.email_attempts == 1 and notice.last_error is None


def test_a_refusing_server_keeps_the_notice_and_a_later_run_sends_it(app, user_factory):
    user = user_factory(email="coord@example.org")
    notice = _notice_for(user)
    with smtp_server() as (inbox, port), mail_to(app, port):
        inbox.failing = True
        result = deliver_pending()
        assert (result.sent, result.failed) == (0, 1)
        db.session.refresh(notice)
        assert notice.emailed_at is None and notice.email_attempts == 1 and "451" in notice.last_error
        inbox.failing = False
        assert deliver_pending().sent == 1
    db.session.refresh(notice)
    assert notice.emailed_at is not None and notice.email_attempts == 2 and notice.last_error is None
    assert inbox.recipients == ["coord@example.org"]


def test_an_unreachable_server_stops_the_run_and_leaves_every_notice_for_later(app, user_factory):
    users = [user_factory() for _ in range(3)]
    for user in users:
        _notice_for(user)
    with smtp_server() as (_inbox, port):
        pass  # the server is gone: its port now refuses connections
    with mail_to(app, port):
        result = deliver_pending()
    assert (result.sent, result.failed) == (0, 1)  # stopped at the first connection failure
    notices = db.session.query(Notification).order_by(Notification.id).all()
    assert all(n.emailed_at is None for n in notices)
    assert [n.email_attempts for n in notices] == [1, 0, 0]
    assert "Connection" in notices[0].last_error or "refused" in notices[0].last_error
    with smtp_server() as (inbox, port), mail_to(app, port):
        assert deliver_pending().sent == 3
    assert len(inbox.messages) == 3


def test_attempts_are_bounded(app, user_factory):
    app.config["MAIL_MAX_ATTEMPTS"], saved = 2, app.config["MAIL_MAX_ATTEMPTS"]
    try:
        notice = _notice_for(user_factory())
        with smtp_server() as (inbox, port), mail_to(app, port):
            inbox.failing = True
            deliver_pending()
            deliver_pending()
            assert deliver_pending().failed == 0  # given up after two attempts
        db.session.refresh(notice)
        assert notice.email_attempts == 2 and notice.emailed_at is None
    finally:
        app.config["MAIL_MAX_ATTEMPTS"] = saved


def test_opted_out_kinds_and_old_notices_are_not_mailed(app, user_factory):
    user = user_factory()
    services.set_email_choices(user, [k.value for k in NoticeKind if k != NoticeKind.report_due])
    _notice_for(user, key="a", kind=NoticeKind.report_due)
    with time_machine.travel(datetime.now(UTC) - timedelta(days=30)):
        _notice_for(user, key="old", kind=NoticeKind.report_overdue)
    _notice_for(user, key="b", kind=NoticeKind.report_overdue)
    with smtp_server() as (inbox, port), mail_to(app, port):
        assert deliver_pending().sent == 1
    assert len(inbox.messages) == 1 and "Subject: [CSDR Hub] A quarterly report is overdue" in \
        inbox.messages[0].content.decode()


def test_without_a_mail_server_mail_goes_to_the_log(app, user_factory, caplog):
    notice = _notice_for(user_factory(email="dev@example.org"))
    with mail_to(app, None), caplog.at_level("INFO", logger="csdr.mail"):
        assert deliver_pending().sent == 1
    assert "dev@example.org" in caplog.text and "due on 15 October" in caplog.text
    db.session.refresh(notice)
    assert notice.emailed_at is not None
