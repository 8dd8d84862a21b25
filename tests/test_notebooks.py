"""The tutorial notebooks in docs/notebooks: each runs top to bottom, and is stored stripped.

Each notebook is executed with nbclient in a kernel started from this interpreter (a
kernel spec written for the test, so a ``python3`` kernel installed elsewhere on the
machine is never picked up), from an empty working folder and with TMPDIR pointing to
an empty folder of its own: a notebook may write only into temporary folders it makes
and removes, and the test checks that it left nothing behind in either, nor next to
the notebooks. Each notebook's wall time is printed (``pytest -s`` shows it); it is
not asserted, since it depends on the machine.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import nbclient
import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "docs" / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
KERNEL_NAME = "movementsim-tests"
#: Seconds a single cell may take before the notebook fails (the longest cell, the
#: shrunk sensitivity experiment, takes under a minute on a laptop).
CELL_TIMEOUT = 600


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


def _kernel_manager(folder: Path) -> KernelManager:
    """A kernel manager whose only kernel runs ipykernel on this interpreter."""
    spec_dir = folder / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "movementsim tests",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    specs = KernelSpecManager(kernel_dirs=[str(folder)], ensure_native_kernel=False)
    return KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = nbformat.read(path, as_version=4)
    workdir, temporary = tmp_path / "workdir", tmp_path / "tmp"
    workdir.mkdir()
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))  # the kernel inherits it
    next_to_notebooks = sorted(NOTEBOOKS_DIR.iterdir())
    kernel = _kernel_manager(tmp_path / "kernels")
    client = nbclient.NotebookClient(
        notebook, km=kernel, timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(workdir)}}
    )
    started = time.perf_counter()
    try:
        client.execute()  # raises CellExecutionError, naming the cell, on any error
    finally:
        if kernel.has_kernel:  # a kernel we hand in is ours to stop
            kernel.shutdown_kernel(now=True)
    seconds = time.perf_counter() - started
    print(f"\n{path.name}: ran in {seconds:.1f} s")
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors
    assert any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    assert list(workdir.iterdir()) == [], "the notebook wrote into its working folder"
    assert list(temporary.iterdir()) == [], "the notebook left temporary files behind"
    assert sorted(NOTEBOOKS_DIR.iterdir()) == next_to_notebooks
