"""data-requests (with their deliveries and workflow steps) and the license question through the API.

Declared with the current mechanism (app/api/resources.py): the list, read and update come
from `register`; creation, the steps and the license question are routes of their own, each
loading the record (404), asking the policy and calling one service.
"""

from flask import g, jsonify, request, url_for
from marshmallow import fields, validate

from app.agreements.models import SATELLITES, PermittedUse, ProductLevel
from app.api.http import created, json_body, load, remember_idempotent, replay_idempotent
from app.api.registry import RecordSchema
from app.auth import policy
from app.core.errors import NotFound
from app.datarequests import services
from app.datarequests.models import DataRequest, DeliveryMethod, RequestStatus
from app.datarequests.queries import requests_query
from app.extensions import db

TAG = "Data requests"
FILTERS = {"status": "submitted, approved, declined, delivered or closed", "node": "node code or id",
           "organization_id": "requesting organization", "satellite": "a satellite asked for",
           "covered": "1: the license check covered it; 0: not", "q": "title contains"}


class DeliverySchema(RecordSchema):
    scenes = fields.Integer(required=True, validate=validate.Range(min=1))
    volume_gb = fields.Decimal(required=True, as_string=True, places=3, validate=validate.Range(min=0))
    delivered_on = fields.Date(required=True)
    method = fields.Enum(DeliveryMethod, by_value=True, required=True)
    note = fields.String(allow_none=True, validate=validate.Length(max=10000))


class LicenseSchema(RecordSchema):
    """The license check as run on submission (read-only)."""

    covered = fields.Boolean(attribute="license_covered")
    reasons = fields.List(fields.String(), attribute="license_reasons")
    licenses = fields.List(fields.String(), attribute="license_references",
                           metadata={"description": "references of the covering data-use licenses"})
    checked_on = fields.Date(attribute="license_checked_on")
    countries = fields.List(fields.String(), attribute="checked_countries")


class DataRequestSchema(RecordSchema):
    node_id = fields.Integer(allow_none=True, metadata={
        "description": "staff choose it; a coordinator's request is always their own node's"})
    node = fields.Function(lambda r: r.node.code, dump_only=True)
    organization_id = fields.Integer(allow_none=True, metadata={"description": "default: the node's host"})
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    area = fields.Method("_area", deserialize="_area_in", allow_none=True, metadata={
        "description": "GeoJSON Polygon or MultiPolygon (or a Feature / FeatureCollection of them), WGS 84"})
    countries = fields.List(fields.String(validate=validate.Length(max=3)), load_default=list)
    area_countries = fields.List(fields.String(), dump_only=True,
                                 metadata={"description": "countries the area reaches into (computed)"})
    acquired_from = fields.Date(required=True)
    acquired_to = fields.Date(required=True)
    satellites = fields.List(fields.String(validate=validate.OneOf(SATELLITES)), required=True)
    product_levels = fields.List(fields.String(validate=validate.OneOf([p.value for p in ProductLevel])),
                                 required=True)
    purpose = fields.String(required=True, validate=validate.OneOf([u.value for u in PermittedUse]))
    is_free_experiment = fields.Boolean(load_default=False)
    notes = fields.String(allow_none=True, validate=validate.Length(max=10000))
    status = fields.Enum(RequestStatus, by_value=True, dump_only=True)
    license = fields.Function(lambda r: LicenseSchema(only=("covered", "reasons", "licenses", "checked_on",
                                                            "countries")).dump(r), dump_only=True)
    submitted_at = fields.DateTime(dump_only=True)
    decided_at = fields.DateTime(dump_only=True)
    decision_reason = fields.String(dump_only=True)
    delivered_at = fields.DateTime(dump_only=True)
    confirmed_at = fields.DateTime(dump_only=True)
    deliveries = fields.List(fields.Nested(DeliverySchema), dump_only=True)
    scenes_delivered = fields.Integer(dump_only=True)
    volume_delivered_gb = fields.Decimal(as_string=True, dump_only=True)

    def _area(self, record):
        return record.area_geometry

    def _area_in(self, value):
        return value  # checked by the service (parse_area), which names the field


SCHEMA = DataRequestSchema()
DELIVERY = DeliverySchema()


def _visible(key):
    """The request, or None when it does not exist or the caller may not see it (→ 404)."""
    record = db.session.get(DataRequest, int(key)) if str(key).isdigit() else None
    return record if policy.may_view_data_request(g.api_user, record) else None


def _load(key) -> DataRequest:
    record = _visible(key)
    if record is None:
        raise NotFound("No such data request.")
    return record


def _url(record) -> str:
    return url_for("api.data_requests_item", key=record.id)


def create_request():
    """POST /data-requests: ask for data; the license check runs at once."""
    policy.require(policy.may_request_data(g.api_user), "You may not request data.")
    replay = replay_idempotent()
    if replay is not None:
        return replay
    record = services.create_request(g.api_user, load(SCHEMA, json_body()))
    return created(SCHEMA.dump(record), _url(record))


def _step(key, act):
    record = _load(key)
    replay = replay_idempotent()
    if replay is not None:
        return replay
    body = json_body() if request.get_data() else {}
    act(record, body)
    answer = SCHEMA.dump(record)
    remember_idempotent(200, answer, None)
    db.session.commit()
    return jsonify(answer)


def _reason(body) -> str | None:
    reason = body.get("reason")
    return reason if isinstance(reason, str) or reason is None else str(reason)


def approve(key):
    """POST /data-requests/<id>/approve {"reason"?}: the secretariat approves."""
    return _step(key, lambda r, body: services.approve_request(g.api_user, r, _reason(body)))


