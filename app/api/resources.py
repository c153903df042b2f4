"""One declaration per collection: list, create, read, update, archive/delete, and their OpenAPI.

Each route does the same three steps as a page view: load (or 404), ask the policy (also
asked again inside the service), call one service; flask-smorest parses the arguments and
dumps the answer from the same schemas it documents.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Response, g, request, url_for
from marshmallow import Schema, fields, validate

from app.api.http import created, page_of, replay_idempotent
from app.api.spec import before, errors, filters_schema, page_schema
from app.auth import policy
from app.core.pagination import PageRequest
from app.extensions import db

IDEMPOTENCY = {"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string",
               "maxLength": 200}, "description": "the same key and body again returns the first answer"}


@dataclass
class Resource:
    name: str                      # collection name in the URL, e.g. "organizations"
    schema: Schema                 # marshmallow schema: input validation and output
    query: Callable                # (args) -> select() for the list
    get: Callable                  # (key) -> record or None
    create: Callable | None = None  # (user, data) -> record
    update: Callable | None = None  # (user, record, data, version) -> record
    remove: Callable | None = None  # (user, record) -> None (archive or delete)
    filters: dict[str, fields.Field | str] = field(default_factory=dict)  # parameter -> field or description
    tag: str = ""
    kind: str = ""                 # the policy's name for the record kind, e.g. "organization"


REGISTRY: list[Resource] = []


def text(description: str) -> fields.String:
    """A free-text query parameter."""
    return fields.String(metadata={"description": description})


def choice(values, description: str = "") -> fields.String:
    """A query parameter taking one of the given values (an enum class or a list); anything else → 400."""
    allowed = [getattr(v, "value", v) for v in values]
    return fields.String(validate=validate.OneOf(allowed), metadata={"description": description})


def number(description: str, low: int = 0, high: int = 2**31 - 1) -> fields.Integer:
    return fields.Integer(validate=validate.Range(min=low, max=high), metadata={"description": description})


def flag(description: str = "1 to include archived") -> fields.String:
    return fields.String(validate=validate.OneOf(["", "0", "1", "true", "false"]),
                         metadata={"description": description})


def paging(args) -> PageRequest:
    return PageRequest(args["page"], args["per_page"])


def register(bp, resource: Resource) -> None:
    """Add the routes of a collection to the API blueprint, and to its OpenAPI document."""
    REGISTRY.append(resource)
    name = resource.name
    endpoint = name.replace("-", "_")
    schema_cls = type(resource.schema)
    title = "".join(part.title() for part in endpoint.split("_"))
    tags = [resource.tag]

    def load_record(key):
        record = resource.get(key)
        policy.require_view(g.api_user, record)
        return record

    def record_url(record):
        return url_for(f"api.{endpoint}_item", key=record.id)

    filters = {k: text(v) if isinstance(v, str) else v for k, v in resource.filters.items()}

    @bp.route(f"/{name}", endpoint=f"{endpoint}_list", methods=["GET"], tags=tags)
    @bp.arguments(filters_schema(f"{title}FiltersSchema", **filters), location="query", error_status_code=400)
    @bp.response(200, page_schema(schema_cls))
    @errors(400)
    def list_items(args):
        return page_of(resource.query(request.args), paging=paging(args))

    @bp.route(f"/{name}/<key>", endpoint=f"{endpoint}_item", methods=["GET"], tags=tags)
    @bp.response(200, schema_cls)
    @errors(404)
    def read_item(key):
        return load_record(key)

    if resource.create:
        def may_create(**_):
            if resource.kind:  # refuse before parsing: a board member learns nothing from a 422
                policy.require(policy.may_create_any(g.api_user, resource.kind), "You may not create this record.")
            return replay_idempotent()

        @bp.route(f"/{name}", endpoint=f"{endpoint}_create", methods=["POST"], tags=tags)
        @before(may_create)
        @bp.arguments(schema_cls)
        @bp.response(201, schema_cls)
        @bp.doc(parameters=[IDEMPOTENCY])
        @errors(400, 403, 409, 413, 415, 422)
        def create_item(data):
            record = resource.create(g.api_user, data)
            return created(resource.schema.dump(record), record_url(record))

    if resource.update:
        def may_edit(key):
            policy.require_edit(g.api_user, load_record(key))

        @bp.route(f"/{name}/<key>", endpoint=f"{endpoint}_update", methods=["PATCH"], tags=tags)
        @before(may_edit)
        @bp.arguments(schema_cls(partial=True))
        @bp.response(200, schema_cls)
        @errors(400, 403, 404, 409, 413, 415, 422)
        def update_item(data, key):
            record = load_record(key)
            resource.update(g.api_user, record, data, sent_version())
            return record

    if resource.remove:
        @bp.route(f"/{name}/<key>", endpoint=f"{endpoint}_delete", methods=["DELETE"], tags=tags)
        @bp.response(204)
        @errors(403, 404, 409)
        def remove_item(key):
            resource.remove(g.api_user, load_record(key))
            return Response(status=204)


def sent_version():
    """The `version` the client last read, from the JSON body (None when absent)."""
    body = request.get_json(silent=True)
    return body.get("version") if isinstance(body, dict) else None


def get_by_id(model):
    """A loader for integer ids: anything else, or beyond what the column holds, is simply not found."""
    def get(key):
        key = str(key)
        return db.session.get(model, int(key)) if key.isascii() and key.isdigit() and len(key) < 19 else None
    return get
