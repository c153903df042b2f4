"""Page and per_page from a request, the same for pages and the API."""

from dataclasses import dataclass

from flask import request

from app.core.errors import DomainError

MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000  # (page - 1) * per_page stays far inside a 64-bit OFFSET


@dataclass(frozen=True)
class PageRequest:
    page: int
    per_page: int


def page_request(default_per_page: int = 50) -> PageRequest:
    """Read ?page=&per_page= or raise a 400 naming the bad parameter."""
    values = {}
    for name, default, upper in (("page", 1, MAX_PAGE), ("per_page", default_per_page, MAX_PER_PAGE)):
        raw = request.args.get(name, default)
        try:
            number = int(raw)
        except (TypeError, ValueError):
            raise DomainError(f"{name} must be a whole number", {name: ["must be a whole number"]}) from None
        if number < 1 or (upper and number > upper):
            limit = f"between 1 and {upper}" if upper else "at least 1"
            raise DomainError(f"{name} must be {limit}", {name: [f"must be {limit}"]})
        values[name] = number
    return PageRequest(**values)
