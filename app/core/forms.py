"""Form and redirect helpers every page uses; they know no domain and ask no policy."""

from urllib.parse import urlsplit

from flask import url_for

from app.core.errors import DomainError


def safe_next(target: str | None, default_endpoint: str = "main.home") -> str:
    """Follow ?next= only to a path of this site; anything else goes home."""
    if target:
        target = target.strip()
        parts = urlsplit(target)
        if (target.startswith("/") and not target.startswith("//") and "\\" not in target
                and not parts.scheme and not parts.netloc and not any(ord(c) < 32 for c in target)):
            return target
    return url_for(default_endpoint)


def put_errors_on_form(form, error: DomainError, keep_form_checks: bool = False) -> None:
    """Show a service's field errors next to the form's fields, in the reader's language.

    keep_form_checks: the form's own checks failed already; a field they found wrong keeps only
    their message (the service saw no value for it), the others get the service's."""
    from app.core.languages import translate

    placed = False
    for name, messages in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            if not (keep_form_checks and field.errors):
                field.errors = list(field.errors) + [translate(m) for m in messages]
            placed = True
    if not placed and not (keep_form_checks and error.fields):
        form.form_errors.append(translate(error.message))


def form_data(form, exclude=("csrf_token", "submit", "version")) -> dict:
    return {k: v for k, v in form.data.items() if k not in exclude}


def form_status(form) -> int:
    """200 for a fresh form, 422 when it came back with errors."""
    return 422 if form.errors or getattr(form, "form_errors", None) else 200


def column_checks(attribute, *more) -> list:
    """A form field's checks read from its column (app/core/columns.py): needed or optional, and
    its length; `more` adds the checks a column cannot say (an e-mail, an address)."""
    from wtforms.validators import DataRequired, Length, Optional

    from app.core.columns import limits

    rules = limits(attribute)
    checks = [DataRequired() if rules.required else Optional()]
    if rules.max_length:
        checks.append(Length(max=rules.max_length))
    return [*checks, *more]
