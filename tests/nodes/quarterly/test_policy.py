"""The policy section of quarterly reports and contributions, and that list queries agree with it."""

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from app.auth import policy
from app.extensions import db
from app.nodes.contributions.models import Contribution
from app.nodes.quarterly.models import QuarterlyReport
from app.nodes.quarterly.queries import visible_reports

ROLES = ("secretariat", "admin", "own_coordinator", "other_coordinator", "board")


@pytest.fixture
def world(make, user_factory):
    with time_machine.travel(datetime(2025, 5, 20, tzinfo=UTC), tick=False):
        own, other = make.node(code="LAO"), make.node(code="NPL")
        users = {"secretariat": user_factory("secretariat"), "admin": user_factory("admin"),
                 "own_coordinator": user_factory("coordinator", node=own),
                 "other_coordinator": user_factory("coordinator", node=other), "board": user_factory("board")}
        reports = {status: make.quarterly_report(own, period, status=status)
                   for status, period in (("draft", "2024Q2"), ("submitted", "2024Q3"), ("returned", "2024Q4"),
                                          ("accepted", "2025Q1"))}
    return own, other, users, reports


# status → may_view_report for (secretariat, admin, own coordinator, other coordinator, board)
VIEW = {"draft": (True, True, True, False, False), "submitted": (True, True, True, False, False),
        "returned": (True, True, True, False, False), "accepted": (True, True, True, True, True)}


@pytest.mark.parametrize("status", list(VIEW))
def test_may_view_report(world, status):
    _own, _other, users, reports = world
    assert tuple(policy.may_view_report(users[r], reports[status]) for r in ROLES) == VIEW[status]


def test_may_file_and_review(world):
    own, other, users, reports = world
    assert [policy.may_file_report(users[r], own.id) for r in ROLES] == [True, True, True, False, False]
    assert [policy.may_file_report(users[r], other.id) for r in ROLES] == [True, True, False, True, False]
    assert [policy.may_review_report(users[r], reports["submitted"]) for r in ROLES] == [True, True, False, False,
                                                                                         False]
    assert [policy.may_view_completeness(users[r]) for r in ROLES] == [True, True, False, False, True]
    assert [policy.may_view_review_queue(users[r]) for r in ROLES] == [True, True, False, False, False]
    assert [policy.may_manage_exchange_rates(users[r]) for r in ROLES] == [True, True, False, False, False]
    assert [policy.may_import_contributions(users[r]) for r in ROLES] == [True, True, True, True, False]


def test_anonymous_and_deactivated_users_see_nothing(world):
    _own, _other, users, reports = world
    assert not policy.may_view_report(None, reports["accepted"])
    board = users["board"]
    board.is_active_account = False
    assert not policy.may_view_report(board, reports["accepted"])
    assert not policy.may_view_completeness(board)
    db.session.rollback()


@pytest.mark.parametrize("role", ROLES)
def test_the_report_list_shows_exactly_what_the_policy_allows(world, role):
    _own, _other, users, _reports = world
    user = users[role]
    listed = set(db.session.scalars(visible_reports(select(QuarterlyReport), user)))
    allowed = {r for r in db.session.scalars(select(QuarterlyReport)) if policy.may_view_report(user, r)}
    assert listed == allowed and listed


def test_may_view_money(world, make):
    own, other, users, _reports = world
    org = make.organization()
    ours, theirs, nobodys = (make.contribution(org, node_id=own.id), make.contribution(org, node_id=other.id),
                             make.contribution(org))
    table = {c: [policy.may_view_money(users[r], c) for r in ROLES] for c in (ours, theirs, nobodys)}
    assert table[ours] == [True, True, True, False, True]
    assert table[theirs] == [True, True, False, True, True]
    assert table[nobodys] == [True, True, False, False, True]
    assert all(policy.may_view(users[r], c) for r in ROLES for c in db.session.scalars(select(Contribution)))
