"""`demo load` fills five years of the plan's network (issue 15): every year 2021–2025 has trainees, events,
cases, pledged and received contributions, and quarterly reports accepted, returned and late; the 2025
annual report and a seasonal one build from it; it loads fast and still refuses a non-empty database."""

import json
import time
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from app.audit.queries import history_of
from app.auth.actors import SYSTEM
from app.auth.models import User
from app.capacity.models import Event, Trainee
from app.cases.models import Case
from app.extensions import db
from app.nodes.contributions.models import Contribution, ContributionStatus
from app.nodes.contributions.queries import pledges_and_receipts
from app.nodes.models import Node
from app.nodes.quarterly.models import QuarterlyReport, QuarterlyReportStep, ReportStatus
from app.notifications.models import Notification
from app.reports import services as reports
from app.reports.models import Report
from tests.reports.pdf_text import text

YEARS = range(2021, 2026)

# On PostgreSQL a psycopg connection dropped by the garbage collector during the long load is
# reported as unraisable; it is closed by then, nothing leaks into the next test.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture
def loaded(runner):
    with time_machine.travel(datetime(2026, 2, 10, 8, tzinfo=UTC), tick=False):
        started = time.perf_counter()
        result = runner.invoke(args=["demo", "load"])
        elapsed = time.perf_counter() - started
        assert result.exit_code == 0, result.output
        yield elapsed


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def test_every_year_from_2021_to_2025_has_figures(loaded):
    assert loaded < 60
    for year in YEARS:
        first, last = date(year, 1, 1), date(year, 12, 31)
        assert _count(select(Trainee.id).where(Trainee.start_on.between(first, last))) > 0, year
        genders = set(db.session.scalars(select(Trainee.gender).where(Trainee.start_on.between(first, last))))
        events = db.session.scalars(select(Event).where(Event.start_on.between(first, last))).all()
        assert events and all(e.participants_by_country for e in events), year
        assert any(e.kind.value == "calibration_campaign" for e in events), year
        assert _count(select(Case.id).where(Case.start_on <= last, func.coalesce(Case.end_on, last) >= first)) > 0
        for status in ContributionStatus:
            assert _count(select(Contribution.id).where(Contribution.year == year,
                                                        Contribution.status == status)) > 0, (year, status)
        reports = db.session.scalars(select(QuarterlyReport).where(QuarterlyReport.year == year)).all()
        assert sum(r.status == ReportStatus.accepted for r in reports) >= 4 * 5, year
        assert any(r.first_submitted_at and r.first_submitted_at.date() > r.due_on for r in reports), year
        returned = _count(select(QuarterlyReportStep.id).join(QuarterlyReport).where(
            QuarterlyReport.year == year, QuarterlyReportStep.status == ReportStatus.returned))
        assert returned > 0, year
        if year >= 2022:
            assert len(genders) == 2, year
    # Nodes joined over the years, and the current quarter has drafts.
    joined = {n.established_on.year for n in db.session.scalars(select(Node))}
    assert {2018, 2021, 2022, 2023, 2024} <= joined
    assert _count(select(QuarterlyReport.id).where(QuarterlyReport.year == 2026, QuarterlyReport.quarter == 1,
                                                   QuarterlyReport.status == ReportStatus.draft)) >= 3
    # A report returned, then fixed and accepted: its steps say so.
    fixed = db.session.scalars(select(QuarterlyReport).where(QuarterlyReport.status == ReportStatus.accepted,
                                                             QuarterlyReport.review_comment.is_(None))).all()
    assert any([s.status for s in r.steps] == [ReportStatus.submitted, ReportStatus.returned,
                                                ReportStatus.submitted, ReportStatus.accepted] for r in fixed)
    # The plan's history stays: the 2018–2019 trainees, the 2019 workshop and the dam-break case.
    assert _count(select(Trainee.id).where(Trainee.start_on < date(2020, 1, 1))) == 10
    assert db.session.scalar(select(Event.id).where(Event.title == "Southeast Asian Satellite Application Workshop"))
    assert db.session.scalar(select(Case.id).where(Case.title.contains("Xe-Pian Xe-Namnoy")))


def test_the_reports_went_through_the_quarterly_services_at_their_past_moments(loaded):
    """Filed and submitted by the node's coordinator (LAO) or the secretariat, reviewed by the secretariat,
    audited as of then, and no notice (so no e-mail) for steps of the past."""
    users = {u.email: u for u in db.session.scalars(select(User))}
    coordinator, secretariat = users["coordinator.lao@csdr.example"], users["secretariat@csdr.example"]
    assert _count(select(Notification.id)) == 0
    lao = db.session.scalar(select(Node).where(Node.code == "LAO"))
    returned = db.session.scalars(select(QuarterlyReport).where(QuarterlyReport.node_id == lao.id,
                                                                QuarterlyReport.status == ReportStatus.returned)).all()
    assert returned and all(r.users_active is None for r in returned)
    report = returned[0]
    assert [(s.status, s.user_id) for s in report.steps] == [(ReportStatus.submitted, coordinator.id),
                                                             (ReportStatus.returned, secretariat.id)]
    events = history_of(report)
    assert {(e.at, e.user_id) for e in events} == {(report.created_at, coordinator.id),
                                                    (report.first_submitted_at, coordinator.id),
                                                    (report.reviewed_at, secretariat.id)}
    assert report.created_at.date() < report.due_on < datetime.now(UTC).date()


def test_lasac_pledges_five_million_cny_a_year_and_the_gap_shows(loaded):
    for year in YEARS:
        result = pledges_and_receipts(year)
        lasac = next(p for p in result["partners"] if p["organization"].endswith("(LASAC)"))
        assert lasac["money"]["pledged"] > 0 and lasac["money"]["received"] > 0, year
        assert lasac["money"]["gap"] == lasac["money"]["pledged"] - lasac["money"]["received"]
        assert any(p["in_kind"] and any(k["unit"] == "TB" for k in p["in_kind"]) for p in result["partners"])
    # 2024: 5,000,000 pledged and 4,200,000 received at 0.1390 → a gap of 800,000 × 0.1390 = 111,200.00 USD.
    lasac_2024 = next(p for p in pledges_and_receipts(2024)["partners"] if p["organization"].endswith("(LASAC)"))
    assert str(lasac_2024["money"]["gap"]) == "111200.00"


def test_the_2025_annual_report_and_a_seasonal_report_build(loaded):
    with time_machine.travel(datetime(2026, 2, 10, 9, tzinfo=UTC), tick=False):
        annual = db.session.scalar(select(Report).where(Report.kind == "annual",
                                                                 Report.year == 2025))
        assert annual is not None and annual.is_published      # demo load publishes last year's
        snapshot = json.loads(annual.snapshot_json)
        assert snapshot
        pdf = reports.read_pdf(annual)
        assert pdf.startswith(b"%PDF") and "2025" in text(pdf)
        seasonal = reports.generate_report(SYSTEM, "seasonal", 2025, 4)
        assert reports.read_pdf(seasonal).startswith(b"%PDF")


def test_demo_load_still_refuses_a_database_with_data(loaded, runner):
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code != 0 and "already holds data" in again.output
