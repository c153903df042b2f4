"""Quarterly reports and contributions through the API (API.md: "Quarterly reports" and `contributions`).

Reports are addressed by node and quarter: GET|PUT /nodes/<code>/reports/<YYYY>Q<n>, and the
workflow steps POST .../submit, .../accept, .../return {"comment"}. A PUT sets the fields it
carries (a figure sent as null is emptied: N/A) and keeps the others; updating an existing
report needs the `version` last read. Figures are JSON numbers; money (contributions) is a
decimal string such as "1500.00", so no amount is ever rounded by a float.
"""

from flask import Response, g, jsonify, request, url_for
from marshmallow import Schema, ValidationError, fields, post_dump, validate

from app.api.http import RecordId, UnsupportedMediaType, column_field, page_of, remember_idempotent, replay_idempotent
from app.auth import policy
from app.core.errors import DomainError, NotFound
from app.core.periods import FIRST_YEAR, Quarter, today
from app.nodes.contributions import services as contribution_services
from app.nodes.contributions.models import Contribution, ContributionKind, ContributionStatus
from app.nodes.contributions.queries import contributions_query, totals
from app.nodes.quarterly import offline
from app.nodes.quarterly import services as quarterly
from app.nodes.quarterly.models import TEXT_MAX, ReportStatus
from app.nodes.quarterly.queries import completeness, reports_query
from app.nodes.queries import node_by_code_or_id


class Figure(fields.Decimal):
    """A non-negative decimal figure read exactly, written as a JSON number."""

    def _serialize(self, value, attr, obj, **kwargs):
        return float(value) if value is not None else None


class Money(fields.Decimal):
    """Money: read from a number or a string, written as a decimal string (never a float)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return str(value) if value is not None else None


def _count():
    return fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=0, max=quarterly.INTEGER_MAX))


def _text(limit):
    return fields.String(allow_none=True, validate=validate.Length(max=limit))


class QuarterlyReportSchema(Schema):
    node = fields.Function(lambda r: r.node.code, dump_only=True)
    year = fields.Integer(dump_only=True)
    quarter = fields.Integer(dump_only=True)
    period = fields.Function(lambda r: r.label, dump_only=True)
    status = fields.Enum(ReportStatus, by_value=True, dump_only=True)
    due_on = fields.Date(dump_only=True)
    timeliness = fields.Function(lambda r: r.timeliness(today()).value, dump_only=True)
    late = fields.Function(lambda r: r.is_late(today()), dump_only=True)
    first_submitted_at = fields.DateTime(dump_only=True)
    submitted_at = fields.DateTime(dump_only=True)
    submitted_by = fields.Function(lambda r: r.submitted_by.name if r.submitted_by else None, dump_only=True)
    reviewed_at = fields.DateTime(dump_only=True)
    reviewed_by = fields.Function(lambda r: r.reviewed_by.name if r.reviewed_by else None, dump_only=True)
    review_comment = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    scenes_received = _count()
    scenes_distributed = _count()
    data_volume_gb = Figure(allow_none=True, allow_nan=False, validate=validate.Range(min=0))
    area_km2 = Figure(allow_none=True, allow_nan=False, validate=validate.Range(min=0))
    users_registered = _count()
    users_active = _count()
    organizations_served = _count()
    data_requests = _count()
    t1_push_percent = Figure(allow_none=True, allow_nan=False, validate=validate.Range(min=0, max=100))
    trainings_held = _count()
    people_trained = _count()
    events_held = _count()
    highlights = _text(TEXT_MAX)
    problems = _text(TEXT_MAX)
    needs = _text(TEXT_MAX)


class StepSchema(Schema):
    version = fields.Integer(allow_none=True)
    comment = fields.String(allow_none=True, validate=validate.Length(max=TEXT_MAX))


MONEY_MAX = 10**16 - 1  # Numeric(18, 2)
QUANTITY_MAX = 10**15 - 1  # Numeric(18, 3)


def within(limit: int):
    """What a Numeric column holds: at most `limit` in size."""
    def check(value):
        if value is not None and abs(value) > limit:
            raise ValidationError(f"Must be at most {limit:,} in size.")
    return check


class ContributionSchema(Schema):
    id = fields.Integer(dump_only=True)
    version = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    organization_id = RecordId(required=True)
    organization = fields.Function(lambda c: c.organization.name, dump_only=True)
    node_id = RecordId(allow_none=True)
    node = fields.Function(lambda c: c.node.code if c.node else None, dump_only=True)
    year = fields.Integer(required=True, strict=True)
    kind = fields.Enum(ContributionKind, by_value=True, required=True)
    status = fields.Enum(ContributionStatus, by_value=True, load_default=None,
                         metadata={"description": "pledged (a commitment for the year) or received (default)"})
    amount = Money(allow_none=True, allow_nan=False, validate=within(MONEY_MAX))
    currency = fields.String(allow_none=True, validate=validate.Length(equal=3))
    quantity = Money(allow_none=True, allow_nan=False, validate=within(QUANTITY_MAX))
    unit = column_field(Contribution.unit)
    estimated_value = Money(allow_none=True, allow_nan=False, validate=within(MONEY_MAX))
    description = column_field(Contribution.description)
    evidence = column_field(Contribution.evidence)
    money_hidden = fields.Function(lambda c: False, dump_only=True)

    @post_dump(pass_original=True)
    def hide_money(self, data, original, **kwargs):
        """Another node's money is not shown to a coordinator (policy.may_view_money)."""
        if not policy.may_view_money(g.api_user, original):
            data.update(amount=None, estimated_value=None, currency=None, money_hidden=True)
        return data


