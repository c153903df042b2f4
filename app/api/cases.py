"""cases, their coverage, and the SDG / Sendai / Paris vocabularies through the API."""

from flask import g, jsonify, request
from marshmallow import fields, validate

from app.api.capacity import NodeOwnedSchema
from app.auth import policy
from app.cases import services
from app.cases.licensing import case_license
from app.cases.models import Case, CaseStatus
from app.cases.queries import cases_query, coverage
from app.cases.vocabularies import LABELS, NAMES, vocabulary
from app.core.errors import NotFound


class Code(fields.String):
    """A framework code; 11 is taken as "11"."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs)


def _codes(example: str):
    return fields.List(Code(validate=validate.Length(max=40)), load_default=list,
                       metadata={"description": f"codes, e.g. {example}"})


class CaseSchema(NodeOwnedSchema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    summary = fields.String(allow_none=True, validate=validate.Length(max=10000))
    countries = fields.List(fields.String(validate=validate.Length(max=3)), required=True)
    domains = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)
    satellites = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)
    partner_ids = fields.List(fields.Integer(), load_default=list)
    start_on = fields.Date(allow_none=True)
    end_on = fields.Date(allow_none=True)
    status = fields.Enum(CaseStatus, by_value=True, load_default=CaseStatus.planned)
    outcomes = fields.String(allow_none=True, validate=validate.Length(max=10000))
    links = fields.List(fields.String(validate=validate.Length(max=500)), load_default=list)
    sdg = _codes('["11", "11.5", "11.5.2"]')
    sendai = _codes('["B", "B-1"]')
    paris = _codes('["adaptation"]')


CASE_FILTERS = {"q": "title or summary contains", "sdg": "SDG code at any level (11 finds 11.5.2)",
                "sendai": "Sendai code at any level (B finds B-1)", "paris": "Paris Agreement area",
                "domain": "domain", "country": "ISO alpha-3", "status": "status",
                "year": "period touches the year (YYYY)", "organization_id": "partner organization",
                "satellite": "satellite or product", "node": "owning node (code or id)",
                "archived": "1 to include archived"}


def vocabulary_items(name: str):
    """GET /api/v1/vocabularies/<sdg|sendai|paris>[?level=&q=]: the codes with titles and parents."""
    if name not in NAMES:
        raise NotFound(f"No vocabulary {name!r}; there are {', '.join(NAMES)}.")
    vocab = vocabulary(name)
    terms = vocab.search(request.args["q"], limit=len(vocab)) if request.args.get("q") else vocab.terms.values()
    if level := request.args.get("level"):
        terms = [t for t in terms if t.level == level]
    items = [t.as_json() for t in terms]
    return jsonify({"name": name, "label": LABELS[name], "total": len(items), "items": items})


def case_coverage():
    """GET /api/v1/cases/coverage: which codes the cases address, with counts, and which none do."""
    return jsonify(coverage(request.args).as_json())


def register_all(bp, register, Resource, get_by_id):
    load_case = get_by_id(Case)

    def license_of(key):
        """GET /api/v1/cases/<id>/license: does a data-use license cover the satellite data it used?"""
        case = load_case(key)
        policy.require_view(g.api_user, case)
        return jsonify(case_license(case).as_json())

    bp.add_url_rule("/vocabularies/<name>", "vocabulary", vocabulary_items, methods=["GET"])
    bp.add_url_rule("/cases/coverage", "cases_coverage", case_coverage, methods=["GET"])
    bp.add_url_rule("/cases/<key>/license", "case_license", license_of, methods=["GET"])
    register(bp, Resource(
        name="cases", kind="case", schema=CaseSchema(), tag="Application cases", query=cases_query,
        get=load_case, create=services.create_case, update=services.update_case,
        remove=services.archive_case, filters=CASE_FILTERS))


def openapi_paths() -> list[tuple[str, dict]]:
    """The custom endpoints of this module, for the OpenAPI document."""
    ok = {"200": {"description": "JSON", "content": {"application/json": {"schema": {"type": "object"}}}}}
    return [
        ("/api/v1/vocabularies/{name}", {"get": {
            "tags": ["Application cases"], "summary": "An SDG, Sendai or Paris vocabulary",
            "parameters": [{"name": "name", "in": "path", "required": True,
                            "schema": {"type": "string", "enum": list(NAMES)}},
                           {"name": "level", "in": "query", "schema": {"type": "string"}},
                           {"name": "q", "in": "query", "schema": {"type": "string"}}],
            "responses": ok}}),
        ("/api/v1/cases/{key}/license", {"get": {
            "tags": ["Application cases"],
            "summary": "Whether a data-use license covers the satellite data the case used",
            "description": "status: covered, uncovered, no_partner or not_needed; flagged when no license "
                           "covers it; per partner the covering licenses or the reasons none does.",
            "parameters": [{"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": ok}}),
        ("/api/v1/cases/coverage", {"get": {
            "tags": ["Application cases"], "summary": "Codes the cases address, and those none do",
            "parameters": [{"name": k, "in": "query", "schema": {"type": "string"}}
                           for k in ("country", "domain", "status", "year", "node")],
            "responses": ok}}),
    ]
