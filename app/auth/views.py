"""Sign-in, sign-out, profile (password, API tokens) and the admin's user pages."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from app.auth import policy, services
from app.auth.directory import node_directory
from app.auth.forms import (
    EmptyForm,
    LanguageForm,
    LoginForm,
    PasswordChangeForm,
    PreferencesForm,
    TokenForm,
    UserInviteForm,
    UserRoleForm,
)
from app.auth.models import ApiToken, User
from app.core import languages
from app.core.errors import DomainError
from app.core.forms import put_errors_on_form, safe_next
from app.extensions import db, limiter

bp = Blueprint("auth", __name__, template_folder="templates")
LANGUAGE_COOKIE = "lang"


def _failed_login(response) -> bool:
    return response.status_code != 302


def _account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ADDRESS"], methods=["POST"], deduct_when=_failed_login)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ACCOUNT"], methods=["POST"], key_func=_account_key,
               deduct_when=_failed_login)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            if user.locale is None and languages.is_supported(request.cookies.get(LANGUAGE_COOKIE)):
                services.set_preferences(user, locale=request.cookies[LANGUAGE_COOKIE])  # the visitor's switch
            session.clear()
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
        current_app.logger.warning("failed sign-in for %r from %s", form.email.data, request.remote_addr)
        form.password.errors.append(_("The e-mail or password is not right."))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 401


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        services.end_sessions(current_user)
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))



@bp.route("/language", methods=["POST"])
def language():
    """The navbar's switch: kept on the account when signed in, else in a cookie for a year."""
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    response = redirect(safe_next(form.next.data), 303)
    if current_user.is_authenticated:
        services.set_preferences(current_user, locale=form.lang.data)
    else:
        response.set_cookie(LANGUAGE_COOKIE, form.lang.data, max_age=365 * 24 * 3600, httponly=True,
                            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def _profile_page(status: int = 200, **forms):
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.created_at.desc())
    ).all()
    pages = {"password_form": PasswordChangeForm(), "token_form": TokenForm(), "new_token": None,
             "preferences_form": PreferencesForm(locale=current_user.locale or get_locale_code(),
                                                 time_zone=current_user.time_zone or "")}
    return render_template("auth/profile.html", tokens=tokens, button=EmptyForm(), **(pages | forms)), status


def get_locale_code() -> str:
    from flask_babel import get_locale

    return str(get_locale() or "en")


@bp.route("/profile")
@login_required
def profile():
    return _profile_page()


@bp.route("/profile/preferences", methods=["POST"])
@login_required
def preferences():
    form = PreferencesForm()
    if form.validate_on_submit():
        try:
            services.set_preferences(current_user, locale=form.locale.data, time_zone=form.time_zone.data)
        except DomainError as error:
            db.session.rollback()
            put_errors_on_form(form, error)
        else:
            refresh()  # the flash below is written in the language just chosen
            flash(_("Your preferences were saved."), "success")
            return redirect(url_for("auth.profile"), 303)
    return _profile_page(422, preferences_form=form)


@bp.route("/profile/password", methods=["POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            db.session.rollback()
            put_errors_on_form(form, error)
        else:
            login_user(current_user._get_current_object(), fresh=True)  # keep this session, end the others
            flash(_("Your password was changed; other sessions were signed out."), "success")
            return redirect(url_for("auth.profile"))
    return _profile_page(422, password_form=form)


@bp.route("/profile/tokens", methods=["POST"])
@login_required
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        abort(400)
    token, plain = services.create_token(current_user, form.name.data)
    return _profile_page(new_token=plain)


@bp.route("/profile/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or not (token.user_id == current_user.id or policy.may_manage_users(current_user)):
        abort(404)
    if EmptyForm().validate_on_submit():
        services.revoke_token(current_user, token)
        flash(_("The token was revoked."), "info")
    return redirect(safe_next(request.form.get("next"), "auth.profile"))


def _node_choices():
    return [("", "—")] + node_directory().choices()


@bp.route("/admin/users", methods=["GET", "POST"])
@login_required
def users():
    policy.require(policy.may_manage_users(current_user))
    form = UserInviteForm()
    form.node_id.choices = _node_choices()
    created = None
    if form.validate_on_submit():
        try:
            user, password = services.create_user(current_user, email=form.email.data, name=form.name.data,
                                                  role=form.role.data, node_id=form.node_id.data)
        except DomainError as error:
            db.session.rollback()
            put_errors_on_form(form, error)
        else:
            created = (user, password)
            form = UserInviteForm(formdata=None)
            form.node_id.choices = _node_choices()
    all_users = db.session.scalars(select(User).order_by(User.email)).all()
    return render_template("auth/users.html", users=all_users, form=form, created=created, button=EmptyForm(),
                           node_choices=_node_choices()), 422 if form.errors else 200


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@login_required
def user_detail(user_id: int):
    policy.require(policy.may_manage_users(current_user))
    user = db.session.get(User, user_id) or abort(404)
    form = UserRoleForm(obj=user)
    form.node_id.choices = _node_choices()
    if form.validate_on_submit():
        try:
            services.set_user_role(current_user, user, form.role.data, form.node_id.data)
        except DomainError as error:
            db.session.rollback()
            put_errors_on_form(form, error)
        else:
            flash(_("The role was changed."), "success")
            return redirect(url_for("auth.user_detail", user_id=user.id))
    return render_template("auth/user_detail.html", user=user, form=form, button=EmptyForm())


@bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
@login_required
def set_active(user_id: int):
    policy.require(policy.may_manage_users(current_user))
    user = db.session.get(User, user_id) or abort(404)
    if EmptyForm().validate_on_submit():
        try:
            services.set_user_active(current_user, user, request.form.get("active") == "1")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
    return redirect(url_for("auth.user_detail", user_id=user.id))
