"""Helpers the page views share: safe redirects, form errors, loading records."""

from urllib.parse import urlsplit

from flask import abort, url_for
from flask_login import current_user

from app.auth import policy
from app.core.errors import DomainError
from app.extensions import db


def safe_next(target: str | None, default_endpoint: str = "main.home") -> str:
    """Follow ?next= only to a path of this site; anything else goes home."""
    if target:
        target = target.strip()
        parts = urlsplit(target)
        if (target.startswith("/") and not target.startswith("//") and "\\" not in target
                and not parts.scheme and not parts.netloc and not any(ord(c) < 32 for c in target)):
            return target
    return url_for(default_endpoint)


def load_visible(model, record_id):
    """The record, or 404 if it does not exist or the user may not see it."""
    record = db.session.get(model, record_id)
    if record is None or not policy.may_view(current_user, record):
        abort(404)
    return record


def put_errors_on_form(form, error: DomainError) -> None:
    """Show a service's field errors next to the form's fields."""
    from app.core.languages import translate

    placed = False
    for name, messages in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(field.errors) + [translate(m) for m in messages]
            placed = True
    if not placed:
        form.form_errors.append(translate(error.message))


def form_data(form, exclude=("csrf_token", "submit", "version")) -> dict:
    return {k: v for k, v in form.data.items() if k not in exclude}


def save_form(form, save, on_success):
    """Validate a posted form, call one service, commit, redirect; or None to re-render.

    `save(data)` receives the form's fields; a DomainError puts its messages next to the
    fields and rolls back, so nothing is half-written.
    """
    from flask import flash, redirect
    from flask_babel import gettext as _

    if not form.validate_on_submit():
        return None
    try:
        record = save(form_data(form))
    except DomainError as error:
        db.session.rollback()
        if error.status in (403, 404):
            raise
        put_errors_on_form(form, error)
        if error.status == 409 and "version" in error.fields and hasattr(form, "version"):
            form.form_errors.append(error.message)
        return None
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(on_success(record))


def form_status(form) -> int:
    """200 for a fresh form, 422 when it came back with errors."""
    return 422 if form.errors or getattr(form, "form_errors", None) else 200
