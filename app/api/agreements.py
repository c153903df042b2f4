"""agreements and their documents through the API (API.md: `agreements`, `agreements/<id>/documents`)."""

from flask import g, jsonify, request, url_for
from marshmallow import Schema, fields, validate

from app.agreements import documents as document_services
from app.agreements import services
from app.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    PartyRole,
    PermittedUse,
    ProductLevel,
)
from app.agreements.queries import filters_from, load_agreement, register_query
from app.agreements.state import agreement_state
from app.api.http import created, json_body, load, page_of, replay_idempotent
from app.api.registry import RecordSchema
from app.auth import policy
from app.core.errors import DomainError
from app.extensions import db


class PartySchema(Schema):
    organization_id = fields.Integer(required=True)
    role = fields.Enum(PartyRole, by_value=True, load_default=PartyRole.partner)
    organization_name = fields.String(attribute="organization.name", dump_only=True)


class LicenseSchema(Schema):
    licensee_id = fields.Integer(allow_none=True)
    satellites = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)
    product_levels = fields.List(fields.String(validate=validate.OneOf([v.value for v in ProductLevel])),
                                 load_default=list)
    territory = fields.List(fields.String(validate=validate.Length(max=3)), load_default=list)
    permitted_uses = fields.List(fields.String(validate=validate.OneOf([v.value for v in PermittedUse])),
                                 load_default=list)


class AgreementSchema(RecordSchema):
    kind = fields.Enum(AgreementKind, by_value=True, required=True)
    reference = fields.String(required=True, validate=validate.Length(min=1, max=60))
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    parties = fields.List(fields.Nested(PartySchema), load_default=list)
    signatory_ids = fields.List(fields.Integer(), load_default=list)
    signed_on = fields.Date(allow_none=True)
    effective_from = fields.Date(allow_none=True)
    expires_on = fields.Date(allow_none=True)
    notice_days = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=3650))
    auto_renew = fields.Boolean(load_default=False)
    renewal_months = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=120))
    status = fields.Enum(AgreementStatus, by_value=True, load_default=AgreementStatus.draft)
    non_commercial = fields.Boolean(load_default=True)
    geoss_principles = fields.Boolean(load_default=True)
    attribution = fields.String(allow_none=True, validate=validate.Length(max=300))
    supersedes_id = fields.Integer(allow_none=True)
    license = fields.Nested(LicenseSchema, allow_none=True, load_default=None)
    notes = fields.String(allow_none=True, validate=validate.Length(max=5000))
    state = fields.Method("get_state", dump_only=True)
    ended_on = fields.Date(dump_only=True)
    termination_reason = fields.String(dump_only=True)

    def get_state(self, agreement) -> str:
        return agreement_state(agreement).value


class DocumentSchema(Schema):
    id = fields.Integer(dump_only=True)
    agreement_id = fields.Integer(dump_only=True)
    title = fields.String(dump_only=True)
    filename = fields.String(dump_only=True)
    size = fields.Integer(dump_only=True)
    sha256 = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    content_type = fields.String(dump_only=True)
    uploaded_at = fields.DateTime(dump_only=True)
    uploaded_by = fields.String(attribute="uploaded_by.email", dump_only=True)


class RenewSchema(Schema):
    reference = fields.String(required=True, validate=validate.Length(min=1, max=60))
    title = fields.String(validate=validate.Length(min=1, max=300))
    status = fields.Enum(AgreementStatus, by_value=True)
    signed_on = fields.Date(allow_none=True)
    effective_from = fields.Date(allow_none=True)
    expires_on = fields.Date(allow_none=True)


