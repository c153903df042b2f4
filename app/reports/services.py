"""Generating, regenerating and publishing reports; published reports never change again."""

import hashlib
import json
import os
import tempfile
import time
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.auth import policy
from app.core import languages
from app.core.db import utcnow
from app.core.errors import Conflict, NotFound, ValidationFailed
from app.core.periods import Period
from app.core.text import column_problem
from app.extensions import db
from app.reports.figures import build_snapshot
from app.reports.models import GeneratedVia, Report, ReportKind, ReportStatus
from app.reports.pdf import render_pdf
from app.reports.snapshot import canonical_json, sha256_text


def reports_dir() -> Path:
    folder = Path(current_app.config["CSDR_DATA_DIR"]) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pdf_path(sha256: str) -> Path:
    return reports_dir() / f"{sha256}.pdf"


def _store_pdf(content: bytes) -> str:
    """Keep a PDF under its SHA-256 (written whole, then renamed into place); returns the hash."""
    digest = hashlib.sha256(content).hexdigest()
    target = pdf_path(digest)
    if not target.exists():
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)
    return digest


def read_pdf(report: Report) -> bytes:
    """The report's PDF; 404 when it is not held (on a node instance, until the sync has fetched it)."""
    try:
        return pdf_path(report.pdf_sha256).read_bytes()
    except FileNotFoundError:
        raise NotFound("The PDF of this report is not on this instance yet; the next sync brings it.") from None


def _forget_pdf(sha256: str, keep_id: int | None) -> None:
    """Remove a stored PDF no report refers to any more (a regenerated draft's old file) once committed."""
    others = select(func.count(Report.id)).where(Report.pdf_sha256 == sha256)
    if keep_id is not None:
        others = others.where(Report.id != keep_id)
    if not db.session.scalar(others):
        db.session.info.setdefault("report_pdfs_to_remove", set()).add(str(pdf_path(sha256)))


def forget_unreferenced_pdfs(days: int = 1) -> int:
    """Remove the stored PDFs no report refers to and nobody wrote for ``days`` days: a request that built a
    PDF and then failed to commit leaves one (nightly housekeeping); how many."""
    folder = reports_dir()
    referenced = set(db.session.scalars(select(Report.pdf_sha256)))
    cutoff = time.time() - days * 24 * 3600
    removed = 0
    for path in folder.glob("*.pdf"):
        if path.stem not in referenced and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


@event.listens_for(Session, "after_commit")
def _remove_forgotten_pdfs(session):
    for path in session.info.pop("report_pdfs_to_remove", ()):
        Path(path).unlink(missing_ok=True)


@event.listens_for(Session, "after_rollback")
def _keep_pdfs_on_rollback(session):
    session.info.pop("report_pdfs_to_remove", None)


def _english_snapshot(period: Period, as_of: date | None) -> dict:
    """The archived snapshot is written in English whoever asks for it (labels of kinds and statuses
    included); each PDF translates what it shows into its own language."""
    with force_locale(languages.DEFAULT):
        return build_snapshot(period, as_of=as_of)


def _render(report: Report, snapshot: dict, text: str) -> None:
    """Build the PDF of a report from its snapshot and keep both with their SHA-256s."""
    report.snapshot_json = text
    report.data_sha256 = sha256_text(text)
    content = render_pdf(snapshot, status=report.status.value, version=report.version,
                         data_sha256=report.data_sha256, lang=report.lang or languages.DEFAULT,
                         summary=report.summary)
    report.pdf_sha256 = _store_pdf(content)
    report.pdf_size = len(content)


def _actor_id(actor) -> int | None:
    return getattr(actor, "id", None)


def _check_actor(actor, allowed) -> None:
    policy.require(allowed, "Only the secretariat generates and publishes reports.")


def _language(lang) -> str | None:
    """The report language asked for (None: keep the edition's, or English), or a field error."""
    if lang in (None, ""):
        return None
    if not languages.is_supported(lang):
        raise ValidationFailed.on("lang", f"Choose one of: {', '.join(languages.codes())}.")
    return lang


def latest_of(period: Period) -> Report | None:
    return db.session.scalar(select(Report).where(Report.period == period.key)
                             .order_by(Report.version.desc()).limit(1))


