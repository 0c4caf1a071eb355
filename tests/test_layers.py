"""The package's rooms import only downwards, and no module imports itself back.

Rooms, lowest first (``roi_xl/__init__.py`` names them for a reader): a module
may import its own room and the rooms this table allows, nothing else of
roi_xl. ``excel`` sits beside ``office``: the Excel functions need neither
LibreOffice nor the workbook builders. The imports are read from the source
(``ast``), so an import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "roi_xl"

ALLOWED = {
    "core": {"core"},
    "io": {"io", "core"},
    "workbooks": {"workbooks", "io", "core"},
    "data": {"data", "workbooks", "io", "core"},
    "office": {"office", "data", "workbooks", "io", "core"},
    "excel": {"excel", "io", "core"},
    "cli": {"cli", "excel", "office", "data", "workbooks", "io", "core"},
}
TOP = {"__init__", "__main__"}  # the only modules flat in roi_xl/


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, package: Path = PACKAGE) -> set[str]:
    """Every roi_xl module ``path`` imports, as an absolute dotted name."""
    modules = {module_name(p, package) for p in package.rglob("*.py")}
    name = module_name(path, package)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from . import tracking_demo` imports that module; `from .x import y`, x
            submodules = {f"{target}.{alias.name}" for alias in node.names} & modules
            found |= submodules or {target}
    return {m for m in found if m in modules and m not in ("roi_xl", name)}


def room(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_left_flat_in_the_package():
    flat = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in TOP)
    assert flat == []
    assert set(ALLOWED) <= {p.name for p in PACKAGE.iterdir() if p.is_dir()}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_only_downwards(path):
    name = module_name(path)
    here = room(name)
    if here in ("", "__main__"):  # roi_xl/__init__.py and __main__.py
        return
    upward = sorted(m for m in imports(path) if room(m) not in ALLOWED[here])
    assert upward == [], f"{name} ({here}) imports from a higher room: {upward}"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of ``graph`` (module -> modules it imports), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycle():
    graph = {module_name(p): imports(p) for p in SOURCES}
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_checker_sees_an_upward_import_and_a_cycle(tmp_path):
    """The rules above fail when they should: a fake package with both faults."""
    fake = tmp_path / "roi_xl"
    for folder in ("core", "cli"):
        (fake / folder).mkdir(parents=True)
        (fake / folder / "__init__.py").write_text("")
    (fake / "__init__.py").write_text("")
    (fake / "core" / "a.py").write_text("def f():\n    from ..cli import b\n")
    (fake / "cli" / "b.py").write_text("from ..core import a\n")
    found = imports(fake / "core" / "a.py", fake)
    assert found == {"roi_xl.cli.b"}
    assert {room(m) for m in found} - ALLOWED["core"] == {"cli"}
    graph = {module_name(p, fake): imports(p, fake) for p in fake.rglob("*.py")}
    assert find_cycle(graph) == ["roi_xl.cli.b", "roi_xl.core.a", "roi_xl.cli.b"]