class TerminateSchema(Schema):
    ended_on = fields.Date(allow_none=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


SCHEMA = AgreementSchema()
DOCUMENTS = DocumentSchema()


def _agreement_or_404(key) -> Agreement:
    record = load_agreement(key)
    policy.require_view(g.api_user, record)
    return record


def list_documents(key):
    agreement = _agreement_or_404(key)
    policy.require_view_agreement_documents(g.api_user, agreement)
    return page_of(document_services.documents_query(agreement), DOCUMENTS)


def upload_document(key):
    agreement = _agreement_or_404(key)
    policy.require_upload_agreement_document(g.api_user, agreement)
    replay = replay_idempotent()
    if replay is not None:
        return replay
    upload = request.files.get("file")
    if upload is None:
        raise DomainError("Send the PDF as multipart/form-data in a field named file.",
                          {"file": ["missing (multipart field `file`)"]})
    document = document_services.upload_document(g.api_user, agreement, upload.stream, upload.filename,
                                                 request.form.get("title"))
    location = url_for("api.agreement_document", key=agreement.id, document_id=document.id)
    return created(DOCUMENTS.dump(document), location)


def download_document(key, document_id):
    agreement = _agreement_or_404(key)
    return document_services.download_response(document_services.document_of(g.api_user, agreement, document_id))


def renew(key):
    agreement = _agreement_or_404(key)
    policy.require(policy.may_edit_agreement(g.api_user, agreement), "You may not renew agreements.")
    replay = replay_idempotent()
    if replay is not None:
        return replay
    body = json_body()
    version = body.pop("version", None)
    successor = services.renew_agreement(g.api_user, agreement, load(RenewSchema(), body), version)
    return created(SCHEMA.dump(successor), url_for("api.agreements_item", key=successor.id))


def terminate(key):
    agreement = _agreement_or_404(key)
    policy.require(policy.may_edit_agreement(g.api_user, agreement), "You may not terminate agreements.")
    body = json_body()
    version = body.pop("version", None)
    data = load(TerminateSchema(), body)
    services.terminate_agreement(g.api_user, agreement, data.get("ended_on"), data["reason"], version)
    db.session.commit()
    return jsonify(SCHEMA.dump(agreement))


def register_all(bp, register, Resource, get_by_id):
    register(bp, Resource(
        name="agreements", kind="agreement", schema=SCHEMA, tag="Agreements",
        query=lambda args: register_query(filters_from(args)), get=load_agreement,
        create=services.create_agreement, update=services.update_agreement, remove=services.delete_agreement,
        filters={"kind": "mou, bilateral, data_license, letter_of_intent, amendment",
                 "state": "draft, negotiating, active, expiring, expired, terminated, superseded (as of today)",
                 "organization_id": "a party or the licensee", "country": "a party's country or in the territory",
                 "expiring_within_days": "in force and ending within N days", "q": "reference, title or party",
                 "sort": "reference, title, kind, signed_on, effective_from, expires_on, state; -name descends"}))
    bp.add_url_rule("/agreements/<key>/documents", "agreement_documents", list_documents, methods=["GET"])
    bp.add_url_rule("/agreements/<key>/documents", "agreement_upload", upload_document, methods=["POST"])
    bp.add_url_rule("/agreements/<key>/documents/<document_id>", "agreement_document", download_document,
                    methods=["GET"])
    bp.add_url_rule("/agreements/<key>/renew", "agreement_renew", renew, methods=["POST"])
    bp.add_url_rule("/agreements/<key>/terminate", "agreement_terminate", terminate, methods=["POST"])


def openapi_paths():
    """The custom endpoints of this module, for /api/v1/openapi.json."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    errors = {str(code): {"description": "error", **error} for code in (401, 403, 404)}
    key = [{"name": "key", "in": "path", "required": True, "schema": {"type": "integer"}}]
    document = {"type": "object", "properties": {name: {"type": "string"} for name in DOCUMENTS.fields}}
    form = {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary", "description": "a PDF (checked by content)"},
        "title": {"type": "string", "description": "the same title again uploads a new version"}}}
    upload_body = {"content": {"multipart/form-data": {"schema": form}}}
    json = {"application/json": {"schema": {"type": "object"}}}
    return [
        ("/api/v1/agreements/{key}/documents", key, {
            "get": {"tags": ["Agreements"], "summary": "the documents you may see (404 otherwise)", "responses": {
                "200": {"description": "a page of documents", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"items": {"type": "array", "items": document}}}}}}, **errors}},
            "post": {"tags": ["Agreements"], "summary": "upload a signed PDF", "requestBody": upload_body,
                     "parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}}],
                     "responses": {"201": {"description": "stored", "content": {"application/json": {
                         "schema": document}}}, **errors,
                         **{str(c): {"description": "error", **error} for c in (400, 409, 413, 415, 422)}}}}),
        ("/api/v1/agreements/{key}/documents/{document_id}",
         key + [{"name": "document_id", "in": "path", "required": True, "schema": {"type": "integer"}}], {
             "get": {"tags": ["Agreements"], "summary": "download (an attachment)", "responses": {
                 "200": {"description": "the PDF", "content": {"application/pdf": {}}}, **errors}}}),
        ("/api/v1/agreements/{key}/renew", key, {
            "post": {"tags": ["Agreements"], "summary": "create the successor; the agreement becomes superseded",
                     "requestBody": {"content": json}, "responses": {
                         "201": {"description": "the successor"}, **errors,
                         **{str(c): {"description": "error", **error} for c in (409, 422)}}}}),
        ("/api/v1/agreements/{key}/terminate", key, {
            "post": {"tags": ["Agreements"], "summary": "end it on `ended_on` (default today) with a `reason`",
                     "requestBody": {"content": json}, "responses": {
                         "200": {"description": "the agreement"}, **errors,
                         **{str(c): {"description": "error", **error} for c in (409, 422)}}}}),
    ]


__all__ = ["openapi_paths", "register_all"]
