"""Writes to quarterly reports: filing a draft, submitting it, and the secretariat's review.

Rules on the figures (the same for pages, API and CLI):
- every figure is optional: empty means "not available" (N/A), never zero;
- counts are whole numbers, none negative; volumes and areas are non-negative decimals;
- `t1_push_percent` (share of scenes pushed within a day of acquisition) is 0–100;
- `users_active` cannot exceed `users_registered` when both are given;
- `scenes_distributed` counts distinct scenes delivered to users in the quarter, and a node
  can only deliver scenes it holds: those received this quarter plus its archive, i.e. the
  scenes it reported received in all its earlier quarters. So scenes_distributed ≤
  scenes_received (this quarter, empty = 0) + the sum of scenes_received of its earlier reports.
- a quarter that has not begun yet cannot have a report (422); a report can be submitted once
  its quarter has ended (409 before).
"""

from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError

from app.auth import policy
from app.auth.models import Role
from app.core.errors import Conflict, Duplicate, NotFound, ValidationFailed, collect, raise_if
from app.core.languages import Message
from app.core.periods import Quarter, today
from app.core.records import check_version
from app.extensions import db
from app.nodes.models import Node
from app.nodes.numbers import decimal_number, whole_number
from app.nodes.quarterly.locks import refuse_if_locked
from app.nodes.quarterly.models import DECIMAL_FIGURES, INTEGER_FIGURES, TEXT_MAX, TEXTS, QuarterlyReport, ReportStatus
from app.notifications.models import NoticeKind
from app.notifications.services import notify, users_with_role

REPORT_FIELDS = INTEGER_FIGURES + DECIMAL_FIGURES + TEXTS
INTEGER_MAX = 2_000_000_000
DECIMAL_MAX = Decimal("999999999999.99")


def find_report(node: Node, quarter: Quarter) -> QuarterlyReport | None:
    """The node's report for the quarter, if one was started."""
    return db.session.scalar(select(QuarterlyReport).where(
        QuarterlyReport.node_id == node.id, QuarterlyReport.year == quarter.year,
        QuarterlyReport.quarter == quarter.number))


def clean_report_data(data: dict, errors: dict | None = None) -> dict:
    """The fields of a report from input, typed; a 422 naming every bad field (or, given
    `errors`, the bad fields added there and left out of the result)."""
    own = errors is None
    errors = {} if own else errors
    clean = {}
    for name in INTEGER_FIGURES:
        if name not in data:
            continue
        value = data[name]
        if value is None or value == "":
            clean[name] = None
            continue
        try:
            number = whole_number(value)
        except ValueError:
            collect(errors, name, "Enter a whole number, or leave it empty for N/A.")
            continue
        if number < 0:
            collect(errors, name, "Cannot be negative.")
        elif number > INTEGER_MAX:
            collect(errors, name, f"Cannot exceed {INTEGER_MAX:,}.")
        else:
            clean[name] = number
    for name in DECIMAL_FIGURES:
        if name not in data:
            continue
        value = data[name]
        if value is None or value == "":
            clean[name] = None
            continue
        try:
            number = decimal_number(value, 2)
        except ValueError:
            collect(errors, name, "Enter a number, or leave it empty for N/A.")
            continue
        upper = Decimal(100) if name == "t1_push_percent" else DECIMAL_MAX
        if number < 0:
            collect(errors, name, "Cannot be negative.")
        elif number > upper:
            collect(errors, name, "A percentage is between 0 and 100." if name == "t1_push_percent"
                    else f"Cannot exceed {upper:,}.")
        else:
            clean[name] = number
    for name in TEXTS:
        if name not in data:
            continue
        value = data[name]
        if value is not None and not isinstance(value, str):
            collect(errors, name, "Enter text.")
            continue
        value = (value or "").strip() or None
        if value and len(value) > TEXT_MAX:
            collect(errors, name, f"Use at most {TEXT_MAX:,} characters.")
        else:
            clean[name] = value
    if own:
        raise_if(errors)
    return clean


def scenes_archive(node_id: int, quarter: Quarter) -> int:
    """Scenes the node reported received in all quarters before this one."""
    earlier = or_(QuarterlyReport.year < quarter.year,
                  and_(QuarterlyReport.year == quarter.year, QuarterlyReport.quarter < quarter.number))
    return db.session.scalar(select(func.coalesce(func.sum(QuarterlyReport.scenes_received), 0))
                             .where(QuarterlyReport.node_id == node_id, earlier)) or 0


def check_figures(node_id: int, quarter: Quarter, figures: dict, errors: dict | None = None) -> None:
    """The rules that involve more than one figure (see the module's docstring); given `errors`,
    the broken rules are added there instead of raised."""
    own = errors is None
    errors = {} if own else errors
    registered, active = figures.get("users_registered"), figures.get("users_active")
    if registered is not None and active is not None and active > registered:
        collect(errors, "users_active", f"Cannot exceed the registered users ({registered:,}).")
    distributed = figures.get("scenes_distributed")
    if distributed:
        received = figures.get("scenes_received") or 0
        if distributed > received:
            archive = scenes_archive(node_id, quarter)
            if distributed > received + archive:
                collect(errors, "scenes_distributed",
                        f"Cannot exceed the scenes received this quarter ({received:,}) plus the node's archive "
                        f"from earlier quarters ({archive:,}).")
    if own:
        raise_if(errors)


