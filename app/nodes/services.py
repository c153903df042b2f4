"""Writes to nodes."""

from sqlalchemy import select

from app.auth import policy
from app.core.countries import is_country
from app.core.errors import collect, collect_duplicate, raise_if
from app.core.records import add_record, archive, change_record, check_version, exists_other
from app.extensions import db
from app.nodes.models import Node
from app.partners.models import Organization, Person

NODE_FIELDS = ("code", "name", "country", "host_organization_id", "coordinator_id", "status",
               "established_on", "is_lead", "infrastructure")


def _normalise(data: dict) -> dict:
    data = dict(data)
    for key in ("code", "country"):
        if isinstance(data.get(key), str):
            data[key] = data[key].strip().upper()
    return data


def _check_node(data: dict, node: Node | None) -> None:
    errors: dict[str, list[str]] = {}
    if "country" in data and not is_country(data["country"]):
        collect(errors, "country", f"Unknown country code {data['country']!r}; use ISO 3166 alpha-3 (e.g. LAO).")
    if "code" in data:
        code = data["code"] or ""
        if not code.replace("-", "").isalnum():
            collect(errors, "code", "Use letters, digits and dashes only.")
        elif exists_other(Node, Node.code, code, node.id if node else None, case_insensitive=True):
            collect_duplicate(errors, "code", f"Node code {code} is already taken.")
    host_id = data.get("host_organization_id")
    if "host_organization_id" in data and (host_id is None or db.session.get(Organization, host_id) is None):
        collect(errors, "host_organization_id", f"No organization with id {host_id}.")
    coordinator_id = data.get("coordinator_id")
    if coordinator_id is not None and db.session.get(Person, coordinator_id) is None:
        collect(errors, "coordinator_id", f"No person with id {coordinator_id}.")
    if data.get("is_lead"):
        others = select(Node.id).where(Node.is_lead.is_(True))
        if node is not None:
            others = others.where(Node.id != node.id)
        if db.session.execute(others.limit(1)).first():
            collect(errors, "is_lead", "Another node is already the lead centre.")
    raise_if(errors)


def create_node(user, data: dict) -> Node:
    """Add a node."""
    policy.require_create(user, "node")
    data = _normalise(data)
    _check_node(data, None)
    return add_record(Node(), data, NODE_FIELDS)


def update_node(user, node: Node, data: dict, version) -> Node:
    """Change a node; a coordinator may change only their own node, and not its code or status."""
    policy.require_edit(user, node)
    check_version(node, version)
    data = _normalise(data)
    if not policy.is_staff(user):
        data = {k: v for k, v in data.items() if k not in {"code", "status", "is_lead", "host_organization_id"}}
    _check_node(data, node)
    return change_record(node, data, NODE_FIELDS)


def archive_node(user, node: Node) -> None:
    """Archive a node: its reports and contributions stay."""
    policy.require(policy.may_archive(user, node))
    archive(node)
