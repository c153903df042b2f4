"""The annual report names the period's achievements: cases, events, trainees, partners, agreements, nodes,
with their figures; the executive summary is printed (escaped); a map is drawn; same input → same bytes."""

from datetime import date, datetime

import pytest
import time_machine

from app.core.periods import Period
from app.reports.figures import build_snapshot
from app.reports.pdf import render_pdf
from app.reports.snapshot import canonical_json, find_table, headline_value, sha256_text
from tests.reports.pdf_text import raw

HOSTILE = "Dam <b>break <img src=/etc/passwd> & Co"


def build(period, summary=None, status="draft"):
    snapshot = build_snapshot(period, as_of=date(2020, 2, 1), currency="USD")
    return snapshot, render_pdf(snapshot, status=status, version=1, data_sha256=sha256_text(canonical_json(snapshot)),
                                summary=summary)


@pytest.fixture
def year_2019(make):
    lasac = make.organization(name="Land Satellite Remote Sensing Application Center", acronym="LASAC", country="CHN")
    lao = make.organization(name="Lao Department of Meteorology", acronym="DMH", country="LAO")
    ghana = make.organization(name="Ghana Space Science Institute", acronym="GSSTI", country="GHA")
    n_lao = make.node("LAO", host=lao, established_on=date(2017, 6, 1))
    make.node("GHA", host=ghana, established_on=date(2018, 3, 1))
    make.case(title="Laos dam-break flood mapping", countries=["LAO"], satellites=["GF-1", "GF-2"],
              status="completed", start_on=date(2018, 7, 24), end_on=date(2019, 3, 1), partner_ids=[lao.id, lasac.id],
              outcomes="Flood extent maps within 48 hours", sdg=["11.5"], sendai=["B"])
    make.case(title=HOSTILE, countries=["GHA"], status="ongoing", start_on=date(2019, 5, 1))
    make.event(kind="workshop", title="Southeast Asian workshop on satellite data", start_on=date(2019, 9, 10),
               end_on=date(2019, 9, 12), country="THA", participants_total=42, participants_female=17,
               participants_by_country={"LAO": 20, "THA": 22})
    make.trainee(home_country="LAO", kind="training", gender="female", start_on=date(2019, 3, 1))
    make.trainee(home_country="GHA", kind="training", gender="male", start_on=date(2019, 4, 1))
    make.contribution(org=lasac, year=2019, kind="financial", amount="250000", currency="USD")
    make.contribution(org=lasac, year=2019, kind="storage", quantity="120", unit="TB", estimated_value="5000",
                      amount=None, currency="USD")
    make.agreement(parties=[lasac, lao], reference="MOU-LAO-2019", title="MOU with Laos", status="active",
                   signed_on=date(2019, 4, 2), effective_from=date(2019, 4, 2), expires_on=date(2024, 4, 1))
    with time_machine.travel(datetime(2019, 4, 10, 12, 0), tick=False):
        make.quarterly_report(n_lao, "2019Q1", "accepted", scenes_distributed=300, scenes_received=400,
                              t1_push_percent="90")
    with time_machine.travel(datetime(2019, 7, 10, 12, 0), tick=False):
        make.quarterly_report(n_lao, "2019Q2", "accepted", scenes_distributed=100, scenes_received=100,
                              t1_push_percent="50")


def test_the_annual_report_names_the_achievements_with_their_figures(year_2019):
    snapshot, content = build(Period(2019))
    body = raw(content)
    # cases: completed first, with partners, countries, satellites, outcomes and tags
    assert "Laos dam-break flood mapping" in body and "Flood extent maps within 48 hours" in body
    assert "GF-1, GF-2" in body and "SDG 11.5" in body and "Sendai B" in body
    cases = find_table(snapshot, "cases", "achievements")["rows"]
    assert [r[0] for r in cases] == ["Laos dam-break flood mapping", HOSTILE]
    assert "(LASAC)" in cases[0][2] and cases[0][3] == "Lao People's Democratic Republic"
    # events with participants by country and gender
    assert "Southeast Asian workshop on satellite data Workshop 2019-09-10 2019-09-12 Thailand 42 17" in body
    assert "Thailand 22, Lao People's Democratic Republic 20" in body
    # trainees by home country and kind
    rows = find_table(snapshot, "capacity", "trainees_by_country_kind")["rows"]
    assert rows == [["Ghana", 1, 0, 0, 0, 0, 0, 1], ["Lao People's Democratic Republic", 1, 0, 0, 0, 0, 1, 1]]
    assert "Trainees by home country and kind" in body
    # contributions by partner, money converted and in-kind quantities (the storage counts as 120 TB, not money)
    assert "LASAC – 250,000 – 120 TB" in body
    # agreements with their parties
    assert "Signed MOU-LAO-2019 MOU with Laos Memorandum of understanding LASAC, DMH 2019-04-02" in body
    # T+1 weighted by scenes received, the report's rule: (90·400 + 50·100) / 500 = 82, not (90+50)/2 = 70
    assert "scenes pushed within a day (T+1): 82%" in body and "T+1 share (%) 90 50 – – 82" in body
    assert headline_value(snapshot, "t1_push_percent") == 82  # the only node: its page agrees with the report
    # late or missing reports are listed
    assert "Late or missing" in body and "GHA A node 2019Q1 Missing Overdue 2019-04-15" in body
    # the map
    assert "Map of the nodes" in body and "2 nodes in 2 countries" in body


def test_the_map_is_vector_graphics(year_2019):
    _s, content = build(Period(2019))
    assert content.count(b"/Subtype /Image") == 0  # no raster: the map is paths in the page's content


def test_executive_summary_is_printed_literally(year_2019):
    text = "The network grew.\n\nA <b>bold</b> claim <img src=/etc/passwd> & more."
    _s, content = build(Period(2019), summary=text)
    body = raw(content)
    assert "The network grew." in body
    assert "A <b>bold</b> claim <img src=/etc/passwd> & more." in body


def test_hostile_case_title_prints_literally(year_2019):
    _s, content = build(Period(2019))
    assert HOSTILE in raw(content)


def test_same_snapshot_and_summary_give_identical_bytes(year_2019):
    snapshot, first = build(Period(2019), summary="Same text")
    again = render_pdf(snapshot, status="draft", version=1, data_sha256=sha256_text(canonical_json(snapshot)),
                       summary="Same text")
    assert first == again
    other = render_pdf(snapshot, status="draft", version=1, data_sha256=sha256_text(canonical_json(snapshot)),
                       summary="Other text")
    assert other != first
