"""Imports run one way: config → planner → workflows → assessments (README, "Layering").

Every module of those packages is read with `ast`, imports inside functions included, so a
lazy import cannot hide a dependency. A module may import its own layer or a lower one; only
the composition root (config.urls, config.celery) may import everything. Sub-packages
(planner.cases, workflows.notifications, assessments.risks...) are in their app's layer.

Migrations are read too: a migration that imports a higher app's code breaks, or silently
changes meaning, when that code changes, so their imports obey like any module's. Their
`dependencies` and `apps.get_model(...)` calls name apps by label, and a lower app's
migration that needs a higher app's tables is the same reversed dependency, so those are
checked as well; the two written before this test existed are applied on every deployment
and cannot be rewritten, so they are listed below by file, and nothing else may join them.

Besides imports, a dependency can be written as a string: `import_module("assessments.x")`,
`apps.get_model("assessments", "Assessment")` or `ForeignKey("assessments.Assessment")`.
Constant strings of those forms count as imports. Discovery by the app registry
(`f"{config.name}.demo"`) names no app and is how lower layers reach higher ones.
"""

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: a package may import those before it, never those after.
LAYERS = ["config", "planner", "workflows", "assessments"]
COMPOSITION_ROOT = {"config.urls", "config.celery"}
# Migrations already applied everywhere that reach a higher app by label (file, app label).
HISTORICAL_MIGRATION_REFERENCES = {
    # Rewrote bad plan references and logged each correction in workflows' decision log.
    ("planner/migrations/0003_plan_reference_short_code.py", "workflows"),
    # Indexes for the reminder scan's queries on assessments' and risks' tables.
    ("workflows/notifications/migrations/0003_partner_app_scan_indexes.py", "assessments"),
    ("workflows/notifications/migrations/0003_partner_app_scan_indexes.py", "risks"),
}
# Two modules of one package that may import each other: a service enqueues its task and
# the task calls the service (the issue allows these pairs).
ALLOWED_PAIR = {"services", "tasks"}
RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


@cache
def modules() -> dict[str, Path]:
    """Dotted name → file, for every module of the layered packages."""
    found = {}
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def layer(name: str) -> int | None:
    top = name.split(".", 1)[0]
    return LAYERS.index(top) if top in LAYERS else None


def package_of_label(label: str) -> str | None:
    try:
        return apps.get_app_config(label).name
    except LookupError:
        return None


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _first_string(node: ast.Call) -> str | None:
    if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        return node.args[0].value
    return None


def _first_of_tuple(node: ast.expr) -> str | None:
    if isinstance(node, ast.Tuple) and node.elts and isinstance(node.elts[0], ast.Constant):
        return node.elts[0].value if isinstance(node.elts[0].value, str) else None
    return None


def _resolve_relative(module: str, is_package: bool, level: int, name: str | None) -> str:
    base = module.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, name] if name else base)


