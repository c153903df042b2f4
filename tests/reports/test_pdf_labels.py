"""What people read in the report PDF (issue 11, point 9): labels not codes, years not "2,021", headers over
their numeric columns, headline values that never run into each other, legends inside the page."""

from datetime import date

from app.core.periods import Period
from app.reports.charts import drawing_for
from app.reports.figures import build_snapshot
from app.reports.pdf import BODY_WIDTH, render_pdf
from tests.reports.pdf_text import layout, text


def pdf_of(snapshot) -> bytes:
    return render_pdf(snapshot, status="draft", version=1, data_sha256="0" * 64)


def network_with_codes(make):
    org = make.organization(name="Mekong Watch", acronym="MW", kind="ngo", joined_on=date(2025, 2, 1))
    make.node("MEK", host=org, established_on=date(2020, 1, 1))
    make.trainee(kind="staff_exchange", start_on=date(2025, 3, 1))
    make.contribution(org=org, year=2021, amount="123456789.5")
    make.contribution(org=org, year=2025, amount="987654321.25")
    make.agreement(kind="letter_of_intent", status="draft")


def test_the_pdf_shows_labels_and_years_never_codes(make):
    network_with_codes(make)
    content = text(pdf_of(build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")))
    assert "Non-governmental organization" in content and "Staff exchange" in content
    assert "Letter of intent" in content
    for code in ("data_license", "staff_exchange", " ngo", "letter_of_intent", "on_time", "disaster_risk"):
        assert code not in content, code
    assert "2021" in content and "2,021" not in content and "2,025" not in content
    assert "1 partner organization joined" in content  # ngettext: never "1 partner organizations"


def test_numeric_headers_sit_over_their_right_aligned_columns(make):
    network_with_codes(make)
    lines = layout(pdf_of(build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD"))).splitlines()
    header = next(i for i, line in enumerate(lines) if "Value (USD)" in line and "Contributions" in line)
    header_end = lines[header].index("Value (USD)") + len("Value (USD)")
    row = next(line for line in lines[header + 1:] if line.strip().startswith("Financial"))
    value = "987,654,321.25"
    assert abs(row.index(value) + len(value) - header_end) <= 2, (lines[header], row)


def test_headline_values_do_not_overlap(make):
    network_with_codes(make)
    lines = layout(pdf_of(build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD"))).splitlines()
    row = next(line for line in lines if "$987,654,321.25" in line)
    # this period, previous and change stand apart, each whole (money in the locale's currency format)
    assert "  " in row.split("$987,654,321.25", 1)[1]


def test_chart_legends_stay_inside_the_drawing():
    spec = {"kind": "bar", "title": "t", "categories": ["a", "b"], "unit": "",
            "series": [{"name": "Accepted reports in the quarter", "values": [1, 2]},
                       {"name": "Submitted", "values": [2, 1]}]}
    drawing = drawing_for(spec, BODY_WIDTH)
    legend = next(c for c in drawing.contents if type(c).__name__ == "Legend")
    x0, _y0, x1, _y1 = legend.getBounds()
    assert 0 <= x0 and x1 <= drawing.width


def test_pages_and_filters_show_labels_not_codes(client, login_as, make):
    org = make.organization(name="Mekong Watch", kind="ngo")
    make.trainee(kind="staff_exchange", start_on=date(2025, 3, 1))
    login_as("secretariat")
    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "Non-governmental organization" in page and ">ngo<" not in page
    listing = client.get("/trainees").get_data(as_text=True)
    assert "Staff exchange" in listing and ">staff_exchange<" not in listing
    filters = client.get("/organizations").get_data(as_text=True)
    assert '<option value="prospective" >Prospective</option>' in filters or ">Prospective</option>" in filters


def test_the_dashboards_year_axis_is_a_category_axis(client, login_as, make):
    make.contribution(year=2024)
    login_as("board")
    figures = {f["id"]: f for f in client.get("/dashboard/figures.json?year=2025").json["figures"]}
    chart = figures["contributions.by_year"]
    assert chart["layout"]["xaxis"]["type"] == "category" and chart["data"][0]["x"][-1] == "2025"
