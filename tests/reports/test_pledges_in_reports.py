"""A pledge is a promise: it never raises what a report or the dashboard says was received (issue 15)."""

import re
from datetime import date

from app.core.periods import Period
from app.reports.figures import build_snapshot
from app.reports.pdf import render_pdf
from app.reports.snapshot import find_table
from tests.reports.pdf_text import raw


def say_cell(value) -> str:
    from flask_babel import force_locale

    from app.reports import wording

    with force_locale("en"):
        return wording.cell(value)


def headline(snapshot):
    return {f["key"]: (f["value"], f["previous"]) for f in snapshot["headline"]}


def _contributions(make):
    lasac = make.organization(name="Land Satellite Remote Sensing Application Center", acronym="LASAC")
    make.contribution(lasac, year=2025, amount="1000", currency="USD")  # received
    make.contribution(lasac, year=2025, amount="5000", currency="USD", status="pledged")
    make.contribution(lasac, year=2024, amount="700", currency="USD", status="pledged")
    make.contribution(lasac, year=2025, kind="storage", amount=None, currency=None, quantity="4", unit="TB")
    make.contribution(lasac, year=2025, kind="storage", amount=None, currency=None, quantity="10", unit="TB",
                      status="pledged")


def test_pledges_are_counted_apart_with_the_gap(make):
    _contributions(make)
    snapshot = build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")
    figures = headline(snapshot)
    assert figures["contributions_total"] == (1000, 0)  # received only: the 5,000 and 700 pledged do not count
    assert figures["contributions_pledged"] == (5000, 700)
    assert figures["contributions_gap"] == (4000, 700)
    assert figures["contributors"] == (1, 0)
    rows = find_table(snapshot, "contributions", "pledged_received")["rows"]
    assert [row[:4] for row in rows] == [["LASAC", 5000, 1000, 4000]]
    assert say_cell(rows[0][4]) == "4 TB (10 pledged)"  # a message cell: said in the reader's language
    years = dict(map(tuple, find_table(snapshot, "contributions", "by_year")["rows"]))
    assert (years["2024"], years["2025"]) == (0, 1000)

    body = raw(render_pdf(snapshot, status="draft", version=1, data_sha256="0" * 64))
    assert re.search(r"Contributions received \(2025, converted\) \$1,000\.00 \$0\.00", body)
    assert "LASAC 5,000 1,000 4,000 4 TB (10 pledged)" in body
    assert "6,000" not in body


def test_in_kind_and_unconverted_amounts_are_said_in_the_readers_language(make):
    _contributions(make)
    make.contribution(make.organization(name="Kenya partner", acronym="KEN"), year=2025, amount="1500",
                      currency="KES")  # no rate for KES
    snapshot = build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")
    french = raw(render_pdf(snapshot, status="draft", version=1, data_sha256="0" * 64, lang="fr"))
    assert "4 TB (10 promis)" in french and "1 500 KES reçus (sans taux)" in french.replace("\u202f", " ")
    assert "pledged" not in french and "no rate" not in french
    english = raw(render_pdf(snapshot, status="draft", version=1, data_sha256="0" * 64))
    assert "1,500 KES received (no rate)" in english


def test_the_dashboard_shows_received_and_pledged_apart(client, login_as, make):
    _contributions(make)
    login_as("secretariat")
    html = client.get("/dashboard?year=2025").get_data(as_text=True)
    card = r'<span class="fs-4"[^>]*>([^<]*)(?:<small>([^<]*)</small>)?</span><span class="small">([^<]*)</span>'
    cards = re.findall(card, html)
    shown = {label: value.strip() for value, _unit, label in cards}
    assert shown["Contributions received (2025, converted)"] == "$1,000.00"
    assert shown["Money pledged (2025, converted)"] == "$5,000.00"
    assert shown["Money pledged and not yet received (2025)"] == "$4,000.00"


def test_the_t1_labels_are_said_in_the_readers_language(app):
    from flask_babel import force_locale

    from app.datarequests.queries import T1_LABELS
    from app.reports import wording

    with app.test_request_context(), force_locale("fr"):
        said = {source: wording.label(text) for source, text in T1_LABELS.items()}
    assert said["reported"].startswith("Scènes transmises en un jour (T+1)"), said
    assert all(said[source] != T1_LABELS[source] for source in T1_LABELS), said
