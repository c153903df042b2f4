"""Pages for agreements: the register, the expiry timeline, detail, forms, renewal,
termination, documents and exports."""

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.agreements import documents as document_services
from app.agreements import services
from app.agreements.forms import KIND_LABELS, AgreementForm, DocumentForm, RenewForm, TerminateForm
from app.agreements.models import AgreementKind, AgreementState, AgreementStatus, PartyRole
from app.agreements.queries import (
    SORT_KEYS,
    agreement_choices,
    chain_of,
    filters_from,
    load_agreement,
    person_choices,
    register_query,
    timeline,
)
from app.agreements.state import agreement_state, current_term, days_left, today
from app.audit.queries import history_of
from app.auth import policy
from app.auth.forms import EmptyForm
from app.core.countries import country_choices
from app.core.errors import DomainError
from app.core.exports import to_csv, to_xlsx
from app.core.forms import form_status
from app.core.pagination import page_request
from app.extensions import db
from app.partners.queries import organization_choices
from app.web.pages import check_with_service

bp = Blueprint("agreements", __name__, template_folder="templates")


@bp.context_processor
def _helpers():
    return {"agreement_state": agreement_state, "current_term": current_term}

BASE_FIELDS = ("kind", "reference", "title", "status", "signed_on", "effective_from", "expires_on", "notice_days",
               "auto_renew", "renewal_months", "non_commercial", "geoss_principles", "attribution", "supersedes_id",
               "notes")
LICENSE_FORM_FIELDS = ("licensee_id", "satellites", "product_levels", "territory", "permitted_uses")


def _load(agreement_id: int):
    record = load_agreement(agreement_id)
    if record is None or not policy.may_view(current_user, record):
        abort(404)
    return record


def _require_edit(record=None) -> None:
    if record is not None:
        policy.require_view(current_user, record)
    policy.require(policy.may_edit_agreement(current_user, record), _("You may not change agreements."))


# --- forms ------------------------------------------------------------------------------


def _agreement_form(record=None) -> AgreementForm:
    form = AgreementForm(obj=record)
    organizations = organization_choices()
    for entry in form.parties:
        entry.organization_id.choices = organizations
    while len(form.parties) < (len(record.parties) if record else 0) + 2:
        form.parties.append_entry()
        form.parties[-1].organization_id.choices = organizations
    form.licensee_id.choices = organizations
    form.signatory_ids.choices = person_choices()
    form.supersedes_id.choices = agreement_choices(exclude_id=record.id if record else None)
    if record is not None and record.status not in (AgreementStatus.draft, AgreementStatus.negotiating,
                                                    AgreementStatus.active):
        form.status.choices = [(record.status.value, record.status.label)]
    if record is not None and not form.is_submitted():
        form.signatory_ids.data = record.signatory_ids
        if record.license is not None:
            terms = record.license
            form.licensee_id.data = terms.licensee_id
            form.satellites.data = list(terms.satellites or [])
            form.product_levels.data = list(terms.product_levels or [])
            form.territory.data = ", ".join(terms.territory or [])
            form.permitted_uses.data = list(terms.permitted_uses or [])
    return form


def _form_data(form: AgreementForm) -> dict:
    data = {name: form[name].data for name in BASE_FIELDS}
    data["parties"] = [{"organization_id": e.organization_id.data, "role": e.role.data or PartyRole.partner.value}
                       for e in form.parties if e.organization_id.data]
    data["signatory_ids"] = list(form.signatory_ids.data or [])
    if form.kind.data == AgreementKind.data_license.value:
        data["license"] = {"licensee_id": form.licensee_id.data, "satellites": form.satellites.data or [],
                           "product_levels": form.product_levels.data or [],
                           "territory": services.parse_countries(form.territory.data),
                           "permitted_uses": form.permitted_uses.data or []}
    else:
        data["license"] = None
    return data


