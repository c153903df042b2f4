"""Pages of data requests, their steps, the license question and the delivery log import."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.agreements.models import Agreement
from app.auth import policy
from app.core.countries import country_name
from app.core.errors import DomainError
from app.core.forms import form_data, put_errors_on_form
from app.core.pagination import page_request
from app.core.periods import today
from app.datarequests import queries, services
from app.datarequests.forms import (
    LEVEL_LABELS,
    USE_LABELS,
    DataRequestForm,
    DecisionForm,
    DeliveryForm,
    DeliveryLogForm,
    LicenseQuestionForm,
)
from app.datarequests.imports import ImportFailed, import_deliveries
from app.datarequests.models import METHOD_LABELS, STATUS_LABELS, DataRequest, DeliveryLogImport, RequestStatus
from app.extensions import db
from app.nodes.models import Node
from app.web.crud import SHORT_NAMES, RecordPages, register_record_pages

bp = Blueprint("datarequests", __name__, template_folder="templates")
# The quarterly report form starts with the scenes SatCloud's log counted (nodes sits below us).
bp.record_once(lambda state: state.app.extensions.setdefault("csdr.scenes_received", queries.scenes_pushed))

LABELS = {"status": STATUS_LABELS, "use": USE_LABELS, "level": LEVEL_LABELS, "method": METHOD_LABELS}


def _load(request_id: int) -> DataRequest:
    record = db.session.get(DataRequest, request_id)
    if not policy.may_view_data_request(current_user, record):
        abort(404)
    return record


def _licenses_by_reference(references) -> dict[str, Agreement]:
    if not references:
        return {}
    return {a.reference: a for a in db.session.scalars(select(Agreement).where(Agreement.reference.in_(references)))}


@bp.route("/data-requests")
@login_required
def index():
    args = request.args
    paging = page_request(default_per_page=25)
    items = db.paginate(queries.requests_query(current_user, args), page=paging.page, per_page=paging.per_page,
                        error_out=False)
    nodes = db.session.execute(select(Node.code, Node.name).where(Node.archived_at.is_(None))
                               .order_by(Node.code)).all()
    return render_template("datarequests/index.html", items=items, args=args, labels=LABELS,
                           nodes=[(n.code, f"{n.code} — {n.name}") for n in nodes],
                           statuses=[(s.value, str(label)) for s, label in STATUS_LABELS.items()],
                           may_create=policy.may_request_data(current_user))


def _service_data(form, data):
    """The form's fields as the service takes them: the area from the uploaded file, else the pasted text."""
    data = {k: v for k, v in data.items() if k != "area_file"}
    data["area"] = form.area_text()
    return data


def _request_form(record):
    form = DataRequestForm(obj=record, may_choose_node=policy.is_staff(current_user))
    if record is not None and request.method == "GET":
        form.area.data = record.area or ""
    return form


def _require_edit(user, record):
    policy.require_data_request_step(user, record, policy.may_edit_data_request(user, record),
                                     _("You may not change this request."))
    record.require_editable()


def _detail_context(record):
    return {"labels": LABELS, "country_name": country_name, "decision": DecisionForm(),
            "delivery": DeliveryForm(formdata=None, delivered_on=today()),
            "licenses": _licenses_by_reference(record.license_references)}


REQUESTS = RecordPages(
    model=DataRequest, kind="data_request", stem="request", path="/data-requests", endpoints=SHORT_NAMES,
    template="datarequests/detail.html", form_template="datarequests/form.html", form=_request_form,
    load=_load,
    require_create=lambda user: policy.require(policy.may_request_data(user), _("You may not request data.")),
    require_edit=_require_edit, data=_service_data, context=_detail_context,
    saved=lambda: _("The request was saved and its license checked."),
    create=services.create_request, update=services.update_request)
register_record_pages(bp, REQUESTS)


def _detail_page(record, status=200, **forms):
    return REQUESTS.detail_page(record, **forms), status


def _step(record, form, action, message):
    """Run one workflow step from a posted form; field errors show on the request's page (422)."""
    if not form.validate_on_submit():
        return None
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        if error.status in (403, 404, 409):
            raise
        put_errors_on_form(form, error)
        return None
    flash(message, "success")
    return redirect(url_for("datarequests.detail", request_id=record.id))


def _register_decision(name, decide, message):
    """Approve or decline a submitted request, with a reason (the secretariat)."""
    def view(request_id: int):
        record = _load(request_id)
        form = DecisionForm()
        done = _step(record, form, lambda: decide(current_user, record, form.reason.data), message())
        return done or _detail_page(record, decision=form, status=422)

    bp.add_url_rule(f"/data-requests/<int:request_id>/{name}", name, login_required(view), methods=["POST"])


