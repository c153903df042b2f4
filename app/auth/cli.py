"""`users create` and `tokens create`."""

import click
from flask import Blueprint

from app.audit.recorder import set_face
from app.auth import services
from app.auth.actors import SYSTEM
from app.auth.directory import node_directory
from app.core.errors import DomainError
from app.core.transactions import one_transaction
from app.extensions import db

users_cli = Blueprint("users", __name__, cli_group="users")
tokens_cli = Blueprint("tokens", __name__, cli_group="tokens")


def _fail(error: DomainError):
    db.session.rollback()
    details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.fields.items())
    raise click.ClickException(details or error.message)


@users_cli.cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(["admin", "secretariat", "coordinator", "board"]))
@click.option("--node", "node_code", help="Node code, for coordinators.")
@click.option("--password", help="Asked for when not given.")
@one_transaction
def create_user(email, name, role, node_code, password):
    """Create a user account."""
    set_face("cli")
    node_id = None
    if node_code:
        node_id = node_directory().id_of_code(node_code)
        if node_id is None:
            raise click.ClickException(f"No node with code {node_code}.")
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user, _ = services.create_user(SYSTEM, email=email, name=name, role=role, node_id=node_id, password=password)
    except DomainError as error:
        _fail(error)
    click.echo(f"Created {user.role.value} {user.email}.")


@tokens_cli.cli.command("create")
@click.option("--email", required=True)
@click.option("--name", default="CLI token")
@one_transaction
def create_token(email, name):
    """Create an API token; the token is the last line printed."""
    set_face("cli")
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    try:
        _, plain = services.create_token(user, name)
    except DomainError as error:
        _fail(error)
    click.echo(f"Token for {user.email} (shown once, keep it safe):")
    click.echo(plain)
