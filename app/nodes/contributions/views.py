"""Pages of the contribution register: list with totals, a contribution, its form, import, export, rates."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth import policy
from app.auth.forms import EmptyForm
from app.auth.models import Role
from app.core.errors import DomainError
from app.core.exports import to_csv, to_xlsx
from app.core.forms import put_errors_on_form
from app.core.pagination import page_request
from app.core.periods import FIRST_YEAR, today
from app.extensions import db
from app.nodes.contributions import services
from app.nodes.contributions.forms import ContributionForm, ExchangeRateForm, ImportForm
from app.nodes.contributions.imports import (
    COLUMNS,
    ImportFailed,
    export_rows,
    import_contributions,
    template_csv,
    template_xlsx,
)
from app.nodes.contributions.models import Contribution, ContributionKind, ContributionStatus, ExchangeRate
from app.nodes.contributions.queries import contributions_query, exchange_rate_table, imports_query, totals
from app.nodes.models import Node
from app.partners.queries import organization_choices
from app.web.crud import SHORT_NAMES, RecordPages, register_record_pages
from app.web.pages import save_form

bp = Blueprint("contributions", __name__, template_folder="templates")


FILTERS = ("organization_id", "node", "year", "kind", "status", "currency", "q", "import_id")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters() -> dict:
    args = request.args
    values = {name: (args.get(name) or "").strip() or None for name in FILTERS}
    for name in ("organization_id", "year", "import_id"):
        if values[name] and not values[name].isdigit():
            values[name] = None
    if values["kind"] not in ContributionKind.__members__:
        values["kind"] = None
    if values["status"] not in ContributionStatus.__members__:
        values["status"] = None
    return values


def _node_choices():
    nodes = db.session.execute(select(Node.id, Node.code, Node.name).where(Node.archived_at.is_(None))
                               .order_by(Node.code)).all()
    return [(n.id, f"{n.code} — {n.name}") for n in nodes]


def _years():
    return list(range(today().year + 1, FIRST_YEAR - 1, -1))


@bp.route("/contributions")
@login_required
def index():
    filters = _filters()
    paging = page_request(default_per_page=50)
    items = db.paginate(contributions_query(**filters), page=paging.page, per_page=paging.per_page, error_out=False)
    return render_template("contributions/contributions.html", items=items, args=request.args,
                           totals=totals(current_user, **filters),
                           organizations=organization_choices(include_empty=False),
                           nodes=[(n_id, label.split(" — ")[0]) for n_id, label in _node_choices()],
                           years=[(y, y) for y in _years()], kinds=ContributionKind.choices(),
                           statuses=ContributionStatus.choices())


def _form(record=None):
    form = ContributionForm(obj=record)
    form.organization_id.choices = organization_choices()
    if current_user.role == Role.coordinator:
        form.node_id.choices = [(n, label) for n, label in _node_choices() if n == current_user.node_id]
        if request.method == "GET":
            form.node_id.data = current_user.node_id
    else:
        form.node_id.choices = [(None, "—")] + _node_choices()
    if record is None and request.method == "GET":
        form.year.data = today().year
    return form


def _require_create(user):
    node_id = user.node_id if user.role == Role.coordinator else None
    policy.require_create(user, "contribution", node_id)


register_record_pages(bp, RecordPages(
    model=Contribution, kind="contribution", stem="contribution", path="/contributions",
    endpoints=SHORT_NAMES | {"archive": "delete"}, archive_path="delete",
    after_archive=lambda _record: url_for("contributions.index"),
    template="contributions/contribution.html", form_template="contributions/contribution_form.html",
    form=_form, require_create=_require_create, create=services.create_contribution,
    update=services.update_contribution, archive=services.delete_contribution))


# --- import, template, export --------------------------------------------------------------------

@bp.route("/contributions/import", methods=["GET", "POST"])
@login_required
def upload():
    policy.require(policy.may_import_contributions(current_user), _("You may not import contributions."))
    form = ImportForm()
    problems = skipped = None
    status = 200
    if form.validate_on_submit():
        upload_file = form.file.data
        try:
            outcome = import_contributions(current_user, upload_file.filename or "", upload_file.read())
        except ImportFailed as error:
            db.session.rollback()
            problems = error.problems
            form.form_errors.append(error.message)
        except DomainError as error:
            db.session.rollback()
            put_errors_on_form(form, error)
            status = error.status
        else:
            batch, skipped = outcome.batch, outcome.skipped
            flash(_("Import %(id)s: %(added)s contributions added, %(skipped)s already recorded and skipped.",
                    id=batch.id, added=batch.rows_added, skipped=batch.rows_skipped), "success")
            if not skipped:
                return redirect(url_for("contributions.index", import_id=batch.id))
            form = ImportForm(formdata=None)
    if status == 200 and (problems or form.errors or form.form_errors):
        status = 422
    imports = db.session.scalars(imports_query(current_user).limit(50)).all()
    return render_template("contributions/contribution_import.html", form=form, problems=problems,
                           skipped=skipped, imports=imports, columns=COLUMNS), status


def _download(data, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/contributions/template.<fmt>")
@login_required
def template(fmt: str):
    if fmt == "xlsx":
        return _download(template_xlsx(), XLSX, "contributions-template.xlsx")
    if fmt == "csv":
        return _download(template_csv(), "text/csv; charset=utf-8", "contributions-template.csv")
    abort(404)


@bp.route("/contributions/export.<fmt>")
@login_required
def export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    rows = export_rows(current_user, db.session.scalars(contributions_query(**_filters())).unique())
    if fmt == "csv":
        return _download(to_csv(COLUMNS, rows), "text/csv; charset=utf-8", "contributions.csv")
    return _download(to_xlsx({"contributions": (COLUMNS, rows)}), XLSX, "contributions.xlsx")


# --- exchange rates -----------------------------------------------------------------------------

@bp.route("/contributions/rates", methods=["GET", "POST"])
@login_required
def rates():
    policy.require(policy.may_manage_exchange_rates(current_user), _("Only the secretariat keeps exchange rates."))
    year = request.args.get("year", type=int) or today().year
    if not FIRST_YEAR <= year <= today().year + 1:
        abort(404)
    form = ExchangeRateForm(formdata=request.form if request.method == "POST" else None, data={"year": year})
    if request.method == "POST" and form.validate_on_submit():
        try:
            rate = services.set_exchange_rate(current_user, form.year.data, form.currency.data, form.rate.data,
                                              form.version.data or None)
        except DomainError as error:
            db.session.rollback()
            put_errors_on_form(form, error)
            if "version" in error.fields:
                form.form_errors.append(error.message)
        else:
            flash(_("Rate saved: 1 %(currency)s = %(rate)s %(target)s in %(year)s.", currency=rate.currency,
                    rate=rate.rate.normalize(), target=rate.reporting_currency, year=rate.year), "success")
            return redirect(url_for("contributions.rates", year=rate.year))
    status = 422 if request.method == "POST" else 200
    return render_template("contributions/rates.html", form=form, year=year, table=exchange_rate_table(year),
                           target=services.reporting_currency(), years=_years(), button=EmptyForm()), status


@bp.route("/contributions/rates/<int:rate_id>/delete", methods=["POST"])
@login_required
def delete_rate(rate_id: int):
    policy.require(policy.may_manage_exchange_rates(current_user), _("Only the secretariat keeps exchange rates."))
    record = db.session.get(ExchangeRate, rate_id)
    if record is None:
        abort(404)
    form = EmptyForm()
    done = save_form(form, lambda _data: services.delete_exchange_rate(current_user, record),
                     lambda _r: url_for("contributions.rates", year=record.year))
    return done or ("", 400)
