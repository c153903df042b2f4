"""Labels people read for closed sets (enums) and for values shown in pages, PDFs and exports.

One mechanism: an enum of the app derives from ``LabeledEnum`` and names its labels next to its
members in ``__labels__`` (lazy_gettext strings keyed by value). ``member.label`` is the text a
person reads; the value stays the code the API, the database and the CSV's code columns use.
Templates use the ``label`` filter (registered in app/__init__.py): ``{{ record.kind|label }}``,
``{{ code|label(OrganizationKind) }}``, lists joined, booleans as Yes/No, None as "".
"""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from flask_babel import format_date, format_datetime, format_decimal, gettext


def humanize(code: str) -> str:
    """A readable fallback for a code without a label: ``staff_exchange`` → "Staff exchange"."""
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


class LabeledEnum(StrEnum):
    """A closed set whose members carry a label: ``__labels__ = {"ngo": _l("Non-governmental organization")}``."""

    @property
    def lazy_label(self):
        """The label as a lazy string (translated when shown): for choices built at import time."""
        labels = type(self).__dict__.get("__labels__") or {}
        text = labels.get(self.value)
        return text if text is not None else humanize(self.value)

    @property
    def label(self) -> str:
        return str(self.lazy_label)

    @classmethod
    def choices(cls, members=None) -> list[tuple[str, object]]:
        """(value, label) pairs for select options and filters (labels stay lazy until shown)."""
        return [(member.value, member.lazy_label) for member in (cls if members is None else members)]

    @classmethod
    def label_of(cls, value) -> str:
        """The label of a value (a member or its code); an unknown code is humanized, nothing is ""."""
        if value is None or value == "":
            return ""
        try:
            return cls(value).label
        except ValueError:
            return humanize(value)


def yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


def label(value, enum: type[LabeledEnum] | None = None) -> str:
    """The text a person reads for a value: labels for codes, Yes/No, lists joined, "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, (list, tuple, set)):
        return ", ".join(t for t in (label(v, enum) for v in value) if t)
    if hasattr(value, "label") and not isinstance(value, type):
        return str(value.label)
    if enum is not None:
        return enum.label_of(value)
    return str(value)


def readable(value) -> str:
    """Any stored value as text for a person (history panels): never a Python repr, "None" or "True"."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    if hasattr(value, "label"):
        return str(value.label)
    if isinstance(value, datetime):
        return format_datetime(value, "medium")
    if isinstance(value, date):
        return format_date(value, "medium")
    if isinstance(value, (int, float, Decimal)):
        return format_decimal(value)
    if isinstance(value, (list, tuple, set)):
        return ", ".join(readable(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{humanize(k)}: {readable(v)}" for k, v in value.items())
    return str(value)
