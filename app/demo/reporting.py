"""Demo quarterly reports, contributions and exchange rates, dated relative to today.

A few nodes report over the last six quarters: most on time and accepted, some late, one
returned with a comment, one waiting for review, one missing, and this quarter's drafts; so
the coordinator's home, the review queue and the completeness matrix all have something to show.
"""

import random
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.audit.recorder import set_face
from app.auth.actors import SYSTEM
from app.auth.models import User
from app.core.db import clock_at, utcnow
from app.core.periods import Quarter, recent_quarters, today
from app.extensions import db
from app.nodes.contributions.services import create_contribution, reporting_currency, set_exchange_rate
from app.nodes.quarterly import services as quarterly
from app.notifications.services import notices_withheld
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


HISTORY_FROM = Quarter(2021, 1)
# Each node's usual size (scenes a quarter in 2021) and how it grows a year.
SIZE = {"CHN": 2400, "LAO": 520, "THA": 900, "NPL": 480, "GHA": 420, "AUT": 650, "GBR": 600, "VEN": 700}


def _figures(rng: random.Random, scale: float, year: int | None = None) -> dict:
    received = int(rng.randint(300, 1200) * scale)
    registered = rng.randint(40, 300)
    # T+1 improves as the SatCloud push matures: about 60% in 2021, above 90% by 2025.
    t1 = rng.randint(55, 98) if year is None else min(99, rng.randint(52, 66) + 8 * (year - 2021))
    return {"scenes_received": received, "scenes_distributed": int(received * rng.uniform(0.4, 0.95)),
            "data_volume_gb": Decimal(received) * Decimal("1.35"), "area_km2": Decimal(received * 3600),
            "users_registered": registered, "users_active": int(registered * rng.uniform(0.3, 0.8)),
            "organizations_served": rng.randint(3, 25), "data_requests": rng.randint(10, 120),
            "t1_push_percent": Decimal(t1), "trainings_held": rng.randint(0, 3),
            "people_trained": rng.randint(0, 60), "events_held": rng.randint(0, 2),
            "highlights": rng.choice(HIGHLIGHTS), "problems": rng.choice(PROBLEMS) or None,
            "needs": "More storage and a faster link." if rng.random() < 0.4 else None}


@contextmanager
def _acting(user, moment):
    """The services run as `user` at `moment`: steps, timestamps and audit events carry both, and
    nobody is notified now of what happened then."""
    set_face("cli", user.id if user else None)
    try:
        with clock_at(moment), notices_withheld():
            yield
    finally:
        set_face("cli")


def _file(node, quarter, figures, fate, rng, filer, secretariat, now) -> None:
    """Start the node's report for the quarter and walk it through the workflow its fate says, through
    the quarterly services at past moments: the filer (the node's coordinator, else the secretariat)
    files and submits it, the secretariat reviews it.

    "ok" accepted on time, "late" first submitted after the due date then accepted, "fixed"
    returned with a comment (the active users were missing), corrected and accepted, "returned" still
    returned, "submitted" waiting for review, "draft" never submitted.
    """
    active = figures["users_active"]
    if fate in ("returned", "fixed"):
        figures = figures | {"users_active": None}  # what the secretariat's comment asks for
    with _acting(filer, _moment(quarter.ends_on - timedelta(days=10))):
        report, _ = quarterly.save_report(filer, node, quarter, figures)
    if fate == "draft":
        return
    offset = rng.randint(16, 40) if fate == "late" else -rng.randint(1, 12)
    submitted = min(_moment(report.due_on + timedelta(days=offset)), now - timedelta(hours=6))
    submitted = max(submitted, _moment(quarter.ends_on + timedelta(days=1), 0))  # never before the quarter ended
    with _acting(filer, submitted):
        quarterly.submit_report(filer, report)
    if fate == "submitted":
        return
    reviewed = max(min(submitted + timedelta(days=rng.randint(2, 9)), now - timedelta(hours=1)), submitted)
    if fate in ("returned", "fixed"):
        with _acting(secretariat, reviewed):
            quarterly.return_report(secretariat, report, RETURN_COMMENT)
        if fate == "returned":
            return
        submitted = reviewed + timedelta(days=rng.randint(1, 6))
        with _acting(filer, submitted):
            quarterly.save_report(filer, node, quarter, {"users_active": active}, version=report.version)
            quarterly.submit_report(filer, report)
        reviewed = submitted + timedelta(days=rng.randint(1, 5))
    with _acting(secretariat, reviewed):
        quarterly.accept_report(secretariat, report)


