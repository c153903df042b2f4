"""What accounts need to know of nodes, handed in by the app factory: auth sits below nodes."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class NodeDirectory:
    choices: Callable[[], list[tuple[str, str]]]   # (id, "CODE — name") of every node, by code
    id_of_code: Callable[[str], int | None]        # a node's id from its code, None if there is none


def node_directory() -> NodeDirectory:
    """The directory the app was built with (see create_app)."""
    return current_app.extensions["csdr.node_directory"]
