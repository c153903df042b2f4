"""The license flag of a case: whether a data-use license covers the satellite data it used."""

from datetime import date

import pytest

from app.agreements import services as agreement_services
from app.cases.licensing import LicenseStatus, case_license, license_day, license_flags
from app.cases.queries import cases_query
from app.extensions import db
from tests.factories import SYSTEM
from tests.sql import count_statements

ON = date(2025, 6, 1)


@pytest.fixture
def licensed(make):
    """A Lao institute bound by an MOU and licensed for GF-2 and ZY-3 in Laos, 2024–2026."""
    licensee = make.organization(name="Lao institute", acronym="LAO-I")
    lasac = make.organization(name="LASAC", acronym="LASAC", country="CHN")
    make.agreement(parties=[lasac, licensee], status="active", effective_from=date(2020, 1, 1),
                   expires_on=date(2029, 12, 31), reference="MOU-LAO")
    license_ = agreement_services.create_agreement(SYSTEM, {
        "kind": "data_license", "reference": "LIC-LAO", "title": "License", "status": "draft",
        "effective_from": date(2024, 1, 1), "expires_on": date(2026, 12, 31),
        "parties": [{"organization_id": lasac.id, "role": "licensor"},
                    {"organization_id": licensee.id, "role": "licensee"}],
        "license": {"licensee_id": licensee.id, "satellites": ["GF-2", "ZY-3"], "product_levels": ["L1"],
                    "territory": ["LAO"], "permitted_uses": ["disaster_response"]}})
    license_.status = "active"  # set directly: the MOU check is about today, these tests about ON
    db.session.commit()
    return {"licensee": licensee, "lasac": lasac, "license": license_}


def test_a_case_a_license_covers(make, licensed):
    case = make.case(satellites=["GF-2"], countries=["LAO"], status="ongoing",
                     partner_ids=[licensed["lasac"].id, licensed["licensee"].id])
    result = case_license(case, on=ON)
    assert result.status == LicenseStatus.covered and not result.is_flagged
    assert result.licenses == [licensed["license"]]
    by_partner = {org.acronym: check.covered for org, check in result.checks}
    assert by_partner == {"LASAC": False, "LAO-I": True}  # the licensor holds none, and need not


@pytest.mark.parametrize(("fields", "reason"), [
    ({"satellites": ["GF-7"]}, "No license in force covers GF-7"),
    ({"satellites": ["GF-2"], "countries": ["LAO", "THA"]}, "covers GF-2 in THA"),
    ({"satellites": ["GF-2"], "status": "completed", "start_on": date(2018, 7, 24)}, "not in force on 2018-07-24"),
])
def test_a_case_no_license_covers_is_flagged_with_the_reasons(make, licensed, fields, reason):
    case = make.case(**({"countries": ["LAO"], "status": "ongoing", "partner_ids": [licensed["licensee"].id]}
                        | fields))
    result = case_license(case, on=ON)
    assert result.status == LicenseStatus.uncovered and result.is_flagged
    [(_org, check)] = result.checks
    assert any(reason in r for r in check.reasons), check.reasons


def test_partners_without_any_license_leave_the_case_flagged(make):
    case = make.case(satellites=["GF-2"], partner_ids=[make.organization().id])
    result = case_license(case, on=ON)
    assert result.is_flagged and "holds no data-use license" in result.checks[0][1].reasons[0]


def test_no_satellites_need_no_license_and_satellites_need_a_partner(make):
    assert case_license(make.case(), on=ON).status == LicenseStatus.not_needed
    lonely = case_license(make.case(satellites=["GF-2"]), on=ON)
    assert lonely.status == LicenseStatus.no_partner and lonely.is_flagged


def test_the_day_judged_is_the_day_of_use(make):
    completed = make.case(status="completed", start_on=date(2018, 7, 24), end_on=date(2018, 8, 31))
    ongoing = make.case(status="ongoing", start_on=date(2017, 1, 1))
    planned = make.case(status="planned", start_on=date(2030, 1, 1))
    assert license_day(completed, ON) == date(2018, 7, 24)
    assert license_day(ongoing, ON) == ON
    assert license_day(planned, ON) == date(2030, 1, 1)


def test_the_register_flags_agree_with_the_case_page(make, licensed):
    covered = make.case(satellites=["ZY-3"], partner_ids=[licensed["licensee"].id], status="ongoing")
    uncovered = make.case(satellites=["GF-7"], partner_ids=[licensed["licensee"].id], status="ongoing")
    no_partner = make.case(satellites=["GF-2"])
    none_needed = make.case()
    cases = [covered, uncovered, no_partner, none_needed]
    flags = license_flags(cases, on=ON)
    assert flags == {covered.id: LicenseStatus.covered, uncovered.id: LicenseStatus.uncovered,
                     no_partner.id: LicenseStatus.no_partner, none_needed.id: LicenseStatus.not_needed}
    assert flags == {c.id: case_license(c, on=ON).status for c in cases}


def test_register_flags_ask_once_per_licensed_partner_not_per_case(make, licensed):
    partners = [licensed["lasac"].id, licensed["licensee"].id, make.organization().id]

    def statements():
        cases = db.session.scalars(cases_query({})).all()  # as the register loads them
        with count_statements() as seen:
            flags = license_flags(cases, on=ON)
        assert set(flags.values()) == {LicenseStatus.covered}
        return seen.count

    make.case(satellites=["GF-2"], partner_ids=partners, status="ongoing")
    few = statements()
    for _ in range(11):
        make.case(satellites=["GF-2"], partner_ids=partners, status="ongoing")
    assert statements() == few


def test_case_page_and_register_show_the_flag(login_as, client, make, licensed, time_machine):
    time_machine.move_to(ON)
    good = make.case(title="Flood map", satellites=["GF-2"], countries=["LAO"], status="ongoing",
                     partner_ids=[licensed["licensee"].id])
    bad = make.case(title="Forest map", satellites=["GF-7"], countries=["LAO"], status="ongoing",
                    partner_ids=[licensed["licensee"].id])
    login_as("board")
    page = client.get(f"/cases/{good.id}").get_data(as_text=True)
    assert 'data-license="covered"' in page and "LIC-LAO" in page and "/agreements/" in page
    page = client.get(f"/cases/{bad.id}").get_data(as_text=True)
    assert 'data-license="uncovered"' in page and "No license in force covers GF-7 in LAO" in page
    register = client.get("/cases").get_data(as_text=True)
    assert register.count('data-license="covered"') == 1 and register.count('data-license="uncovered"') == 1


def test_the_license_answer_through_the_api(api_as, make, licensed, time_machine):
    time_machine.move_to(ON)
    case = make.case(satellites=["GF-2"], countries=["LAO"], status="ongoing",
                     partner_ids=[licensed["lasac"].id, licensed["licensee"].id])
    answer = api_as("board").get(f"/api/v1/cases/{case.id}/license")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["status"] == "covered" and body["flagged"] is False and body["on"] == "2025-06-01"
    assert {p["organization_id"]: p["licenses"] for p in body["partners"]} == {
        licensed["lasac"].id: [], licensed["licensee"].id: ["LIC-LAO"]}
    assert api_as("board").get("/api/v1/cases/999/license").status_code == 404
