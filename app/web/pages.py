"""Page helpers that ask the policy: loading visible records, saving a form."""

import logging

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


def check_with_service(form, save, put=put_errors_on_form) -> None:
    """The form's own checks failed: run the service's checks as well, so that every error of
    the form shows at once (not one round trip per rule), then roll back whatever it did.

    `save()` calls the service; if its checks pass it writes, and the rollback undoes that. Only
    a DomainError is shown; anything else the service trips on with the form's incomplete
    values (a NOT NULL column the form check already reported …) is dropped with the rollback."""
    if "csrf_token" in form.errors:
        return
    try:
        save()
    except DomainError as error:
        if error.status in (403, 404):
            db.session.rollback()
            raise
        put(form, error, keep_form_checks=True)
    except Exception:  # noqa: BLE001 - see the docstring: the form's own errors are shown anyway
        logging.getLogger(__name__).debug("service check of an invalid form failed", exc_info=True)
    finally:
        db.session.rollback()


def save_form(form, save, on_success, message=None):
    """Validate a posted form, call one service, redirect; or None to re-render.

    `save(data)` receives the form's fields; a DomainError puts its messages next to the
    fields and rolls back, so nothing is half-written. The request commits after the handler
    (TransactionalFlask), once. `message` is flashed after the save (default: "Saved.").
    """
    from flask import flash, redirect
    from flask_babel import gettext as _

    if not form.validate_on_submit():
        if form.is_submitted():
            check_with_service(form, lambda: save(form_data(form)))
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
    flash(message or _("Saved."), "success")
    return redirect(on_success(record))



def _duplicate_or_raise(error):
    from app.core.db import duplicate_from

    duplicate = duplicate_from(error)
    if duplicate is None:
        raise error
    return duplicate
