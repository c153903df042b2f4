"""One way to expose a domain collection: list, create, read, update, archive/delete.

Each route does the same three steps as a page view: load (or 404), ask the policy (also
asked again inside the service), call one service; then serialise.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, g, jsonify, request, url_for
from marshmallow import Schema

from app.api.http import created, json_body, load, page_of, replay_idempotent
from app.auth import policy
from app.extensions import db


@dataclass
class Resource:
    name: str                      # collection name in the URL, e.g. "organizations"
    schema: Schema                 # marshmallow schema: input validation and output
    query: Callable                # (args) -> select() for the list
    get: Callable                  # (key) -> record or None
    create: Callable | None = None  # (user, data) -> record
    update: Callable | None = None  # (user, record, data, version) -> record
    remove: Callable | None = None  # (user, record) -> None (archive or delete)
    filters: dict[str, str] = field(default_factory=dict)  # query parameter -> description
    tag: str = ""
    kind: str = ""                 # the policy's name for the record kind, e.g. "organization"


REGISTRY: list[Resource] = []


def register(bp: Blueprint, resource: Resource) -> None:
    """Add the routes of a collection to the API blueprint."""
    REGISTRY.append(resource)
    name = resource.name
    endpoint = name.replace("-", "_")

    def load_record(key):
        record = resource.get(key)
        policy.require_view(g.api_user, record)
        return record

    def record_url(record):
        return url_for(f"api.{endpoint}_item", key=record.id)

    def list_items():
        return page_of(resource.query(request.args), resource.schema)

    def read_item(key):
        return jsonify(resource.schema.dump(load_record(key)))

    bp.add_url_rule(f"/{name}", f"{endpoint}_list", list_items, methods=["GET"])
    bp.add_url_rule(f"/{name}/<key>", f"{endpoint}_item", read_item, methods=["GET"])

    if resource.create:
        def create_item():
            if resource.kind:  # refuse before parsing: a board member learns nothing from a 422
                policy.require(policy.may_create_any(g.api_user, resource.kind), "You may not create this record.")
            replay = replay_idempotent()
            if replay is not None:
                return replay
            data = load(resource.schema, json_body())
            record = resource.create(g.api_user, data)
            return created(resource.schema.dump(record), record_url(record))

        bp.add_url_rule(f"/{name}", f"{endpoint}_create", create_item, methods=["POST"])

    if resource.update:
        def update_item(key):
            record = load_record(key)
            policy.require_edit(g.api_user, record)
            body = json_body()
            version = body.pop("version", None)
            data = load(resource.schema, body, partial=True)
            resource.update(g.api_user, record, data, version)
            db.session.commit()
            return jsonify(resource.schema.dump(record))

        bp.add_url_rule(f"/{name}/<key>", f"{endpoint}_update", update_item, methods=["PATCH"])

    if resource.remove:
        def remove_item(key):
            record = load_record(key)
            resource.remove(g.api_user, record)
            db.session.commit()
            return "", 204

        bp.add_url_rule(f"/{name}/<key>", f"{endpoint}_delete", remove_item, methods=["DELETE"])


def get_by_id(model):
    """A loader for integer ids: anything else is simply not found."""
    def get(key):
        return db.session.get(model, int(key)) if str(key).isdigit() else None
    return get


