"""Draft reports the scheduler builds: the seasonal report once a quarter's review window has
closed, last year's annual report from a day in January. The secretariat reviews and
publishes them; a period that already has a report (draft or published) is left alone.
"""

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.auth.actors import SYSTEM
from app.auth.models import Role, User
from app.core.languages import Message
from app.core.periods import Period, Quarter
from app.extensions import db
from app.jobs.registry import at, job
from app.notifications.models import NoticeKind
from app.notifications.services import notify
from app.reports.models import GeneratedVia
from app.reports.services import generate_report, latest_of


def review_closes_on(quarter: Quarter) -> date:
    """The last day of a quarter's review window: REVIEW_WINDOW_DAYS after its reports are due."""
    return quarter.due_on() + timedelta(days=current_app.config["REVIEW_WINDOW_DAYS"])


def closed_quarter(today: date) -> Quarter:
    """The latest quarter whose review window closed before today."""
    quarter = Quarter.containing(today).previous()
    while review_closes_on(quarter) >= today:
        quarter = quarter.previous()
    return quarter


def _seasonal_period(today: date, _now: datetime) -> str:
    return closed_quarter(today).label


def _annual_year(today: date) -> int | None:
    starts = date(today.year, 1, current_app.config["ANNUAL_DRAFT_DAY"])
    return today.year - 1 if today >= starts else None


def _annual_period(today: date, _now: datetime) -> str | None:
    year = _annual_year(today)
    return None if year is None else str(year)


def _draft(kind: str, year: int, quarter: int | None) -> str:
    period = Period.of(kind, year, quarter)
    existing = latest_of(period)
    if existing is not None:
        return f"{existing.title} already exists (version {existing.version}, {existing.status.value}): left alone"
    report = generate_report(SYSTEM, kind, year, quarter, via=GeneratedVia.scheduler)
    secretariat = db.session.scalars(select(User).where(User.role == Role.secretariat)).all()
    notify(secretariat, NoticeKind.report_drafted,
           Message("The draft annual report %(period)s is ready for review.", period=period.label) if kind == "annual"
           else Message("The draft seasonal report %(period)s is ready for review.", period=period.label),
           key=f"report_drafted:{period.key}:{report.version}", link=f"/reports/{report.id}")
    return f"drafted {report.title} (report {report.id})"


@job("seasonal_draft", "Draft the seasonal report of the quarter whose review window has closed.",
     period=_seasonal_period, trigger=at("DRAFT_TIME"))
def draft_seasonal_report(today: date) -> str:
    """Draft the seasonal report of the latest quarter past its review window."""
    quarter = closed_quarter(today)
    return _draft("seasonal", quarter.year, quarter.number)


@job("annual_draft", "Draft last year's annual report in January.", period=_annual_period, trigger=at("DRAFT_TIME"))
def draft_annual_report(today: date) -> str:
    """Draft last year's annual report."""
    return _draft("annual", _annual_year(today), None)
