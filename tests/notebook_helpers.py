"""Running the tutorial notebooks (docs/notebooks) once per test session.

Each notebook is executed with nbclient in a kernel started from this interpreter (a
kernel spec written for the tests, so a ``python3`` kernel installed elsewhere on the
machine is never picked up), from an empty working folder and with TMPDIR pointing to an
empty folder of its own. tests/test_notebooks.py checks what each run did;
tests/test_site.py builds the site from the executed copies, so that it shows their
outputs without running them a second time.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbclient
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "docs" / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
KERNEL_NAME = "movementsim-tests"
#: Seconds a single cell may take before the notebook fails (the longest cell, the
#: shrunk sensitivity experiment, takes under a minute on a laptop).
CELL_TIMEOUT = 600


@dataclass
class Execution:
    """One notebook run: the executed notebook (or the error that stopped it), its wall
    time, and what it left in its working and temporary folders."""

    notebook: nbformat.NotebookNode
    seconds: float
    error: Exception | None
    left_in_workdir: list[Path]
    left_in_tmp: list[Path]


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


def execute(path: Path, folder: Path) -> Execution:
    """Run the notebook at ``path`` top to bottom, with ``folder`` for its working folder,
    its TMPDIR and the kernel spec."""
    notebook = nbformat.read(path, as_version=4)
    workdir, temporary = folder / "workdir", folder / "tmp"
    workdir.mkdir(parents=True)
    temporary.mkdir()
    kernel = _kernel_manager(folder / "kernels")
    client = nbclient.NotebookClient(
        notebook, km=kernel, timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(workdir)}}
    )
    error = None
    before = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(temporary)  # the kernel inherits it
    started = time.perf_counter()
    try:
        client.execute()  # raises CellExecutionError, naming the cell, on any error
    except Exception as err:  # noqa: BLE001 - reported by the notebook's own test
        error = err
    finally:
        seconds = time.perf_counter() - started
        if kernel.has_kernel:  # a kernel we hand in is ours to stop
            kernel.shutdown_kernel(now=True)
        if before is None:
            del os.environ["TMPDIR"]
        else:
            os.environ["TMPDIR"] = before
    return Execution(notebook, seconds, error, sorted(workdir.iterdir()),
                     sorted(temporary.iterdir()))
