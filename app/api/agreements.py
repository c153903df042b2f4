"""agreements and their documents through the API (API.md: `agreements`, `agreements/<id>/documents`)."""

from flask import g, request, url_for
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
from app.api.http import RecordId, column_field, created, page_of, replay_idempotent
from app.api.registry import RecordSchema
from app.auth import policy
from app.core.errors import DomainError


class PartySchema(Schema):
    organization_id = RecordId(required=True)
    role = fields.Enum(PartyRole, by_value=True, load_default=PartyRole.partner)
    organization_name = fields.String(attribute="organization.name", dump_only=True)


class LicenseSchema(Schema):
    licensee_id = RecordId(allow_none=True)
    satellites = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list)
    product_levels = fields.List(fields.String(validate=validate.OneOf([v.value for v in ProductLevel])),
                                 load_default=list)
    territory = fields.List(fields.String(validate=validate.Length(max=3)), load_default=list)
    permitted_uses = fields.List(fields.String(validate=validate.OneOf([v.value for v in PermittedUse])),
                                 load_default=list)


class AgreementSchema(RecordSchema):
    kind = fields.Enum(AgreementKind, by_value=True, required=True)
    reference = column_field(Agreement.reference)
    title = column_field(Agreement.title)
    parties = fields.List(fields.Nested(PartySchema), load_default=list)
    signatory_ids = fields.List(RecordId(), load_default=list)
    signed_on = fields.Date(allow_none=True)
    effective_from = fields.Date(allow_none=True)
    expires_on = fields.Date(allow_none=True)
    notice_days = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=3650))
    auto_renew = fields.Boolean(load_default=False)
    renewal_months = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=120))
    status = fields.Enum(AgreementStatus, by_value=True, load_default=AgreementStatus.draft)
    non_commercial = fields.Boolean(load_default=True)
    geoss_principles = fields.Boolean(load_default=True)
    attribution = column_field(Agreement.attribution)
    supersedes_id = RecordId(allow_none=True)
    license = fields.Nested(LicenseSchema, allow_none=True, load_default=None)
    notes = column_field(Agreement.notes)
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


class UploadSchema(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary",
                                               "description": "a PDF (checked by content)"})
    title = fields.String(metadata={"description": "the same title again uploads a new version"})


SCHEMA = AgreementSchema()
DOCUMENTS = DocumentSchema()
TAGS = ["Agreements"]
UPLOAD_BODY = {"content": {"multipart/form-data": {"schema": UploadSchema}}}


def _agreement_or_404(key) -> Agreement:
    record = load_agreement(key)
    policy.require_view(g.api_user, record)
    return record


def _may_edit(key):
    policy.require(policy.may_edit_agreement(g.api_user, _agreement_or_404(key)), "You may not change agreements.")


def register_all(bp, register, Resource, get_by_id):
    from app.api.resources import IDEMPOTENCY, choice, paging, sent_version
    from app.api.spec import PageArgs, before, errors, page_schema

    register(bp, Resource(
        name="agreements", kind="agreement", schema=SCHEMA, tag="Agreements",
        query=lambda args: register_query(filters_from(args)), get=load_agreement,
        create=services.create_agreement, update=services.update_agreement, remove=services.delete_agreement,
        filters={"kind": choice(AgreementKind),
                 "state": "draft, negotiating, active, expiring, expired, terminated, superseded (as of today)",
                 "organization_id": "a party or the licensee", "country": "a party's country or in the territory",
                 "expiring_within_days": "in force and ending within N days", "q": "reference, title or party",
                 "sort": "reference, title, kind, signed_on, effective_from, expires_on, state; -name descends"}))

    @bp.route("/agreements/<key>/documents", endpoint="agreement_documents", methods=["GET"], tags=TAGS)
    @bp.arguments(PageArgs, location="query", error_status_code=400)
    @bp.response(200, page_schema(DocumentSchema))
    @errors(400, 404)
    def list_documents(args, key):
        """The documents you may see (404 otherwise)."""
        agreement = _agreement_or_404(key)
        policy.require_view_agreement_documents(g.api_user, agreement)
        return page_of(document_services.documents_query(agreement), paging=paging(args))

    def may_upload(key):
        policy.require_upload_agreement_document(g.api_user, _agreement_or_404(key))
        return replay_idempotent()

    @bp.route("/agreements/<key>/documents", endpoint="agreement_upload", methods=["POST"], tags=TAGS)
    @before(may_upload)
    @bp.response(201, DocumentSchema)
    @bp.doc(parameters=[IDEMPOTENCY], requestBody=UPLOAD_BODY)
    @errors(400, 403, 404, 409, 413, 415, 422)
    def upload_document(key):
        """Upload a signed PDF."""
        agreement = _agreement_or_404(key)
        upload = request.files.get("file")
        if upload is None:
            raise DomainError("Send the PDF as multipart/form-data in a field named file.",
                              {"file": ["missing (multipart field `file`)"]})
        document = document_services.upload_document(g.api_user, agreement, upload.stream, upload.filename,
                                                     request.form.get("title"))
        location = url_for("api.agreement_document", key=agreement.id, document_id=document.id)
        return created(DOCUMENTS.dump(document), location)

    @bp.route("/agreements/<key>/documents/<document_id>", endpoint="agreement_document", methods=["GET"],
              tags=TAGS)
    @bp.response(200, content_type="application/pdf", description="the PDF, as an attachment")
    @errors(404)
    def download_document(key, document_id):
        """Download a document."""
        agreement = _agreement_or_404(key)
        return document_services.download_response(document_services.document_of(g.api_user, agreement,
                                                                                  document_id))

    @bp.route("/agreements/<key>/renew", endpoint="agreement_renew", methods=["POST"], tags=TAGS)
    @before(lambda key: _may_edit(key) or replay_idempotent())
    @bp.arguments(RenewSchema)
    @bp.response(201, AgreementSchema)
    @bp.doc(parameters=[IDEMPOTENCY])
    @errors(400, 403, 404, 409, 415, 422)
    def renew(data, key):
        """Create the successor; the agreement becomes superseded."""
        successor = services.renew_agreement(g.api_user, _agreement_or_404(key), data, sent_version())
        return created(SCHEMA.dump(successor), url_for("api.agreements_item", key=successor.id))

    @bp.route("/agreements/<key>/terminate", endpoint="agreement_terminate", methods=["POST"], tags=TAGS)
    @before(_may_edit)
    @bp.arguments(TerminateSchema)
    @bp.response(200, AgreementSchema)
    @errors(400, 403, 404, 409, 415, 422)
    def terminate(data, key):
        """End it on `ended_on` (default today) with a `reason`."""
        agreement = _agreement_or_404(key)
        services.terminate_agreement(g.api_user, agreement, data.get("ended_on"), data["reason"], sent_version())
        return agreement


__all__ = ["register_all"]
