"""`flask reports generate`."""

from app.reports.models import Report, ReportStatus
from tests.reports.pdf_text import text


def test_reports_generate_writes_and_archives(runner, make, db, tmp_path):
    make.node("LAO")
    out = tmp_path / "annual.pdf"
    result = runner.invoke(args=["reports", "generate", "--kind", "annual", "--year", "2025", "--out", str(out),
                                 "--publish"])
    assert result.exit_code == 0, result.output
    assert "Annual report 2025 v1 (published)" in result.output
    report = db.session.scalars(db.select(Report)).one()
    assert report.status == ReportStatus.published and report.generated_via.value == "cli"
    assert out.read_bytes().startswith(b"%PDF-") and "PUBLISHED" in text(out.read_bytes())
    again = runner.invoke(args=["reports", "generate", "--kind", "annual", "--year", "2025", "--out", str(out)])
    assert again.exit_code != 0 and "published" in again.output
    corrected = runner.invoke(args=["reports", "generate", "--kind", "annual", "--year", "2025", "--out", str(out),
                                    "--correction"])
    assert corrected.exit_code == 0 and "v2 (draft)" in corrected.output


def test_reports_generate_refuses_a_seasonal_report_without_quarter(runner, db, tmp_path):
    result = runner.invoke(args=["reports", "generate", "--kind", "seasonal", "--year", "2025",
                                 "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "quarter" in result.output
    assert not (tmp_path / "x.pdf").exists()