def decline(key):
    """POST /data-requests/<id>/decline {"reason"}: the secretariat declines, saying why."""
    return _step(key, lambda r, body: services.decline_request(g.api_user, r, _reason(body)))


def confirm(key):
    """POST /data-requests/<id>/confirm: the requesting node confirms the data arrived."""
    return _step(key, lambda r, _body: services.confirm_receipt(g.api_user, r))


def record_delivery(key):
    """POST /data-requests/<id>/deliveries: the secretariat records data sent (201, the delivery)."""
    record = _load(key)
    policy.require_data_request_step(g.api_user, record, policy.may_record_delivery(g.api_user, record),
                                     "Only the secretariat records deliveries.")
    replay = replay_idempotent()
    if replay is not None:
        return replay
    record.require_step("deliver")  # a 409 naming the state, before the body is read
    delivery = services.record_delivery(g.api_user, record, load(DELIVERY, json_body()))
    return created(DELIVERY.dump(delivery), _url(record))


def _listed(name: str) -> list[str]:
    return [v for raw in request.args.getlist(name) for v in raw.split(",") if v.strip()]


def license_check():
    """GET /licenses/check?organization_id=&satellite=&country=&level=&use=&on= → covered, reasons, licenses."""
    args = request.args
    result = services.ask_license(g.api_user, args.get("organization_id"), _listed("satellite"),
                                  _listed("country"), _listed("level"), args.get("use"), args.get("on"))
    return jsonify({"covered": result.covered, "reasons": result.reasons,
                    "licenses": [{"id": a.id, "reference": a.reference, "title": a.title} for a in result.licenses]})


def register_all(bp, register, Resource, get_by_id):
    register(bp, Resource(
        name="data-requests", schema=SCHEMA, tag=TAG, query=lambda args: requests_query(g.api_user, args),
        get=_visible, update=services.update_request, filters=FILTERS))
    bp.add_url_rule("/data-requests", "data_requests_create", create_request, methods=["POST"])
    bp.add_url_rule("/data-requests/<key>/approve", "data_request_approve", approve, methods=["POST"])
    bp.add_url_rule("/data-requests/<key>/decline", "data_request_decline", decline, methods=["POST"])
    bp.add_url_rule("/data-requests/<key>/deliveries", "data_request_deliveries", record_delivery, methods=["POST"])
    bp.add_url_rule("/data-requests/<key>/confirm", "data_request_confirm", confirm, methods=["POST"])
    bp.add_url_rule("/licenses/check", "license_check", license_check, methods=["GET"])
    from app.api.openapi import CUSTOM_PATHS

    CUSTOM_PATHS.append(openapi_paths)


def openapi_paths(spec) -> None:
    """Creation, the workflow steps and the license question, for the OpenAPI document."""
    ref = {"$ref": "#/components/schemas/DataRequest"}
    one = {"content": {"application/json": {"schema": ref}}}
    errors = {str(c): {"description": "error", "content": {"application/json": {"schema": {
        "$ref": "#/components/schemas/Error"}}}} for c in (400, 401, 403, 404, 409, 415, 422)}
    idempotency = {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}}
    key = [{"name": "key", "in": "path", "required": True, "schema": {"type": "integer"}}]
    spec.path(path="/api/v1/data-requests", operations={"post": {
        "tags": [TAG], "summary": "Ask for data; the license check runs at once", "parameters": [idempotency],
        "requestBody": one, "responses": {"201": {"description": "created", **one}, **errors}}})
    reason = {"content": {"application/json": {"schema": {"type": "object", "properties": {
        "reason": {"type": "string"}}}}}}
    for step, summary, body in (("approve", "Approve a submitted request (secretariat)", reason),
                                ("decline", "Decline a submitted request, with a reason (secretariat)", reason),
                                ("confirm", "Confirm receipt of delivered data (the node's coordinator)", None)):
        operation = {"tags": [TAG], "summary": summary, "parameters": [idempotency],
                     "responses": {"200": {"description": "the request", **one}, **errors}}
        if body:
            operation["requestBody"] = body
        spec.path(path=f"/api/v1/data-requests/{{key}}/{step}", operations={"post": operation}, parameters=key)
    if "Delivery" not in spec.components.schemas:
        spec.components.schema("Delivery", schema=DeliverySchema)
    delivery = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Delivery"}}}}
    spec.path(path="/api/v1/data-requests/{key}/deliveries", parameters=key, operations={"post": {
        "tags": [TAG], "summary": "Record data sent for an approved request (secretariat)",
        "parameters": [idempotency], "requestBody": delivery,
        "responses": {"201": {"description": "the delivery", **delivery}, **errors}}})
    spec.path(path="/api/v1/licenses/check", operations={"get": {
        "tags": [TAG], "summary": "Does a data-use license cover this use?",
        "description": "Lists (satellite, country, level) as repeated parameters or comma-separated.",
        "parameters": [{"name": n, "in": "query", "required": n in ("organization_id", "satellite"),
                        "schema": {"type": "string"}, "description": d} for n, d in (
            ("organization_id", "the licensee"), ("satellite", "e.g. GF-2"), ("country", "ISO alpha-3"),
            ("level", "L1, L2, DOM, DEM, DSM"), ("use", "a permitted use"), ("on", "YYYY-MM-DD; default today"))],
        "responses": {"200": {"description": "covered, reasons, licenses", "content": {"application/json": {
            "schema": {"type": "object", "properties": {
                "covered": {"type": "boolean"}, "reasons": {"type": "array", "items": {"type": "string"}},
                "licenses": {"type": "array", "items": {"type": "object"}}}}}}}, **errors}}})