REPORT = QuarterlyReportSchema()
STEP = StepSchema()


# --- helpers ------------------------------------------------------------------------------------

def _param_int(name, low=None, high=None):
    raw = request.args.get(name)
    if raw in (None, ""):
        return None
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None
    if number is None or (low is not None and number < low) or (high is not None and number > high):
        limits = f" from {low} to {high}" if low is not None else ""
        raise DomainError(f"{name} must be a whole number{limits}", {name: [f"must be a whole number{limits}"]})
    return int(raw)


def _node(code):
    node = node_by_code_or_id(code)
    if node is None or not policy.may_view(g.api_user, node):
        raise NotFound("No such node.")
    return node


def _quarter(period) -> Quarter:
    try:
        return Quarter.parse(period)
    except ValueError:
        raise NotFound(f"No such quarter {period!r}; use the form 2025Q3.") from None


def _report(code, period):
    node, quarter = _node(code), _quarter(period)
    report = quarterly.find_report(node, quarter)
    if report is None:
        raise NotFound(f"No report of {node.code} for {quarter.label}.")
    policy.require_view_report(g.api_user, report)
    return report


def _report_url(report) -> str:
    return url_for("api.quarterly_report", code=report.node.code, period=report.label)


def _counts(counter) -> dict:
    return {name: counter.get(name, 0) for name in ("expected", "received", "accepted", "on_time", "late",
                                                    "overdue", "pending")}


# --- contributions ---------------------------------------------------------------------------------

def _contribution_filters(args) -> dict:
    kind = args.get("kind") or None
    if kind is not None and kind not in ContributionKind.__members__:
        raise DomainError("kind is not a contribution kind", {"kind": ["unknown kind"]})
    status = args.get("status") or None
    if status is not None and status not in ContributionStatus.__members__:
        raise DomainError("status is pledged or received", {"status": ["unknown status"]})
    return {"organization_id": _param_int("organization_id"), "node": args.get("node") or None,
            "year": _param_int("year", FIRST_YEAR, 9999), "kind": kind, "status": status,
            "currency": args.get("currency") or None, "q": args.get("q") or None}


REPORT_PATH = "/nodes/<code>/reports/<period>"
FORM_BODY = {"content": {offline.XLSX: {"schema": {"type": "string", "format": "binary"}},
                         "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                             "file": {"type": "string", "format": "binary",
                                      "description": "the filled form (.xlsx)"}}}}}}


