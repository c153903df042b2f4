"""Quarterly reports and contributions through the API (API.md: "Quarterly reports" and `contributions`).

Reports are addressed by node and quarter: GET|PUT /nodes/<code>/reports/<YYYY>Q<n>, and the
workflow steps POST .../submit, .../accept, .../return {"comment"}. A PUT sets the fields it
carries (a figure sent as null is emptied: N/A) and keeps the others; updating an existing
report needs the `version` last read. Figures are JSON numbers; money (contributions) is a
decimal string such as "1500.00", so no amount is ever rounded by a float.
"""

from flask import g, jsonify, request, url_for
from marshmallow import Schema, fields, post_dump, validate

from app.api.http import json_body, load, page_of, remember_idempotent, replay_idempotent
from app.auth import policy
from app.core.errors import DomainError, NotFound
from app.core.periods import FIRST_YEAR, Quarter, today
from app.extensions import db
from app.nodes.contributions import services as contribution_services
from app.nodes.contributions.models import Contribution, ContributionKind
from app.nodes.contributions.queries import contributions_query, totals
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


class ContributionSchema(Schema):
    id = fields.Integer(dump_only=True)
    version = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    organization_id = fields.Integer(required=True)
    organization = fields.Function(lambda c: c.organization.name, dump_only=True)
    node_id = fields.Integer(allow_none=True)
    node = fields.Function(lambda c: c.node.code if c.node else None, dump_only=True)
    year = fields.Integer(required=True, strict=True)
    kind = fields.Enum(ContributionKind, by_value=True, required=True)
    amount = Money(allow_none=True, allow_nan=False)
    currency = fields.String(allow_none=True, validate=validate.Length(equal=3))
    quantity = Money(allow_none=True, allow_nan=False)
    unit = fields.String(allow_none=True, validate=validate.Length(max=30))
    estimated_value = Money(allow_none=True, allow_nan=False)
    description = fields.String(allow_none=True, validate=validate.Length(max=5000))
    evidence = fields.String(allow_none=True, validate=validate.Length(max=500))
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
    if not raw.isdigit() or (low is not None and int(raw) < low) or (high is not None and int(raw) > high):
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


def _step_body() -> dict:
    if not request.get_data():
        return {}
    return load(STEP, json_body())


# --- quarterly reports ----------------------------------------------------------------------------

def read_report(code, period):
    return jsonify(REPORT.dump(_report(code, period)))


def put_report(code, period):
    node, quarter = _node(code), _quarter(period)
    body = json_body()
    version = body.pop("version", None)
    data = load(REPORT, body, partial=True)
    report, created = quarterly.save_report(g.api_user, node, quarter, data, version)
    db.session.commit()
    response = jsonify(REPORT.dump(report))
    if created:
        response.status_code = 201
        response.headers["Location"] = _report_url(report)
    return response


def _step(code, period, act):
    replay = replay_idempotent()
    if replay is not None:
        return replay
    report = _report(code, period)
    act(report, _step_body())
    body = REPORT.dump(report)
    remember_idempotent(200, body, None)
    db.session.commit()
    return jsonify(body)


def submit_report(code, period):
    return _step(code, period, lambda r, b: quarterly.submit_report(g.api_user, r, b.get("version")))


def accept_report(code, period):
    return _step(code, period, lambda r, b: quarterly.accept_report(g.api_user, r, b.get("comment"),
                                                                    b.get("version")))


def return_report(code, period):
    return _step(code, period, lambda r, b: quarterly.return_report(g.api_user, r, b.get("comment") or "",
                                                                    b.get("version")))


def list_reports():
    status = request.args.get("status") or None
    if status is not None and status not in ReportStatus.__members__:
        raise DomainError("status is not one of draft, submitted, returned, accepted",
                          {"status": ["must be draft, submitted, returned or accepted"]})
    query = reports_query(g.api_user, year=_param_int("year", FIRST_YEAR, 9999),
                          quarter=_param_int("quarter", 1, 4), status=status, node=request.args.get("node") or None)
    return page_of(query, REPORT)


def _counts(counter) -> dict:
    return {name: counter.get(name, 0) for name in ("expected", "received", "accepted", "on_time", "late",
                                                    "overdue", "pending")}


def report_completeness():
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


# --- contributions ---------------------------------------------------------------------------------

def _contribution_filters(args) -> dict:
    kind = args.get("kind") or None
    if kind is not None and kind not in ContributionKind.__members__:
        raise DomainError("kind is not a contribution kind", {"kind": ["unknown kind"]})
    return {"organization_id": _param_int("organization_id"), "node": args.get("node") or None,
            "year": _param_int("year", FIRST_YEAR, 9999), "kind": kind, "currency": args.get("currency") or None,
            "q": args.get("q") or None}


def contribution_totals():
    result = totals(g.api_user, **_contribution_filters(request.args))
    return jsonify({
        "currency": result["currency"], "all": result["all"].as_dict(),
        "by_organization": [{"organization_id": org_id, "organization": name} | t.as_dict()
                            for name, org_id, t in result["by_organization"]],
        "by_kind": [{"kind": kind.value} | t.as_dict() for kind, t in result["by_kind"]],
        "by_year": [{"year": year} | t.as_dict() for year, t in result["by_year"]]})


