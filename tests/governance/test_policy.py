"""Who may do what in governance: the policy functions, and the same through pages."""

import pytest

from app.auth import policy
from tests.governance import builders

ROLES = ("admin", "secretariat", "coordinator", "board")


@pytest.fixture
def users(make, user_factory):
    node = make.node(code="OWN")
    return {role: user_factory(role, node=node if role == "coordinator" else None) for role in ROLES}


@pytest.mark.parametrize("role, reads, writes, minutes, all_items", [
    ("admin", True, True, True, True),
    ("secretariat", True, True, True, True),
    ("coordinator", True, False, False, False),
    ("board", True, False, True, True),
])
def test_governance_policy_by_role(users, role, reads, writes, minutes, all_items):
    user = users[role]
    assert policy.may_view_governance(user) is reads
    assert policy.may_edit_governance(user) is writes
    assert policy.may_view_minutes(user) is minutes
    assert policy.may_view_all_action_items(user) is all_items


@pytest.mark.parametrize("role, owns, sees, updates", [
    ("coordinator", True, True, True),
    ("coordinator", False, False, False),
    ("board", True, True, False),
    ("board", False, True, False),
    ("secretariat", False, True, True),
    ("admin", False, True, True),
])
def test_action_items_by_owner(make, users, role, owns, sees, updates):
    user = users[role]
    owner = make.person(email=user.email.upper() if owns else "someone@example.org")
    item = builders.action_item(owner=owner)
    assert policy.owns_action_item(user, item) is owns
    assert policy.may_view_action_item(user, item) is sees
    assert policy.may_update_action_status(user, item) is updates


def test_anonymous_sees_nothing(make):
    from flask_login import AnonymousUserMixin

    item = builders.action_item()
    anonymous = AnonymousUserMixin()
    assert not policy.may_view_governance(anonymous)
    assert not policy.may_view_action_item(anonymous, item)


@pytest.mark.parametrize("owns, expected", [(True, 302), (False, 404)])
def test_a_coordinator_updates_only_their_own_items_through_the_page(make, client, user_factory, login, owns,
                                                                     expected):
    coordinator = user_factory("coordinator", node=make.node(code="OWN"))
    login(coordinator)
    owner = make.person(email=coordinator.email if owns else "other@example.org")
    item = builders.action_item(owner=owner)
    response = client.post(f"/governance/actions/{item.id}/status",
                           data={"status": "done", "done_on": "2026-01-05", "version": str(item.version)})
    assert response.status_code == expected
    listing = client.get("/governance/actions").get_data(as_text=True)
    assert (item.title in listing) is owns
    # The title, owner and due date stay the secretariat's.
    edit = client.post(f"/governance/actions/{item.id}/edit", data={"title": "Hijacked", "version": "1"})
    assert edit.status_code == (403 if owns else 404)
