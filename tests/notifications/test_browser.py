"""A coordinator sees the bell's count, opens a notice, marks the rest read, and chooses e-mail kinds."""

import pytest

from app.extensions import db
from app.notifications import services
from app.notifications.models import NoticeKind
from tests.browser import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_bell_open_and_mark_all_read(page, user_factory, make):
    node = make.node(code="LAO")
    user = user_factory("coordinator", node=node)
    services.notify([user], NoticeKind.report_due, "The LAO report for 2025Q3 is due on 15 Oct 2025.",
                    key="report_due:LAO:2025Q3", link=f"/nodes/{node.id}")
    services.notify([user], NoticeKind.report_returned, "Your 2025Q2 report was returned.", key="returned:1")
    db.session.commit()
    sign_in(page, user.email, PASSWORD)
    assert page.locator("#bell-count").inner_text().startswith("2")

    page.click("#bell")
    page.locator("[data-notice]", has_text="is due on").locator("button[name=open]").click()
    page.wait_for_selector("h1:has-text('LAO')")
    assert page.locator("#bell-count").inner_text().startswith("1")

    page.click("#bell")
    page.click("button:has-text('Mark all read')")
    page.wait_for_selector("text=notices marked read")
    assert page.locator("#bell-count").count() == 0

    page.click("a:has-text('E-mail choices')")
    page.uncheck("input[value=report_returned]")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Your e-mail choices were saved")
    assert not page.is_checked("input[value=report_returned]") and page.is_checked("input[value=report_due]")
