"""Period locks through the API: the same rule as the page (app/auth/policy.py) — staff and coordinators
read them, staff alone close and open quarters, a board member does neither."""

from app.core.periods import Quarter
from app.extensions import db
from app.nodes.quarterly import locks

URL = "/api/v1/period-locks"


def _closed() -> list[str]:
    db.session.expire_all()
    return [lock.period.label for lock in locks.active_locks()]


def test_staff_close_list_and_open_quarters(api_as):
    staff = api_as("secretariat")
    closed = staff.put(f"{URL}/2025Q3", json={"reason": "Audited"})
    assert closed.status_code == 200 and closed.get_json()["quarter"] == "2025Q3"
    assert [item["quarter"] for item in staff.get(URL).get_json()["items"]] == ["2025Q3"]
    assert staff.delete(f"{URL}/2025Q3").status_code == 204
    assert _closed() == []


def test_a_coordinator_reads_the_closed_quarters_but_may_not_close_or_open_one(api_as, make):
    locks.lock_period(make.user("secretariat"), Quarter(2025, 1), "closed")
    db.session.commit()
    coordinator = api_as("coordinator", node=make.node())
    listed = coordinator.get(URL)
    assert listed.status_code == 200 and [item["quarter"] for item in listed.get_json()["items"]] == ["2025Q1"]
    assert coordinator.put(f"{URL}/2025Q2", json={}).status_code == 403
    assert coordinator.delete(f"{URL}/2025Q1").status_code == 403
    assert _closed() == ["2025Q1"]


def test_a_board_member_neither_reads_nor_changes_them(api_as, make):
    locks.lock_period(make.user("secretariat"), Quarter(2025, 1), "closed")
    db.session.commit()
    board = api_as("board")
    assert board.get(URL).status_code == 403
    assert board.put(f"{URL}/2025Q2", json={}).status_code == 403
    assert board.delete(f"{URL}/2025Q1").status_code == 403
    assert _closed() == ["2025Q1"]
