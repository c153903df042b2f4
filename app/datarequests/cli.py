"""`import deliveries FILE`: load SatCloud's push log, all rows or none, re-import safe."""

import time
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from app.audit.recorder import set_face
from app.auth.actors import SYSTEM
from app.core.errors import DomainError
from app.core.transactions import one_transaction


@click.command("deliveries")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
@one_transaction
def import_deliveries_command(path: Path):
    """Import SatCloud's push log (.csv or .xlsx); a bad row is reported and nothing is written."""
    from app.datarequests.imports import ImportFailed, import_deliveries

    set_face("cli", None)
    started = time.perf_counter()
    try:
        result = import_deliveries(SYSTEM, path.name, path.read_bytes())
    except ImportFailed as error:  # one_transaction rolls back
        for problem in error.problems[:500]:
            click.echo(str(problem), err=True)
        raise click.ClickException(error.message) from None
    except DomainError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Read {result.rows} row(s) from {path.name}: {result.imported} scene(s) imported, "
               f"{result.skipped} already known and skipped, in {time.perf_counter() - started:.1f} s.")


def register_cli(app: Flask) -> None:
    """Add `deliveries` to the `import` command group (created by the contributions import)."""
    group = app.cli.commands.get("import")
    if group is None:
        group = AppGroup("import", help="Import records from files.")
        app.cli.add_command(group)
    group.add_command(import_deliveries_command)
