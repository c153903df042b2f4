"""flask-smorest as the API speaks it: one declaration per route gives parsing, output and OpenAPI.

Arguments (`@bp.arguments`), responses (`@bp.response`, `errors(...)`) and list pages
(`PageArgs`, `page_schema`) are declared once on each view; the document served at
/api/v1/openapi.json is generated from them. Errors keep API.md's shape
`{"error": {"code", "message", "fields"}}`: parsing raises the project's DomainError
(400 for parameters, 422 for bodies), handled by the app like any other.
"""

import http
from functools import cache, wraps

import flask_smorest
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from marshmallow import INCLUDE, Schema, fields, validate

from app.api.http import Parser
from app.core.pagination import MAX_PAGE, MAX_PER_PAGE

ALWAYS = (401, 429)  # no or bad token; too many requests


class ErrorDetailSchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True)


class ErrorSchema(Schema):
    """Every error of the API (API.md)."""

    error = fields.Nested(ErrorDetailSchema, required=True)


class JSONObjectSchema(Schema):
    """A JSON object described in the operation's text."""

    class Meta:
        unknown = INCLUDE


class PageArgs(Schema):
    """?page=&per_page= of every list."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PER_PAGE))


def _schema_name(schema) -> str:
    cls = resolve_schema_cls(schema)
    name = cls.__name__.removesuffix("Schema") or cls.__name__
    if not isinstance(schema, type) and schema.partial:
        name += "Changes"
    return name


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """The app's own handlers answer every error in API.md's shape."""


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = Parser()


bp = Blueprint("api", "app.api", url_prefix="/api/v1", description="The CSDR Hub API (API.md)")


def make_api(app) -> Api:
    app.config.setdefault("API_TITLE", "CSDR Hub API")
    app.config.setdefault("API_VERSION", "1.0.0")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}]})
    api = Api(app, spec_kwargs={"marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=_schema_name)})
    api.ma_plugin.converter.add_attribute_function(_read_only_nullable)
    return api


def _read_only_nullable(converter, field, ret, **kwargs) -> dict:
    """A read-only value (a date ended, a reviewer…) is null until there is one."""
    return {"nullable": True} if field.dump_only else {}


def errors(*codes):
    """Document the error answers of an operation (each in API.md's shape), plus 401 and 429."""
    def decorate(view):
        for code in sorted(set(codes) | set(ALWAYS)):
            view = bp.alt_response(code, response=http.HTTPStatus(code).name)(view)
        return view

    return decorate


@cache
def page_schema(schema_cls: type[Schema]) -> type[Schema]:
    """{"items": [...], "page", "per_page", "total"} of a record schema."""
    name = schema_cls.__name__.removesuffix("Schema") + "PageSchema"
    return Schema.from_dict({"items": fields.List(fields.Nested(schema_cls), required=True),
                             "page": fields.Integer(required=True), "per_page": fields.Integer(required=True),
                             "total": fields.Integer(required=True)}, name=name)


def filters_schema(name: str, **declared) -> type[Schema]:
    """The query parameters of a list: page, per_page and the given filter fields."""
    return PageArgs.from_dict(dict(declared), name=name)


def before(check):
    """Run `check()` before the arguments are parsed (refuse, or replay, before a 422 says anything)."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            answer = check(**kwargs)
            return answer if answer is not None else view(*args, **kwargs)
        return wrapper
    return decorate
