"""Crossnote's modules import each other without cycles, counting the imports written
inside functions too: an import moved into a function hides a cycle from Python, not from
the design. The graph is read from the source with `ast`, so nothing is imported.

A few imports are deferred on purpose and may close a cycle: each is listed in DEFERRED
with its reason, and must stay inside a function (at module level it would be a real
import-time cycle)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "crossnote"

# (importer, imported): a background task calling back into the writes that enqueue it.
DEFERRED = {
    # publishes the note once its photos are made
    ("crossnote.notes.tasks", "crossnote.notes.actions"),
    # sends the email that a reset request queued
    ("crossnote.accounts.tasks", "crossnote.accounts.resets"),
    # the live channel's interface (crossnote.live.publish) loads its implementation on use
    ("crossnote.live", "crossnote.live.channel"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imported_names(node: ast.stmt, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:  # relative: resolve against this module's package
        anchor = module.split(".")
        anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
        base = ".".join([*anchor, base] if base else anchor)
    # `from a import b` imports a.b when b is a module, else just a.
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def _imports(path: Path, modules: set[str]) -> dict[str, bool]:
    """Crossnote modules that `path` imports, each mapped to whether every such import is
    written inside a function (deferred) rather than run when the module loads."""
    module, is_package = _module_name(path), path.name == "__init__.py"
    found: dict[str, bool] = {}

    def visit(body: list[ast.stmt], in_function: bool) -> None:
        for node in body:
            if _is_type_checking(node):
                continue  # never runs
            for name in _imported_names(node, module, is_package):
                # Importing a.b.c also runs a and a.b: their packages' __init__ modules.
                parts = name.split(".")
                for end in range(1, len(parts) + 1):
                    target = ".".join(parts[:end])
                    if target in modules and target != module:
                        found[target] = found.get(target, True) and in_function
            deeper = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    visit([child], deeper)

    visit(ast.parse(path.read_text(), str(path)).body, False)
    return found


def _graph() -> dict[str, dict[str, bool]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    return {_module_name(p): _imports(p, modules) for p in paths}


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while (member := stack.pop()) != node:
                group.append(member)
            group.append(node)
            if len(group) > 1:
                groups.append(_path_through(sorted(group), edges))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return groups


def _path_through(group: list[str], edges: dict[str, set[str]]) -> list[str]:
    """A cycle from the group's first module back to itself, for the failure message."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for other in sorted(edges[node] & members):
            if other == start:
                return [*paths[node], start]
            if other not in paths:
                paths[other] = [*paths[node], other]
                queue.append(other)
    return group


def test_the_graph_sees_function_level_imports():
    # The check below means something only if deferred imports are in the graph.
    graph = _graph()
    assert graph["crossnote.notes.tasks"]["crossnote.notes.actions"] is True
    assert graph["crossnote.notes.actions"]["crossnote.notes.models"] is False
    assert "crossnote.accounts.models" not in graph["crossnote.relations.queries"]  # TYPE_CHECKING


def test_no_import_cycles():
    graph = _graph()
    edges = {
        module: {target for target in imported if (module, target) not in DEFERRED}
        for module, imported in graph.items()
    }
    cycles = [" -> ".join(cycle) for cycle in _cycles(edges)]
    assert cycles == [], "import cycles (imports inside functions count too)"


def test_deferred_imports_stay_deferred():
    graph = _graph()
    for importer, imported in sorted(DEFERRED):
        assert graph[importer].get(imported) is True, f"{importer} -> {imported}"


def test_permissions_import_only_core():
    # Every actions module imports these checks, so they must not import any of them back.
    imported = _graph()["crossnote.moderation.permissions"]
    assert {m for m in imported if m != "crossnote" and not m.startswith("crossnote.core")} == set()