@cache
def references(module: str) -> list[tuple[int, str, str]]:
    path = modules()[module]
    return references_in(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")


def references_in(source: str, module: str, is_package: bool) -> list[tuple[int, str, str]]:
    """(line, dotted module or package named, how) for every import and string reference."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, "import") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = _resolve_relative(module, is_package, node.level, node.module)
            for alias in node.names:
                # `from pkg import mod` depends on the submodule, not only on the package.
                sub = f"{base}.{alias.name}"
                found.append((node.lineno, sub if sub in modules() else base, "import"))
        elif isinstance(node, ast.Call) and (text := _first_string(node)) is not None:
            call = _call_name(node)
            if call == "import_module":
                found.append((node.lineno, text, "import_module"))
            elif call == "get_model" or (call in RELATION_FIELDS and "." in text):
                package = package_of_label(text.split(".", 1)[0])
                if package:
                    found.append((node.lineno, package, f"{call}({text!r})"))
        elif isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "dependencies" for t in node.targets
        ):
            # A migration's [("app_label", "0001_initial"), ...]; swappable_dependency()
            # calls name the user model, which is planner's.
            for element in getattr(node.value, "elts", []):
                label = _first_of_tuple(element)
                if label and (package := package_of_label(label)):
                    found.append((element.lineno, package, f"dependency on {label!r}"))
    return list(dict.fromkeys(found))  # `from x import a, b` names x once


def _is_historical(path: Path, package: str, how: str) -> bool:
    """One of the listed migrations naming the app by label (never by importing its code)."""
    relative = path.relative_to(ROOT).as_posix()
    return how != "import" and any(
        relative == file and package_of_label(label) == package
        for file, label in HISTORICAL_MIGRATION_REFERENCES
    )


def upward_references() -> list[str]:
    problems = []
    for module, path in modules().items():
        if module in COMPOSITION_ROOT:
            continue
        for line, target, how in references(module):
            if layer(target) is None or layer(target) <= layer(module):
                continue
            if _is_historical(path, target, how):
                continue
            problems.append(
                f"{path.relative_to(ROOT)}:{line}: {module} ({LAYERS[layer(module)]}) "
                f"reaches {target} ({LAYERS[layer(target)]}, a higher layer) by {how}"
            )
    return problems


def import_graph() -> dict[str, dict[str, int]]:
    """module → {module of the same app it imports: first line}."""
    graph: dict[str, dict[str, int]] = defaultdict(dict)
    for module in modules():
        for line, target, _how in references(module):
            same_app = target.split(".", 1)[0] == module.split(".", 1)[0]
            if same_app and target in modules() and target != module:
                graph[module].setdefault(target, line)
    return graph


def strongly_connected(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Tarjan's algorithm: each group of modules that all reach one another."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups = []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _allowed_pair(group: list[str]) -> bool:
    if len(group) != 2:
        return False
    parents = {m.rpartition(".")[0] for m in group}
    return len(parents) == 1 and {m.rpartition(".")[2] for m in group} == ALLOWED_PAIR


def import_cycles() -> list[str]:
    graph = import_graph()
    problems = []
    for group in strongly_connected(graph):
        if len(group) < 2 or _allowed_pair(group):
            continue
        edges = [
            f"    {modules()[a].relative_to(ROOT)}:{graph[a][b]}: {a} imports {b}"
            for a in group
            for b in group
            if b in graph.get(a, {})
        ]
        problems.append("import cycle between " + ", ".join(group) + ":\n" + "\n".join(edges))
    return problems


def test_every_layered_package_is_read():
    names = modules()
    for package in ("planner.cases", "planner.reports", "workflows.notifications"):
        assert package in names
    assert "assessments.risks.models" in names
    assert any(".migrations." in name for name in names)


def test_no_module_imports_a_higher_layer():
    problems = upward_references()
    assert not problems, "Imports must run config → planner → workflows → assessments:\n" + (
        "\n".join(problems)
    )


def test_no_import_cycles_inside_an_app_except_services_and_tasks():
    problems = import_cycles()
    assert not problems, "\n".join(problems)


def test_the_checks_see_lazy_imports_string_references_and_cycles():
    """The reader itself: a reversed import inside a function and a model named by a string
    are found, and a two-module cycle is a group while a services↔tasks pair is allowed."""
    source = (
        "from django.db import models\n"
        "def f():\n"
        "    from assessments.models import Assessment\n"
        "x = models.ForeignKey('assessments.Assessment', on_delete=models.CASCADE)\n"
    )
    found = references_in(source, "planner.models", is_package=False)
    assert (3, "assessments.models", "import") in found
    assert (4, "assessments", "ForeignKey('assessments.Assessment')") in found
    graph = {
        "a.x": {"a.y": 1},
        "a.y": {"a.x": 2},
        "a.services": {"a.tasks": 3},
        "a.tasks": {"a.services": 4},
    }
    groups = strongly_connected(graph)
    assert ["a.x", "a.y"] in groups and not _allowed_pair(["a.x", "a.y"])
    assert ["a.services", "a.tasks"] in groups and _allowed_pair(["a.services", "a.tasks"])
