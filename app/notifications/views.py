"""The bell's pages: the list of one's notices, marking them read, e-mail choices."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth import policy
from app.auth.forms import EmptyForm
from app.core.forms import safe_next
from app.core.pagination import page_request
from app.extensions import db
from app.notifications import services
from app.notifications.forms import EmailChoicesForm
from app.notifications.models import Notification
from app.notifications.queries import notices_query, unread_count

bp = Blueprint("notifications", __name__, template_folder="templates")


@bp.app_template_global()
def unread_notice_count() -> int:
    """The bell's number, for the signed-in user."""
    if not getattr(current_user, "is_authenticated", False):
        return 0
    return unread_count(current_user)


@bp.route("/notifications")
@login_required
def index():
    unread_only = request.args.get("unread") == "1"
    paging = page_request(default_per_page=25)
    items = db.paginate(notices_query(current_user, unread_only), page=paging.page, per_page=paging.per_page,
                        error_out=False)
    return render_template("notifications/index.html", items=items, args=request.args, unread_only=unread_only,
                           button=EmptyForm())


@bp.route("/notifications/<int:notice_id>/read", methods=["POST"])
@login_required
def read(notice_id: int):
    notice = db.session.get(Notification, notice_id)
    policy.require_view_notice(current_user, notice)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.mark_read(current_user, notice)
    if request.form.get("open") == "1" and notice.link:
        return redirect(safe_next(notice.link, "notifications.index"))
    return redirect(safe_next(request.form.get("next"), "notifications.index"))


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def read_all():
    if not EmptyForm().validate_on_submit():
        abort(400)
    count = services.mark_all_read(current_user)
    flash(_("%(count)s notices marked read.", count=count), "info")
    return redirect(url_for("notifications.index"))


@bp.route("/notifications/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    form = EmailChoicesForm()
    if form.validate_on_submit():
        services.set_email_choices(current_user, form.kinds.data or [])
        flash(_("Your e-mail choices were saved."), "success")
        return redirect(url_for("notifications.preferences"))
    if request.method == "GET":
        form.kinds.data = [kind.value for kind, wanted in services.email_choices(current_user).items() if wanted]
    return render_template("notifications/preferences.html", form=form), 422 if form.errors else 200
