"""Secretariat signs in, creates an organization and a node, finds the node, sees its history."""

import pytest

from tests.browser import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_secretariat_creates_organization_and_node(page, user_factory):
    user = user_factory("secretariat")
    sign_in(page, user.email, PASSWORD)

    page.goto("/organizations/new")
    page.fill("#name", "Department of Lands, Uganda")
    page.fill("#acronym", "DLU")
    page.select_option("#country", "UGA")
    page.select_option("#kind", "government")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('Department of Lands, Uganda')")

    page.goto("/nodes/new")
    page.fill("#code", "UGA2")
    page.fill("#name", "Kampala SatCloud node")
    page.select_option("#country", "UGA")
    page.select_option("#host_organization_id", label="Department of Lands, Uganda (DLU)")
    page.select_option("#status", "active")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('UGA2')")

    page.goto("/nodes")
    page.fill("#f-q", "kampala")
    page.click("main form[method=get] button[type=submit]")
    page.click("a:has-text('UGA2')")
    history = page.locator("#history")
    assert "Created" in history.inner_text()
    assert "Kampala SatCloud node" in history.inner_text()


def test_bad_input_shows_errors_next_to_fields(page, user_factory):
    user = user_factory("secretariat")
    sign_in(page, user.email, PASSWORD)
    page.goto("/organizations/new")
    page.click("main button[type=submit]")
    assert page.locator("#name.is-invalid").count() == 1
    assert page.locator(".invalid-feedback").first.is_visible()
