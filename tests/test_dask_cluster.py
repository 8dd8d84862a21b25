"""A real Dask cluster: a scheduler and two workers started as separate processes with
Dask's own command-line tools on localhost. An experiment runs through ``--dask
tcp://127.0.0.1:PORT``, one worker is killed mid-run, and the result table equals the
one run in a single process, with nothing lost or duplicated. The processes are stopped
by their ids afterwards."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")

EXPERIMENT = """\
name = "cluster"
scenario = "balanced"
seed = 5
replications = 16
steps = 150

[set]
"community.members" = 400

[parameters]
"structure.level" = [0.2, 0.5, 0.8]
"""
RUNS = 3 * 16
#: Seconds to wait for the cluster to come up, or for runs to appear; generous, since
#: this is a wait for a condition, not a measure of speed.
PATIENCE = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _dask(*args: str) -> list[str]:
    """Dask's command-line tool (``dask scheduler``, ``dask worker``) on this interpreter."""
    return [sys.executable, "-m", "dask", *args]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


def _wait_for(condition, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}" + _tail(log))
        time.sleep(0.1)


def _tail(log: Path | None, lines: int = 30) -> str:
    """The end of the cluster's log, for a failure's message."""
    if log is None or not log.exists():
        return ""
    return "\nthe cluster's log ends:\n" + "\n".join(log.read_text().splitlines()[-lines:])


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen], Path]]:
    """A scheduler and two single-threaded workers (no nanny: killing a worker's process
    kills the worker); yields the address, the worker processes and their log."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    log = tmp_path / "dask.log"
    logs = log.open("w")
    processes = [subprocess.Popen(
        _dask("scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
              "--no-dashboard"), stdout=logs, stderr=logs)]
    try:
        workers = [
            subprocess.Popen(
                _dask("worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                      "--name", f"worker-{i}"), stdout=logs, stderr=logs)
            for i in range(2)
        ]
        processes += workers
        client = None

        def two_workers() -> bool:
            nonlocal client
            try:
                client = client or distributed.Client(address, timeout=2)
            except OSError:
                return False
            return len(client.scheduler_info()["workers"]) == 2

        try:
            _wait_for(two_workers, "the scheduler and two workers", log)
        finally:
            if client is not None:
                client.close()
        yield address, workers, log
    finally:
        for process in reversed(processes):
            _stop(process)
        logs.close()


def _runs(out: Path) -> pd.DataFrame:
    runs = pd.read_parquet(out / "runs.parquet")
    return runs.drop(columns=["error"]).sort_values("key", ignore_index=True)


def test_a_killed_worker_loses_no_run_and_the_table_is_the_single_process_one(
    cluster, tmp_path: Path
) -> None:
    address, workers, log = cluster
    experiment = tmp_path / "cluster.toml"
    experiment.write_text(EXPERIMENT)
    command = [sys.executable, "-m", "movementsim", "experiment", "run", str(experiment)]

    alone = tmp_path / "alone"
    single = subprocess.run([*command, "--workers", "1", "--out", str(alone)],
                            capture_output=True, text=True, timeout=600)
    assert single.returncode == 0, single.stderr

    distributed_out = tmp_path / "distributed"
    run = subprocess.Popen([*command, "--dask", address, "--out", str(distributed_out)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        parts = distributed_out / "parts"
        _wait_for(
            lambda: len(list(parts.glob("*.ok.parquet"))) >= 6 if parts.exists() else False,
            "the first runs", log,
        )
        with distributed.Client(address, timeout=10) as client:

            def worker_0_holds_a_run() -> bool:
                workers_now = client.scheduler_info()["workers"]
                at = next(a for a, w in workers_now.items() if w["name"] == "worker-0")
                return bool(client.processing([at]).get(at))

            _wait_for(worker_0_holds_a_run, "a run on worker-0", log)
            done_at_kill = len(list(parts.glob("*.ok.parquet")))
            os.kill(workers[0].pid, signal.SIGKILL)  # with a run in hand
        stdout, stderr = run.communicate(timeout=600)
    finally:
        _stop(run)
    assert run.returncode == 0, stderr + _tail(log)
    assert done_at_kill < RUNS, "the experiment ended before the worker was killed"

    result = _runs(distributed_out)
    assert len(result) == RUNS and result["key"].is_unique  # nothing lost or duplicated
    pd.testing.assert_frame_equal(result, _runs(alone))
    assert f"{RUNS} now, 0 failed" in stdout


def test_an_unreachable_scheduler_gets_one_clear_error(tmp_path: Path) -> None:
    from movementsim.experiments.engine import DASK_CONNECT_SECONDS

    experiment = tmp_path / "cluster.toml"
    experiment.write_text(EXPERIMENT)
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    result = subprocess.run(
        [sys.executable, "-m", "movementsim", "experiment", "run", str(experiment),
         "--dask", address, "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"cannot reach a Dask scheduler there within " \
        f"{DASK_CONNECT_SECONDS} s" in lines[0]
