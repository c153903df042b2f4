"""In the browser: a navbar that fits every width, a skip link and visible focus, and tables that keep
their key columns on a 390 px phone."""

import pytest

from tests.browser import sign_in
from tests.web.demo_pages import load_demo

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(db):
    logins = load_demo(db)
    db.session.commit()  # end the test's transaction: on SQLite it would hold the lock the server needs
    return logins


def fully_visible(page, selector: str) -> bool:
    """Shown, and inside the viewport's width (not hidden, not scrolled off to the right)."""
    locator = page.locator(selector).first
    if not locator.is_visible():
        return False
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    return box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("width", [390, 768, 992, 1024, 1100, 1200, 1280, 1440])
def test_navbar_fits_and_sign_out_stays_reachable(page, demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, *demo["admin"])
    page.goto("/")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.wait_for_selector("#nav.show")
    assert fully_visible(page, "#sign-out"), width
    # Everything in the navbar sits in one row (expanded) or in the open menu, inside the width.
    overflow = page.evaluate("() => document.querySelector('nav.navbar').scrollWidth - window.innerWidth")
    assert overflow <= 0, f"navbar overflows by {overflow}px at {width}px"
    page.click("#nav-reporting")
    page.click("#nav .dropdown-menu.show >> text=Dashboard")
    page.wait_for_url("**/dashboard")


def test_skip_link_and_visible_focus(page, demo):
    sign_in(page, *demo["board"])
    page.goto("/nodes")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
    assert skip.is_visible() and skip.inner_text() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the first link of the page's content, not the navbar
    assert page.evaluate("() => document.activeElement.closest('main') !== null")
    # Focus on a navbar item is drawn: a 3 px outline, not the browser's faint default.
    page.focus(".navbar-brand")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineWidth")
    assert outline == "3px"


def test_tables_keep_their_key_columns_on_a_phone(page, demo):
    page.set_viewport_size(PHONE)
    sign_in(page, *demo["secretariat"])
    page.goto("/agreements")
    headers = page.locator("#register thead th")
    expires = headers.filter(has_text="Expires")
    state = headers.filter(has_text="State")
    assert expires.is_visible() and state.is_visible()
    assert fully_visible(page, "#register thead th:has-text('State')")
    assert fully_visible(page, "#register thead th:has-text('Expires')")
    assert fully_visible(page, "#register tbody tr:first-child td:last-child .badge")

    page.goto("/quarterly-reports/completeness")
    last_quarter = page.locator("#completeness thead th").nth(-2)
    assert fully_visible(page, "#completeness thead th:nth-last-child(2)"), last_quarter.inner_text()
    assert fully_visible(page, "#completeness thead th:last-child")
    assert fully_visible(page, "#completeness tfoot td[data-total='all']")
    hidden = page.locator("#completeness thead th.early-quarter")
    assert hidden.count() == 3 and not hidden.first.is_visible()

    page.click(".navbar-toggler")
    page.click("#sign-out")
    page.wait_for_url("**/login")
    sign_in(page, *demo["board"])
    page.goto("/reports")
    assert fully_visible(page, "a[data-pdf]")
