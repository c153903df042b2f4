"""The scheduler drafts the seasonal report after its quarter's review window, and the annual one in January."""

from datetime import UTC, date, datetime

import time_machine

from app.auth.actors import SYSTEM
from app.core.periods import Quarter
from app.extensions import db
from app.jobs.drafts import closed_quarter, review_closes_on
from app.jobs.runner import run_job
from app.notifications.models import NoticeKind, Notification
from app.reports.models import GeneratedVia, Report


def on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 6, 30, tzinfo=UTC), tick=False)


def reports():
    return db.session.query(Report).order_by(Report.id).all()


def test_the_review_window_of_2025q3_closes_on_14_november():
    assert review_closes_on(Quarter(2025, 3)) == date(2025, 11, 14)  # due 15 Oct + 30 days
    assert closed_quarter(date(2025, 11, 14)) == Quarter(2025, 2)
    assert closed_quarter(date(2025, 11, 15)) == Quarter(2025, 3)


def test_the_seasonal_draft_appears_the_day_after_its_window_closes_once(make, user_factory):
    secretariat = user_factory("secretariat")
    make.node(code="LAO")
    with on(date(2025, 11, 14)):
        assert run_job("seasonal_draft").period == "2025Q2"
    assert [(r.period, r.status.value) for r in reports()] == [("2025Q2", "draft")]
    with on(date(2025, 11, 15)):
        run = run_job("seasonal_draft")
    assert run.period == "2025Q3" and "drafted" in run.summary
    drafted = reports()[-1]
    assert (drafted.period, drafted.status.value, drafted.generated_via) == ("2025Q3", "draft", GeneratedVia.scheduler)
    assert drafted.generated_by_id is None
    for day in (16, 20, 30):
        with on(date(2025, 11, day)):
            assert run_job("seasonal_draft") is None
    assert len(reports()) == 2
    told = db.session.query(Notification).filter_by(kind=NoticeKind.report_drafted).all()
    assert {n.recipient_id for n in told} == {secretariat.id} and len(told) == 2


def test_a_period_that_already_has_a_report_is_left_alone(make, user_factory):
    from app.reports.services import generate_report

    make.node(code="LAO")
    with on(date(2025, 11, 10)):
        generate_report(SYSTEM, "seasonal", 2025, 3)
        db.session.commit()
    with on(date(2025, 11, 15)):
        run = run_job("seasonal_draft")
    assert "already exists" in run.summary and len(reports()) == 1


def test_the_annual_draft_is_made_in_january_once(make):
    make.node(code="LAO")
    with on(date(2026, 1, 24)):
        assert run_job("annual_draft") is None
    with on(date(2026, 1, 25)):
        run = run_job("annual_draft")
    assert run.period == "2025" and [(r.period, r.kind.value) for r in reports()] == [("2025", "annual")]
    for day in (date(2026, 1, 26), date(2026, 3, 1), date(2026, 12, 31)):
        with on(day):
            assert run_job("annual_draft") is None
    with on(date(2027, 1, 25)):
        assert run_job("annual_draft").period == "2026"
