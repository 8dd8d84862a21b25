"""The structure sweep: one scenario at many structure levels, many seeds each.

This is the model's central result (``movementsim sweep``, docs/validation.md). Runs go
through the one engine (:mod:`movementsim.experiments.engine`), their outcomes are the
standard ones (:data:`SWEEP_OUTCOMES`), and the statistics are those of
:mod:`movementsim.experiments.intervals`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from typing import Any

import numpy as np
import pandas as pd

from movementsim.experiments.engine import Task, make_executor, run_tasks
from movementsim.experiments.intervals import LEVEL as CONFIDENCE
from movementsim.experiments.intervals import difference_interval
from movementsim.experiments.outcomes import OUTCOMES
from movementsim.model.scenario import load_scenario

#: Outcomes of every run of a sweep (a column each in ``sweep_runs.csv``).
SWEEP_OUTCOMES: tuple[str, ...] = (
    "long_run_power",
    "wins",
    "missed_opportunities",
    "decision_latency",
    "members",
    "influence_gini",
)
LEVEL = "structure.level"


def structure_sweep(
    scenario: str,
    levels: Sequence[float],
    seeds: Iterable[int],
    overrides: dict[str, Any] | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    executor: Executor | None = None,
) -> pd.DataFrame:
    """Run ``scenario`` at each structure level with each seed; one row per run.

    ``overrides`` (dotted keys) apply to every run. Runs go to ``executor``, or to a new
    one with ``workers`` workers; the table is the same either way. ``progress`` is
    called with the number of runs finished. Columns: the overrides, ``structure.level``,
    ``seed`` and the outcomes of :data:`SWEEP_OUTCOMES`.
    """
    outcomes = tuple(OUTCOMES[name] for name in SWEEP_OUTCOMES)
    tasks = []
    for level in levels:
        values = {**(overrides or {}), LEVEL: float(level)}
        loaded = load_scenario(scenario, values)
        for seed in seeds:
            tasks.append(Task(loaded, int(seed), outcomes=outcomes, tag={**values, "seed": seed}))
    if executor is None:
        with make_executor(workers) as own:
            results = run_tasks(tasks, own, progress)
    else:
        results = run_tasks(tasks, executor, progress)
    failed = [r for r in results if r.error]
    if failed:
        raise RuntimeError(f"{len(failed)} runs of the sweep failed; the first: {failed[0].error}")
    return pd.DataFrame([{**r.tag, **r.outcomes} for r in results])


def optimum_level(
    runs: pd.DataFrame,
    by: str = LEVEL,
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


def dial_steps(runs: pd.DataFrame, by: str = LEVEL, value: str = "long_run_power") -> pd.DataFrame:
    """Each step between neighbouring levels: is it a cliff, or seed noise?

    One row per step (``from``, ``to``) with the change of the mean of ``value``
    (``difference``), its 95% Welch interval (``ci_low``, ``ci_high``) and its interval at
    a family-wise 95% over all steps (Bonferroni: ``1 - 0.05 / steps`` per step;
    ``family_low``, ``family_high``). ``beyond_noise`` and ``beyond_family_noise`` say
    whether the respective interval excludes zero. With twenty steps, one or two steps
    beyond their own 95% interval are expected by chance alone; the family-wise interval
    is the test of "no step is a cliff".
    """
    levels = np.sort(runs[by].unique())
    family = 1 - (1 - CONFIDENCE) / max(len(levels) - 1, 1)
    rows = []
    for below, above in zip(levels, levels[1:], strict=False):
        a = runs.loc[runs[by] == above, value]
        b = runs.loc[runs[by] == below, value]
        difference, low, high = difference_interval(a, b)
        _, family_low, family_high = difference_interval(a, b, family)
        rows.append({
            "from": float(below), "to": float(above), "difference": difference,
            "ci_low": low, "ci_high": high, "family_low": family_low, "family_high": family_high,
            "beyond_noise": bool(low > 0 or high < 0),
            "beyond_family_noise": bool(family_low > 0 or family_high < 0),
        })
    return pd.DataFrame(rows)
