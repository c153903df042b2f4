"""In a real browser: the secretariat records an MOU with two parties, uploads its signed PDF,
and finds it in the register filtered by "expiring within 365 days"."""

from datetime import date, timedelta

import pytest

from tests.browser import sign_in
from tests.conftest import PASSWORD
from tests.factories import PDF_BYTES


@pytest.mark.browser
def test_secretariat_records_an_mou_uploads_it_and_finds_it_expiring(page, make, user_factory, db):
    email = user_factory("secretariat").email
    lasac = make.organization(name="Land Satellite Remote Sensing Application Center", acronym="LASAC",
                              country="CHN").id
    uenr = make.organization(name="University of Energy and Natural Resources", acronym="UENR", country="GHA").id
    make.agreement(reference="MOU-FAR", status="active", expires_on=date.today() + timedelta(days=900))
    # End the test's own transaction: on SQLite an open one would hold the write lock the server needs.
    db.session.rollback()
    sign_in(page, email, PASSWORD)

    page.goto("/agreements")
    page.click("text=New agreement")
    page.select_option("select[name=kind]", "mou")
    assert page.locator("#license-terms").is_hidden()  # license terms only for data-use licenses
    page.fill("input[name=reference]", "MOU-GHA-2025")
    page.fill("input[name=title]", "MOU between LASAC and UENR on the Ghana SatCloud node")
    page.select_option("select[name=status]", "active")
    page.fill("input[name=signed_on]", (date.today() - timedelta(days=30)).isoformat())
    page.fill("input[name=effective_from]", (date.today() - timedelta(days=30)).isoformat())
    page.fill("input[name=expires_on]", (date.today() + timedelta(days=200)).isoformat())
    page.select_option("select[name='parties-0-organization_id']", str(lasac))
    page.select_option("select[name='parties-0-role']", "lead")
    page.select_option("select[name='parties-1-organization_id']", str(uenr))
    page.click("text=Add a party")  # a fifth, empty row: left empty, it is ignored
    assert page.locator(".party-row").count() == 5
    assert page.locator("select[name='parties-4-organization_id']").input_value() == ""
    page.click("#agreement-form button[type=submit]")
    page.wait_for_url("**/agreements/*")
    assert page.locator("h1").inner_text().startswith("MOU-GHA-2025")
    assert "UENR" in page.locator("#parties").inner_text()

    page.set_input_files("input[name=file]", files=[{"name": "MOU-GHA-2025-signed.pdf",
                                                     "mimeType": "application/pdf", "buffer": PDF_BYTES}])
    page.fill("input[name=title]", "Signed MOU")
    page.click("#documents button[type=submit]")
    page.wait_for_selector("text=Document uploaded.")
    assert "MOU-GHA-2025-signed.pdf" in page.locator("#documents").inner_text()

    page.click("#nav-network")  # the navbar groups its pages in menus
    page.click("nav >> text=Agreements")
    page.fill("input[name=expiring_within_days]", "365")
    page.click("#register-filters button[type=submit]")
    page.wait_for_url("**expiring_within_days=365**")
    rows = page.locator("#register tbody tr")
    assert rows.count() == 1
    assert "MOU-GHA-2025" in rows.first.inner_text() and "LASAC, UENR" in rows.first.inner_text()
    assert rows.first.locator("[data-state]").get_attribute("data-state") == "active"
