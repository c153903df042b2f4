"""Demo quarterly reports, contributions and exchange rates, dated relative to today.

A few nodes report over the last six quarters: most on time and accepted, some late, one
returned with a comment, one waiting for review, one missing, and this quarter's drafts; so
the coordinator's home, the review queue and the completeness matrix all have something to show.
"""

import random
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.auth.models import User
from app.core.periods import recent_quarters, today
from app.extensions import db
from app.nodes.contributions.models import Contribution, ContributionKind, ExchangeRate
from app.nodes.contributions.services import reporting_currency
from app.nodes.quarterly.models import QuarterlyReport, QuarterlyReportStep, ReportStatus
from app.partners.models import Organization

# For each node, the fate of its reports over the six quarters before this one (oldest first):
# "ok" accepted on time, "late" accepted but first submitted late, "returned" returned with a comment,
# "submitted" waiting for review, "draft" started, None missing.
PLANS = {
    "CHN": ["ok", "ok", "ok", "ok", "ok", "submitted"],
    "LAO": ["ok", "late", "ok", "ok", "late", "returned"],
    "NPL": ["ok", "ok", "ok", "late", "ok", "submitted"],
    "GHA": ["late", None, "late", "ok", "ok", "draft"],
    "THA": ["ok", "ok", "ok", "ok", "ok", None],
    "VEN": [None, "draft", "late", "late", "ok", "submitted"],
    "AUT": ["ok", "ok", "ok", "ok", "ok", "ok"],
    "GBR": ["ok", "late", "ok", "ok", "ok", "ok"],
    "KEN": [None, None, "late", "ok", "late", "submitted"],
}
RETURN_COMMENT = ("Thank you. Please add the number of active users and explain the drop in scenes distributed "
                  "(the T+1 share fell from 90% to 60%).")
HIGHLIGHTS = ["Flood extent maps delivered to the civil protection agency within a day of acquisition.",
              "Training of 20 surveyors on GF-2 orthorectification.",
              "New agreement with the national statistics office for land-cover data.",
              "Crop monitoring campaign with the ministry of agriculture."]
PROBLEMS = ["Intermittent internet link slowed the data push.", "Storage almost full.", "", "Staff turnover."]


def _moment(day, hour=9):
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _figures(rng: random.Random, scale: int) -> dict:
    received = rng.randint(300, 1200) * scale
    registered = rng.randint(40, 300)
    return {"scenes_received": received, "scenes_distributed": int(received * rng.uniform(0.4, 0.95)),
            "data_volume_gb": Decimal(received) * Decimal("1.35"), "area_km2": Decimal(received * 3600),
            "users_registered": registered, "users_active": int(registered * rng.uniform(0.3, 0.8)),
            "organizations_served": rng.randint(3, 25), "data_requests": rng.randint(10, 120),
            "t1_push_percent": Decimal(rng.randint(55, 98)), "trainings_held": rng.randint(0, 3),
            "people_trained": rng.randint(0, 60), "events_held": rng.randint(0, 2),
            "highlights": rng.choice(HIGHLIGHTS), "problems": rng.choice(PROBLEMS) or None,
            "needs": "More storage and a faster link." if rng.random() < 0.4 else None}


def _step(report, to, at, user, comment=None):
    report.steps.append(QuarterlyReportStep(from_status=report.status, status=to, at=at,
                                            user_id=user.id if user else None, comment=comment))
    report.status = to


def load_reports(nodes: dict) -> None:
    """Reports of the nodes in PLANS over the last six quarters, plus drafts of the current quarter."""
    rng = random.Random(2025)  # noqa: S311 - demo figures, not secrets
    on = today()
    now = datetime.now(UTC)
    users = {u.email: u for u in db.session.scalars(select(User))}
    secretariat = users.get("secretariat@csdr.example")
    quarters = recent_quarters(on, 7)
    past, current = quarters[:-1], quarters[-1]
    for code, plan in PLANS.items():
        node = nodes[code]
        filer = users.get("coordinator.lao@csdr.example") if code == "LAO" else secretariat
        for quarter, fate in zip(past, plan, strict=True):
            if fate is None:
                continue
            report = QuarterlyReport(node=node, year=quarter.year, quarter=quarter.number, due_on=quarter.due_on(),
                                     status=ReportStatus.draft, **_figures(rng, 3 if node.is_lead else 1))
            report.created_at = _moment(quarter.ends_on - timedelta(days=10))
            if fate != "draft":
                offset = rng.randint(16, 40) if fate == "late" else -rng.randint(1, 12)
                submitted = min(_moment(report.due_on + timedelta(days=offset)), now - timedelta(hours=6))
                _step(report, ReportStatus.submitted, submitted, filer)
                report.first_submitted_at = report.submitted_at = submitted
                report.submitted_by_id = filer.id if filer else None
                if fate in ("ok", "late", "returned"):
                    reviewed = min(submitted + timedelta(days=rng.randint(2, 9)), now - timedelta(hours=1))
                    status = ReportStatus.returned if fate == "returned" else ReportStatus.accepted
                    comment = RETURN_COMMENT if fate == "returned" else None
                    if fate == "returned":
                        report.users_active = None
                    _step(report, status, reviewed, secretariat, comment)
                    report.reviewed_at, report.reviewed_by_id, report.review_comment = (
                        reviewed, secretariat.id if secretariat else None, comment)
            db.session.add(report)
        if code in ("LAO", "CHN", "NPL"):
            draft = QuarterlyReport(node=node, year=current.year, quarter=current.number, due_on=current.due_on(),
                                    status=ReportStatus.draft, scenes_received=rng.randint(100, 400),
                                    highlights="Work in progress.")
            db.session.add(draft)
    db.session.flush()