def _joined(node, quarter) -> bool:
    return node.established_on is None or node.established_on <= quarter.ends_on


def load_history_reports(nodes: dict, before, users: dict, now) -> None:
    """Every joined node's reports from 2021 up to the recent window: most accepted on time, some late,
    some returned and fixed; figures grow with the years."""
    rng = random.Random(2021)  # noqa: S311 - demo figures, not secrets
    secretariat = users.get("secretariat@csdr.example")
    quarter = HISTORY_FROM
    while quarter < before:
        for code, node in sorted(nodes.items()):
            if not _joined(node, quarter):
                continue
            fate = rng.choices(["ok", "late", "fixed"], weights=[75, 15, 10])[0]
            scale = SIZE.get(code, 400) / 750 * (1 + 0.12 * (quarter.year - 2021))
            filer = users.get("coordinator.lao@csdr.example") if code == "LAO" else secretariat
            _file(node, quarter, _figures(rng, scale, quarter.year), fate, rng, filer, secretariat, now)
        quarter = quarter.next()


def load_reports(nodes: dict) -> None:
    """Reports from 2021; over the last six quarters the fates of PLANS (other nodes mostly on time),
    plus drafts of the current quarter."""
    rng = random.Random(2025)  # noqa: S311 - demo figures, not secrets
    on = today()
    now = utcnow()
    users = {u.email: u for u in db.session.scalars(select(User))}
    secretariat = users.get("secretariat@csdr.example")
    quarters = recent_quarters(on, 7)
    past, current = quarters[:-1], quarters[-1]
    load_history_reports(nodes, past[0], users, now)
    others = random.Random(2026)  # noqa: S311
    for code, node in nodes.items():
        plan = PLANS.get(code) or [others.choices(["ok", "late", "fixed", None], weights=[70, 15, 10, 5])[0]
                                   for _ in past]
        filer = users.get("coordinator.lao@csdr.example") if code == "LAO" else secretariat
        for quarter, fate in zip(past, plan, strict=True):
            if fate is None or not _joined(node, quarter):
                continue
            _file(node, quarter, _figures(rng, 3 if node.is_lead else 1), fate, rng, filer, secretariat, now)
        if code in ("LAO", "CHN", "NPL", "THA", "GHA", "AUT") and _joined(node, current):
            # This quarter's draft, started now (the notices of the present are not withheld).
            set_face("cli", filer.id if filer else None)
            quarterly.save_report(filer, node, current, {"scenes_received": rng.randint(100, 400),
                                                         "highlights": "Work in progress."})
            set_face("cli")
    db.session.flush()


# (organization acronym or name, node code, years ago, kind, amount, currency, quantity, unit, value, description)
CONTRIBUTIONS = [
    ("LASAC", None, 1, "data", None, "USD", "48000", "scenes", "960000", "ZY-3 and GF scenes for the partners"),
    ("LASAC", None, 0, "training", None, "CNY", "3", "courses", "450000", "Training courses in Beijing"),
    ("DLR", None, 2, "hardware", None, "EUR", "2", "servers", "36000", "Processing servers"),
    ("DLR", None, 1, "staff", None, "EUR", "0.5", "FTE", "45000", "Calibration expert"),
    ("CSIRO", None, 1, "software", None, "AUD", "1", "licence", "20000", "Data cube software"),
    ("UoN", "GBR", 1, "training", None, "GBP", "12", "trainees", "18000", "MSc places"),
    ("UoN", "GBR", 0, "financial", "15000", "GBP", None, None, None, "Research grant"),
    ("GISTDA", "THA", 0, "facilities", None, None, "1", "ground station", None, "Receiving station access"),
    ("ABAE", "VEN", 1, "data", None, None, "1200", "scenes", None, "VRSS-2 scenes shared"),
]
# LASAC pledges 5 million CNY a year for the SatCloud platform and the partners; what came, by year.
LASAC_PLEDGE = Decimal("5000000")
LASAC_RECEIVED = {2021: "5000000", 2022: "4600000", 2023: "5000000", 2024: "4200000", 2025: "4800000"}
LASAC_RECEIVED_THIS_YEAR = "3000000"  # the current year, so far
# In kind, by year: (organization, node, kind, pledged quantity, received quantity, unit, value each, currency, what)
IN_KIND = [
    ("GISTDA", "THA", "storage", "100", "100", "TB", "4000", "THB", "Mirror of the SatCloud archive"),
    ("UENR", "GHA", "storage", "20", "15", "TB", "120", "USD", "Node storage"),
    ("UNIVIE", "AUT", "staff", "1", "1", "FTE", "70000", "EUR", "Node coordinator and DOM production"),
    ("Survey Department", "NPL", "staff", "2", "1.5", "FTE", "900000", "NPR", "GIS officers"),
    ("DLR", None, "hardware", "2", "1", "servers", "18000", "EUR", "Processing servers"),
    ("ABAE", "VEN", "staff", "1", "1", "FTE", "25000", "USD", "Node operator"),
]
# (years ago, currency, rate into the reporting currency); CNY of this year and AUD are missing on purpose.
RATES = [(2, "CNY", "0.1390"), (1, "CNY", "0.1385"), (2, "EUR", "1.0813"), (1, "EUR", "1.0824"),
         (0, "EUR", "1.1300"), (1, "GBP", "1.2780"), (0, "GBP", "1.3100"), (1, "THB", "0.0284"),
         (0, "NPR", "0.0074")]
