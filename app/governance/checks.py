"""Field checks the governance services share: required values, periods, references, lists."""

import re

from sqlalchemy import select

from app.core.countries import is_country
from app.core.errors import collect
from app.extensions import db
from app.partners.models import Organization, Person

_SPLIT = re.compile(r"[,;\n]+")


def text(data: dict, *names) -> dict:
    """Strip text fields; an empty text becomes None."""
    for name in names:
        if isinstance(data.get(name), str):
            data[name] = data[name].strip() or None
    return data


def required(data: dict, record, errors: dict, **messages) -> None:
    """On creation every named field must be given; on update a given one must not be emptied."""
    for name, message in messages.items():
        if (record is None or name in data) and data.get(name) in (None, "", []):
            collect(errors, name, message)


def merged(record, data: dict, fields) -> dict:
    """The values the record will hold once data is applied."""
    return {name: data[name] if name in data else getattr(record, name, None) for name in fields}


def period(values: dict, errors: dict, start="start_on", end="end_on") -> None:
    if values.get(start) and values.get(end) and values[end] < values[start]:
        collect(errors, end, "The end date is before the start date.")


def exists(model, record_id, field: str, errors: dict, noun: str):
    """The record with that id, or None and an error naming the field."""
    if record_id is None:
        return None
    found = db.session.get(model, record_id) if isinstance(record_id, int) else None
    if found is None:
        collect(errors, field, f"No {noun} with id {record_id}.")
    return found


def organizations(ids, field: str, errors: dict) -> list[Organization]:
    """The organizations of the ids, in the given order; unknown ids are named in an error."""
    ids = list(dict.fromkeys(i for i in (ids or []) if i is not None))
    found = {o.id: o for o in db.session.scalars(select(Organization).where(Organization.id.in_(ids)))} if ids else {}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        collect(errors, field, f"No organization with id {', '.join(missing)}.")
    return [found[i] for i in ids if i in found]


def people(ids, field: str, errors: dict) -> list[Person]:
    ids = list(dict.fromkeys(i for i in (ids or []) if i is not None))
    found = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))} if ids else {}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        collect(errors, field, f"No person with id {', '.join(missing)}.")
    return [found[i] for i in ids if i in found]


def words(value) -> list[str]:
    """A list of short texts from a list, or from text separated by commas, semicolons or lines."""
    if value is None:
        return []
    items = _SPLIT.split(value) if isinstance(value, str) else [str(v) for v in value]
    return list(dict.fromkeys(v.strip() for v in items if v and v.strip()))


def countries(value, field: str, errors: dict) -> list[str]:
    codes = [c.upper() for c in words(value)]
    bad = [c for c in codes if not is_country(c)]
    if bad:
        collect(errors, field, f"Unknown country code(s): {', '.join(bad)}; use ISO 3166 alpha-3 (e.g. LAO).")
    return codes


def web_address(value, field: str, errors: dict):
    if value and (not re.match(r"^https?://[^\s/]+\S*$", value) or len(value) > 500):
        collect(errors, field, "Not a web address (http:// or https://).")
    return value
