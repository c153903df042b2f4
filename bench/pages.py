"""Benchmark (not a test): every page of the demo network over a slow link, in Chromium.

    .venv/bin/python bench/pages.py [--kbps 1000] [--latency-ms 300] [--roles secretariat,anonymous] [--only /dashboard]

Loads the demo network into a fresh SQLite file, serves it (`flask run`, one process), and drives
Debian's Chromium through Playwright with the DevTools protocol's network throttling
(Network.emulateNetworkConditions: 1 Mbps down and up, 300 ms latency by default). For each page
and role it prints, on a cold cache (first visit) and a warm one (the next visit):

- bytes transferred (compressed, headers included: the sum of encodedDataLength of every response);
- the time to the load event, and for the dashboard the time until every chart is drawn (usable).

Targets (issue 14): every page under 300 kB on first load, the dashboard under 1 MB, and usable
within 5 s at 1 Mbps / 300 ms.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
PAGE_BUDGET, DASHBOARD_BUDGET, USABLE_SECONDS = 300_000, 1_000_000, 5.0
ANONYMOUS_PAGES = ["/login", "/help", "/progress"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_demo(workdir: Path) -> tuple[subprocess.Popen, str, dict, dict]:
    """A migrated database with the demo network, served on a free port; (server, base URL, logins, env)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}", "CSDR_DATA_DIR": str(workdir),
           "SECRET_KEY": "bench-secret-key", "CSDR_ENV": "development", "LOGIN_LIMIT_ACCOUNT": "1000 per minute",
           "LOGIN_LIMIT_ADDRESS": "1000 per minute"}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    out = subprocess.run([*flask, "demo", "load"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    logins = {m[0]: (m[1], m[2]) for m in re.findall(r"^\s+(\w+)\s+(\S+@\S+)\s+(\S+)$", out.stdout, re.M)}
    port = free_port()
    server = subprocess.Popen([*flask, "run", "--port", str(port), "--no-reload"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.2)
    return server, base, logins, env


def demo_urls(env: dict) -> list[str]:
    """Every GET page of the app with demo ids (the same walk as the accessibility test)."""
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "CSDR_DATA_DIR", "SECRET_KEY")})
    from app import create_app
    from app.extensions import db
    from tests.web.demo_pages import demo_values, page_urls

    app = create_app()
    with app.app_context():
        return page_urls(app, demo_values(db))


class Meter:
    """Counts the bytes of every response of a page through the DevTools protocol."""

    def __init__(self, context, page, kbps: int, latency_ms: int):
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": latency_ms,
            "downloadThroughput": kbps * 1000 / 8, "uploadThroughput": kbps * 1000 / 8})
        self.bytes = 0
        self.requests = 0
        self.in_flight: set[str] = set()
        self.cdp.on("Network.requestWillBeSent", lambda e: self.in_flight.add(e["requestId"]))
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.loadingFailed", lambda e: self.in_flight.discard(e["requestId"]))

    def _finished(self, event):
        self.bytes += int(event["encodedDataLength"])
        self.requests += 1
        self.in_flight.discard(event["requestId"])

    def settle(self, page, quiet_ms: int = 700, limit_s: float = 120) -> None:
        """Wait until no request has been in flight for quiet_ms."""
        deadline = time.monotonic() + limit_s
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)
            if self.in_flight:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= quiet_ms / 1000:
                return

    def reset(self):
        self.bytes = 0
        self.requests = 0

    def clear_cache(self):
        self.cdp.send("Network.clearBrowserCache")


def visit(page, meter: Meter, base: str, url: str) -> tuple[int, int, float, float | None]:
    """(bytes, requests, seconds to the load event, seconds until usable) of one visit."""
    meter.reset()
    started = time.monotonic()
    page.goto(base + url, wait_until="load", timeout=120_000)
    loaded = time.monotonic() - started
    usable = None
    if url.startswith("/dashboard"):
        page.wait_for_selector("#dashboard [data-plotly-drawn]", timeout=120_000)
        meter.first_chart = time.monotonic() - started
        page.wait_for_function("() => !document.getElementById('dashboard-loading') && document.querySelectorAll("
                               "'#dashboard .dashboard-plot').length === document.querySelectorAll("
                               "'#dashboard [data-plotly-drawn]').length", timeout=120_000)
        page.wait_for_timeout(50)
        usable = time.monotonic() - started
    meter.settle(page)
    return meter.bytes, meter.requests, loaded, usable


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda u: "/login" not in u, timeout=60_000)


def run(args) -> int:
    from playwright.sync_api import sync_playwright

    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        server, base, logins, env = start_demo(Path(tmp))
        try:
            urls = demo_urls(env)
            if args.only:
                urls = [u for u in urls if u.startswith(tuple(args.only))]
            print(f"{len(urls)} pages; link {args.kbps} kbit/s, {args.latency_ms} ms latency")
            print(f"{'role':<12} {'page':<48} {'cold kB':>8} {'req':>4} {'load s':>7} {'usable s':>8}"
                  f" {'warm kB':>8} {'load s':>7}")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox",
                                                     "--disable-gpu", "--disable-quic"])
                for role in args.roles:
                    context = browser.new_context()
                    page = context.new_page()
                    if role != "anonymous":
                        sign_in(page, base, *logins[role])
                    meter = Meter(context, page, args.kbps, args.latency_ms)
                    for url in (ANONYMOUS_PAGES if role == "anonymous" else urls):
                        meter.clear_cache()
                        cold = visit(page, meter, base, url)
                        meter.first_chart_cold = getattr(meter, "first_chart", None)
                        warm = visit(page, meter, base, url)
                        if page.url.endswith("/login") and role != "anonymous" and url != "/login":
                            print(f"{role:<12} {url:<48} signed out: skipped")
                            sign_in(page, base, *logins[role])
                            continue
                        usable = cold[3] if cold[3] is not None else cold[2]
                        budget = DASHBOARD_BUDGET if url.startswith("/dashboard") else PAGE_BUDGET
                        flag = ""
                        if cold[0] > budget:
                            flag += " OVER BUDGET"
                        if usable > USABLE_SECONDS:
                            flag += " SLOW"
                        if flag:
                            failures.append(f"{role} {url}{flag}")
                        print(f"{role:<12} {url[:48]:<48} {cold[0] / 1000:>8.1f} {cold[1]:>4} {cold[2]:>7.2f}"
                              f" {'' if cold[3] is None else f'{cold[3]:.2f}':>8} {warm[0] / 1000:>8.1f}"
                              f" {warm[2]:>7.2f}{flag}")
                        if cold[3] is not None:
                            print(f"{'':<12} {'(first chart drawn at':>48} {meter.first_chart_cold:.2f} s cold)")
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print("\nall pages within budget" if not failures else "\n" + "\n".join(failures))
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kbps", type=int, default=1000)
    parser.add_argument("--latency-ms", type=int, default=300)
    parser.add_argument("--roles", type=lambda s: s.split(","), default=["anonymous", "board", "secretariat"])
    parser.add_argument("--only", action="append", help="only pages whose path starts with this (repeatable)")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
