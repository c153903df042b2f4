"""Asking for data: fields, the license check on submission (borders included), and the workflow."""

from datetime import date

import pytest

from app.core.errors import Conflict, Forbidden, ValidationFailed
from app.datarequests import services
from app.datarequests.models import RequestStatus
from app.extensions import db
from tests.datarequests.conftest import ACROSS_MEKONG, INSIDE_LAOS, request_data, walk
from tests.factories import SYSTEM


def test_a_request_the_license_covers(new_request, licensed):
    record = new_request()
    assert record.status == RequestStatus.submitted
    assert record.organization_id == licensed["licensee"].id  # the node's host asks unless told
    assert record.license_covered is True
    assert record.license_references == ["LIC-LAO"] and record.license_reasons == []


def test_an_area_inside_the_licensed_country_is_covered(new_request):
    record = new_request(countries=[], area=INSIDE_LAOS)
    assert record.area_countries == ["LAO"]
    assert record.license_covered is True


def test_an_area_across_the_border_is_flagged(new_request):
    record = new_request(countries=["LAO"], area=ACROSS_MEKONG)
    assert record.area_countries == ["LAO", "THA"]
    assert record.crossed_countries == ["THA"]
    assert record.license_covered is False
    assert record.license_reasons[0].startswith("The area reaches into Thailand (THA), which the request does not list")
    assert any("No license in force covers GF-2 in THA" in r for r in record.license_reasons)


def test_an_uploaded_feature_collection_is_read_as_one_area(new_request):
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": INSIDE_LAOS},
        {"type": "Feature", "properties": {}, "geometry": ACROSS_MEKONG}]}
    record = new_request(countries=[], area=collection)
    assert record.area_geometry["type"] == "Polygon"  # the two touch: merged into one area
    assert set(record.area_countries) == {"LAO", "THA"} and not record.license_covered


@pytest.mark.parametrize(("fields", "reason"), [
    ({"satellites": ["GF-7"]}, "No license in force covers GF-7"),
    ({"product_levels": ["DSM"]}, "does not cover product level(s) DSM"),
    ({"purpose": "commercial"}, "does not permit commercial use"),
    ({"countries": ["KHM"]}, "No license in force covers GF-2 in KHM"),
])
def test_what_the_license_does_not_cover_is_said(new_request, fields, reason):
    record = new_request(**fields)
    assert record.license_covered is False
    assert any(reason in r for r in record.license_reasons), record.license_reasons


@pytest.mark.parametrize(("fields", "field"), [
    ({"title": " "}, "title"),
    ({"countries": [], "area": None}, "area"),
    ({"countries": ["XXX"]}, "countries"),
    ({"area": {"type": "Point", "coordinates": [102, 18]}}, "area"),
    ({"area": "{not json"}, "area"),
    ({"area": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}}, "area"),
    ({"area": {"type": "Polygon", "coordinates": [[[18, 200], [19, 200], [19, 201], [18, 200]]]}}, "area"),
    ({"satellites": []}, "satellites"),
    ({"satellites": ["Landsat-8"]}, "satellites"),
    ({"product_levels": ["L9"]}, "product_levels"),
    ({"purpose": "fun"}, "purpose"),
    ({"acquired_to": date(2025, 7, 1)}, "acquired_to"),
    ({"acquired_from": None}, "acquired_from"),
    ({"organization_id": 999999}, "organization_id"),
    ({"node_id": None}, "node_id"),
])
def test_bad_fields_are_named_and_nothing_is_written(licensed, fields, field):
    from app.datarequests.models import DataRequest

    with pytest.raises(ValidationFailed) as caught:
        services.create_request(SYSTEM, request_data(node_id=licensed["node"].id) | fields)
    assert field in caught.value.fields
    db.session.rollback()
    assert db.session.query(DataRequest).count() == 0


def test_a_coordinator_asks_for_their_own_node_whatever_node_they_send(licensed, make, user_factory):
    other = make.node(code="OTH")
    coordinator = user_factory("coordinator", node=licensed["node"])
    record = services.create_request(coordinator, request_data(node_id=other.id))
    assert record.node_id == licensed["node"].id


