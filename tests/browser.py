"""Browser-test support: a live server on the test app and a Playwright page in Debian's Chromium.

Use the `page` and `live_server` fixtures (registered in conftest) and mark tests with
`@pytest.mark.browser`. Without /usr/bin/chromium the tests skip with a message, except
under CI=true, where missing Chromium is a failure: CI can never pass by skipping.
"""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def skip_or_fail(reason: str) -> None:
    """Skip locally with the reason; fail under CI."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a skipped browser test is a failure)")
    pytest.skip(reason)


@pytest.fixture
def live_server(app):
    """Serve the test app on a free local port for the duration of one test, with CSRF on."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def page(live_server):
    if not CHROMIUM.exists():
        skip_or_fail("Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server)
        context.set_default_timeout(15000)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()


def sign_in(page, email: str, password: str) -> None:
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
