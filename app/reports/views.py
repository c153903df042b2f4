"""Pages: the report archive, generating and publishing, downloads, the dashboard, the public progress page."""

import re
from datetime import date

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth import policy
from app.auth.forms import EmptyForm
from app.core.errors import DomainError
from app.core.forms import form_status, put_errors_on_form
from app.core.pagination import page_request
from app.core.periods import Period
from app.extensions import db
from app.reports import services
from app.reports.dashboard import compact, dashboard_figures, figure_table
from app.reports.exports import snapshot_csv, snapshot_xlsx
from app.reports.figures import build_snapshot
from app.reports.forms import GenerateForm, SummaryForm
from app.reports.models import Report
from app.reports.queries import (
    completed_of,
    latest_published,
    public_reports,
    public_sections,
    reports_query,
    snapshot_of,
    superseded_ids,
    versions_of,
)
from app.reports.worldmap import svg_shapes

bp = Blueprint("reports", __name__, template_folder="templates")


@bp.app_template_filter("report_label")
def report_label(value) -> str:
    """A snapshot's label in the reader's language (titles with a period or a currency in them too)."""
    from app.reports import wording

    return wording.label(value)


@bp.app_template_filter("report_tags")
def report_tags(value) -> str:
    """A case's SDG, Sendai and Paris tags from a snapshot, in the reader's language, SDG goals with titles."""
    from app.reports import wording

    return wording.tags(value)


@bp.app_template_filter("report_summary")
def report_summary(section: dict) -> str:
    """A snapshot section's summary sentence in the reader's language (wording.summary)."""
    from app.reports import wording

    return wording.summary(section)

