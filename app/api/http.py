"""Request and response conventions of API.md: JSON bodies, idempotent POSTs, lists."""

import hashlib
import json

from flask import g, jsonify, request
from marshmallow import ValidationError
from sqlalchemy import select

from app.api.models import IdempotencyKey
from app.core.errors import DomainError, ValidationFailed
from app.core.pagination import page_request
from app.extensions import db


class UnsupportedMediaType(DomainError):
    status = 415
    code = "unsupported_media_type"


def json_body() -> dict:
    """The request's JSON object, or 415 (not JSON) / 400 (malformed or not an object)."""
    if not request.is_json:
        raise UnsupportedMediaType("Send JSON with Content-Type: application/json.")
    data = request.get_json(silent=True)
    if data is None:
        raise DomainError("The body is not valid JSON.")
    if not isinstance(data, dict):
        raise DomainError("The body must be a JSON object.")
    return data


def load(schema, data: dict, *, partial: bool = False) -> dict:
    """Validate input with a marshmallow schema; errors become a 422 naming each field."""
    read_only = {name for name, field in schema.fields.items() if field.dump_only}
    data = {k: v for k, v in data.items() if k not in read_only}
    try:
        return schema.load(data, partial=partial)
    except ValidationError as error:
        fields = {name: msgs if isinstance(msgs, list) else [json.dumps(msgs)]
                  for name, msgs in error.normalized_messages().items()}
        raise ValidationFailed("Some fields are not valid.", fields) from None


def page_of(query, schema):
    """A list response: items, page, per_page, total."""
    paging = page_request()
    result = db.paginate(query, page=paging.page, per_page=paging.per_page, error_out=False, count=True)
    return jsonify({"items": schema.dump(result.items, many=True), "page": paging.page,
                    "per_page": paging.per_page, "total": result.total})


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
