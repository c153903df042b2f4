"""CSDR Hub: the governance and reporting service of the CSDR partner network."""

import logging
from datetime import UTC, date
from pathlib import Path

import click
from flask import Flask, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale, get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import load_config
from app.core import languages, money
from app.core.db import duplicate_from
from app.core.errors import DomainError, StaleVersion
from app.core.transactions import TransactionalFlask
from app.extensions import babel, bootstrap, compress, csrf, db, init_migrations, limiter, login_manager
from app.web import assets

# Old URLs of vendored files (redirects to fingerprinted /static): cacheable whoever asks.
ASSET_ENDPOINTS = {"assets.plotly_js", "assets.plotly_stylesheet", "assets.topojson"}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, CLI, error handlers."""
    app = TransactionalFlask(__name__, instance_relative_config=True)
    app.config.from_mapping(load_config(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)
    if app.config["CSDR_BEHIND_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    app.logger.setLevel(logging.INFO)

    _init_extensions(app)
    _register_blueprints(app)
    _register_error_handlers(app)
    _register_template_helpers(app)
    assets.init_app(app)
    app.before_request(_fresh_request_state)
    app.after_request(_security_headers)
    return app


def _fresh_request_state():
    # A request never inherits who acts from an enclosing app context (the test suite
    # and CLI-driven requests reuse one); in a server each request has its own anyway.
    from flask import g

    for name in ("_login_user", "api_user", "audit_face", "audit_user_id", "_notices_to_mail"):
        g.pop(name, None)
    from flask_babel import refresh

    refresh()  # the language and time zone are chosen again for every request


def _init_extensions(app: Flask) -> None:
    from app.audit import recorder
    from app.auth.models import User
    from app.nodes.directory import NODE_DIRECTORY
    from app.sync import feed as sync_feed

    app.extensions["csdr.node_directory"] = NODE_DIRECTORY  # auth reads nodes only through this
    db.init_app(app)
    if click.get_current_context(silent=True) is not None:  # loaded by the `flask` command: `flask db …`
        init_migrations(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.login_message = languages.N_("Please sign in to see this page.")
    login_manager.localize_callback = languages.translate
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale, timezone_selector=_select_timezone)
    bootstrap.init_app(app)
    limiter.init_app(app)
    # Pages and JSON compressed per response (brotli, else gzip); static files are precompressed by app.web.assets.
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "gzip"])
    compress.init_app(app)
    recorder.install(Session)
    sync_feed.install(Session)

    @login_manager.user_loader
    def load_user(session_token: str):
        from sqlalchemy import select

        return db.session.scalar(select(User).where(User.session_token == session_token))


def _select_locale():
    """The signed-in user's language, else the visitor's switch (a cookie), else Accept-Language."""
    from flask import has_request_context
    from flask_login import current_user

    if not has_request_context():  # jobs and CLI commands (reports built by the scheduler): the default
        return languages.DEFAULT
    if getattr(current_user, "is_authenticated", False) and languages.is_supported(current_user.locale):
        return current_user.locale
    if languages.is_supported(request.cookies.get("lang")):
        return request.cookies["lang"]
    return _best_accepted() or languages.DEFAULT


def _best_accepted() -> str | None:
    """Accept-Language against our languages, by base language (zh-CN, zh-Hans-CN → zh; fr-CA → fr)."""
    for value, _quality in request.accept_languages:
        base = value.replace("_", "-").split("-")[0].lower()
        if languages.is_supported(base):
            return base
    return None


def _select_timezone():
    from flask import has_request_context
    from flask_login import current_user

    if has_request_context() and getattr(current_user, "is_authenticated", False):
        return current_user.time_zone or "UTC"
    return "UTC"


def _register_blueprints(app: Flask) -> None:
    from app.agreements.views import bp as agreements_bp
    from app.api import bp as api_bp
    from app.api import init_app as init_api
    from app.audit.views import bp as audit_bp
    from app.auth.cli import tokens_cli, users_cli
    from app.auth.views import bp as auth_bp
    from app.demo import bp as demo_cli
    from app.home.views import bp as main_bp
    from app.jobs.cli import bp as jobs_cli
    from app.jobs.views import bp as jobs_bp
    from app.nodes.views import bp as nodes_bp
    from app.notifications.views import bp as notifications_bp
    from app.partners.views import bp as partners_bp
    from app.reports.cli import reports_cli
    from app.reports.views import bp as reports_bp

    for blueprint in (main_bp, auth_bp, audit_bp, partners_bp, nodes_bp, users_cli, tokens_cli, demo_cli):
        app.register_blueprint(blueprint)
    app.register_blueprint(agreements_bp)
    from app.capacity.views import bp as capacity_bp
    app.register_blueprint(capacity_bp)
    from app.cases.views import bp as cases_bp
    app.register_blueprint(cases_bp)
    for blueprint in (notifications_bp, jobs_bp, jobs_cli):
        app.register_blueprint(blueprint)
    init_api(app)
    csrf.exempt(api_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(reports_cli)
    from app.nodes.contributions.cli import import_cli
    from app.nodes.contributions.views import bp as contributions_bp
    from app.nodes.quarterly.views import bp as quarterly_bp
    app.register_blueprint(quarterly_bp)
    app.register_blueprint(contributions_bp)
    app.register_blueprint(import_cli)
    from app.datarequests.cli import register_cli as register_datarequests_cli
    from app.datarequests.views import bp as datarequests_bp
    app.register_blueprint(datarequests_bp)
    register_datarequests_cli(app)
    from app.web.help import bp as help_bp
    app.register_blueprint(help_bp)
    from app.governance.views import bp as governance_bp
    app.register_blueprint(governance_bp)
    from app.sync.cli import sync_cli
    from app.sync.views import bp as sync_bp
    app.register_blueprint(sync_cli)
    app.register_blueprint(sync_bp)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _json_error(status: int, code: str, message: str, fields=None):
    return jsonify({"error": {"code": code, "message": message, "fields": fields or {}}}), status


_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
               422: "validation_failed", 429: "too_many_requests"}


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        if error.status == 403:
            app.logger.warning("403 %s %s", request.method, request.path)
        if _wants_json():
            return _json_error(error.status, error.code, error.message, error.fields)
        return render_template("errors/error.html", status=error.status, message=error.message), error.status

    @app.errorhandler(StaleDataError)
    def stale(_error):
        db.session.rollback()
        return domain_error(StaleVersion())

    @app.errorhandler(IntegrityError)
    def integrity(error: IntegrityError):
        db.session.rollback()
        duplicate = duplicate_from(error)
        if duplicate is None:
            return server_error(error)
        return domain_error(duplicate)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        app.logger.warning("CSRF failure %s %s: %s", request.method, request.path, error.description)
        if not current_user.is_authenticated and request.blueprint != "auth":
            # The session expired while a form was open: sign in again and come back to the form,
            # where the browser offers what was typed (app/static/js/forms.js).
            rule = request.url_rule
            back = request.path if rule is not None and "GET" in (rule.methods or ()) else None
            flash(_("Your session had expired. Sign in again; what you typed is kept in this browser."), "warning")
            return redirect(url_for("auth.login", next=back) if back else url_for("auth.login"))
        return render_template("errors/error.html", status=400,
                               message=_("The form had expired or came from elsewhere. Please try again.")), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if _wants_json():
            code = _HTTP_CODES.get(status, "error")
            return _json_error(status, code, error.description or code)
        if status == 429:
            message = _("Too many attempts. Please wait a few minutes and try again.")
            return render_template("errors/error.html", status=429, message=message), 429
        return render_template("errors/error.html", status=status, message=_http_message(status, error)), status

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        if _wants_json():
            return _json_error(500, "server_error", "Something went wrong on our side.")
        return render_template("errors/error.html", status=500,
                               message=_("Something went wrong on our side. It has been logged.")), 500


def _http_message(status: int, error: HTTPException) -> str:
    """Werkzeug's English descriptions, in the reader's language for the common statuses."""
    messages = {
        400: _("The request could not be understood. Please go back and try again."),
        403: _("You do not have access to this page."),
        404: _("This page does not exist, or you may not see it."),
        405: _("This address does not accept that kind of request."),
        413: _("The file is too large."),
    }
    if error.description and error.description != type(error).description:
        return error.description  # a message of ours, given to abort()
    return messages.get(status) or error.description or ""


def _datetime(value) -> str:
    """A date and time in the reader's language and time zone, with the zone named (UTC, Asia/Vientiane)."""
    if not value:
        return ""
    if getattr(value, "tzinfo", None) is None:
        value = value.replace(tzinfo=UTC)  # stored times are UTC
    return f"{format_datetime(value, 'medium')} {get_timezone().zone}"


