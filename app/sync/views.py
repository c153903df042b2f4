"""The sync page: this instance's sync state, and the conflicts waiting for a person (both sides, a diff)."""

from datetime import datetime

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth import policy
from app.core.errors import DomainError, NotFound
from app.extensions import db
from app.sync import services
from app.sync.models import SyncConflict

bp = Blueprint("sync", __name__, template_folder="templates")

TYPE_LABELS = {"organization": "Organization", "person": "Person", "node": "Node", "agreement": "Agreement",
               "quarterly_report": "Quarterly report", "report_step": "Review step",
               "contribution": "Contribution", "trainee": "Trainee", "event": "Event", "case": "Application case"}


@bp.route("/sync")
@login_required
def index():
    policy.require(policy.may_view_sync(current_user))
    state = services.status_summary()
    if state["last_success"]:
        state["last_success"] = datetime.fromisoformat(state["last_success"])
    return render_template("sync/index.html", state=state,
                           instance=current_app.config["CSDR_INSTANCE"], node_code=current_app.config["CSDR_NODE"],
                           conflicts=services.open_conflicts(current_user),
                           nodes=services.node_overview(current_user)
                           if current_app.config["CSDR_INSTANCE"] != "node" else None,
                           type_label=lambda t: _(TYPE_LABELS.get(t, "Record")))


@bp.route("/sync/conflicts/<int:conflict_id>/resolve", methods=["POST"])
@login_required
def resolve(conflict_id):
    policy.require(policy.may_view_sync(current_user))
    conflict = db.session.get(SyncConflict, conflict_id)
    if conflict is None or not policy.may_resolve_conflict(current_user, conflict):
        raise NotFound("No such conflict.")
    try:
        services.resolve_conflict(current_user, conflict, request.form.get("side", ""))
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("sync.index"))
    flash(_("Conflict resolved."), "success")
    return redirect(url_for("sync.index"))
