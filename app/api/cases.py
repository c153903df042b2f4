"""cases, their coverage, and the SDG / Sendai / Paris vocabularies through the API."""

from flask import g, jsonify, request
from marshmallow import Schema, fields, validate

from app.api.capacity import NodeOwnedSchema
from app.api.http import RecordId, column_field
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
    title = column_field(Case.title)
    summary = column_field(Case.summary)
    countries = fields.List(fields.String(validate=validate.Length(max=3)), required=True)
    domains = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)
    satellites = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)
    partner_ids = fields.List(RecordId(), load_default=list)
    start_on = fields.Date(allow_none=True)
    end_on = fields.Date(allow_none=True)
    status = fields.Enum(CaseStatus, by_value=True, load_default=CaseStatus.planned)
    outcomes = column_field(Case.outcomes)
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


TAGS = ["Application cases"]


def register_all(bp, register, Resource, get_by_id):
    from app.api.resources import text
    from app.api.spec import JSONObjectSchema, errors

    load_case = get_by_id(Case)

    @bp.route("/vocabularies/<name>", endpoint="vocabulary", methods=["GET"], tags=TAGS,
              parameters=[{"name": "name", "in": "path", "required": True,
                           "schema": {"type": "string", "enum": list(NAMES)}}])
    @bp.arguments(Schema.from_dict({"level": text("level of the codes"), "q": text("code or title contains")},
                                   name="VocabularyArgsSchema"), location="query", error_status_code=400)
    @bp.response(200, JSONObjectSchema)
    @errors(400, 404)
    def vocabulary_items(args, name):
        """An SDG, Sendai or Paris vocabulary: the codes with titles and parents."""
        if name not in NAMES:
            raise NotFound(f"No vocabulary {name!r}; there are {', '.join(NAMES)}.")
        vocab = vocabulary(name)
        terms = vocab.search(args["q"], limit=len(vocab)) if args.get("q") else vocab.terms.values()
        if level := args.get("level"):
            terms = [t for t in terms if t.level == level]
        items = [t.as_json() for t in terms]
        return jsonify({"name": name, "label": LABELS[name], "total": len(items), "items": items})

    @bp.route("/cases/coverage", endpoint="cases_coverage", methods=["GET"], tags=TAGS)
    @bp.arguments(Schema.from_dict({k: text(CASE_FILTERS[k]) for k in ("country", "domain", "status", "year", "node")},
                                   name="CoverageArgsSchema"), location="query", error_status_code=400)
    @bp.response(200, JSONObjectSchema)
    @errors(400)
    def case_coverage(args):
        """Codes the cases address, with counts, and those none do."""
        return jsonify(coverage(request.args).as_json())

    @bp.route("/cases/<key>/license", endpoint="case_license", methods=["GET"], tags=TAGS)
    @bp.response(200, JSONObjectSchema)
    @errors(404)
    def license_of(key):
        """Whether a data-use license covers the satellite data the case used.

        status: covered, uncovered, no_partner or not_needed; flagged when no license covers it;
        per partner the covering licenses or the reasons none does.
        """
        case = load_case(key)
        policy.require_view(g.api_user, case)
        return jsonify(case_license(case).as_json())

    register(bp, Resource(
        name="cases", kind="case", schema=CaseSchema(), tag="Application cases", query=cases_query,
        get=load_case, create=services.create_case, update=services.update_case,
        remove=services.archive_case, filters=CASE_FILTERS))
