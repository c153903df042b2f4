"""Request and response conventions of API.md: JSON bodies, idempotent POSTs, lists."""

import hashlib
import json

from flask import g, jsonify, request
from marshmallow import ValidationError, fields, validate
from sqlalchemy import select
from webargs.flaskparser import FlaskParser

from app.api.models import IdempotencyKey
from app.core.errors import DomainError, ValidationFailed
from app.core.pagination import page_request
from app.core.text import input_problems
from app.extensions import db


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"


def json_body() -> dict:
    """The request's JSON object, or 415 (not JSON) / 400 (malformed or not an object)."""
    if not request.is_json:
        raise UnsupportedMediaType("Send JSON with Content-Type: application/json.")
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        data = None  # nested deeper than any record is
    if data is None:
        raise DomainError("The body is not valid JSON.")
    if not isinstance(data, dict):
        raise DomainError("The body must be a JSON object.")
    return data


def _field_messages(messages) -> dict[str, list[str]]:
    """marshmallow's messages as API.md's `fields`: each name with a list of strings."""
    if not isinstance(messages, dict):
        return {"_schema": [str(m) for m in (messages if isinstance(messages, list) else [messages])]}
    return {str(name): msgs if isinstance(msgs, list) and all(isinstance(m, str) for m in msgs)
            else [json.dumps(msgs, default=str)] for name, msgs in messages.items()}


LOCATIONS = {"json", "query", "querystring", "path", "view_args", "headers", "form", "files", "cookies"}


def validation_error(error: ValidationError, status: int = 422) -> DomainError:
    """A marshmallow error as a 422 naming each field (a body), or a 400 (parameters)."""
    messages = error.normalized_messages()
    if isinstance(messages, dict) and len(messages) == 1 and next(iter(messages)) in LOCATIONS:
        messages = next(iter(messages.values()))  # webargs files the messages under the location
    fields = _field_messages(messages)
    if status == 422:
        return ValidationFailed("Some fields are not valid.", fields)
    return DomainError("Some parameters are not valid: " + ", ".join(fields) + ".", fields)


def without_read_only(schema, data: dict) -> dict:
    """Read-only fields sent back with a record (id, version, state…) are ignored, not refused."""
    read_only = {name for name, field in schema.fields.items() if field.dump_only}
    return {k: v for k, v in data.items() if k not in read_only}


class Parser(FlaskParser):
    """webargs as the API speaks: API.md's error shape, 415 for a body that is not JSON."""

    DEFAULT_VALIDATION_STATUS = 422

    def load_json(self, req, schema):
        if not req.get_data(cache=True):
            return {}
        data = without_read_only(schema, json_body())
        try:
            problems = input_problems(data)
        except RecursionError:
            raise DomainError("The body is nested too deeply.") from None
        if problems:
            raise ValidationFailed(next(iter(problems.values()))[0], problems)
        if "version" not in schema.fields:
            data.pop("version", None)  # the version last read: the view takes it (resources.sent_version)
        return data

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        raise validation_error(error, error_status_code or 422)


def page_of(query, schema=None, paging=None):
    """A list response: items, page, per_page, total (a dict for a page schema, or JSON)."""
    paging = paging or page_request()
    result = db.paginate(query, page=paging.page, per_page=paging.per_page, error_out=False, count=True)
    page = {"items": result.items, "page": paging.page, "per_page": paging.per_page, "total": result.total}
    if schema is None:
        return page
    return jsonify(page | {"items": schema.dump(result.items, many=True)})


def _multipart_hash() -> str:
    """A retried multipart POST has a new random boundary: hash its fields and files instead."""
    digest = hashlib.sha256(request.method.encode() + request.path.encode())
    for name, value in sorted(request.form.items(multi=True)):
        digest.update(f"\0{name}={value}".encode())
    for name, upload in sorted(request.files.items(multi=True), key=lambda item: item[0]):
        digest.update(f"\0{name}:{upload.filename}\0".encode())
        upload.stream.seek(0)
        while chunk := upload.stream.read(65536):
            digest.update(chunk)
        upload.stream.seek(0)
    return digest.hexdigest()


def _request_hash() -> str:
    if request.mimetype == "multipart/form-data":
        return _multipart_hash()
    return hashlib.sha256(request.method.encode() + request.path.encode() + request.get_data()).hexdigest()


def replay_idempotent():
    """The stored answer to this POST if its Idempotency-Key was seen before, else None."""
    key = request.headers.get("Idempotency-Key")
    if not key:
        return None
    if len(key) > 200:
        raise ValidationFailed.on("Idempotency-Key", "Use at most 200 characters.")
    stored = db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.user_id == g.api_user.id,
                                                            IdempotencyKey.key == key))
    if stored is None:
        return None
    if stored.request_hash != _request_hash():
        raise DomainError("This Idempotency-Key was used with a different request.",
                          {"Idempotency-Key": ["already used with a different request"]})
    response = jsonify(stored.body)
    response.status_code = stored.status_code
    if stored.location:
        response.headers["Location"] = stored.location
    response.headers["Idempotent-Replayed"] = "true"
    return response


def remember_idempotent(status: int, body: dict, location: str | None) -> None:
    """Keep the answer to this POST under its Idempotency-Key, in the same transaction."""
    key = request.headers.get("Idempotency-Key")
    if key:
        db.session.add(IdempotencyKey(user_id=g.api_user.id, key=key, request_hash=_request_hash(),
                                      status_code=status, body=body, location=location))
        db.session.flush()


def created(body: dict, location: str):
    """Commit a creation and answer 201 with the record and its Location.

    Two identical POSTs racing with the same key: the second one's insert of the key fails
    on the unique constraint, it rolls back, and answers with the first one's stored reply.
    """
    from sqlalchemy.exc import IntegrityError

    try:
        remember_idempotent(201, body, location)
        # Kept on purpose: the creation and its key commit here, inside this try, so a racing
        # twin is answered with the stored reply, not with the after-handler commit's 409.
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        replay = replay_idempotent()
        if replay is not None:
            return replay
        raise
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = location
    return response


ID_MAX = 2**31 - 1  # the largest id an INTEGER column holds on every engine


def column_field(attribute, cls=fields.String, **kwargs) -> fields.Field:
    """An API field whose need and length come from its column (app/core/columns.py), as the
    page form's do: required, or accepting null; text at most the column's length."""
    from app.core.columns import limits

    rules = limits(attribute)
    kwargs.setdefault("required", rules.required)
    if not rules.required:
        kwargs.setdefault("allow_none", True)
    checks = list(kwargs.pop("validate", None) or [])
    if rules.max_length and issubclass(cls, fields.String):
        checks.insert(0, validate.Length(min=1 if rules.required else 0, max=rules.max_length))
    if checks:
        kwargs["validate"] = checks
    return cls(**kwargs)


class RecordId(fields.Integer):
    """The id of another record: a whole number the database's id column can hold, else a 422."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Range(min=1, max=ID_MAX, error="No such record."))
        super().__init__(strict=True, **kwargs)
