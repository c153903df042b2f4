"""Money as the reader's language writes it (Babel's currency format), on pages and in report PDFs."""

from datetime import date

from flask_babel import force_locale

from app.core import money
from app.core.periods import Period
from app.reports.figures import build_snapshot
from app.reports.pdf import render_pdf
from app.reports.snapshot import canonical_json, sha256_text
from tests.reports.pdf_text import pdftotext


def test_amounts_take_the_symbol_and_separators_of_the_language(app):
    with app.test_request_context():
        assert money.amount(1234.5, "USD", locale="en") == "$1,234.50"
        assert money.amount(1234.5, "USD", locale="fr") == "1\u202f234,50\xa0$US"
        assert money.amount(1234.5, "EUR", locale="es") == "1.234,50\xa0€"
        assert money.amount(1234.5, "CNY", locale="zh") == "¥1,234.50"
        assert money.amount(None, "USD") == ""
        assert money.amount(5, "XYZ", locale="en") == "5.00 XYZ"  # not a currency: the number and the code
        with force_locale("fr"):
            assert money.amount(1000, "EUR") == "1\u202f000,00\xa0€"  # the request's language by default
        assert money.quantity(12.5, "%", locale="fr") == "12,5 %"
        assert money.quantity(3, "", locale="en") == "3"
        assert money.quantity(2500, "USD", locale="zh") == "US$2,500.00"


def test_the_contribution_pages_show_money_in_the_readers_language(client, login_as, make):
    org = make.organization(name="Mekong Watch")
    make.contribution(org, year=2025, amount="1234.5", currency="EUR")
    login_as("secretariat")
    english = client.get("/contributions").get_data(as_text=True)
    assert "€1,234.50" in english and "1,234.50 EUR" not in english
    client.post("/language", data={"lang": "fr", "next": "/"})
    french = client.get("/contributions").get_data(as_text=True)
    assert "1\u202f234,50\xa0€" in french


def test_the_dashboard_shows_the_reporting_currency_as_money(client, login_as, make):
    make.contribution(make.organization(name="Mekong Watch"), year=2025, amount="1000", currency="USD")
    login_as("secretariat")
    client.post("/language", data={"lang": "es", "next": "/"})
    page = client.get("/dashboard?year=2025").get_data(as_text=True)
    assert "1.000,00\xa0US$" in page


def test_a_report_pdf_writes_money_in_its_language(make):
    make.contribution(make.organization(name="Mekong Watch"), year=2025, amount="987654.25", currency="USD")
    snapshot = build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")
    digest = sha256_text(canonical_json(snapshot))
    french = pdftotext(render_pdf(snapshot, status="draft", version=1, data_sha256=digest, lang="fr"))
    assert "987 654,25 $US" in french.replace("\u202f", " ").replace("\xa0", " ")
    chinese = pdftotext(render_pdf(snapshot, status="draft", version=1, data_sha256=digest, lang="zh"))
    assert "US$987,654.25" in chinese
