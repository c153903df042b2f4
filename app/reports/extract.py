"""A Babel extractor for the figures code: the labels a snapshot carries into the PDF and dashboard.

The snapshot is written in English once (it is hashed and archived); the PDF and the pages
translate its titles, labels and column names through the catalogues when they show them.
Those strings are arguments of ``section``, ``table``, ``chart`` and ``figure`` rather than of
``_()``, so this extractor finds them (plain literals only: an f-string cannot be looked up)
as well as every ordinary ``_()`` call. babel.cfg maps ``app/reports/figures/**.py`` to it.
"""

import ast

from babel.messages.extract import extract_python

# Function name → positions of the arguments that are labels (a list or tuple: each literal in it).
LABEL_ARGS = {"section": (1,), "table": (1, 2), "chart": (2, 4), "figure": (1,)}
LABEL_KEYWORDS = {"title", "label", "note", "columns"}


def _literals(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip():
        yield node
    elif isinstance(node, (ast.List, ast.Tuple)):
        for item in node.elts:
            yield from _literals(item)


def extract_snapshot_labels(fileobj, keywords, comment_tags, options):
    """Babel extraction method: ``_()`` calls as for Python, plus the snapshot's label literals."""
    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    tree = ast.parse(source.decode(options.get("encoding", "utf-8")) if isinstance(source, bytes) else source)
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
        if name not in LABEL_ARGS:
            continue
        nodes = [call.args[i] for i in LABEL_ARGS[name] if i < len(call.args)]
        nodes += [k.value for k in call.keywords if k.arg in LABEL_KEYWORDS]
        for node in nodes:
            for literal in _literals(node):
                yield literal.lineno, None, literal.value, []
