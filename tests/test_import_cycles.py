"""safetynet has no import cycle: each module can be read (and changed) after the ones
it imports, never in a loop. Imports inside functions count too: a lazy import only
hides a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import safetynet

PACKAGE = Path(safetynet.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The safetynet modules ``path`` imports (``from pkg import module`` names the module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return {m for m in found if m in modules}


def import_graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}
    modules = set(paths)
    return {name: _imports(path, modules) - {name} for name, path in paths.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as the modules along it, or ``None``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_graph_sees_real_imports() -> None:
    graph = import_graph()
    assert "safetynet.validation.rules" in graph["safetynet.validation.city"]
    assert "safetynet.cards" in graph["safetynet.figures"]


def test_find_cycle_finds_a_planted_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_safetynet_has_no_import_cycle() -> None:
    assert find_cycle(import_graph()) is None


def test_validation_imports_no_calculator() -> None:
    graph = import_graph()
    calculators = ("safetynet.risk.shares", "safetynet.staffing", "safetynet.referrals")
    for name in (m for m in graph if m.startswith("safetynet.validation")):
        assert not [m for m in graph[name] if m.startswith(calculators)], name


@pytest.mark.parametrize(
    ("calculator", "views"),
    [
        ("safetynet.staffing.planner", "safetynet.staffing.planner_views"),
        ("safetynet.staffing.worked_plan", "safetynet.staffing.planner_views"),
        ("safetynet.network.relations", "safetynet.network.views"),
    ],
)
def test_these_calculators_word_nothing(calculator: str, views: str) -> None:
    """The calculators return numbers, ids and codes; the words are built in their views."""
    graph = import_graph()
    assert "safetynet.i18n" not in graph[calculator]
    assert views not in graph[calculator] and calculator in graph[views]