_register_decision("approve", services.approve_request, lambda: _("The request was approved."))
_register_decision("decline", services.decline_request, lambda: _("The request was declined."))


@bp.route("/data-requests/<int:request_id>/deliveries", methods=["POST"])
@login_required
def deliver(request_id: int):
    record = _load(request_id)
    policy.require_data_request_step(current_user, record, policy.may_record_delivery(current_user, record),
                                     _("Only the secretariat records deliveries."))
    record.require_step("deliver")  # a 409 naming the state, before the form is read
    form = DeliveryForm()
    done = _step(record, form, lambda: services.record_delivery(current_user, record, form_data(form)),
                 _("The delivery was recorded."))
    return done or _detail_page(record, delivery=form, status=422)


@bp.route("/data-requests/<int:request_id>/confirm", methods=["POST"])
@login_required
def confirm(request_id: int):
    record = _load(request_id)
    form = DecisionForm()
    done = _step(record, form, lambda: services.confirm_receipt(current_user, record),
                 _("Receipt confirmed: the request is closed."))
    return done or _detail_page(record, status=422)


@bp.route("/data-requests/countries.geojson")
@login_required
def countries_geojson():
    """The country outlines the area check uses, for the drawing map (public domain, Natural Earth)."""
    from io import BytesIO

    from flask import send_file

    from app.datarequests.areas import SHAPES

    # Sent from memory: a reader that drops the answer leaves no file open behind it.
    return send_file(BytesIO(SHAPES.read_bytes()), mimetype="application/geo+json", max_age=24 * 3600,
                     conditional=True, etag=False, last_modified=SHAPES.stat().st_mtime)


@bp.route("/licenses/check")
@login_required
def license_check():
    """Staff (and anyone signed in) ask whether a license covers a use: the same question as the API."""
    policy.require(policy.may_check_licenses(current_user))
    form = LicenseQuestionForm(request.args)
    result = None
    asked = bool(request.args)
    if asked and form.validate():
        try:
            result = services.ask_license(current_user, form.organization_id.data, form.satellite.data,
                                          form.country.data, form.level.data, form.use.data, form.on.data)
        except DomainError as error:
            if error.status in (403, 404):
                raise
            put_errors_on_form(form, error)
    status = 422 if asked and result is None else 200
    return render_template("datarequests/license_check.html", form=form, result=result, asked=asked), status


@bp.route("/data-requests/delivery-logs", methods=["GET", "POST"])
@login_required
def delivery_logs():
    """SatCloud's push log: import a file (secretariat), and T+1 measured per node and quarter."""
    policy.require(policy.may_import_deliveries(current_user), _("Only the secretariat imports delivery logs."))
    form = DeliveryLogForm()
    problems = None
    if form.validate_on_submit():
        upload = form.file.data
        if not upload or not getattr(upload, "filename", ""):
            form.file.errors = [_("Choose a file.")]
        else:
            try:
                result = import_deliveries(current_user, upload.filename, upload.read())
            except ImportFailed as error:
                db.session.rollback()
                problems = error.problems
            except DomainError as error:
                db.session.rollback()
                if error.status in (403, 404):
                    raise
                form.file.errors = [error.message]
            else:
                flash(_("%(rows)s rows read: %(imported)s scenes imported, %(skipped)s already known and skipped.",
                        rows=result.rows, imported=result.imported, skipped=result.skipped), "success")
                return redirect(url_for("datarequests.delivery_logs"))
    imports = db.session.scalars(select(DeliveryLogImport).order_by(DeliveryLogImport.id.desc()).limit(20)).all()
    measured = sorted(queries.measured_t1().values(), key=lambda m: (-m.year, -m.quarter, m.node_id))[:200]
    nodes = {n.id: n for n in db.session.scalars(select(Node))}
    status = 422 if problems or form.file.errors else 200
    return render_template("datarequests/delivery_logs.html", form=form, problems=problems, imports=imports,
                           measured=measured, nodes=nodes), status


@bp.app_template_global()
def data_request_status_class(status) -> str:
    return {RequestStatus.submitted: "bg-warning text-dark", RequestStatus.approved: "bg-info text-dark",
            RequestStatus.declined: "bg-secondary", RequestStatus.delivered: "bg-primary",
            RequestStatus.closed: "bg-success"}.get(status, "bg-light text-dark")


@bp.app_template_global()
def measured_t1_of(node_id: int, year: int, quarter: int):
    """T+1 measured from SatCloud's log for a node's quarter (None without a log), for the report pages."""
    from app.core.periods import Quarter

    return queries.measured_t1([Quarter(year, quarter)], [node_id]).get((node_id, year, quarter))
