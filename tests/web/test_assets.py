"""Static files: fingerprinted, cached a year, precompressed; pages compressed and signed-in pages no-store."""

import gzip
import json
import re
from pathlib import Path

import brotli
import pytest

STATIC = Path(__file__).parents[2] / "app" / "static"


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/(?:static|bootstrap)/[^"]+)"', html)


def test_static_urls_carry_a_content_hash_and_are_cached_a_year(client, login_as):
    login_as("board")
    html = client.get("/").get_data(as_text=True)
    urls = _asset_urls(html)
    assert any("css/app.css" in u for u in urls) and any("bootstrap.min.css" in u for u in urls)
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", url


def test_a_url_without_the_current_hash_revalidates(client):
    response = client.get("/static/css/app.css?v=000000000000")
    assert response.headers["Cache-Control"] == "no-cache"
    again = client.get("/static/css/app.css", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_hash_changes_with_the_content(app, tmp_path):
    from app.web import assets

    (tmp_path / "a.css").write_text("body { color: red; }")
    first = assets.fingerprint(str(tmp_path), "a.css")
    (tmp_path / "a.css").write_text("body { color: blue; }")
    assert assets.fingerprint(str(tmp_path), "a.css") != first
    assert assets.fingerprint(str(tmp_path), "../a.css") is None


@pytest.mark.parametrize(("encoding", "decode"), [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_static_files_are_sent_compressed(client, encoding, decode):
    response = client.get("/static/vendor/plotly/plotly.min.js", headers={"Accept-Encoding": f"{encoding}"})
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert decode(response.data) == (STATIC / "vendor/plotly/plotly.min.js").read_bytes()
    assert len(response.data) < 500_000


@pytest.mark.parametrize(("encoding", "decode"), [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_pages_are_sent_compressed_and_stay_no_store(client, login_as, encoding, decode):
    login_as("board")
    response = client.get("/nodes", headers={"Accept-Encoding": encoding})
    assert response.headers["Content-Encoding"] == encoding
    assert response.headers["Cache-Control"] == "no-store"
    assert b"</html>" in decode(response.data)


def test_the_plotly_bundle_holds_every_trace_type_the_charts_use_and_no_more():
    from app.reports import dashboard

    bundle = (STATIC / "vendor/plotly/plotly.min.js").read_text(encoding="utf-8")
    assert bundle.startswith("/** plotly.js v4.1.1 (scatter, bar, pie, choropleth)")
    snapshot = {"annex": {"nodes": {"columns": ["ISO", "Code", "Country"], "rows": [["LAO", "LAO", "Laos"]]}},
                "sections": [{"key": "s", "charts": [
                    {"id": k, "kind": k, "title": k, "categories": ["a"], "series": [{"name": "n", "values": [1]}]}
                    for k in ("pie", "line", "hbar", "bar", "stacked")]}]}
    used = {trace["type"] for figure in dashboard.dashboard_figures(snapshot, money_by_partner=True)
            for trace in figure["data"]} | {"bar", "scatter"}  # app/nodes/charts.py: bars and lines
    for trace_type in used:
        assert f'name:"{trace_type}"' in bundle, trace_type
    for absent in ("scattergl", "scatter3d", "heatmap", "sankey"):
        assert f'name:"{absent}"' not in bundle, absent
    assert len(bundle.encode()) < 1_500_000
    assert json.dumps(sorted(used)) == '["bar", "choropleth", "pie", "scatter"]'


def test_old_plotly_urls_lead_to_the_fingerprinted_bundle(client):
    response = client.get("/vendor/plotly.min.js")
    assert response.status_code == 302
    assert re.search(r"/static/vendor/plotly/plotly\.min\.js\?v=[0-9a-f]{12}$", response.headers["Location"])
    css = client.get("/vendor/plotly.css", follow_redirects=True)
    assert b".js-plotly-plot .plotly" in css.data


def test_the_precompressed_plotly_bundle_matches_the_bundle(client):
    bundle = STATIC / "vendor/plotly/plotly.min.js"
    packed = (STATIC / "vendor/plotly/plotly.min.js.br").read_bytes()
    assert brotli.decompress(packed) == bundle.read_bytes()
    response = client.get("/static/vendor/plotly/plotly.min.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "br" and response.data == packed


def test_the_csrf_token_in_compressed_pages_changes_every_second_and_only_signed_is_accepted(
        app, client, login_as, monkeypatch):
    """BREACH (README, "Compression and BREACH"): the token a page carries is the session's secret signed
    with a timestamp; its signature changes every second, faster than the thousands of requests BREACH
    needs to guess it, and the secret alone (the part that stays the same) is refused."""
    import flask_wtf.csrf
    from flask import g
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    from tests.conftest import csrf_enabled

    def signed_at(second: int):
        class Signer(TimestampSigner):
            def get_timestamp(self):
                return second

        return type("Serializer", (URLSafeTimedSerializer,), {"default_signer": Signer})

    login_as("board")
    tokens = []
    for second in (1_700_000_000, 1_700_000_001):
        monkeypatch.setattr(flask_wtf.csrf, "URLSafeTimedSerializer", signed_at(second))
        g.pop("csrf_token", None)  # the tests' app context outlives a request; a browser's does not
        html = client.get("/nodes", headers={"Accept-Encoding": "gzip"})
        assert html.status_code == 200, html.headers
        assert html.headers["Content-Encoding"] == "gzip"
        tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', gzip.decompress(html.data).decode()).group(1))
    (secret, signed_first), (secret_again, signed_next) = (token.split(".", 1) for token in tokens)
    assert secret == secret_again and signed_first != signed_next
    with csrf_enabled(app):
        assert client.post("/logout", data={"csrf_token": secret}).status_code == 400
        assert client.post("/logout", data={"csrf_token": tokens[1]}).status_code == 302
