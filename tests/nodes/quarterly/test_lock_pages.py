"""The closed-quarters page: staff list, close (with a reason) and open quarters again; others may not."""

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.core.periods import Quarter
from app.extensions import db
from app.nodes.quarterly import locks
from tests.conftest import csrf_enabled

URL = "/quarterly-reports/locks"


def test_staff_close_list_and_reopen(client, login_as, make):
    staff = login_as("secretariat")
    page = client.get(URL)
    assert page.status_code == 200 and "No quarter is closed." in page.text
    assert f'href="{URL}"' in page.text  # linked from the navbar's reporting menu
    done = client.post(URL, data={"quarter": "2025q3", "reason": "Accounts <audited>"}, follow_redirects=True)
    assert done.status_code == 200 and "The quarter is closed." in done.text
    assert locks.is_locked(Quarter(2025, 3))
    assert "2025Q3" in done.text and "Accounts &lt;audited&gt;" in done.text
    lock = locks.find_lock(Quarter(2025, 3))
    created = db.session.scalar(select(AuditEvent).where(AuditEvent.record_type == lock.__tablename__,
                                                         AuditEvent.record_id == lock.id,
                                                         AuditEvent.action == "create"))
    assert created is not None and created.user_id == staff.id
    report = make.quarterly_report(make.node(), period="2025Q2")  # another quarter still changes
    assert report is not None
    opened = client.post(f"{URL}/2025Q3/reopen", follow_redirects=True)
    assert opened.status_code == 200 and "The quarter is open again." in opened.text
    assert not locks.is_locked(Quarter(2025, 3)) and "No quarter is closed." in opened.text
    updates = db.session.scalars(select(AuditEvent).where(AuditEvent.record_type == lock.__tablename__,
                                                          AuditEvent.record_id == lock.id,
                                                          AuditEvent.action == "update")).all()
    assert updates and all(e.user_id == staff.id for e in updates)
    assert client.post(f"{URL}/2025Q3/reopen").status_code == 404  # not closed any more
    assert client.post(f"{URL}/2025Q9/reopen").status_code == 404


@pytest.mark.parametrize("bad", ["", "2025", "Q3 2025", "2025Q5"])
def test_a_bad_quarter_is_named_beside_the_field(client, login_as, bad):
    login_as("admin")
    page = client.post(URL, data={"quarter": bad, "reason": ""})
    assert page.status_code == 422
    assert 'id="error-summary"' in page.text and locks.active_locks() == []


def test_a_coordinator_sees_the_closed_quarters_but_may_not_close_or_reopen(client, login_as, make):
    locks.lock_period(make.user("secretariat"), Quarter(2025, 1), "closed")
    db.session.commit()
    login_as("coordinator", node=make.node())
    page = client.get(URL)
    assert page.status_code == 200 and "2025Q1" in page.text
    assert "Close the quarter" not in page.text and "/reopen" not in page.text  # no forms
    assert f'href="{URL}"' in client.get("/").text  # linked from the navbar's reporting menu
    assert client.post(URL, data={"quarter": "2025Q2"}).status_code == 403
    assert client.post(f"{URL}/2025Q1/reopen").status_code == 403
    assert [lock.period.label for lock in locks.active_locks()] == ["2025Q1"]


def test_a_board_member_may_not_see_close_or_reopen(client, login_as, make):
    locks.lock_period(make.user("secretariat"), Quarter(2025, 1), "closed")
    db.session.commit()
    login_as("board")
    assert client.get(URL).status_code == 403
    assert URL not in client.get("/").text
    assert client.post(URL, data={"quarter": "2025Q2"}).status_code == 403
    assert client.post(f"{URL}/2025Q1/reopen").status_code == 403
    assert [lock.period.label for lock in locks.active_locks()] == ["2025Q1"]


def test_forms_need_csrf(app, client, login_as, make):
    login_as("secretariat")
    locks.lock_period(make.user("secretariat"), Quarter(2025, 1))
    db.session.commit()
    with csrf_enabled(app):
        assert client.post(URL, data={"quarter": "2025Q2"}).status_code == 400
        assert client.post(f"{URL}/2025Q1/reopen").status_code == 400
    assert [lock.period.label for lock in locks.active_locks()] == ["2025Q1"]
