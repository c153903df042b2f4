"""Reads: the register of data requests, and T+1 measured from SatCloud's push log."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import String, case, cast, func, or_, select
from sqlalchemy.orm import selectinload

from app.auth import policy
from app.auth.models import Role
from app.core.languages import N_
from app.core.periods import Quarter
from app.datarequests.models import DataRequest, RequestStatus, ScenePush
from app.extensions import db
from app.nodes.models import Node


def requests_query(user, args=None):
    """Requests the user may see, newest first, with the register's filters.

    Filters: `status`, `node` (code or id), `organization_id`, `satellite`, `covered`
    (1/0: the license check's answer), `q` (title contains).
    """
    args = args or {}
    query = (select(DataRequest).options(selectinload(DataRequest.node), selectinload(DataRequest.organization))
             .order_by(DataRequest.submitted_at.desc(), DataRequest.id.desc()))
    if not (policy.is_staff(user) or getattr(user, "role", None) == Role.board):
        query = query.where(DataRequest.node_id == (user.node_id or -1))
    if (status := args.get("status")) in RequestStatus.__members__:
        query = query.where(DataRequest.status == RequestStatus(status))
    if node := (args.get("node") or "").strip():
        query = query.join(Node, Node.id == DataRequest.node_id).where(
            or_(Node.code == node.upper(), Node.id == (int(node) if node.isdigit() else -1)))
    if (organization := str(args.get("organization_id") or "")).isdigit():
        query = query.where(DataRequest.organization_id == int(organization))
    if args.get("covered") in ("0", "1"):
        query = query.where(DataRequest.license_covered.is_(args["covered"] == "1"))
    if q := (args.get("q") or "").strip()[:100]:
        query = query.where(DataRequest.title.ilike(f"%{q}%"))
    if satellite := (args.get("satellite") or "").strip()[:40]:
        # JSON lists differ between engines: match the quoted name inside the stored text.
        query = query.where(cast(DataRequest.satellites, String).ilike(f'%"{satellite}"%'))
    return query


def waiting_requests():
    """Submitted requests (awaiting a decision) and delivered ones (awaiting confirmation)."""
    return db.session.scalars(
        select(DataRequest).where(DataRequest.status.in_([RequestStatus.submitted, RequestStatus.delivered]))
        .options(selectinload(DataRequest.node)).order_by(DataRequest.id)).all()


# --- T+1 measured from the push log ------------------------------------------------------------

@dataclass(frozen=True)
class MeasuredT1:
    """T+1 of one node and quarter: scenes pushed within 24 h of acquisition, out of all pushed."""

    node_id: int
    year: int
    quarter: int
    scenes: int
    within_day: int

    @property
    def percent(self) -> Decimal:
        """The share in percent, two decimals (as a quarterly report holds it)."""
        return (Decimal(100 * self.within_day) / Decimal(self.scenes)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)


def measured_t1(quarters=None, node_ids=None) -> dict[tuple[int, int, int], MeasuredT1]:
    """T+1 per (node_id, year, quarter) where the push log holds scenes; one query.

    Weighted by scenes: a node's share is its scenes pushed within a day over all its scenes
    pushed that quarter (the quarter of the push). Optionally limited to some quarters
    (Quarter objects) and nodes.
    """
    within = func.sum(case((ScenePush.is_within_day.is_(True), 1), else_=0))
    query = (select(ScenePush.node_id, ScenePush.year, ScenePush.quarter, func.count(ScenePush.id), within)
             .group_by(ScenePush.node_id, ScenePush.year, ScenePush.quarter))
    if quarters is not None:
        quarters = list(quarters)
        years = sorted({q.year for q in quarters})
        query = query.where(ScenePush.year.in_(years))
    if node_ids is not None:
        query = query.where(ScenePush.node_id.in_(list(node_ids)))
    found = {}
    for node_id, year, quarter, scenes, within_day in db.session.execute(query):
        if quarters is not None and Quarter(year, quarter) not in quarters:
            continue
        found[(node_id, year, quarter)] = MeasuredT1(node_id, year, quarter, scenes, int(within_day or 0))
    return found


def network_t1(quarter: Quarter) -> MeasuredT1 | None:
    """The network's T+1 in a quarter, weighted by scenes (every node's pushes together)."""
    rows = measured_t1([quarter]).values()
    scenes = sum(r.scenes for r in rows)
    if not scenes:
        return None
    return MeasuredT1(0, quarter.year, quarter.number, scenes, sum(r.within_day for r in rows))


def t1_for_report(node_id: int, quarter: Quarter, reported: Decimal | None) -> dict:
    """The T+1 value reports and the dashboard should show for a node's quarter, and where it comes from.

    `{"value": Decimal | None, "source": "measured" | "reported" | None, "scenes": int | None,
    "reported": the node's own figure}`: the value measured from SatCloud's push log where the
    log holds scenes of that node and quarter, else the node's own figure.
    """
    measured = measured_t1([quarter], [node_id]).get((node_id, quarter.year, quarter.number))
    if measured is not None:
        return {"value": measured.percent, "source": "measured", "scenes": measured.scenes, "reported": reported}
    return {"value": reported, "source": "reported" if reported is not None else None, "scenes": None,
            "reported": reported}


def scenes_pushed(node_id: int, quarter: Quarter) -> int | None:
    """How many scenes the push log says the node received in the quarter (None: no log)."""
    measured = measured_t1([quarter], [node_id]).get((node_id, quarter.year, quarter.number))
    return measured.scenes if measured else None


T1_LABELS = {  # msgids: a snapshot keeps them in English, each face says them in its reader's language
    "measured": N_("Scenes pushed within a day (T+1), measured from SatCloud's logs, weighted by scenes"),
    "mixed": N_("Scenes pushed within a day (T+1), measured where logs exist, else the nodes' figures, "
                "weighted by scenes"),
    "reported": N_("Scenes pushed within a day (T+1), the nodes' figures weighted by scenes received"),
    None: N_("Scenes pushed within a day (T+1)"),
}


def t1_summary(reported_cells, quarters, measured: dict | None = None) -> dict:
    """The network's T+1 over some quarters, for reports and the dashboard, and where it comes from.

    `reported_cells`: (node_id, year, quarter, t1_push_percent, scenes_received) of the reports
    that count (accepted ones). Where SatCloud's log holds scenes of a node's quarter, the
    measured share is used, weighted by its scenes; a quarter without log keeps the node's own
    figure, weighted by the scenes it reported received (left out when it reported none).
    With no log at all in those quarters, the nodes' figures are weighted by scenes received.

    `measured`: the log's cells to use (from `measured_t1`), when the caller has read them already (a
    report's page per node reads them once for every node); by default those of the quarters.

    Returns `{"value": float | None, "source": "measured" | "mixed" | "reported" | None,
    "label": a label saying which, "measured_cells": n, "reported_cells": n}`.
    """
    quarters = list(quarters)
    measured = measured_t1(quarters) if measured is None else measured
    reported = []
    for node_id, year, quarter, percent, scenes in reported_cells:
        if (node_id, year, quarter) in measured or percent is None or percent != percent:  # NaN: no figure
            continue
        reported.append((float(percent), scenes if scenes == scenes else None))
    if not measured:
        # Weighted by the scenes each node received (T+1 is a share of scenes, not of nodes);
        # the plain mean only when no report says how many scenes it received.
        weighted = [(p, float(s)) for p, s in reported if s]
        if weighted:
            value = round(sum(p * w for p, w in weighted) / sum(w for _p, w in weighted), 2)
        else:
            value = sum(p for p, _s in reported) / len(reported) if reported else None
        source = "reported" if reported else None
    else:
        weighted = [(float(m.percent), m.scenes) for m in measured.values()]
        weighted += [(p, float(s)) for p, s in reported if s]
        total = sum(w for _p, w in weighted)
        value = round(sum(p * w for p, w in weighted) / total, 2) if total else None
        source = "mixed" if any(s for _p, s in reported) else "measured"
    return {"value": value, "source": source, "label": T1_LABELS[source], "measured_cells": len(measured),
            "reported_cells": len(reported)}
