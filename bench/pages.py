"""Benchmark (not a test): every page of the demo network over a slow link, in Chromium.

    .venv/bin/python bench/pages.py [--kbps 1000] [--latency-ms 300] [--roles board,secretariat]
                                    [--only /dashboard] [--repeat 3] [--keep /tmp/bench-demo]

Loads the demo network into a fresh SQLite file (or the one kept in --keep by an earlier run), serves it
(`flask run`, one process), and drives Debian's Chromium through Playwright with the DevTools protocol's
network throttling (Network.emulateNetworkConditions: 1 Mbps down and up, 300 ms latency by default).
For each page and role it prints, on a cold cache (first visit), in seconds since the navigation started:

- kB: bytes transferred (compressed, headers included: every response's encodedDataLength), requests;
- usable: the page can be read and used. The navbar works (Bootstrap's script and app.js have run:
  app.js sets the performance mark "csdr-interactive"), the first contentful paint is done, and on the
  dashboard the headline figures and the first chart's data table are painted (element timing:
  `elementtiming="headline"` and `"data-table"` in the template); "kB then": bytes received by then
  (resource timing);
- chart 1 / charts: on the dashboard, the first chart and the last one drawn (marks "csdr-chart-drawn"
  and "csdr-charts-drawn" set by dashboard.js);
- load: the load event; and for the next visit (warm cache) its bytes and load event.

Targets (issue 14): every page under 300 kB on first load, the dashboard under 1 MB, and usable
within 5 s at 1 Mbps / 300 ms. Pages over budget are listed at the end (exit status 1).
"""

import argparse
import json
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
    """A migrated database with the demo network (kept in workdir for the next run), served on a free port;
    (server, base URL, logins, env)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}", "CSDR_DATA_DIR": str(workdir),
           "SECRET_KEY": "bench-secret-key", "CSDR_ENV": "development", "LOGIN_LIMIT_ACCOUNT": "1000 per minute",
           "LOGIN_LIMIT_ADDRESS": "1000 per minute"}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    kept = workdir / "logins.json"
    if kept.is_file():
        logins = {role: tuple(login) for role, login in json.loads(kept.read_text()).items()}
    else:
        subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
        out = subprocess.run([*flask, "demo", "load"], cwd=ROOT, env=env, check=True, capture_output=True,
                             text=True)
        logins = {m[0]: (m[1], m[2]) for m in re.findall(r"^\s+(\w+)\s+(\S+@\S+)\s+(\S+)$", out.stdout, re.M)}
        kept.write_text(json.dumps(logins))
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


# What a page has shown and done, read from its performance timeline (ms since the navigation started).
# Element timing: the browser reports when the text of each element marked `elementtiming` was painted.
TIMELINE = """async (wanted) => {
  const painted = {};
  const collect = (entries) => entries.forEach((e) => {
    painted[e.identifier] = Math.max(painted[e.identifier] || 0, e.renderTime || e.loadTime);
  });
  const observer = new PerformanceObserver((list) => collect(list.getEntries()));
  observer.observe({ type: "element", buffered: true });
  await new Promise((resolve) => setTimeout(resolve, 50));
  collect(observer.takeRecords());
  observer.disconnect();
  const marks = (name) => performance.getEntriesByName(name, "mark").map((m) => m.startTime);
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const navigation = performance.getEntriesByType("navigation")[0];
  const present = wanted.filter((id) => document.querySelector(`[elementtiming="${id}"]`));
  const interactive = marks("csdr-interactive")[0];
  const ready = interactive !== undefined && paint && present.every((id) => painted[id]);
  const usable = ready ? Math.max(interactive, paint.startTime, ...present.map((id) => painted[id])) : null;
  const charts = marks("csdr-chart-drawn");
  const resources = performance.getEntriesByType("resource");
  const bytesBy = (t) => navigation.transferSize + resources.filter((r) => r.responseEnd <= t)
    .reduce((sum, r) => sum + r.transferSize, 0);
  return { usable, load: navigation.loadEventEnd || null, firstChart: charts.length ? Math.min(...charts) : null,
           allCharts: marks("csdr-charts-drawn")[0] ?? null, bytesUsable: usable === null ? null : bytesBy(usable) };
}"""


def visit(page, meter: Meter, base: str, url: str) -> dict:
    """One visit: bytes and requests (all of them, through DevTools), and in seconds since the navigation
    started: the load event, usable, and on the dashboard the first and the last chart drawn.

    Usable: the navbar works (its menus open: Bootstrap's script and ours have run, the "csdr-interactive"
    mark), something is painted (first contentful paint) and so is every element marked `elementtiming`
    "headline" (the dashboard's headline figures) and "data-table" (its first chart's title and data
    table, which the page carries before any chart is drawn)."""
    meter.reset()
    page.goto(base + url, wait_until="load", timeout=120_000)
    dashboard = url.startswith("/dashboard")
    wanted = ["headline", "data-table"] if dashboard else []
    times = None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        times = page.evaluate(TIMELINE, wanted)
        if times["usable"] is not None and times["load"] and (not dashboard or times["allCharts"] is not None):
            break
        page.wait_for_timeout(100)
    meter.settle(page)
    seconds = {k: (v / 1000 if v is not None and k != "bytesUsable" else v) for k, v in times.items()}
    return {"bytes": meter.bytes, "requests": meter.requests, **seconds}


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
        workdir = Path(args.keep or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        server, base, logins, env = start_demo(workdir)
        try:
            urls = demo_urls(env)
            if args.only:
                urls = [u for u in urls if u.startswith(tuple(args.only))]
            print(f"{len(urls)} pages; link {args.kbps} kbit/s, {args.latency_ms} ms latency; times in s since"
                  " the navigation started, cold cache (first visit) unless marked warm")
            print(f"{'role':<12} {'page':<32} {'kB':>7} {'req':>4} {'usable':>7} {'kB then':>7} {'chart 1':>7}"
                  f" {'charts':>7} {'load':>6} {'warm kB':>8} {'warm load':>9}")
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
                        for _round in range(args.repeat):
                            meter.clear_cache()
                            cold = visit(page, meter, base, url)
                            warm = visit(page, meter, base, url)
                            if page.url.endswith("/login") and role != "anonymous" and url != "/login":
                                print(f"{role:<12} {url:<32} signed out: skipped")
                                sign_in(page, base, *logins[role])
                                continue
                            budget = DASHBOARD_BUDGET if url.startswith("/dashboard") else PAGE_BUDGET
                            flag = ""
                            if cold["bytes"] > budget:
                                flag += " OVER BUDGET"
                            if cold["usable"] > USABLE_SECONDS:
                                flag += " SLOW"
                            if flag:
                                failures.append(f"{role} {url}{flag}")

                            def s(value):
                                return "" if value is None else f"{value:.2f}"

                            print(f"{role:<12} {url[:32]:<32} {cold['bytes'] / 1000:>7.1f} {cold['requests']:>4}"
                                  f" {s(cold['usable']):>7} {cold['bytesUsable'] / 1000:>7.1f}"
                                  f" {s(cold['firstChart']):>7} {s(cold['allCharts']):>7} {s(cold['load']):>6}"
                                  f" {warm['bytes'] / 1000:>8.1f} {s(warm['load']):>9}{flag}", flush=True)
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
    parser.add_argument("--keep", help="a folder to keep the demo database in and reuse on the next run")
    parser.add_argument("--repeat", type=int, default=1, help="visits of each page (cold, then warm) per role")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
