"""Report pages: archive, generate, publish, downloads, exports, dashboard, public progress page."""

import io
import json
import re
from datetime import date

import brotli
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook

from app.nodes.models import Node
from app.reports.models import Report, ReportStatus
from tests.reports.pdf_text import text


@pytest.fixture
def reports(make):
    host = make.organization(name="=HYPERLINK(\"http://evil\")", country="LAO", joined_on=date(2025, 2, 1))
    make.node("LAO", host=host, established_on=date(2019, 1, 1))
    make.node("KEN", host=make.organization(name="Host KEN", country="KEN"), established_on=date(2019, 1, 1))
    published = make.report("annual", 2024, publish=True)
    draft = make.report("annual", 2025)
    return published, draft


def test_board_sees_and_downloads_published_reports_only(client, login_as, reports):
    published, draft = reports
    login_as("board")
    page = client.get("/reports").get_data(as_text=True)
    assert "Annual report 2024" in page and "Annual report 2025" not in page
    assert "Generate a report" not in page
    response = client.get(f"/reports/{published.id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "PUBLISHED" in text(response.data)
    for url in (f"/reports/{draft.id}", f"/reports/{draft.id}/report.pdf", f"/reports/{draft.id}/data.json",
                f"/reports/{draft.id}/figures.xlsx"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/reports/{published.id}/correct").status_code == 403
    assert client.post("/reports/generate", data={"kind": "annual", "year": 2023}).status_code == 403


def test_secretariat_generates_regenerates_and_publishes(client, login_as, make, db):
    make.node("LAO")
    login_as("secretariat")
    response = client.post("/reports/generate", data={"kind": "seasonal", "year": 2025, "quarter": "3"})
    assert response.status_code == 302
    report = db.session.scalars(db.select(Report)).one()
    assert report.period == "2025Q3" and report.status == ReportStatus.draft
    page = client.get(f"/reports/{report.id}").get_data(as_text=True)
    assert report.pdf_sha256 in page and "Publish" in page
    assert client.post(f"/reports/{report.id}/regenerate").status_code == 303
    assert client.post(f"/reports/{report.id}/publish").status_code == 303
    db.session.expire_all()
    assert db.session.get(Report, report.id).status == ReportStatus.published
    # Regenerating it now is refused and leaves it as it was.
    before = db.session.get(Report, report.id).pdf_sha256
    response = client.post(f"/reports/{report.id}/regenerate", follow_redirects=True)
    assert "never changes" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Report, report.id).pdf_sha256 == before
    # A correction is a new version.
    assert client.post(f"/reports/{report.id}/correct").status_code == 303
    assert db.session.scalar(db.select(db.func.count(Report.id))) == 2


def test_generate_form_reports_bad_input(client, login_as, db):
    login_as("secretariat")
    response = client.post("/reports/generate", data={"kind": "seasonal", "year": 2025, "quarter": ""})
    assert response.status_code == 422
    assert "quarter" in response.get_data(as_text=True).lower()
    assert db.session.scalar(db.select(db.func.count(Report.id))) == 0


def test_exports_are_formula_safe(client, login_as, reports):
    published, _draft = reports
    login_as("board")
    response = client.get(f"/reports/{published.id}/figures.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[:2] == ["Headline", "The network"] and book.sheetnames[-2:] == ["Nodes", "Nodes by quarter"]
    assert "Agreements" in book.sheetnames  # one sheet per area
    cells = [c.value for row in book["Nodes"].iter_rows() for c in row]
    assert "'=HYPERLINK(\"http://evil\")" in cells and "=HYPERLINK(\"http://evil\")" not in cells
    csv_text = client.get(f"/reports/{published.id}/figures.csv").get_data(as_text=True)
    assert csv_text.startswith("area,table,row,column,value")
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text
    data = client.get(f"/reports/{published.id}/data.json")
    assert json.loads(data.data)["period"]["key"] == "2024"


def _embedded_figures(html: str) -> list[dict]:
    block = re.search(r'<script type="application/json" id="dashboard-figures">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_dashboard_draws_plotly_figures_from_the_snapshot(client, login_as, reports):
    login_as("board")
    page = client.get("/dashboard?year=2025")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/static/vendor/plotly/plotly.min.js?v=" in html and "js/dashboard.js" in html
    assert re.search(r'data-topojson-url="/vendor/topojson/[0-9a-f]{12}/"', html)
    for chunk in html.split("<script")[1:]:  # scripts are files; the one data block is never run
        assert chunk.lstrip().startswith(("src=", 'type="application/json" id="dashboard-figures"'))
    assert "unsafe-eval" not in page.headers["Content-Security-Policy"]
    figures = client.get("/dashboard/figures.json?year=2025").json["figures"]
    assert _embedded_figures(html) == figures  # the page carries the same figures: no second request
    assert figures[0]["id"] == "world_map"
    assert sorted(figures[0]["data"][0]["locations"]) == ["KEN", "LAO"]
    for figure in figures:
        go.Figure({"data": figure["data"], "layout": figure["layout"]})  # valid plotly JSON, or this raises


def test_dashboard_page_holds_every_chart_as_a_table_before_any_script_runs(client, login_as, reports):
    login_as("board")
    html = client.get("/dashboard?year=2025").get_data(as_text=True)
    figures = _embedded_figures(html)
    plots = re.findall(r'<div class="dashboard-plot[^"]*" id="([^"]+)" data-figure="([^"]+)" role="img" '
                       r'aria-label="([^"]*)">', html)
    # every figure has its place, the map last (it alone waits for map data)
    assert [figure_id for _dom, figure_id, _label in plots] == [f["id"] for f in figures[1:]] + ["world_map"]
    tables = re.findall(r"<caption>(.*?)</caption>.*?<tbody>(.*?)</tbody>", html, re.S)
    assert [caption for caption, _body in tables] == [label for _dom, _id, label in plots]
    world = tables[-1][1]
    assert re.search(r'<th scope="row">Kenya: KEN</th><td class="text-end">1</td>', world)
    assert "Lao" in world


def test_dashboard_figures_are_compact():
    from app.reports.dashboard import compact

    figure = {"data": [{"y": [1 / 3, 12345.678, 0.000123456, 7, None, "a"]}], "layout": {"height": 360}}
    assert compact([figure]) == [{"data": [{"y": [0.333, 12345.68, 0.000123, 7, None, "a"]}],
                                  "layout": {"height": 360}}]


def test_the_map_data_url_carries_its_fingerprint_and_is_cached_a_year(client, login_as, reports):
    from app.web.assets import topojson_fingerprint

    login_as("board")
    html = client.get("/dashboard?year=2025").get_data(as_text=True)
    base = re.search(r'data-topojson-url="([^"]+)"', html).group(1)
    assert base == f"/vendor/topojson/{topojson_fingerprint()}/"
    world = client.get(base + "world_110m.json", headers={"Accept-Encoding": "br"})
    assert world.status_code == 200 and world.headers["Content-Encoding"] == "br"
    assert world.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert {"countries", "land"} <= set(json.loads(brotli.decompress(world.data))["objects"])
    stale = client.get("/vendor/topojson/000000000000/world_110m.json")
    assert stale.status_code == 200 and stale.headers["Cache-Control"] == "no-cache"
    assert client.get(base + "nothing.json").status_code == 404
    assert client.get(base + "README.md").status_code == 404


def test_the_map_data_fingerprint_changes_with_the_files(tmp_path):
    from app.web.assets import topojson_fingerprint

    (tmp_path / "world_110m.json").write_text('{"objects": {}}')
    first = topojson_fingerprint(tmp_path)
    (tmp_path / "world_110m.json").write_text('{"objects": {"land": {}}}')
    second = topojson_fingerprint(tmp_path)
    (tmp_path / "world_50m.json").write_text("{}")
    assert len({first, second, topojson_fingerprint(tmp_path)}) == 3


def test_plotly_and_map_data_are_served_locally(client):
    response = client.get("/vendor/plotly.min.js", follow_redirects=True)
    assert response.status_code == 200 and b"plotly.js v" in response.data[:200]
    assert response.mimetype == "text/javascript"
    world = client.get("/static/vendor/topojson/world_110m.json")
    assert world.status_code == 200
    objects = json.loads(world.data)["objects"]
    assert {"countries", "land", "coastlines", "ocean"} <= set(objects)
    world.close()


def test_public_progress_page_shows_published_reports_and_nothing_confidential(client, reports, make, db):
    published, draft = reports
    coordinator = make.person(name="Secret Coordinator", email="secret.person@example.org")
    node = db.session.scalars(db.select(Node)).first()
    node.coordinator_id = coordinator.id
    db.session.commit()
    response = client.get("/progress")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Annual report 2024" in page and "Annual report 2025" not in page
    assert f"/progress/{published.id}/report.pdf" in page and f"/progress/{draft.id}/" not in page
    assert "Active nodes" in page
    for secret in ("Secret Coordinator", "secret.person@example.org", "HYPERLINK", "sha256", published.pdf_sha256,
                   "/reports/", "Sign out"):
        assert secret not in page, secret
    assert client.get(f"/progress/{published.id}/report.pdf").status_code == 200
    assert client.get(f"/progress/{draft.id}/report.pdf").status_code == 404
    assert client.get(f"/reports/{published.id}/report.pdf").status_code == 302  # the archive needs sign-in


def test_report_list_makes_few_queries(client, login_as, make, app, db):
    from sqlalchemy import event

    make.node("LAO")
    for year in (2021, 2022, 2023, 2024):
        make.report("annual", year, publish=True)
    login_as("secretariat")
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get("/reports").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) <= 8


def test_dashboard_hides_partners_money_from_coordinators(client, login, make, user_factory):
    node = make.node("LAO")
    make.contribution(make.organization(name="Rich partner", acronym="RICH"), year=2025, amount="5000",
                      currency="USD")
    login(user_factory("coordinator", node=node))
    ids = [f["id"] for f in client.get("/dashboard/figures.json?year=2025").json["figures"]]
    assert "contributions.by_kind" in ids and "contributions.top_partners" not in ids
    page = client.get("/dashboard?year=2025").get_data(as_text=True)  # nor its tables and figures in the page
    assert "contributions.by_kind" in page and "contributions.top_partners" not in page and "RICH" not in page
    client.post("/logout")
    login(user_factory("board"))
    figures = {f["id"]: f for f in client.get("/dashboard/figures.json?year=2025").json["figures"]}
    assert figures["contributions.top_partners"]["data"][0]["y"] == ["RICH"]


def test_the_report_page_writes_its_period_in_the_readers_language(client, login_as, reports, db):
    published, _draft = reports
    user = login_as("board")
    user.locale = "fr"
    db.session.commit()
    page = client.get(f"/reports/{published.id}").get_data(as_text=True)
    assert "1 janv. 2024 – 31 déc. 2024" in page and "2024-01-01" not in page


def test_a_report_held_without_its_figures_still_shows(client, login_as, reports, db):
    """A published report synced to a node instance carries its PDF, not its figures (they stay on the hub):
    its page, the progress page and the PDF work; the figure exports say they are not here."""
    published, _draft = reports
    published.snapshot_json = ""  # as sync's _published_apply_local keeps it on a node
    db.session.commit()
    assert client.get("/progress").status_code == 200
    login_as("board")
    page = client.get(f"/reports/{published.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Annual report 2024" in html and "The figures of this report are kept on the hub" in html
    assert f"/reports/{published.id}/figures.xlsx" not in html
    assert client.get(f"/reports/{published.id}/report.pdf").status_code == 200
    for url in (f"/reports/{published.id}/figures.xlsx", f"/reports/{published.id}/figures.csv",
                f"/reports/{published.id}/data.json"):
        assert client.get(url).status_code == 404, url