def _uploaded_form() -> tuple[str, bytes]:
    """The filled form: the body itself (Content-Type: the XLSX type) or a multipart field `file`."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise DomainError("Send the form as multipart/form-data in a field named file.",
                              {"file": ["missing (multipart field `file`)"]})
        return upload.filename or "form.xlsx", upload.read()
    if request.mimetype == offline.XLSX:
        return "form.xlsx", request.get_data()
    raise UnsupportedMediaType(f"Send the filled form with Content-Type: {offline.XLSX}, or as multipart/form-data "
                               "in a field named file.")


def register_all(bp, register, Resource, get_by_id):
    """Add the report endpoints, the `contributions` collection and its totals to the API blueprint."""
    from app.api.resources import IDEMPOTENCY, choice, number, paging, sent_version, text
    from app.api.spec import JSONObjectSchema, before, errors, filters_schema, page_schema

    tags = ["Quarterly reports"]
    path_params = [{"name": "period", "in": "path", "required": True, "description": "YYYYQn, e.g. 2025Q3",
                    "schema": {"type": "string"}}]

    @bp.route(REPORT_PATH, endpoint="quarterly_report", methods=["GET"], tags=tags, parameters=path_params)
    @bp.response(200, QuarterlyReportSchema)
    @errors(404)
    def read_report(code, period):
        """A node's report for a quarter."""
        return _report(code, period)

    @bp.route(REPORT_PATH, endpoint="quarterly_report_put", methods=["PUT"], tags=tags, parameters=path_params)
    @before(lambda code, period: (_node(code), _quarter(period)) and None)
    @bp.arguments(QuarterlyReportSchema(partial=True))
    @bp.response(200, QuarterlyReportSchema, description="updated (or a replay that changed nothing)")
    @bp.alt_response(201, schema=QuarterlyReportSchema, description="created", success=True)
    @errors(400, 403, 404, 409, 413, 415, 422)
    def put_report(data, code, period):
        """Create the draft, or update a draft or returned report (send `version`).

        A quarter that has not begun → 422. The same body again without `version` → 200, nothing
        changed; a different body without `version` on an existing report → 409 naming `version`.
        """
        node, quarter = _node(code), _quarter(period)
        report, created = quarterly.save_report(g.api_user, node, quarter, data, sent_version())
        if created:
            return report, 201, {"Location": _report_url(report)}
        return report

    @bp.route(f"{REPORT_PATH}/form.xlsx", endpoint="quarterly_report_form", methods=["GET"], tags=tags,
              parameters=path_params)
    @bp.response(200, content_type=offline.XLSX, description="the form, as an attachment, in your language")
    @errors(403, 404)
    def download_form(code, period):
        """The report as an XLSX form to fill offline (who may file it); upload it back with PUT or POST.

        A quarter whose report has not been started gives a blank form (nothing is created until its upload).
        """
        filename, data = offline.form_xlsx(g.api_user, _node(code), _quarter(period))
        response = Response(data, mimetype=offline.XLSX)
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @bp.route(f"{REPORT_PATH}/form.xlsx", endpoint="quarterly_report_form_upload", methods=["PUT", "POST"],
              tags=tags, parameters=path_params)
    @before(lambda code, period: (_node(code), _quarter(period)) and replay_idempotent())
    @bp.response(200, QuarterlyReportSchema)
    @bp.alt_response(201, schema=QuarterlyReportSchema, description="created from a blank form", success=True)
    @bp.doc(requestBody=FORM_BODY, parameters=[IDEMPOTENCY])
    @errors(400, 403, 404, 409, 413, 415, 422)
    def upload_form(code, period):
        """Save a filled form into a draft or returned report, all or nothing; a blank form starts the draft.

        Each bad value → 422 with `fields` naming its cell ("C7"); a form made from an older
        version of the report → 409 naming `version`; a submitted or accepted report → 409.
        """
        node, quarter = _node(code), _quarter(period)
        report = quarterly.find_report(node, quarter)
        if report is None:
            quarterly.require_may_start(g.api_user, node, quarter)
        else:
            policy.require_view_report(g.api_user, report)
        filename, data = _uploaded_form()
        saved = offline.upload_form(g.api_user, node, quarter, filename, data)
        dumped = REPORT.dump(saved)
        if report is None:
            remember_idempotent(201, dumped, _report_url(saved))
            return jsonify(dumped), 201, {"Location": _report_url(saved)}
        remember_idempotent(200, dumped, None)
        return jsonify(dumped)

    def step(name, what, act):
        @bp.route(f"{REPORT_PATH}/{name}", endpoint=f"quarterly_report_{name}", methods=["POST"], tags=tags,
                  parameters=path_params)
        @before(lambda code, period: replay_idempotent())
        @bp.arguments(StepSchema, description="optional")
        @bp.response(200, QuarterlyReportSchema)
        @errors(400, 403, 404, 409, 415, 422)
        def run(body, code, period):
            report = _report(code, period)
            act(report, body)
            dumped = REPORT.dump(report)
            remember_idempotent(200, dumped, None)
            return jsonify(dumped)

        run.__doc__ = f"Workflow step ({what}); a step the state does not allow → 409."

    step("submit", "the node's coordinator or the secretariat",
         lambda r, b: quarterly.submit_report(g.api_user, r, b.get("version")))
    step("accept", "the secretariat", lambda r, b: quarterly.accept_report(g.api_user, r, b.get("comment"),
                                                                           b.get("version")))
    step("return", "the secretariat; needs a comment",
         lambda r, b: quarterly.return_report(g.api_user, r, b.get("comment") or "", b.get("version")))

    @bp.route("/quarterly-reports", endpoint="quarterly_reports", methods=["GET"], tags=tags)
    @bp.arguments(filters_schema("QuarterlyReportFiltersSchema", year=number("year", FIRST_YEAR, 9999),
                                 quarter=number("quarter", 1, 4), status=choice(ReportStatus),
                                 node=text("node code or id")), location="query", error_status_code=400)
    @bp.response(200, page_schema(QuarterlyReportSchema))
    @errors(400)
    def list_reports(args):
        """The reports you may see."""
        query = reports_query(g.api_user, year=args.get("year"), quarter=args.get("quarter"),
                              status=args.get("status"), node=args.get("node") or None)
        return page_of(query, paging=paging(args))

    @bp.route("/quarterly-reports/completeness", endpoint="quarterly_completeness", methods=["GET"], tags=tags)
    @bp.arguments(Schema.from_dict({"year": number("year (default: this year)", FIRST_YEAR, 9999)},
                                   name="CompletenessArgsSchema"), location="query", error_status_code=400)
    @bp.response(200, JSONObjectSchema)
    @errors(400, 403)
    def report_completeness(args):
        """For each node and quarter of the year: status, due date, timeliness, on_time."""
        policy.require(policy.may_view_completeness(g.api_user), "Only the secretariat and the board see this.")
        on = today()
        year = _param_int("year", FIRST_YEAR, on.year + 1) or on.year
        matrix = completeness(year, on)
        nodes = []
        for node in matrix.nodes:
            cells = {}
            for quarter in matrix.quarters:
                cell = matrix.cell(node.id, quarter)
                timeliness = cell.timeliness.value if cell.timeliness else None
                cells[quarter.label] = {
                    "status": cell.status.value if cell.status else None, "state": cell.state,
                    "due_on": cell.due_on.isoformat(), "timeliness": timeliness,
                    "on_time": {"on_time": True, "late": False, "overdue": False}.get(timeliness)}
            nodes.append({"code": node.code, "name": node.name, "quarters": cells,
                          "totals": _counts(matrix.by_node[node.id])})
        return jsonify({"year": year, "today": on.isoformat(), "quarters": [q.label for q in matrix.quarters],
                        "nodes": nodes, "totals": {q.label: _counts(matrix.by_quarter[q]) for q in matrix.quarters}
                        | {"all": _counts(matrix.total)}})

    contribution_filters = {"organization_id": number("partner"), "node": text("node code or id"),
                            "year": number("year", FIRST_YEAR, 9999), "kind": choice(ContributionKind),
                            "status": choice(ContributionStatus), "currency": text("ISO 4217"),
                            "q": text("description or partner contains")}

    @bp.route("/contributions/totals", endpoint="contribution_totals", methods=["GET"], tags=["Contributions"])
    @bp.arguments(Schema.from_dict(dict(contribution_filters), name="ContributionTotalsArgsSchema"),
                  location="query", error_status_code=400)
    @bp.response(200, JSONObjectSchema)
    @errors(400)
    def contribution_totals(args):
        """Totals by partner, kind and year in the reporting currency; money without a rate by currency."""
        result = totals(g.api_user, **_contribution_filters(request.args))
        return jsonify({
            "currency": result["currency"], "all": result["all"].as_dict(),
            "by_organization": [{"organization_id": org_id, "organization": name} | t.as_dict()
                                for name, org_id, t in result["by_organization"]],
            "by_kind": [{"kind": kind.value} | t.as_dict() for kind, t in result["by_kind"]],
            "by_year": [{"year": year} | t.as_dict() for year, t in result["by_year"]]})

    register(bp, Resource(
        name="contributions", kind="contribution", schema=ContributionSchema(), tag="Contributions",
        query=lambda a: contributions_query(**_contribution_filters(a)),
        get=get_by_id(Contribution), create=contribution_services.create_contribution,
        update=contribution_services.update_contribution, remove=contribution_services.delete_contribution,
        filters=contribution_filters))
