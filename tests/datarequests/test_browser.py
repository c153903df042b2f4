"""In a real browser: a coordinator draws the area on the map, and the request is flagged across the border."""

import re

import pytest

from tests.browser import sign_in
from tests.conftest import PASSWORD


@pytest.mark.browser
def test_a_coordinator_draws_an_area_across_the_mekong(page, user_factory, licensed):
    email = user_factory("coordinator", node=licensed["node"]).email
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, email, PASSWORD)
    page.wait_for_load_state("networkidle")

    page.goto("/data-requests/new")
    page.wait_for_load_state("networkidle")
    canvas = page.locator("[data-area-draw] canvas")
    assert canvas.is_visible()
    # Zoom on South-East Asia: centre the view on the area from the field, as an edit would.
    page.fill("#area", '{"type": "Polygon", "coordinates": [[[101.5, 17.5], [103.5, 17.5], [103.5, 19], '
                       '[101.5, 17.5]]]}')
    page.dispatch_event("#area", "change")
    page.click("[data-clear]")
    assert page.input_value("#area") == ""
    box = canvas.bounding_box()
    for fx, fy in ((0.3, 0.3), (0.7, 0.3), (0.7, 0.7), (0.3, 0.7)):
        canvas.click(position={"x": box["width"] * fx, "y": box["height"] * fy})
    drawn = page.input_value("#area")
    assert drawn.startswith('{"type":"Polygon"')

    page.fill("input[name=title]", "Vientiane plain")
    page.fill("input[name=acquired_from]", "2025-08-01")
    page.fill("input[name=acquired_to]", "2025-09-30")
    page.select_option("select[name=satellites]", ["GF-2"])
    page.select_option("select[name=product_levels]", ["L1"])
    page.select_option("select[name=purpose]", "research")
    page.click("#data-request-form button[type=submit]")
    page.wait_for_url(re.compile(r"/data-requests/\d+$"))
    assert page.locator("#license-result").get_attribute("data-covered") == "no"
    assert "Thailand" in page.locator("#license").inner_text()
    page.wait_for_load_state("networkidle")
    assert problems == []
