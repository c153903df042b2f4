"""Reads of quarterly reports: lists, the review queue, the completeness matrix, a coordinator's home."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, false, or_, select, true
from sqlalchemy.orm import contains_eager, joinedload

from app.auth import policy
from app.auth.models import Role
from app.core.periods import Quarter, quarters_of, recent_quarters, today
from app.extensions import db
from app.nodes.models import Node, NodeStatus
from app.nodes.quarterly.models import QuarterlyReport, ReportStatus, Timeliness, timeliness_of


def visible_reports(query, user):
    """Narrow a select of reports to those policy.may_view_report lets the user see."""
    if policy.is_staff(user):
        return query
    if not getattr(user, "is_authenticated", False):
        return query.where(false())
    accepted = QuarterlyReport.status == ReportStatus.accepted
    if user.role == Role.coordinator and user.node_id is not None:
        return query.where(or_(accepted, QuarterlyReport.node_id == user.node_id))
    return query.where(accepted)


def reports_query(user, year=None, quarter=None, status=None, node=None):
    """The reports the user may see, newest quarter first, with node and reviewers loaded."""
    query = (select(QuarterlyReport).join(QuarterlyReport.node)
             .options(contains_eager(QuarterlyReport.node), joinedload(QuarterlyReport.submitted_by),
                      joinedload(QuarterlyReport.reviewed_by)))
    if year:
        query = query.where(QuarterlyReport.year == int(year))
    if quarter:
        query = query.where(QuarterlyReport.quarter == int(quarter))
    if status:
        query = query.where(QuarterlyReport.status == status)
    if node:
        node = str(node)
        query = query.where(Node.id == int(node) if node.isdigit() else Node.code == node.upper())
    query = visible_reports(query, user)
    return query.order_by(QuarterlyReport.year.desc(), QuarterlyReport.quarter.desc(), Node.code)


def review_queue() -> dict:
    """Reports waiting for the secretariat (oldest first) and those waiting for their node."""
    def with_status(status, order):
        return db.session.scalars(
            select(QuarterlyReport).join(QuarterlyReport.node)
            .options(contains_eager(QuarterlyReport.node), joinedload(QuarterlyReport.submitted_by),
                     joinedload(QuarterlyReport.reviewed_by))
            .where(QuarterlyReport.status == status).order_by(order, Node.code)).all()

    return {"submitted": with_status(ReportStatus.submitted, QuarterlyReport.submitted_at),
            "returned": with_status(ReportStatus.returned, QuarterlyReport.reviewed_at)}


@dataclass(frozen=True)
class Cell:
    """One node's report for one quarter in the completeness matrix (report_id None: not started)."""

    node_id: int
    node_code: str
    quarter: Quarter
    due_on: date
    expected: bool                   # the quarter has begun and the node existed in it
    status: ReportStatus | None = None
    report_id: int | None = None
    timeliness: Timeliness | None = None

    @property
    def state(self) -> str:
        """accepted, submitted, returned, draft, missing or not_expected."""
        if self.status is not None:
            return self.status.value
        return "missing" if self.expected else "not_expected"

    @property
    def is_received(self) -> bool:
        return self.timeliness in (Timeliness.on_time, Timeliness.late)


@dataclass
class Completeness:
    """Nodes × quarters, each cell a status and a timeliness, with totals per quarter, per node and overall."""

    quarters: list
    nodes: list
    cells: dict = field(default_factory=dict)          # (node_id, Quarter) -> Cell
    by_quarter: dict = field(default_factory=dict)     # Quarter -> Counter
    by_node: dict = field(default_factory=dict)        # node_id -> Counter
    total: Counter = field(default_factory=Counter)

    def cell(self, node_id, quarter) -> Cell:
        return self.cells[(node_id, quarter)]


def _count(counter: Counter, cell: Cell) -> None:
    if not cell.expected and cell.status is None:
        return
    counter["expected"] += 1
    if cell.timeliness is not None:
        counter[cell.timeliness.value] += 1
    if cell.status == ReportStatus.accepted:
        counter["accepted"] += 1
    if cell.is_received:
        counter["received"] += 1


