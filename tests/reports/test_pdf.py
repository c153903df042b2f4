"""The PDF: headline figures in its text, byte-identical rebuilds, escaped user text, both layouts."""

import re
from datetime import date

import pytest

from app.core.periods import Period
from app.reports.figures import build_snapshot
from app.reports.pdf import render_pdf
from app.reports.snapshot import canonical_json, sha256_text
from tests.reports.pdf_text import pages, pdftotext, text

HOSTILE = "<img src=/etc/passwd> <font color=red>x</font> <b>unclosed & Co"


def build(period, status="draft", version=1):
    snapshot = build_snapshot(period, as_of=date(2026, 1, 20), currency="USD")
    return snapshot, render_pdf(snapshot, status=status, version=version,
                                data_sha256=sha256_text(canonical_json(snapshot)))


@pytest.fixture
def small_network(make):
    for code, country in (("LAO", "LAO"), ("KEN", "KEN"), ("AUT", "AUT")):
        make.node(code, host=make.organization(name=f"Host {code}", country=country), established_on=date(2019, 1, 1))


def test_headline_figures_are_in_the_pdf_text(small_network):
    snapshot, content = build(Period(2025))
    assert content.startswith(b"%PDF-")
    body = text(content)
    assert "Annual report 2025" in body
    assert "Executive summary" in body
    assert re.search(r"Active nodes\s+3\s+3", body)  # this year and the previous one
    assert "Annex: nodes of the network" in body and "Host KEN" in body


def test_same_snapshot_gives_identical_bytes(small_network):
    snapshot, first = build(Period(2025))
    second = render_pdf(snapshot, status="draft", version=1, data_sha256=sha256_text(canonical_json(snapshot)))
    assert first == second
    published = render_pdf(snapshot, status="published", version=1, data_sha256=sha256_text(canonical_json(snapshot)))
    assert published != first


def test_every_page_shows_page_number_period_and_status(small_network):
    _snapshot, content = build(Period(2025, 3))
    every = pages(content)
    assert len(every) >= 2
    for number, page in enumerate(every, start=1):
        assert f"Page {number} of {len(every)}" in page
        assert "Q3 2025" in page
        assert "DRAFT" in page
    _snapshot, published = build(Period(2025, 3), status="published")
    assert all("PUBLISHED" in page and "DRAFT" not in page for page in pages(published))


def test_seasonal_and_annual_layouts_differ(small_network):
    _s, annual = build(Period(2025))
    _s, seasonal = build(Period(2025, 2))
    annual_pages, seasonal_pages = pages(annual), pages(seasonal)
    # Annual: cover and contents on pages of their own; seasonal: a compact bulletin.
    assert "Contents" not in annual_pages[0] and "Contents" in annual_pages[1]
    assert "Seasonal report Q2 2025" in seasonal_pages[0] and "Contents" in seasonal_pages[0]
    assert len(seasonal_pages) < len(annual_pages)


def test_hostile_text_appears_literally(make):
    host = make.organization(name=HOSTILE, country="LAO")
    make.node("EVIL", host=host, name="Node & <font size=40>big</font>", established_on=date(2019, 1, 1))
    _snapshot, content = build(Period(2025))
    flat = re.sub(r"\s+", " ", text(content))
    assert "<img src=/etc/passwd>" in flat
    assert "<font color=red>x</font>" in flat
    assert "<b>unclosed & Co" in flat
    assert "Node & <font size=40>big</font>" in flat
    assert b"/Subtype /Image" not in content  # nothing was embedded from the server's disk


def test_hostile_highlight_text_appears_literally(small_network):
    from app.reports.snapshot import section

    snapshot = build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")
    snapshot["sections"].append(section("texts", "Highlights", items=[{"id": "highlights", "title": "Highlights",
                                                                         "entries": [{"source": "LAO Q1 2025",
                                                                                      "text": HOSTILE}]}]))
    content = render_pdf(snapshot, status="draft", version=1, data_sha256="0" * 64)
    flat = re.sub(r"\s+", " ", text(content))
    assert "LAO Q1 2025 — " + HOSTILE in flat
    assert b"/Subtype /Image" not in content


def test_the_contents_give_the_page_of_each_section(small_network):
    """The contents are laid out in the one pass of the build and numbered when the document is saved: each
    entry's number is the page that section starts on, and links to it."""
    _snapshot, content = build(Period(2025))
    every = pdftotext(content, layout=True).split("\f")
    entries = re.findall(r"^\s*(\S[^\n.]*?)\s*(?:\. ?)+\s*(\d+)\s*$", every[1], flags=re.MULTILINE)
    titles = [title for title, _n in entries]
    assert titles[:3] == ["Executive summary", "Map of the nodes", "The network"]
    assert "Annex: nodes of the network" in titles
    for title, number in entries:
        assert int(number) > 2
        assert re.search(rf"^\s*{re.escape(title)}\s*$", every[int(number) - 1], flags=re.MULTILINE), title
        assert not re.search(rf"^\s*{re.escape(title)}\s*$", every[int(number) - 2], flags=re.MULTILINE), title
    assert content.count(b"/Subtype /Link") >= 2 * len(entries)  # the entry and its number both link
