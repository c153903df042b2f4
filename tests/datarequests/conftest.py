"""A licensed partner with its node, and helpers to build data requests through the services."""

from datetime import date

import pytest

from app.agreements import services as agreement_services
from app.datarequests import services
from app.extensions import db
from tests.factories import SYSTEM

# An area over the Vientiane plain: most of it in Laos, its south-west corner across the
# Mekong in Thailand.
ACROSS_MEKONG = {"type": "Polygon", "coordinates": [[[101.5, 17.5], [103.5, 17.5], [103.5, 19.0], [101.5, 19.0],
                                                     [101.5, 17.5]]]}
# Well inside northern Laos.
INSIDE_LAOS = {"type": "Polygon", "coordinates": [[[102.0, 19.0], [103.0, 19.0], [103.0, 20.0], [102.0, 20.0],
                                                   [102.0, 19.0]]]}


@pytest.fixture
def licensed(make):
    """A Lao institute hosting node LAO, bound by an MOU and licensed for GF-2 and ZY-3 (L1, L2) in Laos."""
    licensee = make.organization(name="Lao institute", acronym="LAO-I")
    lasac = make.organization(name="LASAC", acronym="LASAC", country="CHN")
    make.agreement(parties=[lasac, licensee], status="active", effective_from=date(2020, 1, 1),
                   expires_on=date(2039, 12, 31), reference="MOU-LAO")
    license_ = agreement_services.create_agreement(SYSTEM, {
        "kind": "data_license", "reference": "LIC-LAO", "title": "License", "status": "draft",
        "effective_from": date(2024, 1, 1), "expires_on": date(2039, 12, 31),
        "parties": [{"organization_id": lasac.id, "role": "licensor"},
                    {"organization_id": licensee.id, "role": "licensee"}],
        "license": {"licensee_id": licensee.id, "satellites": ["GF-2", "ZY-3"], "product_levels": ["L1", "L2"],
                    "territory": ["LAO"], "permitted_uses": ["research", "disaster_response"]}})
    license_.status = "active"
    db.session.commit()
    node = make.node(code="LAO", host=licensee)
    return {"licensee": licensee, "lasac": lasac, "license": license_, "node": node}


def request_data(**fields) -> dict:
    return {"title": "Flood mapping, Vientiane", "countries": ["LAO"], "acquired_from": date(2025, 8, 1),
            "acquired_to": date(2025, 9, 30), "satellites": ["GF-2"], "product_levels": ["L1"],
            "purpose": "disaster_response", "is_free_experiment": True} | fields


@pytest.fixture
def new_request(licensed):
    """new_request(actor=SYSTEM, **fields) → a submitted request of node LAO."""
    def build(actor=SYSTEM, **fields):
        record = services.create_request(actor, request_data(node_id=licensed["node"].id) | fields)
        db.session.commit()
        return record
    return build


def walk(record, to: str):
    """Take a submitted request to `to` (approved, declined, delivered, closed) through the services."""
    if to in ("approved", "delivered", "closed"):
        services.approve_request(SYSTEM, record)
    if to == "declined":
        services.decline_request(SYSTEM, record, "No capacity this month.")
    if to in ("delivered", "closed"):
        services.record_delivery(SYSTEM, record, {"scenes": 12, "volume_gb": "48.5",
                                                  "delivered_on": date(2025, 10, 2), "method": "satcloud"})
    if to == "closed":
        services.confirm_receipt(SYSTEM, record)
    db.session.commit()
    return record