REPORT_PATH = "/nodes/<code>/reports/<period>"


def register_all(bp, register, Resource, get_by_id):
    """Add the report endpoints, the `contributions` collection and its totals to the API blueprint."""
    from app.api.openapi import CUSTOM_PATHS

    bp.add_url_rule(REPORT_PATH, "quarterly_report", read_report, methods=["GET"])
    bp.add_url_rule(REPORT_PATH, "quarterly_report_put", put_report, methods=["PUT"])
    bp.add_url_rule(f"{REPORT_PATH}/submit", "quarterly_report_submit", submit_report, methods=["POST"])
    bp.add_url_rule(f"{REPORT_PATH}/accept", "quarterly_report_accept", accept_report, methods=["POST"])
    bp.add_url_rule(f"{REPORT_PATH}/return", "quarterly_report_return", return_report, methods=["POST"])
    bp.add_url_rule("/quarterly-reports", "quarterly_reports", list_reports, methods=["GET"])
    bp.add_url_rule("/quarterly-reports/completeness", "quarterly_completeness", report_completeness,
                    methods=["GET"])
    bp.add_url_rule("/contributions/totals", "contribution_totals", contribution_totals, methods=["GET"])
    register(bp, Resource(
        name="contributions", kind="contribution", schema=ContributionSchema(), tag="Contributions",
        query=lambda a: contributions_query(**_contribution_filters(a)),
        get=get_by_id(Contribution), create=contribution_services.create_contribution,
        update=contribution_services.update_contribution, remove=contribution_services.delete_contribution,
        filters={"organization_id": "partner", "node": "node code or id", "year": "year", "kind": "kind",
                 "currency": "ISO 4217", "q": "description or partner contains"}))
    CUSTOM_PATHS.append(openapi_paths)


def openapi_paths(spec) -> None:
    """The custom endpoints of this module in the OpenAPI document."""
    from app.api.openapi import _error_responses

    if "QuarterlyReport" not in spec.components.schemas:
        spec.components.schema("QuarterlyReport", schema=QuarterlyReportSchema)
        spec.components.schema("ReportStep", schema=StepSchema)
    ref = {"$ref": "#/components/schemas/QuarterlyReport"}
    one = {"content": {"application/json": {"schema": ref}}}
    step_body = {"required": False, "content": {"application/json": {"schema": {
        "$ref": "#/components/schemas/ReportStep"}}}}
    path_params = [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}},
                   {"name": "period", "in": "path", "required": True, "description": "YYYYQn, e.g. 2025Q3",
                    "schema": {"type": "string", "pattern": "^[0-9]{4}Q[1-4]$"}}]
    tag = ["Quarterly reports"]
    spec.path(path="/api/v1/nodes/{code}/reports/{period}", parameters=path_params, operations={
        "get": {"tags": tag, "responses": {"200": {"description": "the report", **one}, **_error_responses(401, 404)}},
        "put": {"tags": tag, "description": "Create the draft, or update a draft or returned report (send `version`)."
                " A quarter that has not begun → 422.", "requestBody": one, "responses": {
                    "200": {"description": "updated", **one}, "201": {"description": "created", **one},
                    **_error_responses(400, 401, 403, 404, 409, 415, 422)}}})
    for step, what in (("submit", "the node's coordinator or the secretariat"), ("accept", "the secretariat"),
                       ("return", "the secretariat; needs a comment")):
        spec.path(path=f"/api/v1/nodes/{{code}}/reports/{{period}}/{step}", parameters=path_params, operations={
            "post": {"tags": tag, "description": f"Workflow step ({what}); a step the state does not allow → 409.",
                     "requestBody": step_body, "responses": {"200": {"description": "the report", **one},
                                                             **_error_responses(401, 403, 404, 409, 415, 422)}}})
    filters = [{"name": n, "in": "query", "schema": {"type": t}} for n, t in (
        ("year", "integer"), ("quarter", "integer"), ("status", "string"), ("node", "string"),
        ("page", "integer"), ("per_page", "integer"))]
    spec.path(path="/api/v1/quarterly-reports", operations={"get": {"tags": tag, "parameters": filters, "responses": {
        "200": {"description": "a page of reports", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"items": {"type": "array", "items": ref}, "page": {"type": "integer"},
                                             "per_page": {"type": "integer"}, "total": {"type": "integer"}}}}}},
        **_error_responses(400, 401)}}})
    spec.path(path="/api/v1/quarterly-reports/completeness", operations={"get": {
        "tags": tag, "description": "For each node and quarter of the year: status, due date, timeliness, on_time.",
        "parameters": [{"name": "year", "in": "query", "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "the matrix", "content": {"application/json": {"schema": {
            "type": "object"}}}}, **_error_responses(400, 401, 403)}}})
    spec.path(path="/api/v1/contributions/totals", operations={"get": {
        "tags": ["Contributions"], "description": "Totals by partner, kind and year in the reporting currency; "
        "money without a rate is listed unconverted by currency.", "responses": {
            "200": {"description": "totals", "content": {"application/json": {"schema": {"type": "object"}}}},
            **_error_responses(400, 401)}}})
