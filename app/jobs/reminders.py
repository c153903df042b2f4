"""The daily reminders: quarterly reports due soon, overdue, or returned and waiting; agreements
nearing their expiry or their notice date.

Each notice's key names the event (node, quarter, threshold …), so running the job again,
or on a later day of the same window, creates nothing new. The due date comes from the
report (fixed when it was created) or, for a report not started yet, from its quarter:
it never drifts because a report is late or returned.
"""

from collections import defaultdict
from datetime import date

from flask import current_app
from sqlalchemy import or_, select, tuple_

from app.agreements.models import Agreement, AgreementStatus
from app.agreements.state import current_term, is_in_force, last_day, next_term, rolls, rolls_sql
from app.auth.models import Role, User
from app.core.languages import Message
from app.core.periods import Quarter
from app.extensions import db
from app.jobs.registry import at, daily, job
from app.nodes.models import Node, NodeStatus
from app.nodes.quarterly.models import QuarterlyReport, ReportStatus
from app.notifications.models import NoticeKind
from app.notifications.services import notify

# Quarters looked at for due and overdue reports: the current one and the two before it.
QUARTERS_BACK = 2


def _users(*roles: Role) -> list[User]:
    return list(db.session.scalars(select(User).where(User.role.in_(roles), User.is_active_account.is_(True))
                                   .order_by(User.id)))


def _coordinators_by_node() -> dict[int, list[User]]:
    found: dict[int, list[User]] = defaultdict(list)
    for user in _users(Role.coordinator):
        if user.node_id is not None:
            found[user.node_id].append(user)
    return found


def report_link(node: Node, quarter: Quarter) -> str:
    return f"/nodes/{node.code}/reports/{quarter.label}"


def _recent_quarters(today: date) -> list[Quarter]:
    quarters = [Quarter.containing(today)]
    for _ in range(QUARTERS_BACK):
        quarters.append(quarters[-1].previous())
    return quarters


def remind_reports_due_and_overdue(today: date) -> tuple[int, int]:
    """Coordinators: a report due within REPORT_REMINDER_DAYS; coordinators and secretariat: one overdue."""
    window = current_app.config["REPORT_REMINDER_DAYS"]
    quarters = _recent_quarters(today)
    nodes = db.session.scalars(select(Node).where(Node.status == NodeStatus.active, Node.archived_at.is_(None))
                               .order_by(Node.code)).all()
    reports = {(r.node_id, r.year, r.quarter): r for r in db.session.scalars(
        select(QuarterlyReport).where(tuple_(QuarterlyReport.year, QuarterlyReport.quarter)
                                      .in_([(q.year, q.number) for q in quarters])))}
    coordinators = _coordinators_by_node()
    secretariat = _users(Role.secretariat)
    due = overdue = 0
    for node in nodes:
        for quarter in quarters:
            if node.established_on and node.established_on > quarter.ends_on:
                continue  # the node did not exist yet
            report = reports.get((node.id, quarter.year, quarter.number))
            if report is not None and report.status != ReportStatus.draft:
                continue  # submitted, accepted, or returned (reminded separately)
            due_on = report.due_on if report is not None else quarter.due_on()
            days = (due_on - today).days
            if 0 <= days <= window:
                due += notify(coordinators[node.id], NoticeKind.report_due,
                              Message("The %(quarter)s quarterly report of %(node)s is due on %(day)s "
                                      "(days left: %(days)s).", quarter=quarter.label, node=node.code, day=due_on,
                                      days=days),
                              key=f"report_due:{node.code}:{quarter.label}", link=report_link(node, quarter))
            elif days < 0:
                overdue += notify(coordinators[node.id] + secretariat, NoticeKind.report_overdue,
                                  Message("The %(quarter)s quarterly report of %(node)s was due on %(day)s and has "
                                          "not been submitted.", quarter=quarter.label, node=node.code, day=due_on),
                                  key=f"report_overdue:{node.code}:{quarter.label}", link=report_link(node, quarter))
    return due, overdue


def remind_returned_reports(today: date) -> int:
    """Coordinators: a report returned to them, on the day after it was returned and every REPORT_REMINDER_DAYS."""
    every = max(current_app.config["REPORT_REMINDER_DAYS"], 1)
    coordinators = _coordinators_by_node()
    sent = 0
    for report in db.session.scalars(select(QuarterlyReport).where(QuarterlyReport.status == ReportStatus.returned)
                                     .order_by(QuarterlyReport.id)):
        returned_on = (report.reviewed_at or report.updated_at).date()
        waited = (today - returned_on).days
        if waited < 0:
            continue
        values = {"quarter": report.label, "node": report.node.code, "day": returned_on, "days": waited,
                  "comment": report.review_comment or "—"}
        text = (Message("The %(quarter)s quarterly report of %(node)s was returned on %(day)s and has waited "
                        "%(days)s days; please correct and submit it again. Comment: %(comment)s", **values)
                if waited >= every else
                Message("The %(quarter)s quarterly report of %(node)s was returned on %(day)s; please correct and "
                        "submit it again. Comment: %(comment)s", **values))
        stamp = (report.reviewed_at or report.updated_at).strftime("%Y%m%dT%H%M%S")
        sent += notify(coordinators[report.node_id], NoticeKind.report_returned, text,
                       key=f"report_returned:{report.id}:{stamp}:{waited // every}",
                       link=report_link(report.node, report.period))
    return sent


