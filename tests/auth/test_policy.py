"""The policy's answers, asked directly."""

import pytest

from app.auth import policy
from app.auth.models import Role
from app.core.errors import Forbidden, NotFound


class Record:
    def __init__(self, owner_node_id=None, is_confidential=False):
        self.owner_node_id = owner_node_id
        self.is_confidential = is_confidential


class Someone:
    is_authenticated = True

    def __init__(self, role, node_id=None, active=True):
        self.role, self.node_id, self.is_active = Role(role), node_id, active


class Anonymous:
    is_authenticated = False
    is_active = False


OWN, OTHER = 1, 2


@pytest.mark.parametrize("user, record, view, edit", [
    (Someone("admin"), Record(OTHER, True), True, True),
    (Someone("secretariat"), Record(OTHER, True), True, True),
    (Someone("coordinator", OWN), Record(OWN, True), True, True),
    (Someone("coordinator", OWN), Record(OTHER), True, False),
    (Someone("coordinator", OWN), Record(OTHER, True), False, False),
    (Someone("coordinator", None), Record(None), True, False),
    (Someone("board"), Record(OTHER), True, False),
    (Someone("board"), Record(OTHER, True), False, False),
    (Someone("admin", active=False), Record(OTHER), False, False),
    (Anonymous(), Record(None), False, False),
])
def test_view_and_edit(user, record, view, edit):
    assert policy.may_view(user, record) is view
    assert policy.may_edit(user, record) is edit


def test_require_edit_is_404_when_invisible_and_403_when_visible():
    coordinator = Someone("coordinator", OWN)
    with pytest.raises(NotFound):
        policy.require_edit(coordinator, Record(OTHER, True))
    with pytest.raises(Forbidden):
        policy.require_edit(coordinator, Record(OTHER))
    policy.require_edit(coordinator, Record(OWN))


@pytest.mark.parametrize("role, kind, node_id, allowed", [
    ("secretariat", "node", None, True),
    ("coordinator", "node", OWN, False),
    ("coordinator", "contribution", OWN, True),
    ("coordinator", "contribution", OTHER, False),
    ("coordinator", "contribution", None, False),
    ("board", "contribution", OWN, False),
])
def test_create(role, kind, node_id, allowed):
    assert policy.may_create(Someone(role, OWN if role == "coordinator" else None), kind, node_id) is allowed


def test_only_admin_manages_users_and_staff_read_audit():
    assert policy.may_manage_users(Someone("admin"))
    assert not policy.may_manage_users(Someone("secretariat"))
    assert policy.may_view_audit(Someone("secretariat"))
    assert not policy.may_view_audit(Someone("board"))
