"""Running an experiment: per-run seeds, executors, resumable Parquet output, provenance.

**Seeds.** Run ``r`` (0-based replication) of design point ``p`` of an experiment with
seed ``s`` uses :func:`run_seed`: the first 64-bit word of numpy's
``SeedSequence([s, p, r])``, shifted right by one bit so that it fits a signed 64-bit
integer. A run's result therefore depends only on the experiment file, never on the
executor, the number of workers or the order runs finish in.

**Output folder** (``--out``):

- ``manifest.json``: the experiment (as validated), provenance (movementsim version and
  git commit when available; Python, Mesa, numpy, pandas and pyarrow versions; the
  SHA-256 of the experiment file, of the base scenario and of the design), start and end
  times of every session, runs done and failed, and ``status`` (``running``,
  ``interrupted`` or ``complete``).
- ``design.parquet``: one row per design point (index ``point``).
- ``parts/``: one Parquet file per finished run, ``<key>.ok.parquet`` or
  ``<key>.failed.parquet`` (with the error), plus ``<key>.timeseries.parquet`` when the
  experiment keeps time series. Each is written to a temporary name and renamed into
  place, so a file that exists is complete, even if the process is killed outright.
- ``runs.parquet``: every run, one row each, sorted by point and replication: ``key``,
  ``point``, ``replication``, ``seed``, the parameter values, one column per outcome
  and ``error`` (empty for a run that finished). Written at the end, atomically.
- ``timeseries.parquet``: one row per run and week, when the experiment keeps them.
- With ``csv=True`` also ``design.csv``, ``runs.csv`` (and ``timeseries.csv``).

**Resuming** reads which runs already have a part and runs only the others (a failed
run is tried again). It refuses an output folder made from another experiment file,
base scenario or design.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import platform
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from movementsim import __version__
from movementsim.designs import design_table
from movementsim.experiment_files import Experiment, ExperimentError, Outcome, outcome_value
from movementsim.model import simulate
from movementsim.parameters import Scenario
from movementsim.scenario import load_scenario, scenario_to_dict

PARTS = "parts"
MANIFEST = "manifest.json"


def run_seed(experiment_seed: int, point: int, replication: int) -> int:
    """The seed of one run: derived from the experiment's seed, the point and the replication."""
    word = np.random.SeedSequence([experiment_seed, point, replication]).generate_state(
        1, dtype=np.uint64
    )[0]
    return int(word >> np.uint64(1))


def run_key(point: int, replication: int) -> str:
    """The name of a run in the output folder, e.g. ``p000012-r00003``."""
    return f"p{point:06d}-r{replication:05d}"


@dataclass(frozen=True)
class Task:
    """One run to do: the scenario of its design point, its seed and what to keep."""

    key: str
    point: int
    replication: int
    seed: int
    scenario: Scenario
    steps: int
    outcomes: tuple[Outcome, ...]
    timeseries: tuple[str, ...]


@dataclass
class RunResult:
    """What one run left: its outcomes, or the error it raised (``error`` is then set)."""

    key: str
    point: int
    replication: int
    seed: int
    outcomes: dict[str, float]
    error: str | None = None
    timeseries: pd.DataFrame | None = None


def plan(experiment: Experiment, design: pd.DataFrame) -> list[Task]:
    """Every run of the experiment, point by point and replication by replication."""
    tasks = []
    for point, row in zip(design.index, design.to_dict("records"), strict=True):
        values = {key: _plain(value) for key, value in row.items()}
        scenario = load_scenario(
            experiment.scenario, {**experiment.fixed, **values, "model.steps": experiment.steps}
        )
        for replication in range(experiment.replications):
            tasks.append(
                Task(
                    key=run_key(int(point), replication),
                    point=int(point),
                    replication=replication,
                    seed=run_seed(experiment.seed, int(point), replication),
                    scenario=scenario,
                    steps=experiment.steps,
                    outcomes=experiment.outcomes,
                    timeseries=experiment.timeseries,
                )
            )
    return tasks


