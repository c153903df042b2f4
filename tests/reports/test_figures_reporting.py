"""Quarterly-reporting and contribution figures against hand-computed values."""

from datetime import date, datetime

import time_machine

from app.core.periods import Period
from app.reports.figures import build_snapshot
from app.reports.snapshot import find_table


def snapshot_2025():
    return build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")


def headline(snapshot):
    return {f["key"]: (f["value"], f["previous"]) for f in snapshot["headline"]}


def test_reporting_counts_only_accepted_reports(make):
    n1, n2 = make.node("NA", established_on=date(2019, 1, 1)), make.node("NB", established_on=date(2019, 1, 1))
    make.node("NC", established_on=date(2019, 1, 1))  # a node with no reports at all
    with time_machine.travel(datetime(2025, 4, 10, 12, 0), tick=False):  # Q1 is due on 15 April: on time
        make.quarterly_report(n1, "2025Q1", "accepted", scenes_distributed=100, scenes_received=200,
                              data_volume_gb="10.5", t1_push_percent="80", highlights="Portal <b>opened</b> & more")
    with time_machine.travel(datetime(2025, 5, 1, 12, 0), tick=False):  # late
        make.quarterly_report(n2, "2025Q1", "accepted", scenes_distributed=50, scenes_received=60,
                              t1_push_percent="60", problems="Slow link")
    # A returned report and a submitted one must not count.
    make.quarterly_report(n1, "2025Q2", "returned", scenes_distributed=1000, scenes_received=1000)
    make.quarterly_report(n2, "2025Q3", "submitted", scenes_distributed=500, scenes_received=500)
    make.quarterly_report(n1, "2024Q4", "accepted", scenes_distributed=70, scenes_received=70)
    make.quarterly_report(n2, "2025Q4", "draft", scenes_distributed=5, scenes_received=5)  # never submitted
    snapshot = snapshot_2025()
    figures = headline(snapshot)
    assert figures["reports_complete"][0] == 16.7  # 2 of 3 nodes × 4 quarters
    assert figures["reports_on_time"][0] == 8.3  # 1 of 12
    assert figures["scenes_distributed"] == (150, 70)
    assert figures["data_volume_gb"] == (10.5, None)
    # weighted by scenes received: (80·200 + 60·60) / 260, not (80+60)/2
    assert figures["t1_push_percent"] == (75.38, None)
    matrix = {r[0]: r[1:] for r in find_table(snapshot, "reporting", "completeness")["rows"]}
    assert matrix["NA"][0] == "Accepted, on time" and matrix["NB"][0] == "Accepted, late"
    assert matrix["NA"][1].startswith("Returned") and matrix["NB"][3] == "Draft, overdue"
    assert matrix["NC"] == ["Missing, overdue"] * 4
    items = {group["id"]: group["entries"] for group in
             next(s for s in snapshot["sections"] if s["key"] == "reporting")["items"]}
    assert items["highlights"] == [{"source": "NA Q1 2025", "text": "Portal <b>opened</b> & more"}]
    assert items["problems"] == [{"source": "NB Q1 2025", "text": "Slow link"}]


def test_contributions_converted_and_apart(make):
    a, b, c = (make.organization(name=n, acronym=n) for n in ("OA", "OB", "OC"))
    make.contribution(a, year=2025, kind="financial", amount="1000", currency="USD")
    make.contribution(a, year=2025, kind="hardware", amount=None, estimated_value="500", currency="EUR")
    make.contribution(b, year=2025, kind="financial", amount="300", currency="GBP")  # no GBP rate
    make.contribution(b, year=2024, kind="staff", amount=None, estimated_value="2000", currency="CNY")
    make.contribution(c, year=2024, kind="financial", amount="100", currency="USD")
    make.exchange_rate(2025, "EUR", "1.1")
    make.exchange_rate(2024, "CNY", "0.14")
    snapshot = snapshot_2025()
    figures = headline(snapshot)
    assert figures["contributions_total"] == (1550, 380)  # the GBP one is not counted as zero: it is apart
    assert figures["contributors"] == (2, 2)
    by_kind = {r[0]: r[1:] for r in find_table(snapshot, "contributions", "by_kind")["rows"]}
    assert by_kind["Financial"] == [1000, 2] and by_kind["Hardware"] == [550, 1] and by_kind["Staff time"] == [0, 0]
    partners = {r[0]: r[1:] for r in find_table(snapshot, "contributions", "by_partner")["rows"]}
    assert partners == {"OA": [1550, 2, 0], "OB": [None, 1, 1]}
    assert find_table(snapshot, "contributions", "unconverted")["rows"] == [["GBP", 300, 1]]
    years = dict(map(tuple, find_table(snapshot, "contributions", "by_year")["rows"]))
    assert (years["2024"], years["2025"], years["2021"]) == (380, 1550, 0)  # years are labels, not numbers


def test_a_hostile_highlight_is_printed_literally(make):
    from app.reports.pdf import render_pdf
    from tests.reports.pdf_text import text

    hostile = "<img src=/etc/passwd> <font size=40>big</font> R&D"
    node = make.node("NA", established_on=date(2019, 1, 1))
    make.quarterly_report(node, "2025Q2", "accepted", scenes_received=1, scenes_distributed=1, highlights=hostile)
    content = render_pdf(snapshot_2025(), status="draft", version=1, data_sha256="0" * 64)
    assert hostile in " ".join(text(content).split())
    assert b"/Subtype /Image" not in content
