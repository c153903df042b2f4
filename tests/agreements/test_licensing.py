"""check_license: yes and no answers, with the licenses that allow it or the reasons none does."""

from datetime import date, timedelta

import pytest
from sqlalchemy import event

from app.agreements import services
from app.agreements.licensing import LicenseCheck, check_license
from tests.factories import SYSTEM

START, END = date(2024, 1, 1), date(2026, 12, 31)
ON = date(2025, 6, 1)


@pytest.fixture
def lao(make, db):
    """A licensee bound by an MOU, holding one license for GF-2 and ZY-3 in Laos and Cambodia."""
    licensee = make.organization(name="Lao institute", acronym="LAO-I")
    lasac = make.organization(name="LASAC", country="CHN")
    mou = make.agreement(parties=[lasac, licensee], status="active", effective_from=date(2020, 1, 1),
                         expires_on=date(2029, 12, 31), reference="MOU-LAO")
    license_ = services.create_agreement(SYSTEM, {
        "kind": "data_license", "reference": "LIC-LAO", "title": "License", "status": "draft",
        "effective_from": START, "expires_on": END,
        "parties": [{"organization_id": lasac.id, "role": "licensor"},
                    {"organization_id": licensee.id, "role": "licensee"}],
        "license": {"licensee_id": licensee.id, "satellites": ["GF-2", "ZY-3"], "product_levels": ["L1", "DOM"],
                    "territory": ["LAO", "KHM"], "permitted_uses": ["research", "disaster_response"]}})
    license_.status = "active"  # set directly: the MOU check is about today, these tests about ON
    db.session.commit()
    return {"licensee": licensee, "lasac": lasac, "mou": mou, "license": license_}


def test_covered_names_the_license(lao):
    result = check_license(lao["licensee"].id, ["GF-2"], countries=["LAO"], use="research", on=ON)
    assert result == LicenseCheck(True, [], [lao["license"]])
    assert bool(result)


def test_satellite_names_and_countries_are_compared_without_case(lao):
    assert check_license(lao["licensee"].id, "gf-2", countries="khm", on=ON).covered


@pytest.mark.parametrize(("kwargs", "reason"), [
    ({"satellites": ["GF-7"]}, "No license in force covers GF-7"),
    ({"satellites": ["GF-2"], "countries": ["KEN"]}, "covers GF-2 in KEN"),
    ({"satellites": ["GF-2"], "use": "education"}, "does not permit education use"),
    ({"satellites": ["GF-2"], "use": "commercial"}, "does not permit commercial use"),
    ({"satellites": ["GF-2"], "levels": ["DEM"]}, "product level(s) DEM"),
    ({"satellites": ["GF-2"], "on": START - timedelta(days=1)}, "not in force on 2023-12-31"),
    ({"satellites": ["GF-2"], "on": END + timedelta(days=1)}, "(expired)"),
])
def test_not_covered_says_why(lao, kwargs, reason):
    kwargs = {"on": ON} | kwargs
    satellites = kwargs.pop("satellites")
    result = check_license(lao["licensee"].id, satellites, **kwargs)
    assert not result.covered and result.licenses == []
    assert any(reason in r for r in result.reasons), result.reasons


def test_every_satellite_and_country_must_be_covered(lao):
    result = check_license(lao["licensee"].id, ["GF-2", "GF-6"], countries=["LAO", "THA"], on=ON)
    assert not result.covered
    assert len([r for r in result.reasons if r.startswith("No license in force covers")]) == 3


def test_two_licenses_may_cover_a_request_together(lao, db):
    other = services.create_agreement(SYSTEM, {
        "kind": "data_license", "reference": "LIC-LAO-GF6", "title": "GF-6", "status": "draft",
        "effective_from": START, "expires_on": END,
        "parties": [{"organization_id": lao["lasac"].id, "role": "licensor"},
                    {"organization_id": lao["licensee"].id, "role": "licensee"}],
        "license": {"licensee_id": lao["licensee"].id, "satellites": ["GF-6"], "product_levels": ["L1"],
                    "territory": ["LAO"], "permitted_uses": ["research"]}})
    other.status = "active"
    db.session.commit()
    result = check_license(lao["licensee"].id, ["GF-2", "GF-6"], countries=["LAO"], use="research", on=ON)
    assert result.covered
    assert {a.reference for a in result.licenses} == {"LIC-LAO", "LIC-LAO-GF6"}


def test_a_terminated_license_no_longer_covers(lao, db):
    services.terminate_agreement(SYSTEM, lao["license"], ON, "breach", lao["license"].version)
    db.session.commit()
    assert check_license(lao["licensee"].id, ["GF-2"], on=ON - timedelta(days=1)).covered
    result = check_license(lao["licensee"].id, ["GF-2"], on=ON)
    assert not result.covered and "(terminated)" in result.reasons[0]


def test_a_license_without_a_binding_mou_in_force_does_not_cover(lao, db):
    services.terminate_agreement(SYSTEM, lao["mou"], ON, "ended", lao["mou"].version)
    db.session.commit()
    result = check_license(lao["licensee"].id, ["GF-2"], on=ON)
    assert not result.covered
    assert "No MOU or bilateral agreement" in result.reasons[0]


def test_no_license_at_all(make):
    nobody = make.organization(name="Nobody")
    result = check_license(nobody.id, ["GF-2"])
    assert result == LicenseCheck(False, ["Nobody holds no data-use license."], [])
    assert check_license(987654, ["GF-2"]).reasons == ["No organization with id 987654."]


def test_nothing_asked_is_nothing_to_license(make):
    assert check_license(make.organization().id, []).covered


def _statements(db, call) -> int:
    statements = []

    def count(*_args):
        statements.append(1)

    db.session.commit()
    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_a_fixed_number_of_queries_however_many_licenses(lao, db):
    licensee_id = lao["licensee"].id

    def ask():
        check_license(licensee_id, ["GF-2", "ZY-3", "GF-7"], countries=["LAO", "KHM"], use="research", on=ON)

    few = _statements(db, ask)
    for n in range(6):
        record = services.create_agreement(SYSTEM, {
            "kind": "data_license", "reference": f"LIC-MORE-{n}", "title": "more", "status": "draft",
            "effective_from": START, "expires_on": END,
            "parties": [{"organization_id": lao["lasac"].id, "role": "licensor"},
                        {"organization_id": licensee_id, "role": "licensee"}],
            "license": {"licensee_id": licensee_id, "satellites": ["GF-1"], "product_levels": ["L1"],
                        "territory": ["LAO"], "permitted_uses": ["research"]}})
        record.status = "active"
    assert _statements(db, ask) == few <= 5
