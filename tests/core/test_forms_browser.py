"""In a real browser: the error summary takes the focus and fits a phone; what was typed survives
a lost session (kept in the browser, offered back after signing in) and goes once saved."""

import re

import pytest

from tests.browser import sign_in
from tests.conftest import PASSWORD


@pytest.mark.browser
def test_typed_values_come_back_after_the_session_is_lost_and_go_once_saved(page, make, user_factory, db):
    email = user_factory("secretariat").email
    lasac, uenr = make.organization(name="LASAC").id, make.organization(name="UENR").id
    db.session.rollback()  # the live server needs the SQLite write lock
    sign_in(page, email, PASSWORD)
    page.goto("/agreements/new")
    page.fill("input[name=reference]", "MOU-TYPED-1")
    page.fill("input[name=title]", "Typed before the session expired")
    page.fill("textarea[name=notes]", "Three paragraphs of careful notes.")
    page.check("input[name=auto_renew]")
    page.fill("input[name=effective_from]", "2025-01-01")
    page.fill("input[name=expires_on]", "2026-12-31")
    page.select_option("select[name='parties-0-organization_id']", str(lasac))
    page.select_option("select[name='parties-1-organization_id']", str(uenr))
    page.wait_for_timeout(500)  # the draft is written a moment after typing

    page.context.clear_cookies()  # the session is gone
    page.click("#agreement-form button[type=submit]")
    page.wait_for_url("**/login?next=/agreements/new")
    assert "session had expired" in page.locator("main").inner_text()
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/agreements/new")

    assert page.input_value("input[name=reference]") == ""  # a fresh form …
    page.click("[data-draft-restore]")  # … and the offer to bring back what was typed
    assert page.input_value("input[name=reference]") == "MOU-TYPED-1"
    assert page.input_value("input[name=title]") == "Typed before the session expired"
    assert page.input_value("textarea[name=notes]") == "Three paragraphs of careful notes."
    assert page.is_checked("input[name=auto_renew]")
    assert page.input_value("input[name=expires_on]") == "2026-12-31"
    assert page.input_value("select[name='parties-1-organization_id']") == str(uenr)
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('csdr-draft:'))")
    assert len(stored) == 1
    assert "csrf" not in page.evaluate(f"localStorage.getItem({stored[0]!r})")

    page.click("#agreement-form button[type=submit]")
    page.wait_for_url(re.compile(r"/agreements/\d+$"))
    assert page.locator("h1").inner_text().startswith("MOU-TYPED-1")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('csdr-draft:'))") == []
    page.goto("/agreements/new")
    assert page.locator("[data-draft-offer]").count() == 0


@pytest.mark.browser
def test_the_error_summary_takes_the_focus_links_to_the_fields_and_fits_a_phone(page, user_factory, db):
    email = user_factory("secretariat").email
    db.session.rollback()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, email, PASSWORD)
    page.goto("/agreements/new")
    page.fill("input[name=reference]", "MOU-BAD")
    page.fill("input[name=effective_from]", "2025-01-01")
    page.fill("input[name=expires_on]", "2024-01-01")
    page.fill("input[name=notice_days]", "99999")
    page.click("#agreement-form button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    box = page.locator("#error-summary").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] < 844
    links = page.locator("#error-summary a")
    assert links.count() >= 3
    page.click("#error-summary a[href='#expires_on']")
    assert page.evaluate("document.activeElement.id") == "expires_on"
