"""In a real browser: a coordinator files a report, the secretariat returns it, the coordinator fixes it,
the secretariat accepts it, and the completeness matrix shows it."""

import pytest

from app.core.periods import Quarter, today
from tests.browser import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_out(page):
    page.click("nav button:has-text('Sign out')")
    page.wait_for_url("**/login")


def test_report_cycle_from_coordinator_to_secretariat_and_back(page, make, user_factory, db):
    node = make.node(code="LAO", name="SatCloud node LAO")
    node_id = node.id
    coordinator = user_factory("coordinator", node=node).email
    secretariat = user_factory("secretariat").email
    db.session.commit()   # end the test's transaction: on SQLite it would hold the write lock the server needs
    quarter = Quarter.containing(today()).previous()   # ended, so it can be submitted
    report_url = f"/nodes/LAO/reports/{quarter.label}"
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # The coordinator finds the report due on the home page, fills it in and submits it.
    sign_in(page, coordinator, PASSWORD)
    page.click(f"#to-do [data-period='{quarter.label}'] a")
    page.wait_for_url(f"**{report_url}/edit")
    page.fill("#scenes_received", "1200")
    page.fill("#scenes_distributed", "900")
    page.fill("#t1_push_percent", "85.5")
    page.fill("#users_registered", "40")
    page.fill("#highlights", "Flood maps delivered within a day.")
    page.click("#save-report")
    page.wait_for_url(f"**{report_url}")
    assert page.locator("#figures").inner_text().count("N/A") >= 5
    page.click("#submit-report")
    page.wait_for_selector("text=Submitted to the secretariat.")
    assert page.locator("h1 [data-status]").get_attribute("data-status") == "submitted"
    sign_out(page)

    # The secretariat finds it in the review queue and returns it with a comment.
    sign_in(page, secretariat, PASSWORD)
    page.goto("/quarterly-reports/review")
    page.click(f"#to-review a:has-text('{quarter.label}')")
    page.wait_for_url(f"**{report_url}")
    page.fill("#return-comment", "Please add the number of active users.")
    page.click("#return-report")
    page.wait_for_selector("text=Returned to the node with your comment.")
    assert page.locator("h1 [data-status]").get_attribute("data-status") == "returned"
    sign_out(page)

    # The coordinator sees the comment, fixes the report and submits it again.
    sign_in(page, coordinator, PASSWORD)
    returned = page.locator("[data-todo=returned]")
    assert "Please add the number of active users." in returned.inner_text()
    returned.locator(f"a:has-text('{quarter.label}')").click()
    page.wait_for_url(f"**{report_url}/edit")
    assert "Please add the number of active users." in page.locator("#review-comment").inner_text()
    page.fill("#users_active", "25")
    page.click("#save-report")
    page.wait_for_url(f"**{report_url}")
    page.click("#submit-report")
    page.wait_for_selector("text=Submitted to the secretariat.")
    sign_out(page)

    # The secretariat accepts it; the completeness matrix shows it accepted.
    sign_in(page, secretariat, PASSWORD)
    page.goto(report_url)
    page.click("#accept-report")
    page.wait_for_selector("text=Accepted.")
    assert page.locator("h1 [data-status]").get_attribute("data-status") == "accepted"
    steps = [s.get_attribute("data-step") for s in page.locator("#steps [data-step]").all()]
    assert steps == ["submitted", "returned", "submitted", "accepted"]
    page.goto(f"/quarterly-reports/completeness?year={quarter.year}")
    cell = page.locator(f"tr[data-node='LAO'] td[data-period='{quarter.label}']")
    assert cell.get_attribute("data-state") == "accepted"
    assert "accepted" in cell.inner_text()

    # The node page draws its chart with plotly.js under the strict CSP.
    page.goto(f"/nodes/{node_id}")
    page.click("#node-chart-details summary")  # plotly.js loads when the chart is opened
    page.wait_for_selector("#node-chart[data-plotly-drawn='true']")
    assert page.locator("#node-chart .main-svg").count() >= 1
    assert errors == []