def require_may_start(user, node: Node, quarter: Quarter) -> None:
    """May the user start the node's report for the quarter (none exists yet)? 404 unless they may file
    the node's reports, 422 for a quarter that has not begun. Reads only: nothing is written."""
    if not policy.may_file_report(user, node.id):
        # Nobody may learn whether another node has started a report: absent or invisible, it is a 404.
        raise NotFound("No such report.")
    if quarter.is_future(today()):
        raise ValidationFailed.on("quarter", f"{quarter.label} has not begun; its report cannot be started yet.")


def save_report(user, node: Node, quarter: Quarter, data: dict, version=None) -> tuple[QuarterlyReport, bool]:
    """Create the node's report for a quarter, or change it while it is a draft or returned.

    Returns (report, created). Fields absent from `data` keep their value; None empties one.
    """
    report = find_report(node, quarter)
    created = report is None
    if created:
        require_may_start(user, node, quarter)
        report = QuarterlyReport(node=node, year=quarter.year, quarter=quarter.number,
                                 due_on=quarter.due_on(), status=ReportStatus.draft)
    else:
        policy.require_file_report(user, report)
        if version is None and _is_replay(report, data):
            return report, False  # a retry after a lost answer: the report already holds this, nothing changes
        check_version(report, version)
        report.ensure_editable()
    refuse_if_locked(quarter)
    errors: dict[str, list[str]] = {}
    clean = clean_report_data(data, errors)
    # Every bad field at once: the rules across figures run on those that were well formed.
    check_figures(node.id, quarter, report.figures() | clean | dict.fromkeys(errors), errors)
    raise_if(errors)
    for name, value in clean.items():
        setattr(report, name, value)
    if created:
        db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        message = f"{node.code} {quarter.label} was just started by someone else; reload it."
        raise Duplicate(message, {"period": [message]}) from None
    return report, created


def _is_replay(report: QuarterlyReport, data: dict) -> bool:
    """Does the report already hold every value of `data`? Otherwise, without a version, 409 naming it."""
    clean = clean_report_data(data)
    if all(getattr(report, name) == value for name, value in clean.items()):
        return True
    raise Conflict("The report exists and differs from what you sent: send the version you last read.",
                   {"version": ["required to change an existing report"]})


def _optional_version(report: QuarterlyReport, version) -> None:
    if version is not None:
        check_version(report, version)


def submit_report(user, report: QuarterlyReport, version=None) -> QuarterlyReport:
    """Send a draft or returned report to the secretariat (the node's coordinator or staff)."""
    policy.require_file_report(user, report)
    _optional_version(report, version)
    report.require_status({ReportStatus.draft, ReportStatus.returned}, ReportStatus.submitted)
    refuse_if_locked(report.period)
    if not report.period.has_ended(today()):
        raise Conflict(f"{report.label} ends on {report.period.ends_on.isoformat()}; submit its report after that.",
                       {"status": ["the quarter has not ended"]})
    check_figures(report.node_id, report.period, report.figures())
    report.submit(user)
    db.session.flush()
    notify(users_with_role(Role.secretariat), NoticeKind.report_submitted,
           Message("%(node)s submitted its %(quarter)s quarterly report for review.", node=report.node.code,
                   quarter=report.label),
           key=f"report_submitted:{report.id}:{report.steps[-1].id}", link=report_path(report))
    return report


def accept_report(user, report: QuarterlyReport, comment: str | None = None, version=None) -> QuarterlyReport:
    """Accept a submitted report (secretariat)."""
    policy.require_review_report(user, report)
    _optional_version(report, version)
    comment = (comment or "").strip() or None
    if comment and len(comment) > TEXT_MAX:
        raise ValidationFailed.on("comment", f"Use at most {TEXT_MAX:,} characters.")
    report.accept(user, comment)
    db.session.flush()
    notify(_coordinators(report), NoticeKind.report_accepted,
           Message("The %(quarter)s quarterly report of %(node)s was accepted. Comment: %(comment)s",
                   quarter=report.label, node=report.node.code, comment=comment) if comment else
           Message("The %(quarter)s quarterly report of %(node)s was accepted.", quarter=report.label,
                   node=report.node.code),
           key=f"report_accepted:{report.id}", link=report_path(report))
    return report


def return_report(user, report: QuarterlyReport, comment: str, version=None) -> QuarterlyReport:
    """Return a submitted report to its node with a comment saying what to change (secretariat)."""
    policy.require_review_report(user, report)
    _optional_version(report, version)
    report.send_back(user, comment)
    db.session.flush()
    # The same key as the first reminder of the daily job (jobs/reminders.py), so that job adds nothing today.
    notify(_coordinators(report), NoticeKind.report_returned,
           Message("The %(quarter)s quarterly report of %(node)s was returned; please correct and submit it again. "
                   "Comment: %(comment)s", quarter=report.label, node=report.node.code, comment=report.review_comment),
           key=f"report_returned:{report.id}:{report.reviewed_at:%Y%m%dT%H%M%S}:0", link=report_path(report))
    return report


# --- word of each step, at once: the secretariat of a submission, the node's coordinators of a review -------

def report_path(report: QuarterlyReport) -> str:
    return f"/nodes/{report.node.code}/reports/{report.label}"


def _coordinators(report: QuarterlyReport) -> list:
    return users_with_role(Role.coordinator, report.node_id)
