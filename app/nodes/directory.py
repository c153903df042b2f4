"""The nodes as the accounts layer sees them (handed to auth by create_app)."""

from sqlalchemy import select

from app.auth.directory import NodeDirectory
from app.extensions import db
from app.nodes.models import Node


def _choices() -> list[tuple[str, str]]:
    nodes = db.session.scalars(select(Node).order_by(Node.code)).all()
    return [(str(n.id), f"{n.code} — {n.name}") for n in nodes]


def _id_of_code(code: str) -> int | None:
    return db.session.scalar(select(Node.id).where(Node.code == code.strip().upper()))


NODE_DIRECTORY = NodeDirectory(choices=_choices, id_of_code=_id_of_code)
