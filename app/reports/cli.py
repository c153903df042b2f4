"""`reports generate`: build, archive and write a report from the command line."""

from pathlib import Path

import click
from flask import Blueprint

from app.audit.recorder import set_face
from app.auth.actors import SYSTEM
from app.core import languages
from app.core.errors import DomainError
from app.core.transactions import one_transaction
from app.extensions import db
from app.reports import services
from app.reports.models import GeneratedVia

reports_cli = Blueprint("reports_cli", __name__, cli_group="reports")


@reports_cli.cli.command("generate")
@click.option("--kind", required=True, type=click.Choice(["seasonal", "annual"]))
@click.option("--year", required=True, type=int)
@click.option("--quarter", type=click.IntRange(1, 4), help="For seasonal reports.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Where to write the PDF.")
@click.option("--publish", is_flag=True, help="Publish the report (it can never change afterwards).")
@click.option("--correction", is_flag=True, help="The period's report is published: make a new version.")
@click.option("--lang", type=click.Choice(languages.codes()), default=None,
              help="Language of the PDF (default: the open draft's or the last version's, else English).")
@one_transaction
def generate(kind, year, quarter, out: Path, publish: bool, correction: bool, lang: str | None):
    """Build and archive the report of a period, and write its PDF."""
    set_face("cli")
    try:
        report = services.generate_report(SYSTEM, kind, year, quarter, via=GeneratedVia.cli, correction=correction,
                                          lang=lang)
        if publish:
            services.publish_report(SYSTEM, report)
    except DomainError as error:
        db.session.rollback()
        details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.fields.items())
        raise click.ClickException(details or error.message) from None
    out.write_bytes(services.read_pdf(report))
    click.echo(f"{report.title} v{report.version} ({report.status.value}) written to {out}")
    click.echo(f"Language of the PDF: {report.lang}")
    click.echo(f"PDF SHA-256 {report.pdf_sha256}; data SHA-256 {report.data_sha256}")
