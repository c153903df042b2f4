"""Reads the report pages, the API and the public page need."""

import json

from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload

from app.auth import policy
from app.extensions import db
from app.reports.models import Report, ReportStatus


def reports_query(user, kind=None, year=None, status=None, published_only: bool = False):
    """Reports the user may see, newest period and version first; non-staff see published ones only."""
    query = select(Report).options(selectinload(Report.generated_by), selectinload(Report.published_by))
    if published_only or not policy.is_staff(user):
        query = query.where(Report.status == ReportStatus.published)
    if kind:
        query = query.where(Report.kind == kind)
    if year:
        query = query.where(Report.year == int(year))
    if status:
        query = query.where(Report.status == status)
    return query.order_by(Report.year.desc(), Report.quarter.desc().nulls_first(), Report.version.desc())


def superseded_ids(reports) -> dict[int, int]:
    """{report id: id of the version that supersedes it} for the given reports, in one query."""
    ids = [r.id for r in reports]
    if not ids:
        return {}
    newer = aliased(Report)
    rows = db.session.execute(select(newer.supersedes_id, newer.id).where(newer.supersedes_id.in_(ids))).all()
    return dict(rows)


def public_reports() -> list[Report]:
    """Published reports for the progress page: the newest published version of each period."""
    reports = db.session.scalars(reports_query(None, published_only=True)).all()
    newest: dict[str, Report] = {}
    for report in reports:
        newest.setdefault(report.period, report)
    return list(newest.values())


def latest_published(kind: str | None = None) -> Report | None:
    query = select(Report).where(Report.status == ReportStatus.published)
    if kind:
        query = query.where(Report.kind == kind)
    return db.session.scalar(query.order_by(Report.year.desc(), Report.quarter.desc().nulls_first(),
                                            Report.version.desc()).limit(1))


def snapshot_of(report: Report) -> dict:
    """The report's snapshot; empty where this instance holds the PDF only (``Report.has_figures``)."""
    return json.loads(report.snapshot_json) if report.has_figures else {}


def public_sections(snapshot: dict) -> list[dict]:
    """The sections of a published snapshot whose summary the public progress page shows: those whose
    headline figures are all aggregates fit for it (``public``)."""
    return [sec for sec in snapshot.get("sections", [])
            if sec.get("summary") and all(f.get("public", True) for f in sec.get("headline", []))]


def versions_of(report: Report) -> list[Report]:
    """Every version of the report's period, newest first."""
    return list(db.session.scalars(select(Report).where(Report.period == report.period)
                                   .order_by(Report.version.desc())))


def completed_of(reports: list[Report], limit: int = 60) -> list[dict]:
    """The completed application cases named in the given (published) reports, newest report first, each case
    once (by title)."""
    seen, found = set(), []
    for report in reports:
        for case in snapshot_of(report).get("annex", {}).get("cases_completed", []):
            if case["title"] not in seen:
                seen.add(case["title"])
                found.append(case)
    return found[:limit]
