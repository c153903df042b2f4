"""What text the hub stores: one rule for the API, the page forms and the services.

Refused everywhere: lone surrogates (not text; no database stores them), NUL and control
characters other than line breaks and tabs. Refused in names and references also:
bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) and zero-width
characters, which make a name display as something else than it is.
"""

import re
import unicodedata

from flask_babel import lazy_gettext as _l

CONTROL = frozenset(chr(c) for c in (*range(0x20), 0x7F)) - {"\n", "\r", "\t"}
BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C))
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
NAME_FIELDS = frozenset({"name", "acronym", "code", "reference", "title", "filename"})
INT_LIMIT = 2**63 - 1  # no number beyond what a 64-bit column holds
JOINERS = "\u200c\u200d"  # ZWNJ/ZWJ: part of how Sinhala, Bengali, Devanagari… words are spelled

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[" + "".join(sorted(CONTROL)).replace("\\", "\\\\").replace("]", "\\]") + "]")
_INVISIBLE = re.compile("[" + "".join(sorted(BIDI | ZERO_WIDTH)) + "]")


def _spelling_joiner(value: str, at: int) -> bool:
    """A ZWNJ/ZWJ right after a letter or mark of a non-Latin script is spelling, not disguise."""
    if value[at] not in JOINERS or at == 0:
        return False
    before = value[at - 1]
    return ord(before) > 0x2FF and unicodedata.category(before)[0] in "LM"


def text_problem(value: str, *, name: bool = False) -> str | None:
    """Why this text may not be stored, or None."""
    if _SURROGATE.search(value):
        return str(_l("Contains an invalid character (a lone surrogate)."))
    if _CONTROL.search(value):
        return str(_l("Contains a control character; only line breaks and tabs are allowed."))
    if name and any(not _spelling_joiner(value, m.start()) for m in _INVISIBLE.finditer(value)):
        return str(_l("Contains invisible or text-direction characters; type it plainly."))
    return None


def _problem(value, name: bool) -> str | None:
    if isinstance(value, str):
        return text_problem(value, name=name)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and abs(value) > INT_LIMIT:
        return str(_l("The number is too large."))
    if isinstance(value, dict):
        for key, item in value.items():
            problem = _problem(key, True) or _problem(item, name or key in NAME_FIELDS)
            if problem:
                return problem
    if isinstance(value, list | tuple):
        for item in value:
            if problem := _problem(item, name):
                return problem
    return None


def input_problems(data: dict) -> dict[str, list[str]]:
    """Each field of the input whose text (or number) may not be stored, with the reason."""
    problems: dict[str, list[str]] = {}
    for key, value in data.items():
        problem = text_problem(key, name=True) if isinstance(key, str) else None
        problem = problem or _problem(value, key in NAME_FIELDS)
        if problem:
            problems[str(key).encode("utf-8", "replace").decode()] = [problem]
    return problems


def _column_problem(column, value) -> str | None:
    from sqlalchemy import Integer, String

    from app.core.columns import limits

    kind = column.type
    if isinstance(value, str) and isinstance(kind, String):
        if problem := text_problem(value, name=column.key in NAME_FIELDS):
            return problem
        most = limits(column).max_length
        if most and len(value) > most:
            return str(_l("Enter at most %(max)d characters.", max=most))
    elif isinstance(value, int) and not isinstance(value, bool) and isinstance(kind, Integer):
        if abs(value) > limits(column).max_int:
            return str(_l("The number is too large."))
    return None


def column_problem(attribute, value) -> str | None:
    """Why `value` may not be stored in this column (Report.summary), or None: the flush guard's
    rule, for a service that must know before it writes anything else (a file)."""
    from app.core.columns import column_of

    return _column_problem(column_of(attribute), value)


def stored_problems(record) -> dict[str, list[str]]:
    """Each text or number column of a new or changed record whose value may not be stored.

    Run before every flush (app/core/db.py), so the rule holds for pages, API, CLI, imports and
    sync alike; pages and the API check the same rule earlier only to answer beside the field.
    """
    from sqlalchemy import inspect

    state = inspect(record)
    problems: dict[str, list[str]] = {}
    for attribute in state.mapper.column_attrs:
        if len(attribute.columns) != 1:
            continue
        column = attribute.columns[0]
        if state.pending or state.transient:
            values = [getattr(record, attribute.key, None)]
        else:
            values = state.attrs[attribute.key].history.added or ()
        for value in values:
            if problem := _column_problem(column, value):
                problems.setdefault(attribute.key, []).append(problem)
    return problems
