"""The home page and the health check."""

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import login_required
from sqlalchemy import func, select, text

from app.extensions import db

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def home():
    from app.nodes.models import Node
    from app.partners.models import Organization, Person

    counts = {
        name: db.session.scalar(select(func.count(model.id)).where(model.archived_at.is_(None)))
        for name, model in (("organizations", Organization), ("people", Person), ("nodes", Node))
    }
    from flask_login import current_user

    from app.auth.models import Role
    from app.nodes.quarterly.queries import coordinator_home

    if current_user.role == Role.coordinator:
        return render_template("home.html", counts=counts, coordinator=coordinator_home(current_user))
    return render_template("home.html", counts=counts)


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        db.session.rollback()
        return jsonify({"status": "unavailable"}), 503
    return jsonify({"status": "ok"})


@bp.route("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="favicon.svg"))
