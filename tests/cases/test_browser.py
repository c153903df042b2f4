"""In a real browser: record a case with the tag picker, then find it from the coverage view."""

import re

import pytest

from tests.browser import sign_in
from tests.conftest import PASSWORD


def settle(page) -> None:
    """Let the page's last requests (the favicon) finish before the next navigation: a request
    the browser abandons mid-response leaves the dev server's file handle to the garbage
    collector, and the ResourceWarning fails whichever test runs then."""
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_secretariat_tags_a_case_with_the_picker_and_finds_it_from_coverage(page, user_factory, make):
    make.organization(acronym="LASAC", country="CHN")
    email = user_factory("secretariat").email
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, email, PASSWORD)
    settle(page)

    page.goto("/cases/new")
    page.fill("input[name=title]", "Relief of the 2018 dam-break disaster")
    page.select_option("select[name=countries]", ["LAO"])
    page.select_option("select[name=status]", "completed")
    # The raw code fields give way to the picker when script runs.
    assert page.locator("input[name=sdg]").is_hidden()

    page.fill("#tag-search", "11.5")
    page.click('#tag-options [role=option][data-vocabulary="sdg"][data-code="11.5.2"]')
    page.fill("#tag-search", "B-1")
    page.wait_for_selector('#tag-options [role=option][data-code="B-1"]')
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # chooses; does not submit the form
    page.fill("#tag-search", "disaster")
    page.wait_for_selector('#tag-options [role=option][data-vocabulary="sendai"]')
    page.keyboard.press("Escape")
    chips = page.locator("[data-chips] .tag-chip")
    assert chips.count() == 2
    assert page.input_value("input[name=sdg]") == "11.5.2"
    assert page.input_value("input[name=sendai]") == "B-1"
    assert "/cases/new" in page.url

    page.click("#case-form button[type=submit]")
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    assert page.locator("#tags-sdg").inner_text().startswith("SDG 11.5.2")
    settle(page)

    page.goto("/cases/coverage")
    settle(page)
    page.click("#sdg-11 a[data-count]")
    page.wait_for_url(re.compile(r"/cases\?sdg=11$"))
    assert page.locator("#cases tbody tr").count() == 1
    assert "dam-break" in page.locator("#cases").inner_text()
    settle(page)

    page.goto("/cases/coverage")
    settle(page)
    page.click("#sendai-B a[data-count]")
    page.wait_for_url(re.compile(r"/cases\?sendai=B$"))
    assert "dam-break" in page.locator("#cases").inner_text()
    settle(page)
    assert problems == []


@pytest.mark.browser
def test_a_chip_removed_in_the_picker_leaves_the_case(page, user_factory, make):
    email = user_factory("secretariat").email
    case_id = make.case(title="Forest map", sdg=["15.1.1", "15.2"]).id
    sign_in(page, email, PASSWORD)
    settle(page)
    page.goto(f"/cases/{case_id}/edit")
    page.click('[data-chips] .tag-chip[data-code="15.2"] [data-remove]')
    assert page.input_value("input[name=sdg]") == "15.1.1"
    page.click("#case-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/cases/{case_id}$"))
    assert "15.2" not in page.locator("#tags-sdg").inner_text()
    settle(page)


@pytest.mark.browser
def test_the_participants_table_grows_a_row(page, user_factory):
    email = user_factory("secretariat").email
    sign_in(page, email, PASSWORD)
    settle(page)
    page.goto("/events/new")
    page.click("[data-add-participant-row]")
    assert page.locator("tr[data-participant-row]").count() == 4
    assert page.locator("select[name='participants-3-country']").count() == 1
    settle(page)
