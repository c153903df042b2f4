"""A seasonal report compares like with like (issue 11, point 9): a quarter with the previous quarter and the
same quarter a year before; contributions year to date with year to date, never a quarter with a whole year."""

from datetime import UTC, date, datetime

import time_machine

from app.core.periods import Period
from app.reports.figures import build_snapshot
from app.reports.pdf import render_pdf
from tests.reports.pdf_text import text


def recorded_on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=UTC), tick=False)


def figure(snapshot, key):
    return next(f for f in snapshot["headline"] if f["key"] == key)


def test_a_quarter_is_compared_with_the_quarter_before_and_the_same_quarter_a_year_before(make):
    make.event(title="Q2 2024", start_on=date(2024, 5, 1))
    make.event(title="Q1 2025", start_on=date(2025, 2, 1))
    make.event(title="Q2 2025 a", start_on=date(2025, 4, 2))
    make.event(title="Q2 2025 b", start_on=date(2025, 6, 2))
    snapshot = build_snapshot(Period(2025, 2), as_of=date(2025, 9, 1), currency="USD")
    events = figure(snapshot, "events")
    assert (events["value"], events["previous"], events["year_ago"]) == (2, 1, 1)
    assert snapshot["period"]["year_ago"] == "Q2 2024"
    content = " ".join(text(render_pdf(snapshot, status="draft", version=1, data_sha256="0" * 64)).split())
    assert "compared with Q1 2025 and with Q2 2024" in content and "A year before (Q2 2024)" in content


def test_seasonal_contributions_are_year_to_date_against_year_to_date(make):
    org = make.organization()
    with recorded_on(date(2024, 5, 1)):
        make.contribution(org=org, year=2024, amount="100")  # 2024 to date at the end of Q2 2024
    with recorded_on(date(2024, 11, 1)):
        make.contribution(org=org, year=2024, amount="900")  # later in 2024: not in the year to date
    with recorded_on(date(2025, 5, 1)):
        make.contribution(org=org, year=2025, amount="120")
    snapshot = build_snapshot(Period(2025, 2), as_of=date(2025, 9, 1), currency="USD")
    total = figure(snapshot, "contributions_total")
    assert total["value"] == 120 and total["year_ago"] == 100  # never 120 against the whole of 2024 (1,000)
    assert "year to date" in total["label"]
    annual = figure(build_snapshot(Period(2024), as_of=date(2025, 9, 1), currency="USD"), "contributions_total")
    assert annual["value"] == 1000 and "year_ago" not in annual


def test_a_quarter_also_compares_year_to_date_with_year_to_date(make):
    for title, day in (("Q3 2024 (not to date)", date(2024, 8, 1)), ("Q1 2024", date(2024, 2, 1)),
                       ("Q1 2025", date(2025, 2, 1)), ("Q2 2025 a", date(2025, 4, 2)), ("Q2 2025 b", date(2025, 6, 2))):
        make.event(title=title, start_on=day)
    snapshot = build_snapshot(Period(2025, 2), as_of=date(2025, 9, 1), currency="USD")
    events = figure(snapshot, "events")
    assert (events["value"], events["ytd"], events["ytd_before"]) == (2, 3, 1)  # Q1–Q2 2025 against Q1–Q2 2024
    assert (snapshot["period"]["ytd"], snapshot["period"]["ytd_before"]) == ("Q1–Q2 2025", "Q1–Q2 2024")
    content = " ".join(text(render_pdf(snapshot, status="draft", version=1, data_sha256="0" * 64)).split())
    assert "Year to date: Q1–Q2 2025 compared with Q1–Q2 2024." in content
    assert "ytd" not in figure(build_snapshot(Period(2025), as_of=date(2026, 2, 1), currency="USD"), "events")
