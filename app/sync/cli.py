"""flask sync run | status."""

import json

import click
from flask import Blueprint

from app.extensions import db

sync_cli = Blueprint("sync_cli", __name__, cli_group="sync")


@sync_cli.cli.command("run")
def run_command():
    """Pull the hub's changes, then push this node's (a node instance)."""
    from app.sync import engine

    try:
        result = engine.run()
    except engine.SyncFailed as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(result))


@sync_cli.cli.command("status")
def status_command():
    """Last success, pending changes, open conflicts."""
    from app.sync import services

    click.echo(json.dumps(services.status_summary()))
    db.session.rollback()
