"""Babel extractors (babel.cfg): what ``_()`` finds, plus the English messages made elsewhere.

Two kinds of text reach people without passing through ``_()`` where they are written, and are
translated where they are shown (``languages.translate``, the ``|t`` filter, ``pdf.t``):

- the messages of the services' errors (``collect(errors, field, "…")``, ``Conflict("…")``,
  ``ValidationFailed.on(field, "…")``, ``policy.require(allowed, "…")``), shown next to a field,
  in a flash or on the error page;
- the labels a report snapshot carries (arguments of ``section``, ``table``, ``chart`` and
  ``figure`` in app/reports/figures): the snapshot is archived in English and each PDF
  translates what it shows;
- the messages of its section summaries (``said(msgid, plural, n, **params)`` in
  app/reports/figures, said in the reader's language by wording.say): taken as ``gettext``'s,
  or as ``ngettext``'s when they have a plural.

Only plain literals are taken (both branches of ``a if c else b`` too): an f-string cannot be
looked up in a catalogue, so its text stays English.
"""

import ast

from babel.messages.extract import extract_python

# Call name → position of the message among its arguments.
ERROR_CALLS = {"collect": 2, "on": 1, "require": 1, "Conflict": 0, "NotFound": 0, "Forbidden": 0,
               "ValidationFailed": 0, "DomainError": 0, "StaleVersion": 0}
# Call name → positions of the label arguments (a list or tuple: each literal in it).
LABEL_CALLS = {"section": (1,), "table": (1, 2), "chart": (2, 4), "figure": (1,)}
LABEL_KEYWORDS = {"title", "label", "note", "columns"}


def _literals(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip():
        yield node
    elif isinstance(node, (ast.List, ast.Tuple)):
        for item in node.elts:
            yield from _literals(item)
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)


def _calls(source):
    tree = ast.parse(source.decode("utf-8") if isinstance(source, bytes) else source)
    for call in ast.walk(tree):
        if isinstance(call, ast.Call):
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            yield name, call


def _messages(fileobj, keywords, comment_tags, options, extra):
    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    for name, call in _calls(source):
        for node in extra(name, call):
            for literal in _literals(node):
                yield literal.lineno, None, literal.value, []


def _error_messages(name, call):
    position = ERROR_CALLS.get(name)
    if position is not None and position < len(call.args):
        yield call.args[position]
    for keyword in call.keywords:
        if name in ERROR_CALLS and keyword.arg == "message":
            yield keyword.value


def _snapshot_labels(name, call):
    if name in LABEL_CALLS:
        yield from (call.args[i] for i in LABEL_CALLS[name] if i < len(call.args))
        yield from (k.value for k in call.keywords if k.arg in LABEL_KEYWORDS)


def extract_app(fileobj, keywords, comment_tags, options):
    """Python as Babel reads it, plus the literal messages of the services' errors."""
    yield from _messages(fileobj, keywords, comment_tags, options, _error_messages)


def _said(source):
    """The messages of ``said(msgid, plural=None, n=None, **params)`` calls, singular and plural together."""
    for name, call in _calls(source):
        if name != "said" or not call.args:
            continue
        plural = call.args[1] if len(call.args) > 1 else next(
            (k.value for k in call.keywords if k.arg == "plural"), None)
        msgid = next(_literals(call.args[0]), None)
        if msgid is None:
            continue
        if plural is None:
            yield msgid.lineno, None, msgid.value, []
        elif (said_plural := next(_literals(plural), None)) is not None:
            yield msgid.lineno, "ngettext", (msgid.value, said_plural.value), []


def extract_figures(fileobj, keywords, comment_tags, options):
    """The figures code: as ``extract_app``, plus the labels of the snapshot's pieces and the messages of
    its summaries."""
    source = fileobj.read()
    fileobj.seek(0)
    yield from _messages(fileobj, keywords, comment_tags, options,
                         lambda name, call: [*_error_messages(name, call), *_snapshot_labels(name, call)])
    yield from _said(source)
