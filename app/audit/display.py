"""The audit history as people read it: field labels, readable values, other records by their name.

Stored changes are codes and plain JSON (``{"kind": ["ngo", "research"], "organization_id": [3, 4]}``);
this module turns them into ``(label, old, new)`` texts for the history panels: enum codes become
their labels, references to other records become those records' names, dates are formatted,
lists are joined, dicts become "Key: value" lines, and nothing shows as ``None``, ``True`` or ``{…}``.
It reads models through SQLAlchemy's registry by table name, so it imports no domain.
"""

import re
from datetime import date, datetime

from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, Enum
from sqlalchemy.exc import NoInspectionAvailable

from app.core.countries import country_name
from app.core.labels import humanize, readable
from app.extensions import db

# Link lists recorded next to columns (see app/core/linked.py): which table their ids point into.
LINK_TABLES = {"partner_ids": "organizations", "organizer_ids": "organizations", "signatory_ids": "people",
               "licensee_id": "organizations"}
COUNTRY_LISTS = ("countries", "territory")
CODE_IN_BRACKETS = re.compile(r"^(.*) \((\w+)\)$")
FIELD_LABELS = {"partner_ids": _l("Partners"), "organizer_ids": _l("Organizers"), "signatory_ids": _l("Signatories"),
                "parties": _l("Parties"), "license": _l("License terms"), "countries": _l("Countries"),
                "home_country": _l("Home country"), "t1_push_percent": _l("Scenes pushed within a day (T+1, %)")}
ACTIONS = {"create": _l("Created"), "update": _l("Changed"), "delete": _l("Deleted")}
FACES = {"page": _l("web page"), "api": _l("API"), "cli": _l("command line"), "job": _l("scheduled job"),
         "sync": _l("sync with a node instance")}
NAME_ATTRIBUTES = ("display_name", "name", "title", "reference", "code", "email")


def _models() -> dict:
    return {m.class_.__tablename__: m.class_ for m in db.Model.registry.mappers
            if getattr(m.class_, "__tablename__", None)}


def _name_of(table: str | None, record_id) -> str:
    """Another record by its name; one that no longer exists by its number."""
    model = _models().get(table) if table else None
    if model is None or not isinstance(record_id, int):
        return readable(record_id)
    record = db.session.get(model, record_id)
    if record is None:
        return str(_l("record no. %(id)s", id=record_id))
    for attribute in NAME_ATTRIBUTES:
        value = getattr(record, attribute, None)
        if value:
            return str(value)
    return str(_l("record no. %(id)s", id=record_id))


def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    if name.endswith("_ids"):
        return humanize(name[:-4]) + "s"
    if name.endswith("_id"):
        return humanize(name[:-3])
    return humanize(name)


def _parse_day(value, column_type):
    if not isinstance(value, str):
        return value
    try:
        if isinstance(column_type, DateTime):
            return datetime.fromisoformat(value)
        if isinstance(column_type, Date):
            return date.fromisoformat(value)
    except ValueError:
        return value
    return value


def value_text(model, name: str, value) -> str:
    """One stored value of a field as a person reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if name in LINK_TABLES:
        return ", ".join(_name_of(LINK_TABLES[name], v) for v in value) if isinstance(value, list) else \
            _name_of(LINK_TABLES[name], value)
    if name in ("country", "home_country") and isinstance(value, str):
        return country_name(value)
    if name in COUNTRY_LISTS and isinstance(value, list):
        return ", ".join(country_name(v) if isinstance(v, str) else readable(v) for v in value)
    enums = getattr(model, "__audit_values__", {}) if model is not None else {}
    if name in enums:
        enum = enums[name]
        return ", ".join(_coded(enum, v) for v in value) if isinstance(value, list) else _coded(enum, value)
    column = _column(model, name)
    if column is not None:
        if isinstance(column.type, Enum) and column.type.enum_class is not None and hasattr(
                column.type.enum_class, "label_of"):
            return column.type.enum_class.label_of(value)
        foreign = next(iter(column.foreign_keys), None)
        if foreign is not None:
            return _name_of(foreign.column.table.name, value)
        value = _parse_day(value, column.type)
        if isinstance(value, datetime):
            return format_datetime(value, "medium")
        if isinstance(value, date):
            return format_date(value, "medium")
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "; ".join(_dict_text(model, v) for v in value)
    if isinstance(value, dict):
        return _dict_text(model, value)
    return readable(value)


def _coded(enum, value) -> str:
    """A code's label; in "Name (code)" (an agreement's parties) the code in brackets becomes its label."""
    found = CODE_IN_BRACKETS.match(value) if isinstance(value, str) else None
    if found and found.group(2) in {m.value for m in enum}:
        return f"{found.group(1)} ({enum.label_of(found.group(2))})"
    return enum.label_of(value)


def _dict_text(model, value: dict) -> str:
    return "; ".join(f"{field_label(k)}: {value_text(model, k, v)}" for k, v in value.items())


def _column(model, name: str):
    if model is None:
        return None
    try:
        return model.__table__.columns.get(name)
    except (AttributeError, NoInspectionAvailable):
        return None


def changes_of(event) -> list[tuple[str, str, str]]:
    """(field label, old text, new text) for each change of an audit event."""
    model = _models().get(event.record_type)
    rows = []
    for name, pair in (event.changes or {}).items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        rows.append((field_label(name), value_text(model, name, old), value_text(model, name, new)))
    return rows


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, humanize(action)))


def face_label(face: str) -> str:
    return str(FACES.get(face, humanize(face)))
