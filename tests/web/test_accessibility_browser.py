"""axe-core on every page, for every role, on the demo network: no critical or serious violation
of WCAG 2.0 A/AA or 2.1 AA.

axe-core 4.14.1 (MPL-2.0, tests/assets/axe.min.js, see tests/assets/README.md) is evaluated in the
page through the DevTools protocol, which the page's CSP does not govern.
"""

from collections import defaultdict
from pathlib import Path

import pytest

from tests.browser import sign_in
from tests.web.demo_pages import demo_values, load_demo, page_urls

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parents[1] / "assets" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
ANONYMOUS_PAGES = ["/login", "/help", "/progress", "/no-such-page"]
RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.filter((v) => ["critical", "serious"].includes(v.impact))
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  targets: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
}"""


def violations(page, urls) -> dict[str, list[str]]:
    """{rule: ["url: element …"]} of the critical and serious violations on these pages."""
    found = defaultdict(list)
    for url in urls:
        page.goto(url)
        if url.startswith("/dashboard"):
            page.wait_for_selector("#dashboard [data-plotly-drawn]")
        page.evaluate(AXE)
        for v in page.evaluate(RUN, TAGS):
            found[f"{v['id']} ({v['impact']}): {v['help']}"].append(f"{url}: {', '.join(v['targets'])}")
    return dict(found)


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{rule} on {len(where)} page(s)\n    " + "\n    ".join(where) for rule, where in found.items())


@pytest.mark.parametrize("role", ["admin", "secretariat", "coordinator", "board"])
def test_no_serious_axe_violation_on_any_page(app, page, db, role):
    logins = load_demo(db)
    urls = page_urls(app, demo_values(db))
    db.session.commit()  # end the test's transaction: on SQLite it would hold the lock the server needs
    assert len(urls) >= 50
    sign_in(page, *logins[role])
    found = violations(page, urls)
    assert not found, report(found)


def test_no_serious_axe_violation_on_public_pages(page, db):
    load_demo(db)
    found = violations(page, ANONYMOUS_PAGES)
    assert not found, report(found)
