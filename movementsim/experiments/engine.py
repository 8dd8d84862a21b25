"""The one run engine: many runs of scenarios on any executor, results independent of it.

Every command that runs more than one simulation (``sweep``, ``compare``, ``report``,
``experiment run``) describes its runs as :class:`Task` objects and hands them to
:func:`run_tasks` (or :func:`iter_results`, to handle each run as it finishes). A task is
a pure function of its scenario and seed, so the results never depend on the executor,
the number of workers or the order in which runs finish.

The executor is any :class:`concurrent.futures.Executor`: :func:`make_executor` gives
one that runs in this process (one worker), a pool of local processes (started with
"spawn", so nothing depends on import order), or Dask, either a new ``LocalCluster`` or
a running scheduler (its ``Client.get_executor()``).

**Seeds.** Run ``r`` (0-based replication) of design point ``p`` of an experiment with
seed ``s`` uses :func:`run_seed`: the first 64-bit word of numpy's
``SeedSequence([s, p, r])``, shifted right by one bit so that it fits a signed 64-bit
integer.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from movementsim.experiments.outcomes import Outcome
from movementsim.model.model import DecisionRecord, MovementModel, release_agent_ids
from movementsim.model.parameters import Scenario

#: Seconds to wait for a Dask scheduler given by address before giving up.
DASK_CONNECT_SECONDS = 5
#: Runs submitted ahead of the ones finished, unless the executor says otherwise.
DEFAULT_WINDOW = 512


class EngineError(ValueError):
    """The engine cannot start (an unreachable scheduler, Dask not installed)."""


def run_seed(experiment_seed: int, point: int, replication: int) -> int:
    """The seed of one run: derived from the experiment's seed, the point and the replication."""
    word = np.random.SeedSequence([experiment_seed, point, replication]).generate_state(
        1, dtype=np.uint64
    )[0]
    return int(word >> np.uint64(1))


@dataclass(frozen=True)
class Task:
    """One run to do and what to keep of it.

    Attributes:
        scenario: the scenario to run; ``seed`` its seed.
        steps: weeks to run (default: ``scenario.model.steps``).
        outcomes: outcomes to compute from the run's weeks.
        timeseries: measures to keep week by week (``True``: every measure).
        record: keep the model's record of its moments to act (see :class:`DecisionRecord`).
        tag: anything the caller needs to recognize the result (a key, a level...).
    """

    scenario: Scenario
    seed: int
    steps: int | None = None
    outcomes: tuple[Outcome, ...] = ()
    timeseries: tuple[str, ...] | bool = ()
    record: bool = False
    tag: Any = None


@dataclass
class RunResult:
    """What one run left: its outcomes and what else was asked, or the error it raised."""

    task: Task
    outcomes: dict[str, float] = field(default_factory=dict)
    frame: pd.DataFrame | None = None
    record: DecisionRecord | None = None
    error: str | None = None

    @property
    def tag(self) -> Any:
        return self.task.tag


def execute(task: Task) -> RunResult:
    """Do one run; an exception is recorded in the result, never raised."""
    result = RunResult(task)
    model = None
    try:
        model = MovementModel(task.scenario, rng=task.seed)
        frame = model.run_for(
            model.params.model.steps if task.steps is None else task.steps
        )
        result.outcomes = {o.name: o.value(frame) for o in task.outcomes}
        if task.timeseries is True:
            result.frame = frame
        elif task.timeseries:
            result.frame = frame[list(task.timeseries)]
        if task.record:
            result.record = model.decision_record()
    except Exception as err:  # a failing run is recorded and the others go on
        result.outcomes = {o.name: float("nan") for o in task.outcomes}
        result.error = f"{type(err).__name__}: {err}"
    finally:
        if model is not None:  # a worker runs many: each must be freed after its run
            release_agent_ids(model)
    return result


