from datetime import date

import pytest

from app.core.periods import Quarter, quarters_of, recent_quarters


@pytest.mark.parametrize(("label", "starts", "ends"), [
    ("2024Q4", date(2024, 10, 1), date(2024, 12, 31)),
    ("2025Q1", date(2025, 1, 1), date(2025, 3, 31)),
    ("2024Q1", date(2024, 1, 1), date(2024, 3, 31)),
    ("2025Q2", date(2025, 4, 1), date(2025, 6, 30)),
    ("2025Q3", date(2025, 7, 1), date(2025, 9, 30)),
])
def test_quarter_days(label, starts, ends):
    quarter = Quarter.parse(label)
    assert (quarter.starts_on, quarter.ends_on) == (starts, ends)
    assert quarter.label == label


@pytest.mark.parametrize(("label", "days", "due"), [
    ("2024Q4", 15, date(2025, 1, 15)),   # across the year end
    ("2025Q1", 15, date(2025, 4, 15)),
    ("2025Q2", 15, date(2025, 7, 15)),
    ("2025Q3", 15, date(2025, 10, 15)),
    ("2024Q4", 45, date(2025, 2, 14)),
    ("2023Q4", 60, date(2024, 2, 29)),   # a leap year
    ("2025Q1", 0, date(2025, 3, 31)),
])
def test_due_dates(label, days, due):
    assert Quarter.parse(label).due_on(days) == due


def test_due_date_default_comes_from_the_setting(app):
    assert Quarter(2025, 1).due_on() == date(2025, 4, 15)
    app.config["REPORT_DUE_DAYS"] = 30
    try:
        assert Quarter(2025, 1).due_on() == date(2025, 4, 30)
    finally:
        app.config["REPORT_DUE_DAYS"] = 15


@pytest.mark.parametrize(("day", "label"), [
    (date(2024, 12, 31), "2024Q4"), (date(2025, 1, 1), "2025Q1"), (date(2025, 3, 31), "2025Q1"),
    (date(2025, 4, 1), "2025Q2"), (date(2025, 9, 30), "2025Q3"), (date(2025, 10, 1), "2025Q4"),
])
def test_quarter_containing_a_day(day, label):
    assert Quarter.containing(day).label == label


def test_next_and_previous_cross_the_year():
    assert Quarter(2024, 4).next() == Quarter(2025, 1)
    assert Quarter(2025, 1).previous() == Quarter(2024, 4)
    assert Quarter(2024, 4) < Quarter(2025, 1)


def test_recent_quarters_cross_the_year():
    assert [q.label for q in recent_quarters(date(2025, 2, 1), 3)] == ["2024Q3", "2024Q4", "2025Q1"]
    assert [q.label for q in quarters_of(2025)] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]


@pytest.mark.parametrize("bad", ["2025Q5", "2025Q0", "25Q1", "2025-Q1", "", "Q1", "2025Q1x", "1999Q4"])
def test_bad_labels_are_refused(bad):
    with pytest.raises(ValueError):
        Quarter.parse(bad)


def test_future_and_ended():
    quarter = Quarter(2025, 2)
    assert quarter.is_future(date(2025, 3, 31)) and not quarter.is_future(date(2025, 4, 1))
    assert not quarter.has_ended(date(2025, 6, 30)) and quarter.has_ended(date(2025, 7, 1))


def test_clock_at_sets_now_and_today_inside_the_block_only():
    from datetime import UTC, datetime, timedelta, timezone

    from app.core.db import clock_at, utcnow
    from app.core.periods import today

    moment = datetime(2022, 5, 6, 23, 30, tzinfo=timezone(timedelta(hours=-2)))
    with clock_at(moment):
        assert utcnow() == moment and utcnow().tzinfo == UTC
        assert today() == date(2022, 5, 7)  # the UTC calendar
    assert today().year > 2025
    with pytest.raises(ValueError), clock_at(datetime(2022, 5, 6)):  # noqa: DTZ001 - a naive moment is refused
        pass
