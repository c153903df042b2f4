"""data-requests (with their deliveries and workflow steps) and the license question through the API.

Declared the flask-smorest way (app/api/spec.py): the list, read and update come from
`register`; creation, the steps and the license question are routes of their own, each
loading the record (404), asking the policy and calling one service.
"""

from flask import g, jsonify, url_for
from marshmallow import Schema, fields, validate

from app.agreements.models import SATELLITES, PermittedUse, ProductLevel
from app.api.http import RecordId, column_field, created, remember_idempotent, replay_idempotent
from app.api.registry import RecordSchema
from app.auth import policy
from app.core.errors import NotFound
from app.datarequests import services
from app.datarequests.models import DataDelivery, DataRequest, DeliveryMethod, RequestStatus
from app.datarequests.queries import requests_query
from app.extensions import db

TAG = "Data requests"
TAGS = [TAG]


class DeliverySchema(RecordSchema):
    scenes = fields.Integer(required=True, validate=validate.Range(min=1))
    volume_gb = fields.Decimal(required=True, as_string=True, places=3,
                               metadata={"description": "gigabytes, 0 or more"})
    delivered_on = fields.Date(required=True)
    method = fields.Enum(DeliveryMethod, by_value=True, required=True)
    note = column_field(DataDelivery.note)


class LicenseSchema(RecordSchema):
    """The license check as run on submission (read-only)."""

    covered = fields.Boolean(attribute="license_covered")
    reasons = fields.List(fields.String(), attribute="license_reasons")
    licenses = fields.List(fields.String(), attribute="license_references",
                           metadata={"description": "references of the covering data-use licenses"})
    checked_on = fields.Date(attribute="license_checked_on")
    countries = fields.List(fields.String(), attribute="checked_countries")


class DataRequestSchema(RecordSchema):
    node_id = RecordId(allow_none=True, metadata={
        "description": "staff choose it; a coordinator's request is always their own node's"})
    node = fields.Function(lambda r: r.node.code, dump_only=True)
    organization_id = RecordId(allow_none=True, metadata={"description": "default: the node's host"})
    title = column_field(DataRequest.title)
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
    notes = column_field(DataRequest.notes)
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


class ReasonSchema(Schema):
    reason = fields.String(allow_none=True, validate=validate.Length(max=10000),
                           metadata={"description": "required to decline; optional to approve"})


class LicenseQuestionSchema(Schema):
    organization_id = fields.String(required=True, metadata={"description": "the licensee's id"})
    satellite = fields.List(fields.String(validate=validate.Length(max=200)), required=True,
                            metadata={"description": "e.g. GF-2; repeated or comma-separated"})
    country = fields.List(fields.String(validate=validate.Length(max=200)), load_default=list,
                          metadata={"description": "ISO alpha-3; repeated or comma-separated"})
    level = fields.List(fields.String(validate=validate.Length(max=200)), load_default=list,
                        metadata={"description": "L1, L2, DOM, DEM, DSM; repeated or comma-separated"})
    use = fields.String(validate=validate.Length(max=60), metadata={"description": "a permitted use"})
    on = fields.String(validate=validate.Length(max=20), metadata={"description": "YYYY-MM-DD; default today"})


class LicenseReferenceSchema(Schema):
    id = fields.Integer()
    reference = fields.String()
    title = fields.String()


class LicenseAnswerSchema(Schema):
    covered = fields.Boolean(required=True)
    reasons = fields.List(fields.String(), required=True)
    licenses = fields.List(fields.Nested(LicenseReferenceSchema), required=True)


def _visible(key):
    """The request, or None when it does not exist or the caller may not see it (→ 404)."""
    key = str(key)
    record = db.session.get(DataRequest, int(key)) if key.isascii() and key.isdigit() and len(key) < 19 else None
    return record if policy.may_view_data_request(g.api_user, record) else None


def _load(key) -> DataRequest:
    record = _visible(key)
    if record is None:
        raise NotFound("No such data request.")
    return record


def _url(record) -> str:
    return url_for("api.data_requests_item", key=record.id)


