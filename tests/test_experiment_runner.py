"""Running experiments: identical tables whatever the executor, nothing lost on
interruption (Ctrl-C or SIGKILL), failures recorded, provenance kept."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from experiment_helpers import tiny_file

import movementsim.experiments.engine as engine
from movementsim.experiments.engine import make_executor, run_seed
from movementsim.experiments.files import ExperimentError, load_experiment
from movementsim.experiments.runner import run_experiment
from movementsim.model.model import MovementModel


def tables(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_parquet(out / "runs.parquet"), pd.read_parquet(out / "timeseries.parquet")


def test_tables_are_identical_with_one_worker_two_workers_and_a_dask_cluster(
    tmp_path: Path,
) -> None:
    experiment = load_experiment(tiny_file(tmp_path))
    outs = {}
    for name, workers, dask in (("serial", 1, None), ("pool", 2, None), ("dask", 2, "local")):
        outs[name] = tmp_path / name
        with make_executor(workers, dask) as executor:
            state = run_experiment(experiment, outs[name], executor=executor)
        assert (state.total, state.ran, state.failed) == (6, 6, 0)
    runs, series = tables(outs["serial"])
    for name in ("pool", "dask"):
        other_runs, other_series = tables(outs[name])
        pd.testing.assert_frame_equal(runs, other_runs)
        pd.testing.assert_frame_equal(series, other_series)
    assert list(runs["structure.level"]) == [0.0, 0.0, 0.5, 0.5, 1.0, 1.0]
    assert list(runs["seed"]) == [run_seed(11, p, r) for p in range(3) for r in range(2)]
    assert runs["long_run_power"].nunique() > 1  # the runs really differ
    assert len(series) == 6 * 21 and list(series.columns[:3]) == ["point", "replication", "step"]
    manifest = json.loads((outs["dask"] / "manifest.json").read_text())
    assert "Dask" in manifest["sessions"][0]["executor"]


def test_manifest_records_provenance_and_counts(tmp_path: Path) -> None:
    path = tiny_file(tmp_path, replications=1)
    out = tmp_path / "out"
    run_experiment(load_experiment(path), out, executor=make_executor(1), csv=True)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert (manifest["runs_total"], manifest["runs_done"], manifest["runs_failed"]) == (3, 3, 0)
    assert manifest["experiment_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    versions = manifest["provenance"]
    for key in ("movementsim", "git_commit", "python", "mesa", "numpy", "pyarrow"):
        assert key in versions
    assert manifest["started"] <= manifest["finished"]
    assert manifest["experiment"]["parameters"][0]["key"] == "structure.level"
    csv = pd.read_csv(out / "runs.csv")
    assert len(csv) == 3 and "error" in csv.columns


def test_a_failing_run_is_recorded_and_the_rest_go_on_then_resume_retries_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    experiment = load_experiment(tiny_file(tmp_path))

    class Fragile(MovementModel):
        def __init__(self, scenario, *, rng):  # noqa: ANN001
            if scenario.structure.level == 0.5 and rng == run_seed(11, 1, 0):
                raise RuntimeError("out of coffee")
            super().__init__(scenario, rng=rng)

    monkeypatch.setattr(engine, "MovementModel", Fragile)
    out = tmp_path / "out"
    state = run_experiment(experiment, out, executor=make_executor(1))
    assert (state.ran, state.failed, state.status) == (6, 1, "complete")
    runs = pd.read_parquet(out / "runs.parquet")
    failed = runs[runs["error"].notna()]
    assert list(failed["key"]) == ["p000001-r00000"]
    assert failed["error"].iloc[0] == "RuntimeError: out of coffee"
    assert failed["long_run_power"].isna().all() and runs["long_run_power"].notna().sum() == 5
    assert json.loads((out / "manifest.json").read_text())["runs_failed"] == 1

    monkeypatch.setattr(engine, "MovementModel", MovementModel)
    state = run_experiment(experiment, out, executor=make_executor(1), resume=True)
    assert (state.skipped, state.ran, state.failed) == (5, 1, 0)
    reference = tmp_path / "reference"
    run_experiment(experiment, reference, executor=make_executor(1))
    pd.testing.assert_frame_equal(tables(out)[0], tables(reference)[0])


def test_ctrl_c_keeps_finished_runs_and_resume_completes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    experiment = load_experiment(tiny_file(tmp_path))
    calls = []

    class Interrupted(MovementModel):
        def __init__(self, scenario, *, rng):  # noqa: ANN001
            calls.append(rng)
            if len(calls) == 4:
                raise KeyboardInterrupt
            super().__init__(scenario, rng=rng)

    monkeypatch.setattr(engine, "MovementModel", Interrupted)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_experiment(experiment, out, executor=make_executor(1))
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["status"], manifest["runs_done"]) == ("interrupted", 3)
    assert not (out / "runs.parquet").exists()

    monkeypatch.setattr(engine, "MovementModel", MovementModel)
    state = run_experiment(experiment, out, executor=make_executor(1), resume=True)
    assert (state.skipped, state.ran) == (3, 3)
    reference = tmp_path / "reference"
    run_experiment(experiment, reference, executor=make_executor(1))
    for mine, theirs in zip(tables(out), tables(reference), strict=True):
        pd.testing.assert_frame_equal(mine, theirs)
    sessions = json.loads((out / "manifest.json").read_text())["sessions"]
    assert [s["status"] for s in sessions] == ["interrupted", "complete"]


def test_sigkill_mid_experiment_then_resume_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    # 48 runs long enough (about 2 s in all) that the kill lands mid-experiment.
    path = tiny_file(tmp_path, replications=16, steps=120, members=150)
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "movementsim", "experiment", "run", str(path)]
    process = subprocess.Popen(
        [*command, "--workers", "2", "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )
    parts = out / "parts"
    deadline = time.monotonic() + 120
    while len(list(parts.glob("*.ok.parquet"))) < 4 and time.monotonic() < deadline:
        assert process.poll() is None, "the experiment ended before it could be killed"
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    saved = sorted(parts.glob("*.parquet"))
    done = len(list(parts.glob("*.ok.parquet")))
    assert 4 <= done < 48, "the kill must land mid-experiment"
    for part in saved:  # every file that exists is complete
        assert pq.read_table(part).num_rows >= 1
    assert json.loads((out / "manifest.json").read_text())["status"] == "running"
    assert not (out / "runs.parquet").exists()

    experiment = load_experiment(path)
    with make_executor(2) as pool:
        state = run_experiment(experiment, out, executor=pool, resume=True)
    assert (state.skipped, state.ran, state.total) == (done, 48 - done, 48)
    assert not list(out.rglob(".*.tmp"))
    reference = tmp_path / "reference"
    run_experiment(experiment, reference, executor=make_executor(1))
    for mine, theirs in zip(tables(out), tables(reference), strict=True):
        pd.testing.assert_frame_equal(mine, theirs)
    assert tables(out)[0]["key"].is_unique


def test_resume_refuses_an_output_from_another_experiment_file(tmp_path: Path) -> None:
    first = tiny_file(tmp_path, replications=1)
    out = tmp_path / "out"
    run_experiment(load_experiment(first), out, executor=make_executor(1))
    other = tiny_file(tmp_path, replications=2, name="other")
    with pytest.raises(ExperimentError, match="different experiment file"):
        run_experiment(load_experiment(other), out, executor=make_executor(1), resume=True)
    with pytest.raises(ExperimentError, match="add --resume"):
        run_experiment(load_experiment(first), out, executor=make_executor(1))
    state = run_experiment(load_experiment(first), out, executor=make_executor(1), resume=True)
    assert (state.skipped, state.ran) == (3, 0)


def test_progress_reports_every_finished_run(tmp_path: Path) -> None:
    seen = []
    run_experiment(
        load_experiment(tiny_file(tmp_path, replications=1)),
        tmp_path / "out",
        executor=make_executor(1),
        progress=lambda state: seen.append((state.ran, state.failed, state.total)),
    )
    assert seen == [(0, 0, 3), (1, 0, 3), (2, 0, 3), (3, 0, 3)]