def test_the_board_may_not_ask(licensed, user_factory):
    with pytest.raises(Forbidden):
        services.create_request(user_factory("board"), request_data(node_id=licensed["node"].id))


def test_an_edit_runs_the_license_check_again(new_request):
    record = new_request()
    assert record.license_covered
    services.update_request(SYSTEM, record, {"area": ACROSS_MEKONG}, record.version)
    assert not record.license_covered and record.area_countries == ["LAO", "THA"]


def test_the_workflow_and_its_record(new_request):
    record = walk(new_request(), "closed")
    assert record.status == RequestStatus.closed
    assert record.decided_at and record.delivered_at and record.confirmed_at
    assert record.scenes_delivered == 12 and str(record.volume_delivered_gb) == "48.500"


def test_more_deliveries_may_follow_the_first(new_request):
    record = walk(new_request(), "delivered")
    services.record_delivery(SYSTEM, record, {"scenes": 3, "volume_gb": 1, "delivered_on": date(2025, 10, 9),
                                              "method": "ftp"})
    assert record.scenes_delivered == 15 and record.status == RequestStatus.delivered


@pytest.mark.parametrize(("state", "step"), [
    ("submitted", "deliver"), ("submitted", "confirm"),
    ("approved", "approve"), ("approved", "decline"), ("approved", "confirm"), ("approved", "edit"),
    ("declined", "approve"), ("declined", "deliver"), ("declined", "confirm"),
    ("delivered", "approve"), ("delivered", "decline"), ("delivered", "edit"),
    ("closed", "deliver"), ("closed", "confirm"), ("closed", "decline"),
])
def test_a_step_the_state_does_not_allow_is_a_conflict(new_request, state, step):
    record = walk(new_request(), state)
    actions = {
        "approve": lambda: services.approve_request(SYSTEM, record),
        "decline": lambda: services.decline_request(SYSTEM, record, "No."),
        "deliver": lambda: services.record_delivery(SYSTEM, record, {"scenes": 1, "volume_gb": 1,
                                                                     "delivered_on": date(2025, 10, 2),
                                                                     "method": "disk"}),
        "confirm": lambda: services.confirm_receipt(SYSTEM, record),
        "edit": lambda: services.update_request(SYSTEM, record, {"title": "New"}, record.version),
    }
    with pytest.raises(Conflict):
        actions[step]()
    assert record.status == RequestStatus(state)


def test_declining_needs_a_reason(new_request):
    record = new_request()
    with pytest.raises(ValidationFailed) as caught:
        services.decline_request(SYSTEM, record, "  ")
    assert "reason" in caught.value.fields and record.status == RequestStatus.submitted


@pytest.mark.parametrize(("fields", "field"), [
    ({"scenes": 0}, "scenes"), ({"scenes": "many"}, "scenes"), ({"volume_gb": "-1"}, "volume_gb"),
    ({"delivered_on": "2999-01-01"}, "delivered_on"), ({"method": "pigeon"}, "method"),
])
def test_a_bad_delivery_is_named(new_request, fields, field):
    record = walk(new_request(), "approved")
    good = {"scenes": 1, "volume_gb": "1", "delivered_on": "2025-10-02", "method": "ftp"}
    with pytest.raises(ValidationFailed) as caught:
        services.record_delivery(SYSTEM, record, good | fields)
    assert field in caught.value.fields


def test_the_license_question(licensed, user_factory):
    board = user_factory("board")
    organization = licensed["licensee"].id
    assert services.ask_license(board, organization, "GF-2", "LAO", "L1", "research").covered
    answer = services.ask_license(board, organization, "GF-2,ZY-3", "LAO,THA", None, None, "2025-06-01")
    assert not answer.covered and any("THA" in r for r in answer.reasons)
    with pytest.raises(ValidationFailed) as caught:
        services.ask_license(board, "x", "GF-99", "ZZZ", "L7", "fun", "tomorrow")
    assert set(caught.value.fields) == {"organization_id", "satellite", "country", "level", "use", "on"}
