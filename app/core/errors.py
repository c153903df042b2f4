"""Domain errors: raised by services, turned into field errors, JSON errors or CLI messages.

Messages are English; pages show them in the reader's language (app/core/extract.py puts the
literal ones in the catalogues)."""

from app.core.languages import N_


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"

    @classmethod
    def on(cls, field: str, message: str) -> "ValidationFailed":
        return cls(message, {field: [message]})


class Conflict(DomainError):
    status = 409
    code = "conflict"


class StaleVersion(Conflict):
    code = "stale_version"

    def __init__(self, message: str = N_("The record was changed by someone else; reload it and try again.")):
        super().__init__(message, {"version": [message]})


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


def collect(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def raise_if(errors: dict[str, list[str]]) -> None:
    """Raise one ValidationFailed naming every bad field, or nothing."""
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed(first, errors)
