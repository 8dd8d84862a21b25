"""Running an experiment into its output folder: resumable Parquet parts and provenance.

**Output folder** (``--out``):

- ``manifest.json``: the experiment (as validated), provenance (movementsim version and
  git commit when available; Python, Mesa, numpy, pandas and pyarrow versions; the
  SHA-256 of the experiment file, of the base scenario and of the design), start and end
  times of every session, runs done and failed, and ``status`` (``running``,
  ``interrupted`` or ``complete``).
- ``design.parquet``: one row per design point (index ``point``).
- ``parts/``: one Parquet file per finished run, ``<key>.ok.parquet`` or
  ``<key>.failed.parquet`` (with the error), plus ``<key>.timeseries.parquet`` when the
  experiment keeps time series. Each is written atomically, so a file that exists is
  complete, even if the process is killed outright.
- ``runs.parquet``: every run, one row each, sorted by point and replication: ``key``,
  ``point``, ``replication``, ``seed``, the parameter values, one column per outcome
  and ``error`` (empty for a run that finished). Written at the end.
- ``timeseries.parquet``: one row per run and week, when the experiment keeps them.
- With ``csv=True`` also ``design.csv``, ``runs.csv`` (and ``timeseries.csv``).

Every Parquet file carries the movementsim version (``movementsim_version``) and the
release whose defaults the runs used (``defaults_version``) in its metadata.

**Resuming** reads which runs already have a part and runs only the others (a failed
run is tried again). It refuses an output folder made from another experiment file,
base scenario or design. Runs go to the one engine of :mod:`movementsim.experiments.engine`.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from movementsim._version import __version__
from movementsim.experiments import storage
from movementsim.experiments.designs import design_table
from movementsim.experiments.engine import RunResult, Task, describe, iter_results, run_seed
from movementsim.experiments.files import Experiment, ExperimentError
from movementsim.model.scenario import load_scenario, scenario_to_dict

PARTS = "parts"
MANIFEST = "manifest.json"
#: The command an experiment folder belongs to (see :func:`storage.claim_folder`).
KIND = "experiment"
#: Key of the movementsim version in the metadata of every Parquet file written here.
VERSION_KEY = b"movementsim_version"
#: Parquet metadata key: the release whose defaults the runs used (``--model-version``).
DEFAULTS_KEY = b"defaults_version"


def run_key(point: int, replication: int) -> str:
    """The name of a run in the output folder, e.g. ``p000012-r00003``."""
    return f"p{point:06d}-r{replication:05d}"


@dataclass(frozen=True)
class RunTag:
    """Which run of the experiment a task is: its key, design point and replication."""

    key: str
    point: int
    replication: int


def plan(experiment: Experiment, design: pd.DataFrame) -> list[Task]:
    """Every run of the experiment, point by point and replication by replication."""
    tasks = []
    keys = [p.key for p in experiment.parameters]
    for point, row in zip(design.index, design[keys].to_dict("records"), strict=True):
        values = {key: _plain(value) for key, value in row.items()}
        scenario = load_scenario(
            experiment.scenario,
            {**experiment.fixed, **values, "model.steps": experiment.steps},
            experiment.model_version,
        )
        for replication in range(experiment.replications):
            tasks.append(
                Task(
                    scenario=scenario,
                    seed=run_seed(experiment.seed, int(point), replication),
                    steps=experiment.steps,
                    outcomes=experiment.outcomes,
                    timeseries=experiment.timeseries,
                    tag=RunTag(run_key(int(point), replication), int(point), replication),
                )
            )
    return tasks


@dataclass
class ExperimentRun:
    """What :func:`run_experiment` did: runs in total, already done before, done now, failed."""

    out: Path
    total: int
    skipped: int
    ran: int = 0
    failed: int = 0
    status: str = "running"
    files: list[Path] = field(default_factory=list)


def run_experiment(
    experiment: Experiment,
    out: str | Path,
    *,
    executor: Executor | None = None,
    resume: bool = False,
    csv: bool = False,
    progress: Callable[[ExperimentRun], None] | None = None,
) -> ExperimentRun:
    """Run every missing run of ``experiment`` into ``out`` and write the final tables.

    ``executor`` is any :class:`concurrent.futures.Executor` (default: this process);
    the caller shuts it down. Each finished run is saved at once; ``progress`` is called
    before the first run and after each with the running totals. With ``resume``, runs
    already saved in ``out`` are kept and skipped. On Ctrl-C (or any other exception) the
    manifest is marked ``interrupted`` and the exception is re-raised.
    """
    pq = _import_parquet()
    out = Path(out)
    try:
        storage.claim_folder(out, KIND)
    except storage.OutputError as err:
        raise ExperimentError(str(err)) from None
    design = design_table(experiment)
    design_hash = hashlib.sha256(design.to_csv().encode()).hexdigest()
    scenario_hash = _sha256_json(scenario_to_dict(experiment.base))
    previous = _previous_manifest(out, experiment, scenario_hash, design_hash, resume)
    storage.mark_folder(out, KIND, experiment.defaults_version)
    tasks = plan(experiment, design)

    parts = out / PARTS
    parts.mkdir(exist_ok=True)
    names = [f"{task.tag.key}.{kind}.parquet" for task in tasks for kind in _PART_KINDS]
    for stale in storage.stale_temporaries(parts, names):  # left by a killed writer
        stale.unlink()
    done = {p.name.removesuffix(".ok.parquet") for p in parts.glob("*.ok.parquet")}
    todo = [task for task in tasks if task.tag.key not in done]
    state = ExperimentRun(out=out, total=len(tasks), skipped=len(tasks) - len(todo))

    manifest = {
        "experiment": experiment.spec(),
        "experiment_sha256": experiment.sha256,
        "scenario_sha256": scenario_hash,
        "design_sha256": design_hash,
        "provenance": provenance(),
        "runs_total": len(tasks),
        "sessions": [*previous.get("sessions", []), _session(executor, len(todo))],
    }
    _write_manifest(out, manifest, state)
    _write_parquet(pq, design.reset_index(), out / "design.parquet", experiment)

    if progress is not None:
        progress(state)
    try:
        for _, result in iter_results(todo, executor):
            _save_result(parts, result, experiment, pq)
            state.ran += 1
            state.failed += result.error is not None
            if progress is not None:
                progress(state)
    except BaseException:
        state.status = "interrupted"
        _write_manifest(out, manifest, state)
        raise
    state.status = "complete"
    state.files = consolidate(out, experiment, design, csv=csv)
    _write_manifest(out, manifest, state)
    return state


_PART_KINDS = ("ok", "failed", "timeseries")


def consolidate(
    out: Path, experiment: Experiment, design: pd.DataFrame, *, csv: bool = False
) -> list[Path]:
    """Gather the parts into ``runs.parquet`` (and ``timeseries.parquet``), atomically."""
    pq = _import_parquet()
    parts = out / PARTS
    ok = {p.name.removesuffix(".ok.parquet"): p for p in parts.glob("*.ok.parquet")}
    failed = {
        key: p
        for p in parts.glob("*.failed.parquet")
        if (key := p.name.removesuffix(".failed.parquet")) not in ok
    }
    files = sorted({**ok, **failed}.items())
    rows = pd.concat([pq.read_table(path).to_pandas() for _, path in files], ignore_index=True)
    runs = rows.merge(design.reset_index(), on="point", how="left", validate="many_to_one")
    outcome_names = [o.name for o in experiment.outcomes]
    columns = ["key", "point", "replication", "seed", *design.columns, *outcome_names, "error"]
    runs = runs[columns].sort_values(["point", "replication"], ignore_index=True)
    written = [_write_parquet(pq, runs, out / "runs.parquet", experiment)]
    if csv:
        written.append(_write_csv(runs, out / "runs.csv", index=False))
        written.append(_write_csv(design, out / "design.csv"))
    if experiment.timeseries:
        pieces = [pq.read_table(p).to_pandas() for p in sorted(parts.glob("*.timeseries.parquet"))]
        series = pd.concat(pieces, ignore_index=True).sort_values(
            ["point", "replication", "step"], ignore_index=True
        )
        written.append(_write_parquet(pq, series, out / "timeseries.parquet", experiment))
        if csv:
            written.append(_write_csv(series, out / "timeseries.csv", index=False))
    return written


def provenance() -> dict[str, Any]:
    """Versions of everything that shapes a result, and the git commit when there is one."""
    import mesa

    versions = {
        "movementsim": __version__,
        "git_commit": _git_commit(),
        "python": platform.python_version(),
        "mesa": mesa.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "platform": platform.platform(),
    }
    try:
        import pyarrow

        versions["pyarrow"] = pyarrow.__version__
    except ImportError:
        versions["pyarrow"] = None
    return versions


def _write_parquet(pq: Any, frame: pd.DataFrame, path: Path, experiment: Experiment) -> Path:
    """A frame as a Parquet file (no index) with the movementsim version in its metadata."""
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    return _write_table(pq, table, path, experiment)


def _write_csv(frame: pd.DataFrame, path: Path, **options: Any) -> Path:
    return storage.atomic_write(path, lambda tmp: frame.to_csv(tmp, **options))


def _write_table(pq: Any, table: Any, path: Path, experiment: Experiment) -> Path:
    metadata = {
        **(table.schema.metadata or {}),
        VERSION_KEY: __version__.encode(),
        DEFAULTS_KEY: experiment.defaults_version.encode(),
    }
    table = table.replace_schema_metadata(metadata)
    return storage.atomic_write(path, lambda tmp: pq.write_table(table, tmp))


def _save_result(parts: Path, result: RunResult, experiment: Experiment, pq: Any) -> None:
    """Save one run: its time series first, then its row (whose presence marks it done)."""
    import pyarrow as pa

    tag: RunTag = result.tag
    if result.frame is not None:
        series = result.frame.astype("float64").reset_index()
        series.insert(0, "replication", tag.replication)
        series.insert(0, "point", tag.point)
        _write_parquet(pq, series, parts / f"{tag.key}.timeseries.parquet", experiment)
    schema = pa.schema(
        [
            ("key", pa.string()),
            ("point", pa.int64()),
            ("replication", pa.int64()),
            ("seed", pa.int64()),
            *((o.name, pa.float64()) for o in experiment.outcomes),
            ("error", pa.string()),
        ]
    )
    row = {
        "key": [tag.key],
        "point": [tag.point],
        "replication": [tag.replication],
        "seed": [result.task.seed],
        **{name: [value] for name, value in result.outcomes.items()},
        "error": [result.error],
    }
    status = "ok" if result.error is None else "failed"
    table = pa.Table.from_pydict(row, schema=schema)
    _write_table(pq, table, parts / f"{tag.key}.{status}.parquet", experiment)
    if status == "ok":  # a run that failed before and succeeded now: its own old file
        (parts / f"{tag.key}.failed.parquet").unlink(missing_ok=True)


def _previous_manifest(
    out: Path, experiment: Experiment, scenario_hash: str, design_hash: str, resume: bool
) -> dict[str, Any]:
    """The manifest of the output being resumed ({} for a new one); refuse a mismatch."""
    path = out / MANIFEST
    if not path.exists():
        if (out / PARTS).exists() or (out / "runs.parquet").exists():
            raise ExperimentError(f"{out} holds experiment results without {MANIFEST}")
        return {}
    if not resume:
        raise ExperimentError(
            f"{out} already holds an experiment; add --resume to finish it, "
            "or choose another --out"
        )
    previous = read_manifest(out)
    before = previous.get("experiment", {})
    was = before.get("defaults_version", experiment.defaults_version)
    if was != experiment.defaults_version:
        raise ExperimentError(
            f"--resume: {out} was run with the defaults of version {was}, this run asks for "
            f"{experiment.defaults_version}; resume it with --model-version {was}, or choose "
            "another --out"
        )
    checks = (
        ("experiment_sha256", experiment.sha256, "a different experiment file"),
        ("scenario_sha256", scenario_hash, "a different base scenario"),
        ("design_sha256", design_hash, "different design points (another SALib or numpy?)"),
    )
    for key, expected, what in checks:
        if previous.get(key) != expected:
            name = before.get("source", "?")
            raise ExperimentError(
                f"--resume: {out} was made from {what} (experiment {name!r}, {key} "
                f"{str(previous.get(key))[:12]}..., now {expected[:12]}...); resume it with "
                "the file it was made from, or choose another --out"
            )
    for size, was in (
        ("replications", before.get("replications")),
        ("samples", before.get("design", {}).get("samples")),
    ):
        now = experiment.replications if size == "replications" else experiment.design.samples
        if was != now:
            raise ExperimentError(
                f"--resume: {out} was run with {size} = {was}, this run asks for {now}; "
                f"resume it with --{size} {was}, or choose another --out"
            )
    return previous


def read_manifest(out: Path) -> dict[str, Any]:
    """An experiment folder's manifest; :class:`ExperimentError` if it is missing or broken."""
    path = out / MANIFEST
    try:
        manifest = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise ExperimentError(
            f"{out}: no {MANIFEST} here; is it an experiment's --out folder?"
        ) from None
    except (OSError, ValueError, RecursionError) as err:
        reason = type(err).__name__ if isinstance(err, RecursionError) else err
        raise ExperimentError(f"{path}: cannot read it ({reason})") from None
    if not isinstance(manifest, dict):
        raise ExperimentError(f"{path}: not an experiment manifest (expected a JSON object)")
    return manifest