PUBLIC_ENDPOINTS = {"reports.progress", "reports.public_pdf"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _load(report_id: int) -> Report:
    """The report, or 404 when it does not exist or the user may not see it (drafts: staff only)."""
    report = db.session.get(Report, report_id)
    if not policy.may_view_generated_report(current_user, report):
        abort(404)
    return report


def _with_figures(report_id: int) -> Report:
    """The report for a figures export, or 404 where this instance holds its PDF only."""
    report = _load(report_id)
    if not report.has_figures:
        abort(404, description=_("The figures of this report are kept on the hub; this instance holds its PDF."))
    return report


def _attachment(content, mimetype: str, filename: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/reports")
@login_required
def index():
    paging = page_request(default_per_page=25)
    items = db.paginate(reports_query(current_user, kind=request.args.get("kind") or None),
                        page=paging.page, per_page=paging.per_page, error_out=False)
    return render_template("reports/index.html", items=items, superseded=superseded_ids(items.items),
                           form=GenerateForm(year=date.today().year - 1) if policy.may_generate_report(current_user)
                           else None)


@bp.route("/reports/generate", methods=["GET", "POST"])
@login_required
def generate():
    policy.require(policy.may_generate_report(current_user))
    form = GenerateForm(year=date.today().year - 1)
    if form.validate_on_submit():
        try:
            report = services.generate_report(current_user, form.kind.data, form.year.data, form.quarter.data or None,
                                              lang=form.lang.data)
        except DomainError as error:
            db.session.rollback()
            put_errors_on_form(form, error)
        else:
            flash(_("Report generated as a draft."), "success")
            return redirect(url_for("reports.detail", report_id=report.id))
    return render_template("reports/generate.html", form=form), form_status(form)


@bp.route("/reports/<int:report_id>")
@login_required
def detail(report_id: int):
    report = _load(report_id)
    versions = [v for v in versions_of(report) if policy.may_view_generated_report(current_user, v)]
    snapshot = snapshot_of(report)
    summary_form = None
    if policy.may_edit_report_summary(current_user, report) and not report.is_published:
        summary_form = SummaryForm(summary=report.summary)
    return render_template("reports/detail.html", report=report, versions=versions, snapshot=snapshot,
                           button=EmptyForm(), superseded=superseded_ids([report]), summary_form=summary_form)


@bp.route("/reports/<int:report_id>/summary", methods=["POST"])
@login_required
def summary(report_id: int):
    """Save the executive summary of a draft (its PDF is rebuilt from the same snapshot)."""
    report = _load(report_id)
    policy.require(policy.may_edit_report_summary(current_user, report))
    form = SummaryForm()
    if form.validate_on_submit():
        try:
            services.set_summary(current_user, report, form.summary.data)
        except DomainError as error:
            db.session.rollback()
            if not error.fields:  # a published report: nothing to fix on the form
                flash(error.message, "danger")
                return redirect(url_for("reports.detail", report_id=report.id), 303)
            put_errors_on_form(form, error)
        else:
            flash(_("Executive summary saved; the draft PDF now carries it."), "success")
            return redirect(url_for("reports.detail", report_id=report.id), 303)
    versions = [v for v in versions_of(report) if policy.may_view_generated_report(current_user, v)]
    return render_template("reports/detail.html", report=report, versions=versions, snapshot=snapshot_of(report),
                           button=EmptyForm(), superseded=superseded_ids([report]),
                           summary_form=form if not report.is_published else None), form_status(form)


def _step(report_id: int, allowed, action):
    """Load (or 404), ask the policy (403), check the button's CSRF token, run one service; the request
    commits after the answer is built (app/core/transactions.py), and only then are replaced PDFs removed."""
    report = _load(report_id)
    policy.require(allowed(report))
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        result = action(report)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for("reports.detail", report_id=report.id), 303)
    return redirect(url_for("reports.detail", report_id=result.id), 303)


@bp.route("/reports/<int:report_id>/regenerate", methods=["POST"])
@login_required
def regenerate(report_id: int):
    return _step(report_id, lambda _r: policy.may_generate_report(current_user),
                 lambda r: services.regenerate_report(current_user, r))


@bp.route("/reports/<int:report_id>/publish", methods=["POST"])
@login_required
def publish(report_id: int):
    return _step(report_id, lambda r: policy.may_publish_report(current_user, r),
                 lambda r: services.publish_report(current_user, r))


@bp.route("/reports/<int:report_id>/correct", methods=["POST"])
@login_required
def correct(report_id: int):
    return _step(report_id, lambda _r: policy.may_generate_report(current_user),
                 lambda r: services.correct_report(current_user, r))


@bp.route("/reports/<int:report_id>/report.pdf")
@login_required
def pdf(report_id: int):
    report = _load(report_id)
    return _attachment(services.read_pdf(report), "application/pdf", report.filename)


@bp.route("/reports/<int:report_id>/data.json")
@login_required
def data(report_id: int):
    report = _with_figures(report_id)
    return _attachment(report.snapshot_json, "application/json", report.filename.replace(".pdf", ".json"))


@bp.route("/reports/<int:report_id>/figures.xlsx")
@login_required
def xlsx(report_id: int):
    report = _with_figures(report_id)
    return _attachment(snapshot_xlsx(snapshot_of(report)), XLSX, report.filename.replace(".pdf", ".xlsx"))


@bp.route("/reports/<int:report_id>/figures.csv")
@login_required
def csv(report_id: int):
    report = _with_figures(report_id)
    return _attachment(snapshot_csv(snapshot_of(report)), "text/csv; charset=utf-8",
                       report.filename.replace(".pdf", ".csv"))


def _dashboard_year() -> int:
    year = request.args.get("year", type=int) or date.today().year
    return year if 2000 <= year <= 2100 else date.today().year


@bp.route("/dashboard")
@login_required
def dashboard():
    """Headline figures and every chart's title and data table in the page itself (readable before any
    script runs); dashboard.js then draws the charts from the figures the page also carries (compact JSON
    in a data block: one snapshot built per page, no second request). The map goes last: it alone needs
    map data, and it is the slowest to draw."""
    policy.require(policy.may_view_dashboard(current_user))
    year = _dashboard_year()
    snapshot = build_snapshot(Period(year))
    figures = dashboard_figures(snapshot, money_by_partner=policy.may_view_money_by_partner(current_user))
    charts = [{"id": f["id"], "dom_id": "plot-" + re.sub(r"[^a-z0-9_-]", "-", f["id"], flags=re.I),
               "table": figure_table(f), "wide": f["id"] == "world_map"} for f in figures[1:] + figures[:1]]
    return render_template("reports/dashboard.html", year=year, snapshot=snapshot, charts=charts,
                           figures=compact(figures),
                           years=range(date.today().year, date.today().year - 10, -1))


@bp.route("/dashboard/figures.json")
@login_required
def dashboard_data():
    policy.require(policy.may_view_dashboard(current_user))
    snapshot = build_snapshot(Period(_dashboard_year()))
    return jsonify({"figures": compact(dashboard_figures(
        snapshot, money_by_partner=policy.may_view_money_by_partner(current_user)))})


@bp.route("/progress")
def progress():
    """The public progress page: the map of the nodes, the completed cases and the published reports, drawn
    from published reports only (their snapshots), nothing else."""
    reports = public_reports()
    latest = latest_published()
    snapshot = snapshot_of(latest) if latest else None
    headline = [f for f in snapshot["headline"] if f["public"]] if snapshot else []
    points = (snapshot or {}).get("annex", {}).get("map")
    world = svg_shapes(points) if points is not None else None
    return render_template("reports/progress.html", reports=reports, latest=latest, headline=headline,
                           sections=public_sections(snapshot) if snapshot else [],
                           world=world, nodes=len(points or []), cases=completed_of(reports))


@bp.route("/progress/<int:report_id>/report.pdf")
def public_pdf(report_id: int):
    report = db.session.get(Report, report_id)
    if report is None or not report.is_published:
        abort(404)
    return _attachment(services.read_pdf(report), "application/pdf", report.filename)
