"""Experiments: many runs of one scenario, summarized with confidence intervals.

This module holds the structure sweep (the model's central result) and the summary
statistics every experiment reports. Each run is a pure function of its scenario and
seed, so results do not depend on how many workers ran them or in what order.

Experiment files (any parameters, samplers, replications, outcomes; resumable, on a
process pool or Dask) live in :mod:`movementsim.experiment_files`,
:mod:`movementsim.designs`, :mod:`movementsim.runner` and :mod:`movementsim.analysis`.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from movementsim.model import simulate
from movementsim.output import long_run_power
from movementsim.scenario import load_scenario

Z_95 = 1.959963984540054


def _run_point(job: tuple[str, dict[str, Any], int]) -> dict[str, Any]:
    scenario_name, overrides, seed = job
    frame = simulate(load_scenario(scenario_name, overrides), seed=seed)
    last = frame.iloc[-1]
    return {
        **overrides,
        "seed": seed,
        "long_run_power": long_run_power(frame),
        "wins": int(last["wins"]),
        "missed_opportunities": int(last["missed_opportunities"]),
        "decision_latency": float(last["decision_latency"]),
        "members": int(last["members"]),
        "influence_gini": float(last["influence_gini"]),
    }


def structure_sweep(
    scenario: str,
    levels: Sequence[float],
    seeds: Iterable[int],
    overrides: dict[str, Any] | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Run ``scenario`` at each structure level with each seed; one row per run.

    ``overrides`` (dotted keys) apply to every run. With ``workers > 1`` runs go to a
    local process pool; the table is the same either way. ``progress`` is called with
    the number of runs finished.
    """
    jobs = [
        (scenario, {**(overrides or {}), "structure.level": float(level)}, int(seed))
        for level in levels
        for seed in seeds
    ]
    rows = []
    # Spawned workers start clean (Mesa's batchrunner forces "spawn" globally on import
    # anyway; saying so here keeps behaviour independent of import order).
    context = multiprocessing.get_context("spawn")
    pool_or_serial = (
        ProcessPoolExecutor(max_workers=workers, mp_context=context) if workers > 1 else _Serial()
    )
    with pool_or_serial as pool:
        for row in pool.map(_run_point, jobs):
            rows.append(row)
            if progress is not None:
                progress(len(rows))
    return pd.DataFrame(rows)


class _Serial:
    """The in-process stand-in for a process pool (one worker)."""

    def __enter__(self) -> _Serial:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    @staticmethod
    def map(function: Callable, jobs: Iterable) -> Iterable:
        return map(function, jobs)


def confidence_table(runs: pd.DataFrame, by: str, value: str) -> pd.DataFrame:
    """Mean, standard deviation, count and normal 95% confidence interval per group."""
    grouped = runs.groupby(by)[value]
    table = grouped.agg(["mean", "std", "count"])
    half = Z_95 * table["std"] / np.sqrt(table["count"])
    table["ci_low"] = table["mean"] - half
    table["ci_high"] = table["mean"] + half
    return table


def optimum_level(
    runs: pd.DataFrame,
    by: str = "structure.level",
    value: str = "long_run_power",
    resamples: int = 2000,
    seed: int = 0,
) -> tuple[float, float, float]:
    """The structure level where a quadratic fit of ``value`` peaks, with a 95% interval.

    A quadratic through every run smooths seed noise, so the estimated best level uses
    all levels rather than only the single best mean. The interval comes from a
    bootstrap that resamples runs within each level (seeded, so it is reproducible).
    Returns (estimate, lower, upper), each clipped to the swept range.
    """
    levels = runs[by].to_numpy(dtype=float)
    values = runs[value].to_numpy(dtype=float)
    low, high = levels.min(), levels.max()
    groups = [np.flatnonzero(levels == level) for level in np.unique(levels)]
    rng = np.random.default_rng(seed)

    def vertex(rows: np.ndarray) -> float:
        c2, c1, _ = np.polyfit(levels[rows], values[rows], 2)
        if c2 >= 0:  # no interior peak: the best level is the better end
            return high if c1 + c2 * (low + high) > 0 else low
        return float(np.clip(-c1 / (2 * c2), low, high))

    estimate = vertex(np.arange(levels.size))
    boot = [
        vertex(np.concatenate([rng.choice(group, group.size) for group in groups]))
        for _ in range(resamples)
    ]
    lower, upper = np.percentile(boot, [2.5, 97.5])
    return estimate, float(lower), float(upper)
