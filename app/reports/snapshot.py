"""The shape of a snapshot: plain, JSON-able pieces every face (PDF, dashboard, exports) reads.

A snapshot is ``{"schema", "period", "meta", "headline", "sections", "annex"}``. A section is
``{"key", "title", "summary", "said", "headline", "tables", "charts", "items"}``; a table is
``{"id", "title", "columns", "rows"}``; a chart is ``{"id", "kind", "title", "categories",
"series": [{"name", "values"}]}`` with kind ``bar``, ``hbar``, ``stacked``, ``line`` or ``pie``;
``items`` are groups of text ``{"id", "title", "entries": [{"source", "text"}]}`` (highlights, problems).
Ordered things are lists, so the canonical JSON text (and its SHA-256) does not depend on
dict ordering in another process.

A section's ``summary`` is its sentence in English (the API, the exports); ``said`` is the same
sentence as data (schema 2): a list of messages ``{"msgid", "plural", "n", "params"}`` (``said``)
that each face says in its reader's language (wording.say). A param is a number (written in the
reader's way), a text, another message, or a marked value: ``{"period": "Q3 2025"}`` or
``{"money": [amount, currency]}``. Snapshots of schema 1 have no ``said``: wording reads their
English summary back.
"""

import hashlib
import json
import math
from datetime import date
from decimal import Decimal

SCHEMA = 2  # 2: sections carry their summary as messages ("said")


def figure(key: str, label: str, value, previous=None, unit: str = "", public: bool = True) -> dict:
    """A headline figure with the previous period's value for comparison.

    ``public``: an aggregate of the whole network, fit for the public progress page.
    """
    return {"key": key, "label": label, "value": plain(value), "previous": plain(previous), "unit": unit,
            "public": public}


def table(table_id: str, title: str, columns: list[str], rows: list[list], note: str = "") -> dict:
    return {"id": table_id, "title": title, "columns": list(columns),
            "rows": [[plain(v) for v in row] for row in rows], "note": note}


def chart(chart_id: str, kind: str, title: str, categories: list, series: list[tuple[str, list]],
          unit: str = "", money_by_partner: bool = False) -> dict:
    """A chart; ``money_by_partner``: it shows individual partners' money (the dashboard hides it from
    coordinators, as the contribution pages do; a published report shows it)."""
    return {"id": chart_id, "kind": kind, "title": title, "categories": [plain(c) for c in categories],
            "series": [{"name": name, "values": [plain(v) for v in values]} for name, values in series],
            "unit": unit, "money_by_partner": money_by_partner}


def said(msgid: str, plural: str | None = None, n=None, **params) -> dict:
    """A message of a summary, to be said in the reader's language (``gettext``, or ``ngettext`` with
    ``plural`` and the count ``n``, which is also the param ``count`` unless one is given); its params are
    numbers, texts, other messages, ``period`` or ``money``.

    The msgids are extracted for the catalogues (app/core/extract.py), like ``gettext``'s."""
    if plural is not None:
        params.setdefault("count", n)
    return {"msgid": msgid, "plural": plural, "n": plain(n),
            "params": {name: _param(value) for name, value in sorted(params.items())}}


def period_label(label) -> dict:
    """A period's English label ("2025", "Q3 2025", "2025, year to date") as a param, said in the reader's way."""
    return {"period": str(label)}


def money_of(amount, currency: str) -> dict:
    """An amount of money in a currency as a param, written in the reader's way."""
    return {"money": [plain(amount), currency]}


def term_of(framework: str, code: str) -> dict:
    """A term of a vocabulary (a Paris area: its code) as a param or a cell, named in the reader's language."""
    return {"term": [framework, code]}


def country_of(code: str) -> dict:
    """A country (its ISO code) as a param, named in the reader's language."""
    return {"country": code}


def _param(value):
    return value if isinstance(value, dict) else plain(value)


def section(key: str, title: str, *, summary: str = "", said=(), headline=(), tables=(), charts=(),
            items=()) -> dict:
    """A section; ``said``: its summary as messages (``said(...)``), ``summary`` the same in English."""
    return {"key": key, "title": title, "summary": summary, "said": list(said), "headline": list(headline),
            "tables": list(tables), "charts": list(charts), "items": list(items)}


def is_message(value) -> bool:
    """A cell that is a message (``said``), a term or a country (``term_of``, ``country_of``), or a list of them:
    words the reader's language writes."""
    if isinstance(value, list):
        return bool(value) and all(is_message(v) for v in value)
    return isinstance(value, dict) and bool({"msgid", "term", "country"} & set(value))


def plain(value):
    """A JSON-able scalar: numbers stay numbers (floats rounded), dates become ISO text; a message cell (or a
    list of them, see ``is_message``) stays as it is."""
    if value is None or isinstance(value, (bool, str)) or is_message(value):
        return value
    if isinstance(value, Decimal):
        value = float(value)
    if hasattr(value, "item") and not isinstance(value, (list, dict)):  # numpy scalars
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        rounded = round(value, 2)
        return int(rounded) if rounded.is_integer() and abs(rounded) < 2**53 else rounded
    if isinstance(value, int):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return str(value)


def canonical_json(snapshot: dict) -> str:
    """The one text of a snapshot that is hashed and stored."""
    return json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_table(snapshot: dict, section_key: str, table_id: str) -> dict | None:
    for sec in snapshot.get("sections", []):
        if sec["key"] == section_key:
            return next((t for t in sec["tables"] if t["id"] == table_id), None)
    return None


def find_chart(snapshot: dict, section_key: str, chart_id: str) -> dict | None:
    for sec in snapshot.get("sections", []):
        if sec["key"] == section_key:
            return next((c for c in sec["charts"] if c["id"] == chart_id), None)
    return None


def headline_value(snapshot: dict, key: str):
    return next((f["value"] for f in snapshot.get("headline", []) if f["key"] == key), None)
