"""Demo reports: last year's annual report, published, so the archive and the public page show one."""

from datetime import date

from app.auth.actors import SYSTEM
from app.reports import services
from app.reports.models import GeneratedVia


def load_reports() -> None:
    """Generate and publish the annual report of last year from the demo records (run after all of them)."""
    report = services.generate_report(SYSTEM, "annual", date.today().year - 1, via=GeneratedVia.cli)
    services.publish_report(SYSTEM, report)
