"""What text the hub stores: one rule for the API, the page forms and the services.

Refused everywhere: lone surrogates (not text; no database stores them), NUL and control
characters other than line breaks and tabs. Refused in names and references also:
bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) and zero-width
characters, which make a name display as something else than it is.
"""

from flask_babel import lazy_gettext as _l

CONTROL = frozenset(chr(c) for c in (*range(0x20), 0x7F)) - {"\n", "\r", "\t"}
BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C))
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
NAME_FIELDS = frozenset({"name", "acronym", "code", "reference", "title", "filename"})
INT_LIMIT = 2**63 - 1  # no number beyond what a 64-bit column holds


def text_problem(value: str, *, name: bool = False) -> str | None:
    """Why this text may not be stored, or None."""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        return str(_l("Contains an invalid character (a lone surrogate)."))
    if not CONTROL.isdisjoint(value):
        return str(_l("Contains a control character; only line breaks and tabs are allowed."))
    if name and not (BIDI.isdisjoint(value) and ZERO_WIDTH.isdisjoint(value)):
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