def generate_report(actor, kind: str, year, quarter=None, *, via: GeneratedVia = GeneratedVia.page,
                    correction: bool = False, as_of: date | None = None, lang: str | None = None) -> Report:
    """Build the report of a period: a new draft, the open draft rebuilt, or (correction) a new version.

    A published report is never rebuilt: asking again for its period is a conflict unless
    ``correction`` is set, which makes a new draft version that supersedes it. ``lang``: the
    language of the PDF (an open draft is rebuilt in it; a new version inherits the last one's).
    """
    _check_actor(actor, policy.may_generate_report(actor))
    lang = _language(lang)
    period = Period.of(kind, year, quarter)
    latest = latest_of(period)
    if latest is not None and not latest.is_published:
        return regenerate_report(actor, latest, as_of=as_of, via=via, lang=lang)
    if latest is not None and not correction:
        raise Conflict(f"The {latest.title} (version {latest.version}) is published and cannot change; "
                       "make a correction instead, which becomes a new version.")
    snapshot = _english_snapshot(period, as_of)
    report = Report(kind=ReportKind(period.kind), year=period.year, quarter=period.quarter, period=period.key,
                    version=(latest.version + 1) if latest else 1, supersedes_id=latest.id if latest else None,
                    status=ReportStatus.draft, generated_at=utcnow(), generated_by_id=_actor_id(actor),
                    generated_via=via, lang=lang or (latest.lang if latest else languages.DEFAULT),
                    summary=latest.summary if latest else None)  # a correction starts from it
    _render(report, snapshot, canonical_json(snapshot))
    db.session.add(report)
    db.session.flush()
    return report


def regenerate_report(actor, report: Report, *, as_of: date | None = None,
                      via: GeneratedVia = GeneratedVia.page, lang: str | None = None) -> Report:
    """Rebuild a draft from today's figures, in its language or ``lang``; a published report refuses (409)."""
    _check_actor(actor, policy.may_generate_report(actor))
    lang = _language(lang)
    if report.is_published:
        raise Conflict("A published report never changes; make a correction, which becomes a new version.")
    if lang:
        report.lang = lang
    old_pdf = report.pdf_sha256
    snapshot = _english_snapshot(report.period_of, as_of)
    _render(report, snapshot, canonical_json(snapshot))
    report.generated_at = utcnow()
    report.generated_by_id = _actor_id(actor)
    report.generated_via = via
    db.session.flush()
    if old_pdf != report.pdf_sha256:
        _forget_pdf(old_pdf, report.id)
    return report


def publish_report(actor, report: Report) -> Report:
    """Publish a draft: its PDF is rebuilt from the same snapshot, stamped published, and frozen."""
    _check_actor(actor, policy.may_publish_report(actor, report))
    if report.is_published:
        raise Conflict("This report is already published.")
    newer = db.session.scalar(select(func.count(Report.id)).where(Report.period == report.period,
                                                                  Report.version > report.version))
    if newer:
        raise Conflict("A newer version of this report exists; publish that one instead.")
    old_pdf = report.pdf_sha256
    report.status = ReportStatus.published
    report.published_at = utcnow()
    report.published_by_id = _actor_id(actor)
    _render(report, json.loads(report.snapshot_json), report.snapshot_json)
    db.session.flush()
    _forget_pdf(old_pdf, report.id)
    return report


def correct_report(actor, report: Report, *, via: GeneratedVia = GeneratedVia.page,
                   lang: str | None = None) -> Report:
    """Start the correction of a published report: a new draft version that supersedes it."""
    if not report.is_published:
        raise Conflict("Only a published report is corrected; regenerate the draft instead.")
    return generate_report(actor, report.kind.value, report.year, report.quarter, via=via, correction=True,
                           lang=lang)


def set_summary(actor, report: Report, text: str | None) -> Report:
    """Write or edit the executive summary of a draft; its PDF is rebuilt from the same snapshot.

    A published report never changes (409). Blank text clears the summary. The text is checked
    (the column's length, app/core/text.py's rule) before the PDF is built and written to disk.
    """
    policy.require(policy.may_edit_report_summary(actor, report),
                   "Only the secretariat writes the executive summary.")
    if report.is_published:
        raise Conflict("A published report never changes; make a correction, which becomes a new version.")
    text = (text or "").replace("\r\n", "\n").strip()
    if problem := column_problem(Report.summary, text):
        raise ValidationFailed.on("summary", problem)
    old_pdf = report.pdf_sha256
    report.summary = text or None
    _render(report, json.loads(report.snapshot_json), report.snapshot_json)
    db.session.flush()
    if old_pdf != report.pdf_sha256:
        _forget_pdf(old_pdf, report.id)
    return report