def register_all(bp, register, Resource, get_by_id):
    from app.api.resources import IDEMPOTENCY, choice, text
    from app.api.spec import before, errors

    register(bp, Resource(
        name="data-requests", schema=SCHEMA, tag=TAG, query=lambda args: requests_query(g.api_user, args),
        get=_visible, update=services.update_request,
        filters={"status": choice(RequestStatus, "workflow state"), "node": text("node code or id"),
                 "organization_id": text("requesting organization"), "satellite": text("a satellite asked for"),
                 "covered": choice(["0", "1"], "1: the license check covered it; 0: not"),
                 "q": text("title contains")}))

    def may_ask(**_):
        policy.require(policy.may_request_data(g.api_user), "You may not request data.")
        return replay_idempotent()

    @bp.route("/data-requests", endpoint="data_requests_create", methods=["POST"], tags=TAGS)
    @before(may_ask)
    @bp.arguments(DataRequestSchema)
    @bp.response(201, DataRequestSchema)
    @bp.doc(parameters=[IDEMPOTENCY])
    @errors(400, 403, 409, 413, 415, 422)
    def create_request(data):
        """Ask for data (a coordinator for their own node); the license check runs at once."""
        record = services.create_request(g.api_user, data)
        return created(SCHEMA.dump(record), _url(record))

    def step(name, what, act, schema=ReasonSchema):
        def check(key):
            _load(key)
            return replay_idempotent()

        @bp.route(f"/data-requests/<key>/{name}", endpoint=f"data_request_{name}", methods=["POST"], tags=TAGS)
        @before(check)
        @bp.arguments(schema, description="optional" if name != "decline" else "a reason")
        @bp.response(200, DataRequestSchema)
        @bp.doc(parameters=[IDEMPOTENCY])
        @errors(400, 403, 404, 409, 415, 422)
        def run(body, key):
            record = _load(key)
            act(record, body)
            dumped = SCHEMA.dump(record)
            remember_idempotent(200, dumped, None)
            return jsonify(dumped)

        run.__doc__ = f"{what}; a step the state does not allow → 409."

    step("approve", "Approve a submitted request (the secretariat)",
         lambda r, b: services.approve_request(g.api_user, r, b.get("reason")))
    step("decline", "Decline a submitted request, saying why (the secretariat)",
         lambda r, b: services.decline_request(g.api_user, r, b.get("reason")))
    step("confirm", "Confirm that delivered data arrived (the requesting node's coordinator)",
         lambda r, _b: services.confirm_receipt(g.api_user, r), Schema.from_dict({}, name="NoBodySchema"))

    def may_deliver(key):
        record = _load(key)
        policy.require_data_request_step(g.api_user, record, policy.may_record_delivery(g.api_user, record),
                                         "Only the secretariat records deliveries.")
        record.require_step("deliver")  # a 409 naming the state, before the body is read
        return replay_idempotent()

    @bp.route("/data-requests/<key>/deliveries", endpoint="data_request_deliveries", methods=["POST"], tags=TAGS)
    @before(may_deliver)
    @bp.arguments(DeliverySchema)
    @bp.response(201, DeliverySchema)
    @bp.doc(parameters=[IDEMPOTENCY])
    @errors(400, 403, 404, 409, 415, 422)
    def record_delivery(data, key):
        """Record data sent for an approved (or delivered) request: scenes, volume, day, how (the secretariat)."""
        record = _load(key)
        delivery = services.record_delivery(g.api_user, record, data)
        return created(DELIVERY.dump(delivery), _url(record))

    @bp.route("/licenses/check", endpoint="license_check", methods=["GET"], tags=TAGS)
    @bp.arguments(LicenseQuestionSchema, location="query", error_status_code=400)
    @bp.response(200, LicenseAnswerSchema)
    @errors(400, 422)
    def license_check(args):
        """Does a data-use license in force cover this use: satellites, countries, levels, a use, on a day?"""
        result = services.ask_license(g.api_user, args["organization_id"], _split(args["satellite"]),
                                      _split(args["country"]), _split(args["level"]), args.get("use"),
                                      args.get("on"))
        return {"covered": result.covered, "reasons": result.reasons,
                "licenses": [{"id": a.id, "reference": a.reference, "title": a.title} for a in result.licenses]}


def _split(values) -> list[str]:
    return [v.strip() for raw in values or [] for v in raw.split(",") if v.strip()]
