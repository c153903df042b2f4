import pytest

from app.core.errors import NotFound, ValidationFailed
from app.extensions import db
from app.notifications import services
from app.notifications.models import NoticeKind, Notification
from app.notifications.queries import unread_count


def notices_of(user):
    return db.session.query(Notification).filter_by(recipient_id=user.id).all()


def test_notify_creates_one_notice_per_recipient_and_key(user_factory):
    alice, bob = user_factory(), user_factory()
    assert services.notify([alice, bob], NoticeKind.report_due, "Report due", key="report_due:LAO:2025Q3") == 2
    assert services.notify([alice, bob, alice], NoticeKind.report_due, "Report due", key="report_due:LAO:2025Q3") == 0
    db.session.commit()
    assert len(notices_of(alice)) == 1 and len(notices_of(bob)) == 1
    assert services.notify([alice], NoticeKind.report_due, "Other", key="report_due:LAO:2025Q4") == 1


def test_inactive_users_get_no_notice(user_factory):
    user = user_factory()
    user.is_active_account = False
    db.session.commit()
    assert services.notify([user], NoticeKind.job_failed, "x", key="k") == 0


def test_mark_read_only_ones_own(user_factory):
    alice, bob = user_factory(), user_factory()
    services.notify([alice], NoticeKind.report_due, "Due", key="k")
    db.session.commit()
    notice = notices_of(alice)[0]
    with pytest.raises(NotFound):
        services.mark_read(bob, notice)
    services.mark_read(alice, notice)
    db.session.commit()
    assert notice.read_at is not None and unread_count(alice) == 0


def test_mark_all_read_touches_only_the_user(user_factory):
    alice, bob = user_factory(), user_factory()
    for key in ("a", "b", "c"):
        services.notify([alice, bob], NoticeKind.report_due, "Due", key=key)
    db.session.commit()
    assert services.mark_all_read(alice) == 3
    db.session.commit()
    assert unread_count(alice) == 0 and unread_count(bob) == 3


def test_email_choices_default_on_and_can_be_turned_off(user_factory):
    user = user_factory()
    assert all(services.email_choices(user).values())
    services.set_email_choices(user, ["report_due"])
    db.session.commit()
    choices = services.email_choices(user)
    assert choices[NoticeKind.report_due] is True and choices[NoticeKind.report_overdue] is False
    with pytest.raises(ValidationFailed):
        services.set_email_choices(user, ["no_such_kind"])


def test_notices_withheld_creates_none_inside_the_block_only(user_factory):
    alice = user_factory()
    with services.notices_withheld():
        assert services.notify([alice], NoticeKind.report_due, "Due", key="withheld") == 0
    db.session.commit()
    assert notices_of(alice) == []
    assert services.notify([alice], NoticeKind.report_due, "Due", key="withheld") == 1