def _date(value) -> str:
    """A day in the reader's language; a snapshot's ISO text ("2025-01-01") too."""
    if not value:
        return ""
    return format_date(date.fromisoformat(value) if isinstance(value, str) else value, "medium")


def _register_template_helpers(app: Flask) -> None:
    from app.auth import policy
    from app.core.labels import label, readable
    from app.web.assets import topojson_url

    app.jinja_env.filters["date"] = _date
    app.jinja_env.filters["datetime"] = _datetime
    app.jinja_env.filters["t"] = languages.translate
    app.jinja_env.filters["number"] = lambda n: format_decimal(n) if n is not None else ""
    app.jinja_env.filters["money"] = money.amount
    app.jinja_env.filters["quantity"] = money.quantity
    app.jinja_env.globals["languages"] = languages.choices
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["language_name"] = languages.native_name
    app.jinja_env.globals["language_form"] = _language_form
    app.jinja_env.filters["country"] = languages.country_in_language
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["readable"] = readable
    app.jinja_env.globals["policy"] = policy
    app.jinja_env.globals["topojson_url"] = topojson_url


def _security_headers(response):
    headers = response.headers
    headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    from flask import current_app
    from flask_login import current_user

    if current_app.config["CSDR_ENV"] == "production":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    endpoint = request.endpoint or ""
    is_asset = endpoint == "static" or endpoint.endswith(".static") or endpoint in ASSET_ENDPOINTS
    if not is_asset and (getattr(current_user, "is_authenticated", False) or request.path.startswith("/api/")):
        headers["Cache-Control"] = "no-store"
    return response


def _language_form():
    """The navbar's language switch, set to the current language and coming back to this page."""
    from flask_babel import get_locale

    from app.auth.forms import LanguageForm

    path = request.full_path if request.query_string else request.path
    return LanguageForm(formdata=None, lang=str(get_locale() or languages.DEFAULT), next=path)

