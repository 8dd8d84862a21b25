"""The tutorial notebooks in docs/notebooks: each runs top to bottom, leaves nothing behind,
shows its figures as figures, and is stored stripped.

They are run once per session (tests/notebook_helpers.py, the ``executed_notebooks``
fixture of conftest.py). Each notebook's wall time is printed (``pytest -s`` shows it); it
is not asserted, since it depends on the machine.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from notebook_helpers import NOTEBOOKS, NOTEBOOKS_DIR


def test_the_four_notebooks_are_there() -> None:
    names = [path.name for path in NOTEBOOKS]
    assert names == [
        "01_one_run.ipynb",
        "02_structure_sweep.ipynb",
        "03_experiment.ipynb",
        "04_build_a_scenario.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, f"{path.name} has no code cells"
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}, cell {number}: outputs stored"
            assert cell.execution_count is None, f"{path.name}, cell {number}: execution count"


def _outputs(notebook: nbformat.NotebookNode) -> list[tuple[int, dict]]:
    return [(number, output) for number, cell in enumerate(notebook.cells)
            if cell.cell_type == "code" for output in cell.outputs]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path, executed_notebooks: dict) -> None:
    run = executed_notebooks[path.stem]
    print(f"\n{path.name}: ran in {run.seconds:.1f} s")
    if run.error is not None:
        raise run.error  # CellExecutionError names the cell and the exception
    outputs = _outputs(run.notebook)
    assert outputs, f"{path.name} printed nothing"
    assert not [o for _, o in outputs if o.output_type == "error"]
    warnings = [(n, o.text) for n, o in outputs if o.get("name") == "stderr"]
    assert not warnings, f"{path.name} printed warnings: {warnings}"
    assert run.left_in_workdir == [], "the notebook wrote into its working folder"
    assert run.left_in_tmp == [], "the notebook left temporary files behind"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_figure_a_notebook_makes_is_shown_as_a_figure(
    path: Path, executed_notebooks: dict
) -> None:
    run = executed_notebooks[path.stem]
    if run.error is not None:
        pytest.skip("the notebook did not run (see test_notebook_runs_top_to_bottom)")
    outputs = _outputs(run.notebook)
    # A matplotlib Figure without the notebook's figure display shows as its repr only.
    as_text = [n for n, o in outputs if "image/png" not in o.get("data", {})
               and str(o.get("data", {}).get("text/plain", "")).startswith("<Figure size")]
    assert not as_text, f"{path.name}: cells {as_text} show a figure as text"
    assert any("image/png" in o.get("data", {}) for _, o in outputs), f"{path.name}: no figure"


def test_running_the_notebooks_left_nothing_next_to_them(executed_notebooks: dict) -> None:
    assert sorted(p.name for p in NOTEBOOKS_DIR.iterdir()) == sorted(
        [p.name for p in NOTEBOOKS] + ["README.md"]
    )
