"""Page helpers that ask the policy or commit: loading visible records, saving a form."""

from flask import abort
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.auth import policy
from app.core.errors import DomainError
from app.core.forms import form_data, put_errors_on_form
from app.core.text import input_problems
from app.extensions import db


def load_visible(model, record_id):
    """The record, or 404 if it does not exist or the user may not see it."""
    record = db.session.get(model, record_id)
    if record is None or not policy.may_view(current_user, record):
        abort(404)
    return record


def save_form(form, save, on_success):
    """Validate a posted form, call one service, commit, redirect; or None to re-render.

    `save(data)` receives the form's fields; a DomainError puts its messages next to the
    fields and rolls back, so nothing is half-written.
    """
    from flask import flash, redirect
    from flask_babel import gettext as _

    if not form.validate_on_submit():
        return None
    if problems := input_problems(form_data(form)):  # the same text rule as the API's
        put_errors_on_form(form, DomainError(next(iter(problems.values()))[0], problems))
        return None
    try:
        record = save(form_data(form))
        db.session.flush()
    except (DomainError, IntegrityError) as error:
        db.session.rollback()
        if isinstance(error, IntegrityError):  # a unique value taken by a concurrent writer
            error = _duplicate_or_raise(error)
        if error.status in (403, 404):
            raise
        put_errors_on_form(form, error)
        if error.status == 409 and "version" in error.fields and hasattr(form, "version"):
            form.form_errors.append(error.message)
        return None
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(on_success(record))



def _duplicate_or_raise(error):
    from app.core.db import duplicate_from

    duplicate = duplicate_from(error)
    if duplicate is None:
        raise error
    return duplicate
