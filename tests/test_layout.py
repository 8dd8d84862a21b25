"""The package's layout is its architecture: layers import downwards only, without cycles.

model (numpy, scipy, pandas, Mesa) <- experiments <- teaching <- dashboard <- cli. A
module may import from its own layer or the layers below, never above; module-level
imports form no cycle; pyproject.toml packages every subpackage; and a worker process
that imports the run engine does not load matplotlib.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "movementsim"
LAYERS = {"model": 0, "experiments": 1, "teaching": 2, "dashboard": 3, "cli": 4}
#: Third-party packages the model layer may use (besides the standard library).
MODEL_DEPENDENCIES = {"numpy", "scipy", "pandas", "mesa", "networkx", "pydantic"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, *, top_level_only: bool) -> set[str]:
    """The modules ``path`` imports (``from a import b`` counts as ``a.b`` if that is one)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names} & set(MODULES)
    return found


def layer(module: str) -> int | None:
    """The layer of a module (None: the package root and its version)."""
    if module == "movementsim.__main__":  # ``python -m movementsim``: the command itself
        return LAYERS["cli"]
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_its_own_layer_and_the_layers_below(module: str) -> None:
    own = layer(module)
    for imported in imports(MODULES[module], top_level_only=False):
        if not imported.startswith("movementsim."):
            if own == 0:
                top = imported.split(".")[0]
                assert top in MODEL_DEPENDENCIES or top in sys.stdlib_module_names, (
                    f"{module} (the model layer) imports {imported}"
                )
            continue
        theirs = layer(imported)
        if own is None:  # the package root: only the public API of the model
            assert theirs in (None, 0), f"{module} imports {imported}"
        elif theirs is not None:
            assert theirs <= own, f"{module} (layer {own}) imports {imported} (layer {theirs})"


def test_module_level_imports_have_no_cycle() -> None:
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        for imported in imports(path, top_level_only=True):
            if imported in MODULES and imported != module:
                graph.add_edge(module, imported)
    assert list(nx.simple_cycles(graph)) == []


def test_every_subpackage_is_packaged() -> None:
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ])
    subpackages = {module_name(p) for p in PACKAGE.rglob("__init__.py")}
    assert subpackages <= declared
    assert {"movementsim.scenarios", "movementsim.bundled_experiments"} <= declared


def test_the_run_engine_does_not_load_figures_in_a_worker() -> None:
    check = (
        "import sys, movementsim.experiments.engine, movementsim.experiments.runner; "
        "print(sorted(m for m in ('matplotlib', 'click', 'solara') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_files_tests_share_one_worker(request: pytest.FixtureRequest) -> None:
    """Under pytest-xdist, tests/conftest.py keeps each file's tests on one worker, so that
    runs a file shares are made once; pytest 9.2 broke that silently
    (pytest-dev/pytest-xdist#1386), hence the pin in pyproject.toml."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.skip("not run by a pytest-xdist worker (-n 0)")
    assert request.node.nodeid.endswith("@test_layout"), request.node.nodeid
