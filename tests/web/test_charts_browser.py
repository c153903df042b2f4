"""In the browser: every chart is drawn without a toolbar over its title, and comes with a table of its
data that a screen reader can read (the same figure data)."""

import pytest

from tests.browser import sign_in
from tests.web.demo_pages import load_demo

pytestmark = pytest.mark.browser


def test_dashboard_charts_have_data_tables_and_no_toolbar(page, db):
    logins = load_demo(db)
    db.session.commit()  # end the test's transaction: on SQLite it would hold the lock the server needs
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, *logins["board"])
    page.goto("/dashboard")
    page.wait_for_selector("#plot-world_map .geo .countries path")
    page.wait_for_function("() => !document.getElementById('dashboard-loading')")
    plots = page.locator("#dashboard .dashboard-plot")
    count = plots.count()
    assert count >= 5
    page.wait_for_function(f"() => document.querySelectorAll('#dashboard [data-plotly-drawn]').length === {count}")
    assert page.locator(".modebar").count() == 0  # no toolbar to cover a title
    for i in range(count):
        plot = plots.nth(i)
        label = plot.get_attribute("aria-label")
        assert plot.get_attribute("role") == "img" and label
        table = plot.locator("xpath=following-sibling::details[contains(@class, 'chart-data')]//table")
        assert table.locator("caption").text_content() == label
        assert table.locator("tbody tr").count() >= 1
        if table.locator("tbody td[colspan]").count() == 0:  # else: "No data for this year."
            assert table.locator("tbody th[scope=row]").count() == table.locator("tbody tr").count()
    # The map's table lists the countries with their number of nodes, from the figure's own data.
    map_rows = page.locator("#plot-world_map + details table tbody tr")
    assert map_rows.count() >= 3 and any("Lao" in text for text in map_rows.all_text_contents())
    # The chart's title is drawn in the plot's own top margin: nothing sits over it.
    title = page.locator("#plot-world_map .gtitle").first.bounding_box()
    geo = page.locator("#plot-world_map .geo").first.bounding_box()
    assert title["y"] + title["height"] <= geo["y"] + 1
    page.locator("#dashboard details.chart-data summary").first.click()
    assert page.locator("#dashboard details.chart-data[open] table").first.is_visible()
    assert errors == []


def test_node_chart_loads_on_demand_and_its_table_is_on_the_page(page, db):
    logins = load_demo(db)
    from sqlalchemy import select

    from app.nodes.models import Node

    node_id = db.session.scalar(select(Node.id).where(Node.code == "LAO"))
    db.session.commit()
    sign_in(page, *logins["board"])
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if "plotly.min.js" in r.url else None)
    page.goto(f"/nodes/{node_id}")
    assert page.locator("#quarterly-reports table caption").inner_text() == "Key figures by quarter"
    if page.locator("#node-chart-details").count() == 0:
        pytest.skip("the demo node has no reports the board may see")
    assert scripts == []  # nothing heavy on first load
    page.click("#node-chart-details summary")
    page.wait_for_selector("#node-chart[data-plotly-drawn='true']")
    assert len(scripts) == 1 and page.locator("#node-chart .modebar").count() == 0
