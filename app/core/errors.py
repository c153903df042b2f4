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


class Duplicate(Conflict):
    """A value that must be unique is already used by another record (API.md: 409)."""

    code = "duplicate"

    @classmethod
    def on(cls, field: str, message: str) -> "Duplicate":
        return cls(message, {field: [message]})


class DuplicateMessage(str):
    """A field message saying the value is taken: `raise_if` answers 409 when every message is one."""


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


def collect(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def collect_duplicate(errors: dict[str, list[str]], field: str, message: str) -> None:
    """Note that the field's value is already used by another record."""
    errors.setdefault(field, []).append(DuplicateMessage(message))


def raise_if(errors: dict[str, list[str]]) -> None:
    """Raise one error naming every bad field, or nothing.

    Only taken unique values → Duplicate (409); anything else wrong too → ValidationFailed (422)
    naming every field, the taken values included, so a form shows all its errors at once.
    """
    if errors:
        first = next(iter(errors.values()))[0]
        if all(isinstance(message, DuplicateMessage) for messages in errors.values() for message in messages):
            raise Duplicate(str(first), {name: [str(m) for m in messages] for name, messages in errors.items()})
        raise ValidationFailed(str(first), {name: [str(m) for m in messages] for name, messages in errors.items()})