def execute(task: Task) -> RunResult:
    """Do one run and keep its outcomes; an exception is caught and recorded, not raised."""
    result = RunResult(task.key, task.point, task.replication, task.seed, outcomes={})
    try:
        frame = simulate(task.scenario, seed=task.seed, steps=task.steps)
        result.outcomes = {o.name: outcome_value(o, frame) for o in task.outcomes}
        if task.timeseries:
            series = frame[list(task.timeseries)].astype("float64").reset_index()
            series.insert(0, "replication", task.replication)
            series.insert(0, "point", task.point)
            result.timeseries = series
    except Exception as err:  # a failing run is recorded and the experiment goes on
        result.outcomes = {o.name: float("nan") for o in task.outcomes}
        result.error = f"{type(err).__name__}: {err}"
    return result


# Executors -------------------------------------------------------------------------


class SerialExecutor:
    """Runs in this process, one after the other."""

    description = "serial (1 worker)"

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map_unordered(self, tasks: Iterable[Task]) -> Iterator[RunResult]:
        """Each task's result, as it finishes."""
        return map(execute, tasks)


class PoolExecutor:
    """A pool of local worker processes (started with "spawn", so import order never matters)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.description = f"local process pool ({workers} workers)"
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> PoolExecutor:
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_ignore_interrupts,
        )
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=exc_type is None, cancel_futures=True)

    def map_unordered(self, tasks: Iterable[Task]) -> Iterator[RunResult]:
        """Each task's result, as it finishes."""
        assert self._pool is not None, "use the executor in a with block"
        futures = [self._pool.submit(execute, task) for task in tasks]
        for future in as_completed(futures):
            yield future.result()


class DaskExecutor:
    """Runs on Dask: a new ``LocalCluster`` (``address=None``) or an existing scheduler."""

    def __init__(self, address: str | None, workers: int) -> None:
        self.address = address
        self.workers = workers
        where = f"scheduler {address}" if address else f"LocalCluster, {workers} workers"
        self.description = f"Dask ({where})"
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskExecutor:
        distributed = _import_distributed()
        if self.address is None:
            import logging

            self._cluster = distributed.LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: never clash with another
                silence_logs=logging.ERROR,
            )
            self._client = distributed.Client(self._cluster)
        else:
            try:
                self._client = distributed.Client(self.address, timeout="15s")
            except (OSError, TimeoutError, ValueError) as err:
                raise ExperimentError(
                    f"--dask {self.address}: cannot reach a Dask scheduler there ({err}); "
                    "give tcp://HOST:PORT of a running scheduler, or 'local'"
                ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def map_unordered(self, tasks: Iterable[Task]) -> Iterator[RunResult]:
        """Each task's result, as it finishes."""
        distributed = _import_distributed()
        futures = self._client.map(execute, list(tasks), pure=False)
        for future in distributed.as_completed(futures):
            yield future.result()
            future.release()


def make_executor(
    workers: int | None = None, dask: str | None = None
) -> SerialExecutor | PoolExecutor | DaskExecutor:
    """The executor for ``--workers N`` and ``--dask local|ADDRESS``.

    ``workers`` defaults to the number of cores; one worker without Dask runs in this
    process. ``dask="local"`` starts a Dask ``LocalCluster`` with ``workers`` workers.
    """
    count = workers if workers is not None else os.cpu_count() or 1
    if dask is not None:
        return DaskExecutor(None if dask == "local" else dask, count)
    return SerialExecutor() if count == 1 else PoolExecutor(count)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops the experiment cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ExperimentError('--dask needs Dask: pip install -e ".[distributed]"') from None
    return distributed


# The output folder -----------------------------------------------------------------


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
    executor: SerialExecutor | PoolExecutor | DaskExecutor | None = None,
    resume: bool = False,
    csv: bool = False,
    progress: Callable[[ExperimentRun], None] | None = None,
) -> ExperimentRun:
    """Run every missing run of ``experiment`` into ``out`` and write the final tables.

    Each finished run is saved at once; ``progress`` is called before the first run and
    after each with the running totals. With ``resume``, runs already saved in ``out``
    are kept and skipped. On Ctrl-C (or any other exception) the manifest is marked
    ``interrupted`` and the exception is re-raised.
    """
    pq = _import_parquet()
    out = Path(out)
    design = design_table(experiment)
    design_hash = hashlib.sha256(design.to_csv().encode()).hexdigest()
    scenario_hash = _sha256_json(scenario_to_dict(experiment.base))
    previous = _previous_manifest(out, experiment, scenario_hash, design_hash, resume)
    tasks = plan(experiment, design)

    parts = out / PARTS
    parts.mkdir(parents=True, exist_ok=True)
    for stale in out.rglob(".*.tmp"):  # left by a writer that was killed mid-write
        stale.unlink()
    done = {p.name.removesuffix(".ok.parquet") for p in parts.glob("*.ok.parquet")}
    todo = [task for task in tasks if task.key not in done]
    state = ExperimentRun(out=out, total=len(tasks), skipped=len(tasks) - len(todo))
    executor = executor if executor is not None else make_executor()

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
    _atomic(out / "design.parquet", lambda tmp: design.to_parquet(tmp))

    if progress is not None:
        progress(state)
    try:
        with executor:
            for result in executor.map_unordered(todo):
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
    written = [out / "runs.parquet"]
    _atomic(written[0], lambda tmp: runs.to_parquet(tmp, index=False))
    if csv:
        written += [out / "runs.csv", out / "design.csv"]
        _atomic(written[-2], lambda tmp: runs.to_csv(tmp, index=False))
        _atomic(written[-1], lambda tmp: design.to_csv(tmp))
    if experiment.timeseries:
        pieces = [pq.read_table(p).to_pandas() for p in sorted(parts.glob("*.timeseries.parquet"))]
        series = pd.concat(pieces, ignore_index=True).sort_values(
            ["point", "replication", "step"], ignore_index=True
        )
        written.append(out / "timeseries.parquet")
        _atomic(written[-1], lambda tmp: series.to_parquet(tmp, index=False))
        if csv:
            written.append(out / "timeseries.csv")
            _atomic(written[-1], lambda tmp: series.to_csv(tmp, index=False))
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