def _write_manifest(out: Path, manifest: dict[str, Any], state: ExperimentRun) -> None:
    parts = out / PARTS
    manifest["status"] = state.status
    manifest["runs_done"] = len(list(parts.glob("*.ok.parquet")))
    manifest["runs_failed"] = sum(
        not (parts / p.name.replace(".failed.", ".ok.")).exists()
        for p in parts.glob("*.failed.parquet")
    )
    session = manifest["sessions"][-1]
    if state.status != "running":
        session["finished"] = _now()
    session.update(ran=state.ran, failed=state.failed, status=state.status)
    manifest["started"] = manifest["sessions"][0]["started"]
    manifest["finished"] = session.get("finished")
    storage.write_text(out / MANIFEST, json.dumps(manifest, indent=2, default=str) + "\n")


def _session(executor: Executor | None, todo: int) -> dict[str, Any]:
    where = describe(executor) if executor is not None else "this process (1 worker)"
    return {"started": _now(), "executor": where, "to_run": todo, "argv": sys.argv}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _sha256_json(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _git_commit() -> str | None:
    """The commit of the source tree movementsim runs from, if it is a git checkout."""
    try:
        done = subprocess.run(
            ["git", "-C", str(Path(__file__).parent), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def _import_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ExperimentError(
            "experiment results are Parquet files, which need pyarrow (installed with "
            "movementsim): reinstall it with pip install -e ."
        ) from None
    return pq


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value the scenario loader expects."""
    return value.item() if hasattr(value, "item") else value
