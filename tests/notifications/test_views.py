import re

from app.extensions import db
from app.notifications import services
from app.notifications.models import NoticeKind, Notification
from tests.conftest import csrf_enabled


def _give(user, count=1, link="/nodes"):
    for i in range(count):
        services.notify([user], NoticeKind.report_due, f"Report {i} is due <b>soon</b>", key=f"k{i}", link=link)
    db.session.commit()


def test_bell_shows_the_unread_count(client, login_as):
    user = login_as("board")
    assert b'id="bell-count"' not in client.get("/notifications").data
    _give(user, 3)
    page = client.get("/nodes").get_data(as_text=True)
    assert re.search(r'id="bell-count">3<', page)


def test_list_escapes_text_and_marks_read(client, login_as):
    user = login_as("board")
    _give(user, 2)
    page = client.get("/notifications").get_data(as_text=True)
    assert "&lt;b&gt;soon&lt;/b&gt;" in page and "<b>soon</b>" not in page
    notice = db.session.query(Notification).filter_by(key="k0").one()
    response = client.post(f"/notifications/{notice.id}/read", data={"open": "1"})
    assert response.status_code == 302 and response.headers["Location"] == "/nodes"
    db.session.refresh(notice)
    assert notice.read_at is not None
    assert re.search(r'id="bell-count">1<', client.get("/notifications").get_data(as_text=True))
    assert client.get("/notifications?unread=1").get_data(as_text=True).count('data-notice="') == 1


def test_open_follows_only_local_links(client, login_as):
    user = login_as("board")
    services.notify([user], NoticeKind.report_due, "x", key="evil", link="https://evil.example/")
    db.session.commit()
    notice = db.session.query(Notification).filter_by(key="evil").one()
    response = client.post(f"/notifications/{notice.id}/read", data={"open": "1"})
    assert response.headers["Location"] == "/notifications"


def test_mark_all_read(client, login_as):
    user = login_as("secretariat")
    _give(user, 4)
    assert client.post("/notifications/read-all").status_code == 302
    assert db.session.query(Notification).filter(Notification.read_at.is_(None)).count() == 0


def test_another_users_notice_is_not_found(client, login_as, user_factory):
    other = user_factory()
    _give(other)
    login_as("admin")
    notice = db.session.query(Notification).one()
    assert client.post(f"/notifications/{notice.id}/read").status_code == 404
    db.session.refresh(notice)
    assert notice.read_at is None
    assert "Report 0" not in client.get("/notifications").get_data(as_text=True)


def test_marking_read_needs_the_csrf_token(app, client, login_as):
    user = login_as("board")
    _give(user)
    notice = db.session.query(Notification).one()
    with csrf_enabled(app):
        assert client.post(f"/notifications/{notice.id}/read").status_code == 400
        assert client.post("/notifications/read-all").status_code == 400
        page = client.get("/notifications").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        assert client.post("/notifications/read-all", data={"csrf_token": token}).status_code == 302
    db.session.refresh(notice)
    assert notice.read_at is not None


def test_email_choices_page(client, login_as):
    user = login_as("secretariat")
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert page.count('type="checkbox"') == len(NoticeKind) and page.count("checked") == len(NoticeKind)
    response = client.post("/notifications/preferences", data={"kinds": ["report_due", "agreement_expiry"]})
    assert response.status_code == 302
    choices = services.email_choices(user)
    assert [k.value for k, on in choices.items() if on] == ["report_due", "agreement_expiry"]
    assert client.post("/notifications/preferences", data={"kinds": ["nonsense"]}).status_code == 422


def test_pages_need_sign_in(client):
    for url in ("/notifications", "/notifications/preferences"):
        assert "/login" in client.get(url).headers["Location"]
    assert "/login" in client.post("/notifications/read-all").headers["Location"]


def _statements(app, client, url):
    from sqlalchemy import event

    seen = []

    def count(*_args):
        seen.append(1)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_the_list_costs_the_same_for_3_or_25_notices(app, client, login_as):
    user = login_as("board")
    _give(user, 3)
    few = _statements(app, client, "/notifications")
    for i in range(3, 25):
        services.notify([user], NoticeKind.report_overdue, f"Late {i}", key=f"late{i}")
    db.session.commit()
    assert _statements(app, client, "/notifications") == few
