"""Imports flow one way (STYLE.md): no cycles, and no package imports a layer above it."""

import ast
import sys
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

# Lower numbers sit below higher ones; a package may import its own layer's peers only where said.
LAYERS = {
    "core": 0, "extensions": 0, "config": 0,
    "auth": 1, "audit": 1, "web": 2, "notifications": 2, "backups": 2,
    "partners": 3, "nodes": 4,
    "agreements": 5, "capacity": 6, "cases": 7, "governance": 7, "datarequests": 7,
    "reports": 8, "sync": 9,
    "api": 10, "jobs": 10, "home": 10, "demo": 11,
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in APP.rglob("*.py"):
        name = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def _imports(path: Path, modules) -> set[str]:
    targets = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                targets.add(candidate if candidate in modules else node.module)
        elif isinstance(node, ast.Import):
            targets.update(a.name for a in node.names if a.name.startswith("app."))
    return {t for t in targets if t in modules}


def _graph():
    modules = _modules()
    return {name: _imports(path, modules) - {name} for name, path in modules.items()}


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_no_import_cycles():
    graph = _graph()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    index, low, stack, on_stack, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    assert cycles == []


@pytest.mark.parametrize("package", sorted({p for p in LAYERS}))
def test_no_import_from_a_higher_layer(package):
    upward = []
    for module, targets in _graph().items():
        if _package(module) != package:
            continue
        for target in targets:
            other = _package(target)
            if other and other != package and LAYERS.get(other, 99) > LAYERS[package]:
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_every_package_has_a_layer():
    packages = {p.name for p in APP.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages - set(LAYERS) == set()
