"""Generating, regenerating, publishing and correcting reports; published ones never change."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.core.errors import Conflict, Forbidden, ValidationFailed
from app.reports import services
from app.reports.models import Report, ReportStatus
from app.reports.snapshot import sha256_text
from tests.factories import SYSTEM
from tests.reports.pdf_text import text


def sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_generate_keeps_pdf_and_snapshot_with_their_hashes(make, db):
    make.node("LAO")
    report = make.report("annual", 2025)
    assert (report.kind.value, report.year, report.quarter, report.period) == ("annual", 2025, None, "2025")
    assert report.status == ReportStatus.draft and report.version == 1
    stored = services.pdf_path(report.pdf_sha256)
    assert stored.exists() and sha256(stored) == report.pdf_sha256
    assert stored.stat().st_size == report.pdf_size
    assert report.data_sha256 == sha256_text(report.snapshot_json)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.record_type == "reports")).all()
    assert events and "snapshot_json" not in events[0].changes and "data_sha256" in events[0].changes


def test_regenerating_a_draft_rebuilds_it_in_place(make, db):
    make.node("LAO")
    draft = make.report("seasonal", 2025, 2)
    old_pdf, old_data = draft.pdf_sha256, draft.data_sha256
    make.node("KEN", established_on=date(2025, 4, 1))  # recorded today, established in the quarter
    again = services.generate_report(SYSTEM, "seasonal", 2025, 2)
    db.session.commit()
    assert again.id == draft.id and again.version == 1
    assert again.data_sha256 != old_data and again.pdf_sha256 != old_pdf
    assert not services.pdf_path(old_pdf).exists()  # the old draft's file went with the commit
    assert db.session.scalar(select(Report.id).where(Report.period == "2025Q2").limit(2)) == draft.id


def test_publishing_stamps_the_pdf_and_keeps_the_snapshot(make, db):
    make.node("LAO")
    draft = make.report("annual", 2025)
    data_sha = draft.data_sha256
    report = services.publish_report(SYSTEM, draft)
    db.session.commit()
    assert report.status == ReportStatus.published and report.published_at is not None
    assert report.data_sha256 == data_sha
    body = text(services.read_pdf(report))
    assert "PUBLISHED" in body and "DRAFT" not in body


def test_a_published_report_cannot_be_changed_or_regenerated_in_place(make, db):
    make.node("LAO")
    report = make.report("annual", 2025, publish=True)
    before = (report.pdf_sha256, report.data_sha256, report.snapshot_json)
    make.node("KEN", established_on=date(2025, 4, 1))
    with pytest.raises(Conflict):
        services.regenerate_report(SYSTEM, report)
    db.session.rollback()
    with pytest.raises(Conflict):
        services.generate_report(SYSTEM, "annual", 2025)
    db.session.rollback()
    with pytest.raises(Conflict):
        services.publish_report(SYSTEM, report)
    db.session.rollback()
    db.session.expire_all()
    kept = db.session.get(Report, report.id)
    assert (kept.pdf_sha256, kept.data_sha256, kept.snapshot_json) == before
    assert services.pdf_path(kept.pdf_sha256).exists()


def test_a_correction_is_a_new_version_and_both_are_kept(make, db):
    make.node("LAO")
    first = make.report("annual", 2025, publish=True)
    make.node("KEN", established_on=date(2025, 4, 1))
    second = services.correct_report(SYSTEM, first)
    db.session.commit()
    assert (second.version, second.supersedes_id, second.status) == (2, first.id, ReportStatus.draft)
    assert second.data_sha256 != first.data_sha256
    services.publish_report(SYSTEM, second)
    db.session.commit()
    both = db.session.scalars(select(Report).where(Report.period == "2025").order_by(Report.version)).all()
    assert [r.status for r in both] == [ReportStatus.published, ReportStatus.published]
    assert all(services.pdf_path(r.pdf_sha256).exists() for r in both)


def test_an_older_draft_cannot_be_published_over_a_newer_version(make, db):
    make.node("LAO")
    first = make.report("annual", 2025, publish=True)
    services.correct_report(SYSTEM, first)
    db.session.commit()
    with pytest.raises(Conflict):
        services.publish_report(SYSTEM, first)


@pytest.mark.parametrize("role", ["board", "coordinator"])
def test_only_staff_generate_or_publish(make, user_factory, role, db):
    node = make.node("LAO")
    user = user_factory(role, node=node if role == "coordinator" else None)
    with pytest.raises(Forbidden):
        services.generate_report(user, "annual", 2025)
    draft = make.report("annual", 2024)
    with pytest.raises(Forbidden):
        services.publish_report(user, draft)
    with pytest.raises(Forbidden):
        services.regenerate_report(user, draft)


def test_bad_period_is_a_validation_error(db):
    with pytest.raises(ValidationFailed):
        services.generate_report(SYSTEM, "seasonal", 2025, None)


def test_the_nightly_job_removes_pdfs_no_report_refers_to(app, runner, make, tmp_path, monkeypatch):
    """A PDF built by a request whose commit then failed is left on disk; the nightly housekeeping removes it
    (after a day, so a PDF being written now is never taken), and never one a report refers to."""
    import os
    import time

    from app.reports.services import pdf_path

    monkeypatch.setitem(app.config, "BACKUP_DIR", str(tmp_path / "backups"))
    kept = make.report("annual", 2025)
    stray, fresh = pdf_path("f" * 64), pdf_path("e" * 64)
    stray.write_bytes(b"%PDF- left by a failed commit")
    fresh.write_bytes(b"%PDF- being written")
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in (stray, pdf_path(kept.pdf_sha256)):
        os.utime(path, (two_days_ago, two_days_ago))
    result = runner.invoke(args=["jobs", "run", "backup", "--on", "2030-01-02"])
    assert result.exit_code == 0, result.output
    assert "1 unreferenced report PDF(s) removed" in result.output
    assert not stray.exists() and fresh.exists() and pdf_path(kept.pdf_sha256).exists()
