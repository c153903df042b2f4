"""A board member signs in, sees the dashboard's charts drawn, and downloads the published annual report."""

from datetime import date
from pathlib import Path

import pytest

from tests.browser import sign_in
from tests.conftest import PASSWORD
from tests.reports.pdf_text import text


@pytest.mark.browser
def test_board_member_reads_dashboard_and_downloads_annual_report(page, make, user_factory, db):
    for code, country in (("LAO", "LAO"), ("KEN", "KEN"), ("AUT", "AUT")):
        make.node(code, host=make.organization(name=f"Host {code}", country=country), established_on=date(2019, 1, 1))
    report = make.report("annual", 2025, publish=True)
    make.report("seasonal", 2025, 4)  # a draft the board must not see
    board = user_factory("board")
    report_id, email = report.id, board.email
    db.session.commit()  # end the test's transaction: on SQLite it would hold the write lock the server needs
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: problems.append("external " + r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)

    sign_in(page, email, PASSWORD)
    page.goto("/dashboard?year=2025")
    page.wait_for_selector("#plot-world_map .plot-container svg.main-svg")
    page.wait_for_selector("#plot-world_map .geo .countries path")  # the map data came from our server
    assert page.locator(".dashboard-plot .plot-container").count() >= 3
    assert page.locator(".dashboard-plot .bars path, .dashboard-plot .slice path").count() > 0
    assert problems == []  # no CSP violation, no script error, nothing fetched from elsewhere

    page.goto("/reports")
    assert page.locator("text=Seasonal report Q4 2025").count() == 0
    page.click(f"a[href='/reports/{report_id}']")
    with page.expect_download() as info:
        page.click("text=Download PDF")
    download = info.value
    assert download.suggested_filename == "csdr-annual-report-2025-v1.pdf"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF-") and "PUBLISHED" in text(content) and "Annual report 2025" in text(content)