def _save_result(parts: Path, result: RunResult, experiment: Experiment, pq: Any) -> None:
    """Save one run: its time series first, then its row (whose presence marks it done)."""
    import pyarrow as pa

    if result.timeseries is not None:
        path = parts / f"{result.key}.timeseries.parquet"
        table = pa.Table.from_pandas(result.timeseries, preserve_index=False)
        _atomic(path, lambda tmp: pq.write_table(table, tmp))
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
        "key": [result.key],
        "point": [result.point],
        "replication": [result.replication],
        "seed": [result.seed],
        **{name: [value] for name, value in result.outcomes.items()},
        "error": [result.error],
    }
    status = "ok" if result.error is None else "failed"
    table = pa.Table.from_pydict(row, schema=schema)
    _atomic(parts / f"{result.key}.{status}.parquet", lambda tmp: pq.write_table(table, tmp))
    if status == "ok":  # a run that failed before and succeeded now
        (parts / f"{result.key}.failed.parquet").unlink(missing_ok=True)


def _atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Write ``path`` through a temporary file and an atomic rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    os.replace(tmp, path)


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
    try:
        previous = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ExperimentError(f"{path}: cannot read it ({err})") from None
    checks = (
        ("experiment_sha256", experiment.sha256, "a different experiment file"),
        ("scenario_sha256", scenario_hash, "a different base scenario"),
        ("design_sha256", design_hash, "different design points (another SALib or numpy?)"),
    )
    for key, expected, what in checks:
        if previous.get(key) != expected:
            name = previous.get("experiment", {}).get("source", "?")
            raise ExperimentError(
                f"--resume: {out} was made from {what} (experiment {name!r}, {key} "
                f"{str(previous.get(key))[:12]}..., now {expected[:12]}...); resume it with "
                "the file it was made from, or choose another --out"
            )
    return previous


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
    text = json.dumps(manifest, indent=2, default=str) + "\n"
    _atomic(out / MANIFEST, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _session(executor: Any, todo: int) -> dict[str, Any]:
    return {"started": _now(), "executor": executor.description, "to_run": todo, "argv": sys.argv}


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
            'experiment results are Parquet files, which need pyarrow: pip install -e ".[parquet]"'
        ) from None
    return pq


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value the scenario loader expects."""
    return value.item() if hasattr(value, "item") else value