def _put_errors(form, error: DomainError, keep_form_checks: bool = False) -> None:
    """Each message next to its field (license fields by their form names); the rest on top.

    keep_form_checks: the form's own checks failed already; a field they found wrong keeps their message."""
    for name, messages in error.fields.items():
        field = getattr(form, name.removeprefix("license."), None)
        if field is not None and name != "version":
            if keep_form_checks and any(isinstance(e, str) for e in field.errors):
                continue
            field.errors = [e for e in field.errors if isinstance(e, str)] + list(messages)
        else:
            form.form_errors.extend(messages)


def _save(form, save, on_success):
    """Validate, call one service and redirect (the request commits); or None with the errors on the form."""
    if not form.validate_on_submit():
        if form.is_submitted():
            # Ask the service as well, so every error shows at once; nothing it does is kept.
            check_with_service(form, save, put=_put_errors)
        return None
    try:
        record = save()
    except DomainError as error:
        db.session.rollback()
        _put_errors(form, error)
        form.stale = error.status == 409
        return None
    flash(_("Saved."), "success")
    return redirect(on_success(record))


def _status(form) -> int:
    return 409 if getattr(form, "stale", False) else form_status(form)


# --- the register, the timeline, exports ------------------------------------------------


def _register_context(args):
    return {"args": args, "kind_options": [(k.value, label) for k, label in KIND_LABELS.items()],
            "state_options": AgreementState.choices(),
            "organizations": organization_choices(include_empty=False), "countries": country_choices(),
            "sort_options": [(k, k) for k in SORT_KEYS] + [(f"-{k}", f"{k} ↓") for k in SORT_KEYS]}


@bp.route("/agreements")
@login_required
def index():
    filters = filters_from(request.args)
    paging = page_request(default_per_page=25)
    items = db.paginate(register_query(filters), page=paging.page, per_page=paging.per_page, error_out=False)
    return render_template("agreements/index.html", items=items, on=today(), **_register_context(request.args))


EXPORT_HEADER = ("reference", "title", "kind", "state", "status", "parties", "signed_on", "effective_from",
                 "expires_on", "days_left", "notice_days", "auto_renew", "non_commercial", "geoss_principles",
                 "attribution", "licensee", "satellites", "product_levels", "territory", "permitted_uses")


def _export_rows(agreements, on: date):
    for a in agreements:
        terms = a.license
        yield (a.reference, a.title, a.kind.value, agreement_state(a, on).value, a.status.value,
               "; ".join(f"{p.organization.name} ({p.role.value})" for p in a.parties),
               a.signed_on, a.effective_from, a.expires_on, days_left(a, on), a.notice_days, a.auto_renew,
               a.non_commercial, a.geoss_principles, a.attribution,
               terms.licensee.name if terms else None, ", ".join(terms.satellites) if terms else None,
               ", ".join(terms.product_levels) if terms else None, ", ".join(terms.territory) if terms else None,
               ", ".join(terms.permitted_uses) if terms else None)


@bp.route("/agreements/export.<fmt>")
@login_required
def export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    on = today()
    agreements = db.session.scalars(register_query(filters_from(request.args))).all()
    rows = list(_export_rows(agreements, on))
    name = f"agreements-{on.isoformat()}.{fmt}"
    if fmt == "csv":
        body, mimetype = to_csv(EXPORT_HEADER, rows).encode("utf-8-sig"), "text/csv; charset=utf-8"
    else:
        body = to_xlsx({"Agreements": (EXPORT_HEADER, rows)})
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/agreements/timeline")
@login_required
def timeline_page():
    months = request.args.get("months", default=24, type=int)
    months = min(max(months or 24, 1), 120)
    return render_template("agreements/timeline.html", data=timeline(months=months), months=months)


# --- one agreement ----------------------------------------------------------------------


@bp.route("/agreements/new", methods=["GET", "POST"])
@login_required
def new():
    _require_edit()
    form = _agreement_form()
    done = _save(form, lambda: services.create_agreement(current_user, _form_data(form)),
                 lambda a: url_for("agreements.detail", agreement_id=a.id))
    return done or (render_template("agreements/form.html", form=form, record=None), _status(form))