# (organization acronym or name, node code, years ago, kind, amount, currency, quantity, unit, value, description)
CONTRIBUTIONS = [
    ("LASAC", "CHN", 2, "financial", "2000000", "CNY", None, None, None, "SatCloud platform operation"),
    ("LASAC", "CHN", 1, "financial", "2200000", "CNY", None, None, None, "SatCloud platform operation"),
    ("LASAC", "CHN", 0, "financial", "2400000", "CNY", None, None, None, "SatCloud platform operation"),
    ("LASAC", None, 1, "data", None, "USD", "48000", "scenes", "960000", "ZY-3 and GF scenes for the partners"),
    ("LASAC", None, 0, "training", None, "CNY", "3", "courses", "450000", "Training courses in Beijing"),
    ("DLR", None, 2, "hardware", None, "EUR", "2", "servers", "36000", "Processing servers"),
    ("DLR", None, 1, "staff", None, "EUR", "0.5", "FTE", "45000", "Calibration expert"),
    ("CSIRO", None, 1, "software", None, "AUD", "1", "licence", "20000", "Data cube software"),
    ("UoN", "GBR", 1, "training", None, "GBP", "12", "trainees", "18000", "MSc places"),
    ("UoN", "GBR", 0, "financial", "15000", "GBP", None, None, None, "Research grant"),
    ("UNIVIE", "AUT", 0, "staff", None, "EUR", "1", "FTE", "70000", "Node coordinator"),
    ("GISTDA", "THA", 1, "storage", None, "THB", "200", "TB", "800000", "Mirror of the SatCloud archive"),
    ("GISTDA", "THA", 0, "facilities", None, None, "1", "ground station", None, "Receiving station access"),
    ("UENR", "GHA", 0, "storage", None, "USD", "50", "TB", "6000", "Node storage"),
    ("ABAE", "VEN", 1, "data", None, None, "1200", "scenes", None, "VRSS-2 scenes shared"),
    ("Survey Department", "NPL", 0, "staff", None, "NPR", "2", "FTE", "1800000", "GIS officers"),
]
# (years ago, currency, rate into the reporting currency); CNY of this year and AUD are missing on purpose.
RATES = [(2, "CNY", "0.1390"), (1, "CNY", "0.1385"), (2, "EUR", "1.0813"), (1, "EUR", "1.0824"),
         (0, "EUR", "1.1300"), (1, "GBP", "1.2780"), (0, "GBP", "1.3100"), (1, "THB", "0.0284"),
         (0, "NPR", "0.0074")]


def load_contributions(nodes: dict) -> None:
    """Contributions of the partners over three years, and an incomplete rate table."""
    year = today().year
    organizations = list(db.session.scalars(select(Organization)))
    by_key = {o.acronym: o for o in organizations if o.acronym} | {o.name: o for o in organizations}
    for key, code, ago, kind, amount, currency, quantity, unit, value, description in CONTRIBUTIONS:
        db.session.add(Contribution(
            organization=by_key[key], node=nodes.get(code) if code else None, year=year - ago,
            kind=ContributionKind(kind), amount=Decimal(amount) if amount else None, currency=currency,
            quantity=Decimal(quantity) if quantity else None, unit=unit,
            estimated_value=Decimal(value) if value else None, description=description))
    target = reporting_currency()
    for ago, currency, rate in RATES:
        db.session.add(ExchangeRate(year=year - ago, currency=currency, reporting_currency=target, rate=Decimal(rate)))
    db.session.flush()


def load_reporting(nodes: dict) -> None:
    """All of the above: called by load_network once the nodes and users exist."""
    load_reports(nodes)
    load_contributions(nodes)
