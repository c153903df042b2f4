"""Services name every bad field of a record in one error, not the first they find."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.capacity import services as capacity
from app.cases import services as cases
from app.core.errors import ValidationFailed
from app.core.periods import Quarter
from app.nodes.quarterly import services as quarterly
from tests.factories import SYSTEM


def fields_of(call) -> set[str]:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return set(caught.value.fields)


def test_a_trainee_with_an_unknown_node_and_missing_fields_names_them_all(user_factory):
    staff = user_factory("secretariat")
    bad = {"name": "", "home_country": "XXX", "node_id": 99999, "start_on": date(2025, 5, 1),
           "end_on": date(2025, 1, 1)}
    assert fields_of(lambda: capacity.create_trainee(staff, bad)) == {
        "node_id", "name", "home_country", "host_organization_id", "end_on"}


def test_an_event_with_an_unknown_node_and_bad_figures_names_them_all(user_factory):
    staff = user_factory("secretariat")
    bad = {"title": "", "kind": "workshop", "node_id": 99999, "start_on": date(2025, 5, 1),
           "participants_total": -3, "country": "ZZZ"}
    assert fields_of(lambda: capacity.create_event(staff, bad)) == {"node_id", "title", "participants_total",
                                                                     "country"}


def test_a_case_with_an_unknown_node_and_missing_fields_names_them_all(user_factory):
    staff = user_factory("secretariat")
    assert fields_of(lambda: cases.create_case(staff, {"title": "", "countries": [], "node_id": 99999})) == {
        "node_id", "title", "countries"}


def test_a_report_with_bad_and_inconsistent_figures_names_them_all(make):
    node = make.node(code="LAO", established_on=date(2024, 1, 1))
    data = {"scenes_received": "many", "users_registered": 10, "users_active": 50, "t1_push_percent": 140}
    with time_machine.travel(datetime(2025, 5, 1, 8, 0, tzinfo=UTC), tick=False):
        got = fields_of(lambda: quarterly.save_report(SYSTEM, node, Quarter(2025, 1), data))
    assert got == {"scenes_received", "users_active", "t1_push_percent"}
