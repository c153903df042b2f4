"""`import contributions FILE`: load a spreadsheet of contributions, all rows or none."""

import time
from pathlib import Path

import click
from flask import Blueprint

from app.audit.recorder import set_face
from app.auth.actors import SYSTEM
from app.core.errors import DomainError
from app.core.transactions import one_transaction

import_cli = Blueprint("imports", __name__, cli_group="import")


@import_cli.cli.command("contributions")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-user", "email", help="Import as this user (their role and node apply).")
@one_transaction
def import_contributions(path: Path, email: str | None):
    """Import contributions from an .xlsx or .csv file; a bad row is reported and nothing is written."""
    from app.auth.services import find_user_by_email
    from app.nodes.contributions.imports import ImportFailed
    from app.nodes.contributions.imports import import_contributions as run_import
    from app.nodes.contributions.models import ImportVia

    user = SYSTEM
    if email:
        user = find_user_by_email(email)
        if user is None or not user.is_active:
            raise click.ClickException(f"No active user with e-mail {email}.")
    set_face("cli", user.id)
    started = time.perf_counter()
    try:
        outcome = run_import(user, path.name, path.read_bytes(), via=ImportVia.cli)
    except ImportFailed as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(error.message) from None
    except DomainError as error:
        raise click.ClickException(error.message) from None
    batch = outcome.batch
    for skipped in outcome.skipped:
        click.echo(f"Skipped {skipped}.")
    click.echo(f"Import {batch.id}: {batch.rows_added} contribution{'s' if batch.rows_added != 1 else ''} added, "
               f"{batch.rows_skipped} already recorded and skipped, from {path.name} "
               f"in {time.perf_counter() - started:.1f} s.")
