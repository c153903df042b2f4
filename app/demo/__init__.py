"""`demo load`: the demo network of the implementation plan, on an empty database only."""

import click
from flask import Blueprint, current_app
from sqlalchemy import inspect, select

from app.audit.recorder import set_face
from app.core.transactions import one_transaction
from app.extensions import db

bp = Blueprint("demo", __name__, cli_group="demo")


def database_is_empty() -> bool:
    """True when no domain table holds a row (the schema must exist)."""
    from app.auth.models import User
    from app.partners.models import Organization

    for model in (User, Organization):
        if db.session.execute(select(model.id).limit(1)).first():
            return False
    return True


@bp.cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when the database holds data.")
@one_transaction
def load(if_empty: bool):
    """Fill an empty database with the demo network and one user per role."""
    if "users" not in inspect(db.session.connection()).get_table_names():
        raise click.ClickException("The database has no schema yet: run `flask --app wsgi db upgrade` first.")
    if current_app.config.get("CSDR_INSTANCE") == "node":
        click.echo("A node instance gets its records from the hub (flask --app wsgi sync run); "
                   "the demo network was not loaded.")
        if if_empty:
            return
        raise click.ClickException("demo load runs on the hub only.")
    if not database_is_empty():
        if if_empty:
            click.echo("The database already holds data; the demo network was not loaded.")
            return
        raise click.ClickException("The database already holds data; demo load only fills an empty one.")
    set_face("cli")
    from app.demo.network import load_network

    logins = load_network()
    from app.demo.governance import load_governance

    load_governance()
    from app.demo.reports import load_reports

    load_reports()  # last: the report draws on every other domain's demo records
    click.echo("Demo network loaded. Sign in with one of these accounts (passwords shown only now):")
    for role, email, password in logins:
        click.echo(f"  {role:<12} {email:<28} {password}")
