"""Pages of the quarterly reports: list, review queue, completeness matrix, a report, its form and steps."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.audit.queries import history_of
from app.auth import policy
from app.core.errors import DomainError, Forbidden, ValidationFailed
from app.core.forms import form_status
from app.core.languages import translate
from app.core.pagination import page_request
from app.core.periods import FIRST_YEAR, Quarter, today
from app.extensions import db
from app.nodes.quarterly import locks, offline
from app.nodes.quarterly import services as quarterly
from app.nodes.quarterly.forms import (
    FilledFormUpload,
    LockPeriodForm,
    ReportForm,
    ReportStepForm,
    ReturnReportForm,
    UnlockPeriodForm,
)
from app.nodes.quarterly.models import QuarterlyReport, ReportStatus
from app.nodes.quarterly.queries import completeness, overdue_cells, reports_query, review_queue
from app.nodes.queries import node_by_code_or_id
from app.web.pages import save_form

bp = Blueprint("quarterly", __name__, template_folder="templates")


def _node(code):
    node = node_by_code_or_id(code)
    if node is None or not policy.may_view(current_user, node):
        abort(404)
    return node


def _quarter(label) -> Quarter:
    try:
        return Quarter.parse(label)
    except ValueError:
        abort(404)


def _report_url(report) -> str:
    return url_for("quarterly.report", code=report.node.code, period=report.label)


def _int_arg(name):
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


@bp.route("/quarterly-reports")
@login_required
def index():
    args = request.args
    status = args.get("status") if args.get("status") in ReportStatus.__members__ else None
    query = reports_query(current_user, year=_int_arg("year"), quarter=_int_arg("quarter"), status=status,
                          node=args.get("node") or None)
    paging = page_request(default_per_page=50)
    items = db.paginate(query, page=paging.page, per_page=paging.per_page, error_out=False)
    on = today()
    return render_template("quarterly/reports.html", items=items, args=args, today=on,
                           years=[(y, y) for y in range(on.year, FIRST_YEAR - 1, -1)][:10],
                           quarter_options=[(q, f"Q{q}") for q in (1, 2, 3, 4)],
                           status_options=ReportStatus.choices())


@bp.route("/quarterly-reports/review")
@login_required
def review():
    policy.require(policy.may_view_review_queue(current_user))
    on = today()
    return render_template("quarterly/review.html", queue=review_queue(), overdue=overdue_cells(on), today=on)


@bp.route("/quarterly-reports/completeness")
@login_required
def completeness_matrix():
    policy.require(policy.may_view_completeness(current_user))
    on = today()
    year = _int_arg("year") or on.year
    if not FIRST_YEAR <= year <= on.year + 1:
        abort(404)
    matrix = completeness(year, on)
    return render_template("quarterly/completeness.html", matrix=matrix, year=year, today=on,
                           years=list(range(on.year, max(FIRST_YEAR, on.year - 9) - 1, -1)))


@bp.route("/quarterly-reports/locks", methods=["GET", "POST"])
@login_required
def period_locks():
    """The closed quarters (staff and coordinators); staff on the hub close one with a reason, or open it
    again."""
    items = locks.list_locks(current_user)
    form = LockPeriodForm()
    if form.is_submitted():
        policy.require(policy.may_lock_period(current_user))

    def close(data):
        try:
            quarter = Quarter.parse(data["quarter"])
        except ValueError:
            raise ValidationFailed.on("quarter", _("Write the quarter as a year and a quarter, e.g. 2025Q3.")) \
                from None
        return locks.lock_period(current_user, quarter, data.get("reason"))

    done = save_form(form, close, lambda lock: url_for("quarterly.period_locks"), _("The quarter is closed."))
    return done or (render_template("quarterly/locks.html", form=form, items=items,
                                    unlock_form=UnlockPeriodForm(),
                                    may_lock=policy.may_lock_period(current_user)), 200 if not form.errors else 422)


@bp.route("/quarterly-reports/locks/<period>/reopen", methods=["POST"])
@login_required
def reopen_period(period):
    policy.require(policy.may_lock_period(current_user))
    form = UnlockPeriodForm()
    if not form.validate_on_submit():
        abort(400)
    locks.unlock_period(current_user, _quarter(period))
    flash(_("The quarter is open again."), "success")
    return redirect(url_for("quarterly.period_locks"))


@bp.route("/nodes/<code>/reports/<period>")
@login_required
def report(code, period):
    node, quarter = _node(code), _quarter(period)
    record = quarterly.find_report(node, quarter)
    if record is None:
        if policy.may_file_report(current_user, node.id) and not quarter.is_future(today()):
            return redirect(url_for("quarterly.edit", code=node.code, period=quarter.label))
        abort(404)
    policy.require_view_report(current_user, record)
    return _render_report(record)


def _render_report(record, step_form=None, accept_form=None, return_form=None, upload_form=None, status=200):
    return render_template(
        "quarterly/report.html", record=record, today=today(), step_form=step_form or ReportStepForm(formdata=None),
        accept_form=accept_form or ReportStepForm(prefix="accept", formdata=None),
        return_form=return_form or ReturnReportForm(prefix="return", formdata=None),
        upload_form=upload_form or FilledFormUpload(formdata=None),
        history=history_of(record) if policy.may_view_history(current_user, record) else None), status


@bp.route("/nodes/<code>/reports/<period>/edit", methods=["GET", "POST"])
@login_required
def edit(code, period):
    node, quarter = _node(code), _quarter(period)
    record = quarterly.find_report(node, quarter)
    if record is None:
        if not policy.may_file_report(current_user, node.id):
            abort(404)
        if quarter.is_future(today()):
            raise ValidationFailed(_("%(period)s has not begun; its report cannot be started yet.",
                                     period=quarter.label))
    else:
        policy.require_file_report(current_user, record)
        if request.method == "GET":
            record.ensure_editable()
    form = ReportForm(obj=record)
    scenes_logged = current_app.extensions.get("csdr.scenes_received")  # from SatCloud's push log (datarequests)
    if request.method == "GET" and form.scenes_received.data is None and scenes_logged is not None:
        form.scenes_received.data = scenes_logged(node.id, quarter)
    done = save_form(form, lambda data: quarterly.save_report(current_user, node, quarter, data,
                                                              form.version.data)[0], _report_url)
    return done or _render_report_form(form, record, node, quarter, status=form_status(form))


def _render_report_form(form, record, node, quarter, upload_form=None, status=200):
    """The page form; for a report not started yet, also the blank form to fill offline."""
    return render_template("quarterly/report_form.html", form=form, record=record, node=node, quarter=quarter,
                           upload_form=upload_form or FilledFormUpload(formdata=None)), status


def _load_for_step(code, period) -> QuarterlyReport:
    node, quarter = _node(code), _quarter(period)
    record = quarterly.find_report(node, quarter)
    policy.require_view_report(current_user, record)
    return record


@bp.route("/nodes/<code>/reports/<period>/submit", methods=["POST"])
@login_required
def submit(code, period):
    record = _load_for_step(code, period)
    form = ReportStepForm()
    if not form.validate_on_submit():
        return _render_report(record, step_form=form, status=422)
    quarterly.submit_report(current_user, record, form.version.data or None)
    flash(_("Submitted to the secretariat."), "success")
    return redirect(_report_url(record))


@bp.route("/nodes/<code>/reports/<period>/accept", methods=["POST"])
@login_required
def accept(code, period):
    record = _load_for_step(code, period)
    form = ReportStepForm(prefix="accept")
    if not form.validate_on_submit():
        return _render_report(record, accept_form=form, status=422)
    quarterly.accept_report(current_user, record, form.comment.data, form.version.data or None)
    flash(_("Accepted."), "success")
    return redirect(_report_url(record))


@bp.route("/nodes/<code>/reports/<period>/return", methods=["POST"])
@login_required
def send_back(code, period):
    record = _load_for_step(code, period)
    if not policy.may_review_report(current_user, record):
        raise Forbidden(_("Only the secretariat reviews reports."))
    form = ReturnReportForm(prefix="return")
    if not form.validate_on_submit():
        return _render_report(record, return_form=form, status=422)
    quarterly.return_report(current_user, record, form.comment.data, form.version.data or None)
    flash(_("Returned to the node with your comment."), "success")
    return redirect(_report_url(record))


# --- the form to fill offline (offline.py) -----------------------------------------------------------

@bp.route("/nodes/<code>/reports/<period>/form.xlsx", methods=["GET"])
@login_required
def offline_form(code, period):
    """The report as a form to fill offline; a blank one for a quarter not started yet (nothing is written)."""
    filename, data = offline.form_xlsx(current_user, _node(code), _quarter(period))
    response = Response(data, mimetype=offline.XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/nodes/<code>/reports/<period>/form.xlsx", methods=["POST"])
@login_required
def offline_upload(code, period):
    node, quarter = _node(code), _quarter(period)
    record = quarterly.find_report(node, quarter)
    if record is None:
        quarterly.require_may_start(current_user, node, quarter)
    else:
        policy.require_file_report(current_user, record)
    form = FilledFormUpload()

    def problem(status):
        if record is None:
            return _render_report_form(ReportForm(formdata=None), None, node, quarter, upload_form=form, status=status)
        return _render_report(record, upload_form=form, status=status)

    if not form.validate_on_submit():
        return problem(422)
    upload = form.file.data
    try:
        saved = offline.upload_form(current_user, node, quarter, upload.filename or "", upload.read())
        db.session.flush()
    except DomainError as error:
        db.session.rollback()
        if error.status in (403, 404):
            raise
        form.file.errors = error.lines() if hasattr(error, "lines") else [translate(error.message)]
        return problem(error.status)
    flash(_("The filled form was read and the report saved."), "success")
    return redirect(_report_url(saved))