def iter_results(
    tasks: Iterable[Task],
    executor: Executor | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, RunResult]]:
    """``(index of the task, its result)`` for every task, in the order runs finish.

    ``executor`` defaults to this process. At most ``executor.window`` runs are
    submitted ahead (one in this process, so that each result comes back as soon as it
    is done). ``progress`` is called with the number of runs finished. Runs not yet
    started are cancelled if the caller stops early, or on Ctrl-C.
    """
    executor = executor if executor is not None else InlineExecutor()
    window = max(1, getattr(executor, "window", DEFAULT_WINDOW))
    pending: dict[Future, int] = {}
    waiting = iter(enumerate(tasks))
    done_count = 0
    try:
        while True:
            for index, task in itertools.islice(waiting, window - len(pending)):
                pending[executor.submit(execute, task)] = index
            if not pending:
                return
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                index = pending.pop(future)
                done_count += 1
                yield index, future.result()
                if progress is not None:
                    progress(done_count)
    finally:
        for future in pending:
            future.cancel()


def run_tasks(
    tasks: Iterable[Task],
    executor: Executor | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[RunResult]:
    """Every task's result, in the order of the tasks (see :func:`iter_results`)."""
    tasks = list(tasks)
    results: list[RunResult | None] = [None] * len(tasks)
    for index, result in iter_results(tasks, executor, progress):
        results[index] = result
    return results  # type: ignore[return-value]


# Executors -----------------------------------------------------------------------


class InlineExecutor(Executor):
    """Runs each task in this process when it is submitted (one worker, no pool)."""

    description = "this process (1 worker)"
    window = 1
    workers = 1

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:  # Ctrl-C included: it reaches the caller via result()
            future.set_exception(err)
        return future


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops the runs cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class LocalPool(ProcessPoolExecutor):
    """Local worker processes, started with "spawn" (Mesa's batchrunner forces it
    globally on import anyway; saying so keeps behaviour independent of import order)."""

    def __init__(self, workers: int) -> None:
        super().__init__(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_ignore_interrupts,
        )
        self.description = f"local process pool ({workers} workers)"
        self.workers = workers

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = True) -> None:
        super().shutdown(wait=wait, cancel_futures=cancel_futures)


class DaskExecutor(Executor):
    """Runs on Dask: a new ``LocalCluster`` (``address=None``) or a running scheduler.

    Tasks go through the client's :meth:`get_executor` (``pure=False``: every run is
    done, none is taken from a cache); shutting down closes the client and the cluster
    this executor started.
    """

    def __init__(self, address: str | None, workers: int) -> None:
        distributed = _import_distributed()
        self.description = (
            f"Dask (scheduler {address})" if address else f"Dask (LocalCluster, {workers} workers)"
        )
        self._cluster = None
        if address is None:
            import logging

            self._cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: never clash with another
                silence_logs=logging.ERROR,
            )
            self._client = distributed.Client(self._cluster)
        else:
            try:
                self._client = distributed.Client(address, timeout=DASK_CONNECT_SECONDS)
            except (OSError, TimeoutError, ValueError) as err:
                raise EngineError(
                    f"--dask {address}: cannot reach a Dask scheduler there within "
                    f"{DASK_CONNECT_SECONDS} s ({err}); give tcp://HOST:PORT of a running "
                    "scheduler, or 'local'"
                ) from None
        self._executor = self._client.get_executor(pure=False)
        #: Runs at a time: a running scheduler's worker threads when it was reached.
        self.workers = (
            workers if address is None else max(1, sum(self._client.nthreads().values()))
        )

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._executor.shutdown(wait=wait)
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(workers: int | None = None, dask: str | None = None) -> Executor:
    """The executor for ``--workers N`` and ``--dask local|ADDRESS``.

    ``workers`` defaults to the number of cores; one worker without Dask runs in this
    process. ``dask="local"`` starts a Dask ``LocalCluster`` with ``workers`` workers.
    Use it in a ``with`` block, which shuts it down. Every executor made here says how
    many runs it does at a time in ``workers`` (for a running Dask scheduler, its worker
    threads when reached, whatever ``workers`` says).
    """
    count = workers if workers is not None else os.cpu_count() or 1
    if dask is not None:
        return DaskExecutor(None if dask == "local" else dask, count)
    return InlineExecutor() if count == 1 else LocalPool(count)


def describe(executor: Executor) -> str:
    """Where runs go, in words (for progress bars and the experiment's manifest)."""
    return getattr(executor, "description", type(executor).__name__)


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise EngineError('--dask needs Dask: pip install -e ".[distributed]"') from None
    return distributed
