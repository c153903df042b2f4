"""Generated reports through the API: list, read, generate, publish, download the PDF and the snapshot."""

from flask import Response, g, jsonify, url_for
from marshmallow import Schema, fields, validate

from app.api.http import created, json_body, load, remember_idempotent, replay_idempotent
from app.auth import policy
from app.core import languages
from app.core.errors import NotFound
from app.core.periods import Period
from app.extensions import db
from app.reports import services
from app.reports.models import GeneratedVia, Report, ReportKind, ReportStatus
from app.reports.queries import reports_query


class ReportSchema(Schema):
    id = fields.Integer(dump_only=True)
    kind = fields.Enum(ReportKind, by_value=True, dump_only=True)
    year = fields.Integer(dump_only=True)
    quarter = fields.Integer(dump_only=True, allow_none=True)
    period = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True, metadata={"description": "edition of the period's report: 1, 2, …"})
    supersedes_id = fields.Integer(dump_only=True, allow_none=True)
    status = fields.Enum(ReportStatus, by_value=True, dump_only=True)
    sha256 = fields.String(attribute="pdf_sha256", dump_only=True, metadata={"description": "SHA-256 of the PDF"})
    data_sha256 = fields.String(dump_only=True, metadata={"description": "SHA-256 of the snapshot JSON"})
    pdf_size = fields.Integer(dump_only=True)
    generated_at = fields.DateTime(dump_only=True)
    generated_via = fields.Enum(GeneratedVia, by_value=True, dump_only=True)
    lang = fields.String(dump_only=True, metadata={"description": "language of the PDF"})
    published_at = fields.DateTime(dump_only=True, allow_none=True)
    pdf_url = fields.Method("_pdf_url", dump_only=True)
    data_url = fields.Method("_data_url", dump_only=True)

    def _pdf_url(self, report):
        return url_for("api.report_pdf", report_id=report.id)

    def _data_url(self, report):
        return url_for("api.report_data", report_id=report.id)


class GenerateRequestSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in ReportKind]))
    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))
    quarter = fields.Integer(allow_none=True, load_default=None, validate=validate.Range(min=1, max=4))
    correction = fields.Boolean(load_default=False)
    lang = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(languages.codes()))


SCHEMA = ReportSchema()


def _visible(report_id: int) -> Report:
    report = db.session.get(Report, report_id)
    if not policy.may_view_generated_report(g.api_user, report):
        raise NotFound("No such report.")
    return report


def generate():
    """POST /reports: a new draft (201), the period's open draft rebuilt (200), or a correction (201)."""
    policy.require(policy.may_generate_report(g.api_user), "Only the secretariat generates reports.")
    replay = replay_idempotent()
    if replay is not None:
        return replay
    data = load(GenerateRequestSchema(), json_body())
    open_draft = services.latest_of(Period.of(data["kind"], data["year"], data["quarter"]))
    report = services.generate_report(g.api_user, data["kind"], data["year"], data["quarter"], via=GeneratedVia.api,
                                      correction=data["correction"], lang=data["lang"])
    location = url_for("api.reports_item", key=report.id)
    if open_draft is None or open_draft.id != report.id:
        return created(SCHEMA.dump(report), location)
    remember_idempotent(200, SCHEMA.dump(report), location)
    db.session.commit()
    return jsonify(SCHEMA.dump(report))


def publish(report_id: int):
    """POST /reports/<id>/publish: the draft becomes published and immutable; twice → 409."""
    report = _visible(report_id)
    policy.require(policy.may_publish_report(g.api_user, report), "Only the secretariat publishes reports.")
    services.publish_report(g.api_user, report)
    db.session.commit()
    return jsonify(SCHEMA.dump(report))


def pdf(report_id: int):
    report = _visible(report_id)
    response = Response(services.read_pdf(report), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def data(report_id: int):
    report = _visible(report_id)
    return Response(report.snapshot_json, mimetype="application/json")


def register_all(bp, register, Resource, get_by_id):
    register(bp, Resource(
        name="reports", schema=SCHEMA, tag="Reports",
        query=lambda a: reports_query(g.api_user, kind=a.get("kind"), year=a.get("year", type=int),
                                      status=a.get("status")),
        get=get_by_id(Report),
        filters={"kind": "seasonal or annual", "year": "year", "status": "draft or published (drafts: staff only)"}))
    bp.add_url_rule("/reports", "reports_generate", generate, methods=["POST"])
    bp.add_url_rule("/reports/<int:report_id>/publish", "report_publish", publish, methods=["POST"])
    bp.add_url_rule("/reports/<int:report_id>/pdf", "report_pdf", pdf, methods=["GET"])
    bp.add_url_rule("/reports/<int:report_id>/data", "report_data", data, methods=["GET"])


def add_openapi_paths(spec) -> None:
    """The custom report endpoints in the OpenAPI document."""
    ref = {"$ref": "#/components/schemas/Report"}
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
             "description": "error"}
    body = {"content": {"application/json": {"schema": {"type": "object", "required": ["kind", "year"], "properties": {
        "kind": {"type": "string", "enum": ["seasonal", "annual"]}, "year": {"type": "integer"},
        "quarter": {"type": "integer", "minimum": 1, "maximum": 4},
        "correction": {"type": "boolean", "description": "the period's report is published: make a new version"},
        "lang": {"type": "string", "enum": list(languages.codes()), "description": "language of the PDF"}}}}}}
    one = {"content": {"application/json": {"schema": ref}}}
    report_id = [{"name": "report_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    spec.path(path="/api/v1/reports", operations={"post": {
        "tags": ["Reports"], "requestBody": body,
        "parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}}],
        "responses": {"201": {"description": "a new draft (or version)", **one},
                      "200": {"description": "the period's open draft, rebuilt", **one},
                      **{str(c): error for c in (400, 401, 403, 409, 415, 422)}}}})
    spec.path(path="/api/v1/reports/{report_id}/publish", parameters=report_id, operations={"post": {
        "tags": ["Reports"], "responses": {"200": {"description": "published", **one},
                                           **{str(c): error for c in (401, 403, 404, 409)}}}})
    spec.path(path="/api/v1/reports/{report_id}/pdf", parameters=report_id, operations={"get": {
        "tags": ["Reports"], "responses": {"200": {"description": "the PDF", "content": {"application/pdf": {}}},
                                           **{str(c): error for c in (401, 404)}}}})
    spec.path(path="/api/v1/reports/{report_id}/data", parameters=report_id, operations={"get": {
        "tags": ["Reports"], "responses": {"200": {"description": "the snapshot the PDF was built from",
                                                   "content": {"application/json": {}}},
                                           **{str(c): error for c in (401, 404)}}}})
