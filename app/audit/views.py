"""The audit page: every change, filterable, for admin and secretariat."""

from datetime import UTC, datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from app.audit.queries import audit_query
from app.auth import policy
from app.auth.models import User
from app.core.pagination import page_request
from app.extensions import db

bp = Blueprint("audit", __name__, template_folder="templates")


def _day(value: str | None, end: bool = False):
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date() if value else None
    except ValueError:
        return None
    if day is None:
        return None
    moment = datetime.combine(day, time.min, tzinfo=UTC)
    return moment + timedelta(days=1) if end else moment


@bp.route("/audit")
@login_required
def index():
    policy.require(policy.may_view_audit(current_user))
    args = request.args
    user_id = args.get("user_id", type=int)
    query = audit_query(record_type=args.get("record_type") or None, user_id=user_id,
                        face=args.get("face") or None, action=args.get("action") or None,
                        since=_day(args.get("since")), until=_day(args.get("until"), end=True))
    paging = page_request()
    events = db.paginate(query, page=paging.page, per_page=paging.per_page, error_out=False)
    users = db.session.execute(select(User.id, User.email).order_by(User.email)).all()
    return render_template("audit/index.html", events=events, users=users, args=args)