def _detail(record, upload_form=None, status=200):
    documents = None
    if policy.may_view_agreement_documents(current_user, record):
        documents = db.session.scalars(document_services.documents_query(record)).all()
    history = history_of(record) if policy.may_view_history(current_user, record) else None
    unbound = record.license is not None and not services.binding_agreement_exists(record.license.licensee_id)
    return render_template("agreements/detail.html", record=record, state=agreement_state(record), unbound=unbound,
                           days_left=days_left(record), term=current_term(record), chain=chain_of(record),
                           documents=documents, upload_form=upload_form or DocumentForm(), button=EmptyForm(),
                           events=history, kind_labels=KIND_LABELS), status


@bp.route("/agreements/<int:agreement_id>")
@login_required
def detail(agreement_id: int):
    return _detail(_load(agreement_id))


@bp.route("/agreements/<int:agreement_id>/edit", methods=["GET", "POST"])
@login_required
def edit(agreement_id: int):
    record = _load(agreement_id)
    _require_edit(record)
    form = _agreement_form(record)
    done = _save(form, lambda: services.update_agreement(current_user, record, _form_data(form), form.version.data),
                 lambda a: url_for("agreements.detail", agreement_id=a.id))
    return done or (render_template("agreements/form.html", form=form, record=record), _status(form))


@bp.route("/agreements/<int:agreement_id>/renew", methods=["GET", "POST"])
@login_required
def renew(agreement_id: int):
    record = _load(agreement_id)
    _require_edit(record)
    form = RenewForm(data=services.renewal_defaults(record) | {"version": record.version}
                     if request.method == "GET" else None)
    fields = ("reference", "status", "signed_on", "effective_from", "expires_on")
    done = _save(form, lambda: services.renew_agreement(current_user, record, {f: form[f].data for f in fields},
                                                        form.version.data),
                 lambda a: url_for("agreements.detail", agreement_id=a.id))
    return done or (render_template("agreements/renew.html", form=form, record=record), _status(form))


@bp.route("/agreements/<int:agreement_id>/terminate", methods=["GET", "POST"])
@login_required
def terminate(agreement_id: int):
    record = _load(agreement_id)
    _require_edit(record)
    form = TerminateForm(data={"ended_on": today(), "version": record.version} if request.method == "GET" else None)
    done = _save(form, lambda: services.terminate_agreement(current_user, record, form.ended_on.data, form.reason.data,
                                                            form.version.data),
                 lambda a: url_for("agreements.detail", agreement_id=a.id))
    return done or (render_template("agreements/terminate.html", form=form, record=record), _status(form))


@bp.route("/agreements/<int:agreement_id>/delete", methods=["POST"])
@login_required
def delete(agreement_id: int):
    record = _load(agreement_id)
    _require_edit(record)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    services.delete_agreement(current_user, record)
    flash(_("The agreement was deleted."), "success")
    return redirect(url_for("agreements.index"))


# --- documents --------------------------------------------------------------------------


@bp.route("/agreements/<int:agreement_id>/documents", methods=["POST"])
@login_required
def upload(agreement_id: int):
    record = _load(agreement_id)
    policy.require_upload_agreement_document(current_user, record)
    form = DocumentForm()
    if not form.validate_on_submit():
        return _detail(record, form, 422)
    try:
        document_services.upload_document(current_user, record, form.file.data.stream, form.file.data.filename,
                                          form.title.data)
    except DomainError as error:
        db.session.rollback()
        form.file.errors = list(form.file.errors) + (error.fields.get("file") or [error.message])
        return _detail(_load(agreement_id), form, error.status)
    flash(_("Document uploaded."), "success")
    return redirect(url_for("agreements.detail", agreement_id=record.id, _anchor="documents"))


@bp.route("/agreements/<int:agreement_id>/documents/<int:document_id>")
@login_required
def download(agreement_id: int, document_id: int):
    record = _load(agreement_id)
    document = document_services.document_of(current_user, record, document_id)
    return document_services.download_response(document)
