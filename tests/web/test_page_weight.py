"""First-load weight: every page with everything it loads, compressed as a browser gets it (brotli),
stays under 300 kB; the dashboard, plotly.js and its data included, under 1 MB.

Times are measured by bench/pages.py in a throttled browser; here only bytes, which do not vary.
"""

import re

from tests.web.demo_pages import demo_values, load_demo, page_urls

PAGE_BUDGET = 300_000
DASHBOARD_BUDGET = 1_000_000
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def _weight(client, url: str, seen: set[str]) -> int:
    response = client.get(url, headers=BROWSER)
    size = len(response.data)
    if response.mimetype != "text/html":
        return size
    html = response.get_data(as_text=True) if "Content-Encoding" not in response.headers else _decoded(response)
    # What the page loads by itself; the node page's chart loads plotly.js only when opened, the dashboard
    # loads it with its style rules and, to draw the map, the map data.
    loads = "href|src|data-plotly-src|data-plotly-css" if url.startswith("/dashboard") else "href|src"
    assets = re.findall(rf'(?<![\w-])(?:{loads})="(/[^"]+)"', html)
    if url.startswith("/dashboard"):
        assets += [base + "world_110m.json" for base in re.findall(r'data-topojson-url="(/[^"]+)"', html)]
    assets = [a.replace("&amp;", "&") for a in assets if a.startswith(("/static/", "/bootstrap/", "/vendor/"))]
    for asset in assets:
        if asset.endswith("/") or asset in seen:
            continue
        seen.add(asset)
        size += len(client.get(asset, headers=BROWSER).data)
    return size


def _decoded(response) -> str:
    import brotli

    return brotli.decompress(response.data).decode() if response.headers["Content-Encoding"] == "br" else ""


def test_every_page_is_light_on_first_load(app, client, db):
    logins = load_demo(db)
    urls = page_urls(app, demo_values(db))
    client.post("/login", data=dict(zip(("email", "password"), logins["secretariat"], strict=True)))
    weights = {url: _weight(client, url, set()) for url in urls}
    heavy = {url: w for url, w in weights.items()
             if w > (DASHBOARD_BUDGET if url.startswith("/dashboard") else PAGE_BUDGET)}
    assert heavy == {}
    assert weights["/dashboard"] > 380_000  # plotly.js and the map data were counted
    assert max(w for url, w in weights.items() if not url.startswith("/dashboard")) < PAGE_BUDGET