# Yearly rates of the five demo years (the relative ones above win where both name a year).
YEARLY_RATES = {"CNY": ["0.1550", "0.1487", "0.1412", "0.1390", "0.1385"],
                "EUR": ["1.1827", "1.0530", "1.0813", "1.0824", "1.1300"],
                "THB": ["0.0313", "0.0287", "0.0287", "0.0284", "0.0300"],
                "NPR": ["0.0085", "0.0078", "0.0076", "0.0075", "0.0074"],
                "GBP": ["1.3757", "1.2369", "1.2435", "1.2780", "1.3100"]}


def _contribution(by_key, nodes, key, code, year, kind, status, amount=None, currency=None, quantity=None,
                  unit=None, value=None, description=None):
    node = nodes.get(code) if code else None
    create_contribution(SYSTEM, {
        "organization_id": by_key[key].id, "node_id": node.id if node else None, "year": year, "kind": kind,
        "status": status, "amount": amount, "currency": currency, "quantity": quantity, "unit": unit,
        "estimated_value": value, "description": description})


def load_contributions(nodes: dict) -> None:
    """LASAC's yearly pledge and what it gave, the partners' in-kind pledges and deliveries from 2021,
    a few one-off contributions, and a rate table with gaps."""
    year = today().year
    organizations = list(db.session.scalars(select(Organization)))
    by_key = {o.acronym: o for o in organizations if o.acronym} | {o.name: o for o in organizations}
    for y in range(2021, year + 1):
        received = LASAC_RECEIVED.get(y, LASAC_RECEIVED_THIS_YEAR)
        for status, amount in (("pledged", LASAC_PLEDGE), ("received", Decimal(received))):
            _contribution(by_key, nodes, "LASAC", "CHN", y, "financial", status, amount, "CNY",
                          description="SatCloud platform operation and support of the partner nodes")
        for key, code, kind, pledged, got, unit, each, currency, what in IN_KIND:
            if code and nodes[code].established_on.year > y:
                continue
            for status, quantity in (("pledged", pledged), ("received", got)):
                if status == "received" and y == year:
                    quantity = str(Decimal(got) / 2)  # half the year's delivery so far
                _contribution(by_key, nodes, key, code, y, kind, status, quantity=quantity, unit=unit,
                              value=(Decimal(quantity) * Decimal(each)).quantize(Decimal("0.01")),
                              currency=currency, description=what)
    for key, code, ago, kind, amount, currency, quantity, unit, value, description in CONTRIBUTIONS:
        _contribution(by_key, nodes, key, code, year - ago, kind, "received", amount, currency, quantity, unit,
                      value, description)
    target = reporting_currency()
    rates = {(y, currency): rate for currency, values in YEARLY_RATES.items()
             for y, rate in zip(range(2021, 2026), values, strict=True)}
    rates |= {(year - ago, currency): rate for ago, currency, rate in RATES}
    rates.pop((year, "CNY"), None)
    for (y, currency), rate in sorted(rates.items()):
        if currency != target:
            set_exchange_rate(SYSTEM, y, currency, rate)
    db.session.flush()


def load_reporting(nodes: dict) -> None:
    """All of the above: called by load_network once the nodes and users exist."""
    load_reports(nodes)
    load_contributions(nodes)