def completeness_for(quarters, on: date, node_ids=None) -> Completeness:
    """The matrix for these quarters, in two SQL statements whatever the number of nodes and quarters.

    Rows: nodes not archived and not merely planned, plus any node with a report in these quarters.
    A cell is expected once its quarter has begun and the node was established by its end.
    """
    quarters = sorted(set(quarters))
    years = sorted({q.year for q in quarters})
    wanted = set(quarters)
    rows = db.session.execute(
        select(QuarterlyReport.id, QuarterlyReport.node_id, QuarterlyReport.year, QuarterlyReport.quarter,
               QuarterlyReport.status, QuarterlyReport.due_on, QuarterlyReport.first_submitted_at)
        .where(QuarterlyReport.year.in_(years))
        .where(QuarterlyReport.node_id.in_(node_ids) if node_ids is not None else true())).all()
    rows = [r for r in rows if Quarter(r.year, r.quarter) in wanted]
    reporting = {r.node_id for r in rows}
    node_filter = or_(and_(Node.archived_at.is_(None), Node.status != NodeStatus.planned),
                      Node.id.in_(reporting) if reporting else false())
    if node_ids is not None:
        node_filter = Node.id.in_(node_ids)
    nodes = db.session.execute(
        select(Node.id, Node.code, Node.name, Node.country, Node.established_on, Node.is_lead)
        .where(node_filter).order_by(Node.is_lead.desc(), Node.code)).all()
    by_key = {(r.node_id, Quarter(r.year, r.quarter)): r for r in rows}
    matrix = Completeness(quarters=quarters, nodes=nodes)
    for quarter in quarters:
        matrix.by_quarter[quarter] = Counter()
    for node in nodes:
        matrix.by_node[node.id] = Counter()
        for quarter in quarters:
            expected = (not quarter.is_future(on)
                        and (node.established_on is None or node.established_on <= quarter.ends_on))
            row = by_key.get((node.id, quarter))
            if row is not None:
                cell = Cell(node.id, node.code, quarter, row.due_on, expected, row.status, row.id,
                            timeliness_of(row.first_submitted_at, row.due_on, on))
            else:
                due = quarter.due_on()
                cell = Cell(node.id, node.code, quarter, due, expected,
                            timeliness=timeliness_of(None, due, on) if expected else None)
            matrix.cells[(node.id, quarter)] = cell
            for counter in (matrix.by_quarter[quarter], matrix.by_node[node.id], matrix.total):
                _count(counter, cell)
    return matrix


def completeness(year: int, on: date) -> Completeness:
    """The completeness and timeliness matrix of a year."""
    return completeness_for(quarters_of(year), on)


def overdue_cells(on: date, count: int = 4) -> list[Cell]:
    """Reports not submitted although due, over the last `count` quarters (oldest first)."""
    matrix = completeness_for(recent_quarters(on, count + 1), on)
    cells = [c for c in matrix.cells.values() if c.timeliness == Timeliness.overdue]
    return sorted(cells, key=lambda c: (c.due_on, c.node_code))


def node_reports(user, node) -> list[QuarterlyReport]:
    """A node's reports the user may see, oldest quarter first."""
    query = (select(QuarterlyReport).where(QuarterlyReport.node_id == node.id)
             .options(joinedload(QuarterlyReport.submitted_by), joinedload(QuarterlyReport.reviewed_by))
             .order_by(QuarterlyReport.year, QuarterlyReport.quarter))
    return db.session.scalars(visible_reports(query, user)).unique().all()


def coordinator_home(user, on: date | None = None) -> dict | None:
    """A coordinator's to-do list, in the order to act: reports returned to them, overdue, due soon, then the
    running quarter's draft (to continue; it can be submitted once the quarter has ended)."""
    if user.node is None:
        return None
    on = on or today()
    node = user.node
    quarters = recent_quarters(on, 5)
    running = quarters[-1]
    matrix = completeness_for(quarters, on, node_ids=[node.id])
    waiting = sorted((c for c in matrix.cells.values()
                      if c.expected and c.status in (None, ReportStatus.draft) and c.quarter != running),
                     key=lambda c: c.quarter)
    returned = db.session.scalars(
        select(QuarterlyReport).options(joinedload(QuarterlyReport.reviewed_by))
        .where(QuarterlyReport.node_id == node.id, QuarterlyReport.status == ReportStatus.returned)
        .order_by(QuarterlyReport.year, QuarterlyReport.quarter)).unique().all()
    overdue = [c for c in waiting if c.timeliness == Timeliness.overdue]
    due_soon = [c for c in waiting if c.timeliness != Timeliness.overdue]
    return {"node": node, "today": on, "returned": returned, "overdue": overdue, "due_soon": due_soon,
            "current": matrix.cell(node.id, running), "submittable_from": running.ends_on + timedelta(days=1),
            "nothing_due": not (returned or overdue or due_soon)}
