"""The demo network carries quarterly reports, contributions and exchange rates that obey the rules."""

from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import select

from app.core.periods import recent_quarters
from app.extensions import db
from app.nodes.contributions.models import Contribution, ExchangeRate
from app.nodes.contributions.queries import totals
from app.nodes.contributions.services import check_contribution
from app.nodes.quarterly.models import QuarterlyReport, ReportStatus
from app.nodes.quarterly.queries import completeness_for, coordinator_home
from app.nodes.quarterly.services import check_figures, clean_report_data
from tests.factories import SYSTEM

TODAY = date(2025, 11, 20)


def test_demo_load_adds_reports_contributions_and_rates(runner):
    with time_machine.travel(datetime(2025, 11, 20, 8, tzinfo=UTC), tick=False):
        result = runner.invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
        reports = db.session.scalars(select(QuarterlyReport)).all()
        statuses = {r.status for r in reports}
        assert statuses == set(ReportStatus)
        for report in reports:
            figures = report.figures() | {t: getattr(report, t) for t in ("highlights", "problems", "needs")}
            clean_report_data(figures)
            check_figures(report.node_id, report.period, report.figures())
            assert report.due_on == report.period.due_on()
            if report.status != ReportStatus.draft:
                assert report.steps and report.first_submitted_at is not None
        matrix = completeness_for(recent_quarters(TODAY, 7)[:-1], TODAY)
        kinds = {c.timeliness.value for c in matrix.cells.values() if c.timeliness}
        assert {"on_time", "late", "overdue"} <= kinds
        from app.auth.services import find_user_by_email

        home = coordinator_home(find_user_by_email("coordinator.lao@csdr.example"), TODAY)
        assert home["returned"] and home["returned"][0].review_comment
        contributions = db.session.scalars(select(Contribution)).all()
        assert len(contributions) >= 10
        for c in contributions:
            assert not check_contribution({k: getattr(c, k) for k in ("organization_id", "year", "kind", "amount",
                                                                      "currency", "quantity", "unit",
                                                                      "estimated_value")})
        assert db.session.scalar(select(ExchangeRate.id).limit(1)) is not None
        overall = totals(SYSTEM)["all"]
        assert overall.has_money and overall.unconverted   # some rates are missing on purpose