def _threshold(days: int, thresholds: tuple[int, ...]) -> int | None:
    """The tightest threshold reached (days ≤ threshold), or None when none is."""
    reached = [t for t in thresholds if 0 <= days <= t]
    return min(reached) if reached else None


def _notice_term(agreement: Agreement, today: date):
    """The term whose notice date is the next one to come (today included), or None."""
    term = current_term(agreement, today)
    if term is None or term.notice_on is None:
        return None
    if term.notice_on < today:
        term = next_term(agreement, term)  # too late for this term: the next term's notice date
    return term


def remind_agreements(today: date) -> tuple[int, int]:
    """Secretariat: an active agreement 180/90/30 days before the end of its current term, and
    before the notice date of each term; once per term and threshold (the key names the term)."""
    thresholds = current_app.config["AGREEMENT_REMINDER_DAYS"]
    secretariat = _users(Role.secretariat)
    expiring = noticing = 0
    for agreement in db.session.scalars(
            select(Agreement).where(Agreement.status == AgreementStatus.active, Agreement.expires_on.is_not(None),
                                    or_(Agreement.expires_on >= today, rolls_sql()))
            .order_by(Agreement.id)):
        end = last_day(agreement, today)
        term = current_term(agreement, today)
        if end is None or term is None or not is_in_force(agreement, today):
            continue
        label = f"{agreement.reference} ({agreement.title})"
        link = f"/agreements/{agreement.id}"
        days = (end - today).days
        values = {"agreement": label, "day": end, "days": days}
        if rolls(agreement):
            ends = Message("Agreement %(agreement)s ends on %(day)s, in %(days)s days (it renews itself for "
                           "%(months)s months unless notice is given).", months=agreement.renewal_months, **values)
        elif agreement.auto_renew:
            ends = Message("Agreement %(agreement)s ends on %(day)s, in %(days)s days (it renews itself "
                           "unless notice is given).", **values)
        else:
            ends = Message("Agreement %(agreement)s ends on %(day)s, in %(days)s days.", **values)
        if (threshold := _threshold(days, thresholds)) is not None:
            expiring += notify(secretariat, NoticeKind.agreement_expiry,
                               ends,
                               key=f"agreement_expiry:{agreement.id}:t{term.number}:{end.isoformat()}:{threshold}",
                               link=link)
        noticed = _notice_term(agreement, today)
        if noticed is not None:
            days = (noticed.notice_on - today).days
            if (threshold := _threshold(days, thresholds)) is not None:
                noticing += notify(secretariat, NoticeKind.agreement_notice,
                                   Message("The notice date of agreement %(agreement)s is %(day)s, in %(days)s days: "
                                           "notice to end or renegotiate it must be given by then (its term ends on "
                                           "%(end)s).", agreement=label, day=noticed.notice_on, days=days,
                                           end=noticed.ends_on),
                                   key=f"agreement_notice:{agreement.id}:t{noticed.number}:"
                                       f"{noticed.notice_on.isoformat()}:{threshold}",
                                   link=link)
    return expiring, noticing


@job("reminders", "Remind of reports due, overdue or returned, and of agreements nearing their end.",
     period=daily, trigger=at("REMINDER_TIME"))
def send_reminders(today: date) -> str:
    """Create today's reminder notices (the e-mail job mails them)."""
    due, overdue = remind_reports_due_and_overdue(today)
    returned = remind_returned_reports(today)
    expiring, noticing = remind_agreements(today)
    return (f"{due} due-soon, {overdue} overdue, {returned} returned-report, {expiring} expiry and "
            f"{noticing} notice-date notice(s)")


@job("action_reminders", "Remind owners of action items due soon, and owners and secretariat of overdue ones.",
     period=daily, trigger=at("REMINDER_TIME"))
def send_action_reminders(today: date) -> str:
    """Create today's action-item reminders (app/governance/jobs.py; the e-mail job mails them)."""
    from app.governance.jobs import remind_action_items

    due, overdue = remind_action_items(today)
    return f"{due} due-soon and {overdue} overdue action-item notice(s)"
