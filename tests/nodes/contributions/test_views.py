"""Pages of the contribution register: list and totals, form, import upload, template, export, rates."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.nodes.contributions.imports import COLUMNS
from app.nodes.contributions.models import Contribution, ExchangeRate
from tests.sql import count_statements


@pytest.fixture
def dlr(make):
    return make.organization(name="German Aerospace Center", acronym="DLR", country="DEU")


def test_list_shows_totals_with_unconverted_money(client, login_as, make, dlr):
    make.exchange_rate(2024, "EUR", "1.10")
    make.contribution(dlr, year=2024, amount="1000", currency="EUR")
    make.contribution(dlr, year=2025, amount="2000", currency="EUR")
    login_as("board")
    html = client.get("/contributions").get_data(as_text=True)
    total = html.split('id="total-all"')[1].split("</p>")[0]
    assert "$1,100.00" in total and "€2,000.00" in total and "unconverted" in total
    by_year = html.split('id="totals-by-year"')[1].split("</table>")[0]
    rows = {row.split("</td>")[0]: row for row in by_year.split("<tr><td>")[1:]}
    assert "€2,000.00" in rows["2025"] and "$" not in rows["2025"]   # a missing rate is never zero
    assert "$1,100.00" in rows["2024"]


def test_list_filters(client, login_as, make, dlr):
    make.contribution(dlr, year=2024, amount="1", description="Old grant")
    make.contribution(dlr, year=2025, amount="2", description="New grant")
    login_as("secretariat")
    html = client.get("/contributions?year=2025").get_data(as_text=True)
    assert "New grant" in html and "Old grant" not in html
    html = client.get("/contributions?q=old").get_data(as_text=True)
    assert "Old grant" in html and "New grant" not in html
    assert client.get("/contributions?year=abc&kind=nope").status_code == 200


def test_list_answers_in_constant_queries(client, login_as, make, dlr):
    node = make.node(code="LAO")
    make.exchange_rate(2024, "EUR", "1.1")
    make.contribution(dlr, year=2024, amount="1", currency="EUR")
    login_as("secretariat")

    def statements():
        client.get("/contributions")
        with count_statements(db.engine) as found:
            assert client.get("/contributions").status_code == 200
        return len(found)

    few = statements()
    for i in range(15):
        org = make.organization(name=f"Partner {i}")
        make.contribution(org, year=2020 + i % 5, node_id=node.id if i % 2 else None, amount=str(i + 1),
                          currency=("EUR", "USD", "CNY")[i % 3])
    assert statements() == few


def test_a_coordinator_sees_other_nodes_money_as_confidential(client, login_as, make, dlr):
    lao, npl = make.node(code="LAO"), make.node(code="NPL")
    make.contribution(dlr, node_id=lao.id, amount="111", description="ours")
    make.contribution(dlr, node_id=npl.id, amount="999", description="theirs")
    login_as("coordinator", node=lao)
    html = client.get("/contributions").get_data(as_text=True)
    table = html.split('id="contributions"')[1]
    assert "$111.00" in table and "999" not in table and "confidential" in table
    assert "999" not in html
    export = client.get("/contributions/export.csv").get_data(as_text=True)
    assert "111.00" in export and "999" not in export


def test_create_edit_and_delete_through_the_pages(client, login_as, make, dlr):
    login_as("secretariat")
    response = client.post("/contributions/new", data={"organization_id": dlr.id, "node_id": "", "year": 2025,
                                                       "kind": "financial", "amount": "", "currency": "EUR"})
    assert response.status_code == 422 and b"A financial contribution needs its amount" in response.data
    response = client.post("/contributions/new", data={"organization_id": dlr.id, "node_id": "", "year": 2025,
                                                       "kind": "financial", "amount": "250.5", "currency": "eur",
                                                       "description": "<b>grant</b>"})
    assert response.status_code == 302
    record = db.session.query(Contribution).one()
    assert record.amount == Decimal("250.50") and record.currency == "EUR"
    page = client.get(f"/contributions/{record.id}")
    assert b"&lt;b&gt;grant&lt;/b&gt;" in page.data and b"History" in page.data
    response = client.post(f"/contributions/{record.id}/edit", data={
        "organization_id": dlr.id, "node_id": "", "year": 2025, "kind": "financial", "amount": "300",
        "currency": "EUR", "version": record.version})
    assert response.status_code == 302
    db.session.refresh(record)
    assert record.amount == Decimal("300.00")
    assert client.post(f"/contributions/{record.id}/delete").status_code == 302
    assert db.session.query(Contribution).count() == 0


def test_board_may_not_create(client, login_as):
    login_as("board")
    assert client.get("/contributions/new").status_code == 403
    assert client.get("/contributions/import").status_code == 403
    assert client.get("/contributions/rates").status_code == 403


def test_upload_page_imports_or_lists_every_problem(client, login_as, make, dlr):
    login_as("secretariat")
    good = (",".join(COLUMNS) + "\nDLR,,2025,financial,10,EUR,,,,,\n").encode()
    response = client.post("/contributions/import", data={"file": (io.BytesIO(good), "c.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302 and db.session.query(Contribution).count() == 1
    bad = (",".join(COLUMNS) + "\nDLR,,2025,financial,10,EUR,,,,,\nNobody,,2025,financial,x,EUR,,,,,\n").encode()
    response = client.post("/contributions/import", data={"file": (io.BytesIO(bad), "c.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    problems = html.split('id="problems"')[1]
    assert "<td>3</td><td>organization</td>" in problems and "<td>3</td><td>amount</td>" in problems
    assert db.session.query(Contribution).count() == 1
    response = client.post("/contributions/import", data={"file": (io.BytesIO(b"x"), "c.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 422


def test_upload_page_refuses_the_same_file_again_skips_known_rows_and_lists_batches(client, login_as, make, dlr):
    user = login_as("secretariat")
    good = (",".join(COLUMNS) + "\nDLR,,2025,financial,10,EUR,,,,A,\n").encode()
    response = client.post("/contributions/import", data={"file": (io.BytesIO(good), "first.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302 and "import_id=1" in response.headers["Location"]
    response = client.post("/contributions/import", data={"file": (io.BytesIO(good), "again.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "This file was imported already: import 1 (first.csv)" in html
    assert db.session.query(Contribution).count() == 1
    more = (",".join(COLUMNS) + "\nDLR,,2025,financial,10,EUR,,,,A,\nDLR,,2025,financial,7,EUR,,,,B,\n").encode()
    response = client.post("/contributions/import", data={"file": (io.BytesIO(more), "more.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    skipped = html.split('id="skipped"')[1].split("</section>")[0]
    assert "<td>2</td><td>already recorded (contribution 1)</td>" in skipped and "<td>3</td>" not in skipped
    assert "Import 2: 1 contributions added, 1 already recorded and skipped." in html
    batches = html.split('id="imports"')[1]
    assert batches.index('data-import="2"') < batches.index('data-import="1"')
    assert "first.csv" in batches and "more.csv" in batches and user.name in batches
    assert db.session.query(Contribution).count() == 2
    listed = client.get("/contributions?import_id=2").get_data(as_text=True)
    assert 'id="import-filter"' in listed
    from app.nodes.contributions.queries import contributions_query

    assert [c.description for c in db.session.scalars(contributions_query(import_id=2)).unique()] == ["B"]
    record = db.session.query(Contribution).filter_by(description="B").one()
    assert "more.csv" in client.get(f"/contributions/{record.id}").get_data(as_text=True)


def test_uploads_beyond_the_size_cap_are_413(app, client, login_as):
    login_as("secretariat")
    app.config["MAX_CONTENT_LENGTH"] = 1024
    try:
        response = client.post("/contributions/import", data={"file": (io.BytesIO(b"x" * 4096), "c.csv")},
                               content_type="multipart/form-data")
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    assert response.status_code == 413


def test_template_downloads(client, login_as, dlr):
    login_as("secretariat")
    response = client.get("/contributions/template.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    assert [c.value for c in workbook["contributions"][1]] == list(COLUMNS)
    csv_template = client.get("/contributions/template.csv").get_data(as_text=True)
    assert csv_template.strip() == ",".join(COLUMNS)


def test_export_is_formula_safe_and_reimports(client, login_as, make, dlr):
    make.contribution(dlr, year=2025, amount="10", description="=HYPERLINK(\"http://evil\")")
    login_as("secretariat")
    response = client.get("/contributions/export.xlsx")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(response.data))["contributions"]
    row = [c.value for c in sheet[2]]
    assert row[0] == "German Aerospace Center" and row[9] == "'=HYPERLINK(\"http://evil\")"
    assert sheet.cell(row=2, column=10).data_type == "s"
    csv_export = client.get("/contributions/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in csv_export
    for record in db.session.query(Contribution):
        db.session.delete(record)
    db.session.commit()
    response = client.post("/contributions/import", data={"file": (io.BytesIO(response.data), "back.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.query(Contribution).one().description == "=HYPERLINK(\"http://evil\")"


def test_rates_page_adds_changes_and_removes_a_rate(client, login_as, make, dlr):
    make.contribution(dlr, year=2025, amount="10", currency="EUR")
    login_as("secretariat")
    html = client.get("/contributions/rates?year=2025").get_data(as_text=True)
    assert 'data-currency="EUR"' in html and "missing" in html
    response = client.post("/contributions/rates?year=2025", data={"year": 2025, "currency": "eur", "rate": "1.08"})
    assert response.status_code == 302
    rate = db.session.query(ExchangeRate).one()
    assert rate.rate == Decimal("1.08") and rate.currency == "EUR"
    stale = client.post("/contributions/rates?year=2025", data={"year": 2025, "currency": "EUR", "rate": "2",
                                                                "version": rate.version + 3})
    assert stale.status_code == 422 and b"changed by someone else" in stale.data
    changed = client.post("/contributions/rates?year=2025", data={"year": 2025, "currency": "EUR", "rate": "1.1",
                                                                  "version": rate.version})
    assert changed.status_code == 302
    db.session.refresh(rate)
    assert rate.rate == Decimal("1.1")
    bad = client.post("/contributions/rates?year=2025", data={"year": 2025, "currency": "USD", "rate": "1"})
    assert bad.status_code == 422 and b"reporting currency itself" in bad.data
    assert client.post(f"/contributions/rates/{rate.id}/delete").status_code == 302
    assert db.session.query(ExchangeRate).count() == 0
