"""flask sync run | status."""

import json

import click
from flask import Blueprint

from app.core.transactions import one_transaction
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


# --- signed bundles (app/sync/bundles.py) ---------------------------------------------------------------

@sync_cli.cli.command("key")
def key_command():
    """Print this instance's public key (made once into the data folder), for the other side's `sync trust`."""
    from app.sync import bundles

    click.echo(bundles.public_key())


@sync_cli.cli.command("trust")
@click.option("--node", "code", help="On the hub: the node whose bundles this key signs.")
@click.option("--hub", "is_hub", is_flag=True, help="On a node instance: the key is the hub's.")
@click.option("--key", "key", required=True, help="The other side's public key, as its `sync key` prints it.")
@click.option("--email", help="On the hub: the node's coordinator whose rights its bundles carry "
                              "(needed when the node has several).")
@one_transaction
def trust_command(code, is_hub, key, email):
    """Trust the key that signs the other side's bundles."""
    from app.sync import bundles

    if bool(code) == is_hub:
        raise click.UsageError("Give either --node CODE (on the hub) or --hub (on a node instance).")
    try:
        answer = bundles.trust(bundles.HUB if is_hub else code, key, email)
    except bundles.BundleRefused as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(answer))


@sync_cli.cli.command("export")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The bundle file to write (then carry it to the other side).")
@click.option("--for", "code", help="On the hub: the node this answer is for.")
def export_command(out, code):
    """Write a signed bundle: a node's pending changes, or (on the hub, --for CODE) what that node would pull."""
    import os
    from pathlib import Path

    from app.core.errors import DomainError
    from app.sync import bundles

    try:
        content, summary = bundles.export_for(code) if code else bundles.export_node()
    except (bundles.BundleRefused, DomainError) as error:
        raise click.ClickException(str(error)) from None
    finally:
        db.session.rollback()  # exporting changes nothing here
    target = Path(out)
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_bytes(content)
        os.replace(partial, target)  # whole or not at all
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"{target}: {error.strerror or error}") from None
    click.echo(json.dumps(summary | {"out": str(target), "bytes": len(content)}))


@sync_cli.cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@one_transaction
def import_command(path):
    """Check a signed bundle whole and apply it as `sync run` or POST /sync/changes would (results as JSON)."""
    from pathlib import Path

    from app.core.errors import DomainError
    from app.sync import bundles

    try:
        answer = bundles.import_file(Path(path))
    except (bundles.BundleRefused, DomainError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(answer, default=str))
