"""Generated reports through the API: list, read, generate, publish, download the PDF and the snapshot."""

from flask import Response, g, jsonify, url_for
from marshmallow import Schema, fields, validate

from app.api.http import column_field, created, remember_idempotent, replay_idempotent
from app.api.resources import IDEMPOTENCY, get_by_id
from app.api.spec import JSONObjectSchema
from app.auth import policy
from app.core import languages
from app.core.errors import NotFound
from app.core.periods import FIRST_YEAR, Period
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
    summary = fields.String(dump_only=True, allow_none=True,
                            metadata={"description": "the secretariat's executive summary of this edition"})
    pdf_url = fields.Method("_pdf_url", dump_only=True)
    data_url = fields.Method("_data_url", dump_only=True)

    def _pdf_url(self, report):
        return url_for("api.report_pdf", report_id=report.id)

    def _data_url(self, report):
        return url_for("api.report_data", report_id=report.id)


class SummaryRequestSchema(Schema):
    summary = column_field(Report.summary, required=True, allow_none=True,
                           metadata={"description": "the executive summary (blank or null clears it); drafts only"})


class GenerateRequestSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in ReportKind]))
    year = fields.Integer(required=True, validate=validate.Range(min=FIRST_YEAR + 1, max=2100),
                          metadata={"description": "a year after the network's first (comparisons need one before)"})
    quarter = fields.Integer(allow_none=True, load_default=None, validate=validate.Range(min=1, max=4))
    correction = fields.Boolean(load_default=False)
    lang = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(languages.codes()),
                         metadata={"description": "language of the PDF (default: the open draft's or English)"})


SCHEMA = ReportSchema()


def _visible(report_id) -> Report:
    report = get_by_id(Report)(report_id)
    if not policy.may_view_generated_report(g.api_user, report):
        raise NotFound("No such report.")
    return report


def register_all(bp, register, Resource, get_by_id_):
    from app.api.resources import choice
    from app.api.spec import before, errors

    tags = ["Reports"]
    register(bp, Resource(
        name="reports", schema=SCHEMA, tag="Reports",
        query=lambda a: reports_query(g.api_user, kind=a.get("kind"), year=a.get("year", type=int),
                                      status=a.get("status")),
        get=get_by_id_(Report),
        filters={"kind": choice(ReportKind, "seasonal or annual"), "year": "year (an unreadable year is ignored)",
                 "status": choice(ReportStatus, "draft or published (drafts: staff only)")}))

    def may_generate(**_):
        policy.require(policy.may_generate_report(g.api_user), "Only the secretariat generates reports.")
        return replay_idempotent()

    @bp.route("/reports", endpoint="reports_generate", methods=["POST"], tags=tags)
    @before(may_generate)
    @bp.arguments(GenerateRequestSchema)
    @bp.response(201, ReportSchema, description="a new draft (or version)")
    @bp.alt_response(200, schema=ReportSchema, description="the period's open draft, rebuilt", success=True)
    @bp.doc(parameters=[IDEMPOTENCY])
    @errors(400, 403, 409, 415, 422)
    def generate(data):
        """A new draft (201), the period's open draft rebuilt (200), or a correction (201)."""
        open_draft = services.latest_of(Period.of(data["kind"], data["year"], data["quarter"]))
        report = services.generate_report(g.api_user, data["kind"], data["year"], data["quarter"],
                                          via=GeneratedVia.api, correction=data["correction"], lang=data["lang"])
        location = url_for("api.reports_item", key=report.id)
        if open_draft is None or open_draft.id != report.id:
            return created(SCHEMA.dump(report), location)
        remember_idempotent(200, SCHEMA.dump(report), location)
        return jsonify(SCHEMA.dump(report))

    @bp.route("/reports/<report_id>/publish", endpoint="report_publish", methods=["POST"], tags=tags)
    @bp.response(200, ReportSchema)
    @errors(403, 404, 409)
    def publish(report_id):
        """The draft becomes published and immutable; twice → 409."""
        report = _visible(report_id)
        policy.require(policy.may_publish_report(g.api_user, report), "Only the secretariat publishes reports.")
        services.publish_report(g.api_user, report)
        return report

    def may_write_summary(report_id=None, **_):
        # the report is found and the policy asked before the body is read: 404/403 come before a 422
        policy.require(policy.may_edit_report_summary(g.api_user, _visible(report_id)),
                       "Only the secretariat writes the executive summary.")

    @bp.route("/reports/<report_id>/summary", endpoint="report_summary", methods=["PUT"], tags=tags)
    @before(may_write_summary)
    @bp.arguments(SummaryRequestSchema)
    @bp.response(200, ReportSchema)
    @errors(400, 403, 404, 409, 415, 422)
    def put_summary(data, report_id):
        """Write the executive summary of a draft (its PDF is rebuilt); a published report → 409."""
        report = _visible(report_id)
        policy.require(policy.may_edit_report_summary(g.api_user, report),
                       "Only the secretariat writes the executive summary.")
        services.set_summary(g.api_user, report, data["summary"])
        return report

    @bp.route("/reports/<report_id>/pdf", endpoint="report_pdf", methods=["GET"], tags=tags)
    @bp.response(200, content_type="application/pdf", description="the PDF, as an attachment")
    @errors(404)
    def pdf(report_id):
        """The report's PDF."""
        report = _visible(report_id)
        response = Response(services.read_pdf(report), mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'attachment; filename="{report.filename}"'
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @bp.route("/reports/<report_id>/data", endpoint="report_data", methods=["GET"], tags=tags)
    @bp.response(200, JSONObjectSchema, description="the snapshot the PDF was built from")
    @errors(404)
    def data(report_id):
        """The snapshot the PDF was built from (JSON); 404 where this instance holds the PDF only."""
        report = _visible(report_id)
        if not report.has_figures:
            raise NotFound("The figures of this report are kept on the hub; this instance holds its PDF.")
        return Response(report.snapshot_json, mimetype="application/json")
