"""The structure sweep: one scenario at many structure levels, many seeds each.

This is the model's central result (``movementsim sweep``, docs/validation.md). Runs go
through the one engine (:mod:`movementsim.experiments.engine`), their outcomes are the
standard ones (:data:`SWEEP_OUTCOMES`), and the statistics are those of
:mod:`movementsim.experiments.intervals`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from movementsim.experiments.engine import Task, make_executor, run_tasks
from movementsim.experiments.intervals import LEVEL as CONFIDENCE
from movementsim.experiments.intervals import difference_interval, indistinguishable_from_best
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
    version: str | None = None,
) -> pd.DataFrame:
    """Run ``scenario`` at each structure level with each seed; one row per run.

    ``overrides`` (dotted keys) apply to every run; ``version`` takes what the scenario
    leaves out from that release's defaults. Runs go to ``executor``, or to a new
    one with ``workers`` workers; the table is the same either way. ``progress`` is
    called with the number of runs finished. Columns: the overrides, ``structure.level``,
    ``seed`` and the outcomes of :data:`SWEEP_OUTCOMES`.
    """
    outcomes = tuple(OUTCOMES[name] for name in SWEEP_OUTCOMES)
    tasks = []
    for level in levels:
        values = {**(overrides or {}), LEVEL: float(level)}
        loaded = load_scenario(scenario, values, version)
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


#: A quadratic's peak is reported only when the lack-of-fit test does not reject the
#: quadratic at this level (:func:`quadratic_peak`).
LACK_OF_FIT_ALPHA = 0.05


@dataclass(frozen=True)
class QuadraticPeak:
    """A quadratic fit of a sweep's outcome against level, and where it peaks.

    ``r_squared`` is the share of the variance of the level means the fit explains;
    ``lack_of_fit_p`` is the p-value of the lack-of-fit F test (the spread of the level
    means around the curve against the spread of runs within a level; NaN with fewer
    than four levels, where a quadratic has no degrees of freedom to miss). ``peak``,
    ``low`` and ``high`` are the fitted best level and its 95% bootstrap interval.
    """

    peak: float
    low: float
    high: float
    r_squared: float
    lack_of_fit_p: float
    interior: bool

    @property
    def fits(self) -> bool:
        """Whether the lack-of-fit test leaves the quadratic standing (p >= 0.05)."""
        return bool(self.lack_of_fit_p >= LACK_OF_FIT_ALPHA)

    @property
    def located(self) -> bool:
        """Whether the peak may be read: the quadratic fits and peaks inside the range."""
        return self.fits and self.interior


def quadratic_peak(
    runs: pd.DataFrame,
    by: str = LEVEL,
    value: str = "long_run_power",
    resamples: int = 2000,
    seed: int = 0,
) -> QuadraticPeak:
    """Fit a quadratic of ``value`` against ``by`` through every run; say how well it fits
    and where it peaks.

    The peak is worth reading only where the curve is a quadratic: over a flat plateau
    with steep sides the fitted peak is an artefact of the curve's shape, and its
    bootstrap interval (which resamples runs within each level, seeded) is narrow for
    the same reason. :attr:`QuadraticPeak.located` says whether to report it.
    """
    levels = runs[by].to_numpy(dtype=float)
    values = runs[value].to_numpy(dtype=float)
    low, high = levels.min(), levels.max()
    unique = np.unique(levels)
    groups = [np.flatnonzero(levels == level) for level in unique]
    rng = np.random.default_rng(seed)

    def vertex(rows: np.ndarray) -> float:
        c2, c1, _ = np.polyfit(levels[rows], values[rows], 2)
        if c2 >= 0:  # no interior peak: the best level is the better end
            return high if c1 + c2 * (low + high) > 0 else low
        return float(np.clip(-c1 / (2 * c2), low, high))

    coefficients = np.polyfit(levels, values, 2)
    counts = np.array([group.size for group in groups])
    means = np.array([values[group].mean() for group in groups])
    lack = float(np.sum(counts * (means - np.polyval(coefficients, unique)) ** 2))
    spread = float(np.sum(counts * (means - values.mean()) ** 2))
    pure = float(sum(np.sum((values[g] - values[g].mean()) ** 2) for g in groups))
    lack_df, pure_df = unique.size - 3, levels.size - unique.size
    if lack_df > 0 and pure_df > 0 and pure > 0:
        p_value = float(stats.f.sf((lack / lack_df) / (pure / pure_df), lack_df, pure_df))
    elif lack_df > 0 and pure_df > 0:  # no seed noise at all: any miss is a real one
        p_value = 1.0 if lack == 0 else 0.0
    else:
        p_value = math.nan
    estimate = vertex(np.arange(levels.size))
    boot = [
        vertex(np.concatenate([rng.choice(group, group.size) for group in groups]))
        for _ in range(resamples)
    ]
    lower, upper = np.percentile(boot, [2.5, 97.5])
    return QuadraticPeak(
        peak=estimate,
        low=float(lower),
        high=float(upper),
        r_squared=1 - lack / spread if spread > 0 else math.nan,
        lack_of_fit_p=p_value,
        interior=bool(coefficients[0] < 0 and low < estimate < high),
    )


def describe_fit(fit: QuadraticPeak, plateau_levels: list[float]) -> list[str]:
    """A quadratic fit's goodness, and its peak only where it says something the runs do:
    the quadratic fits, peaks inside the swept range, and the runs tell the best level
    from every other one (a plateau of several levels is the finding; a fitted peak inside
    it, with a bootstrap interval narrower than the plateau, would claim a precision the
    runs do not hold)."""
    if math.isnan(fit.lack_of_fit_p):
        return [
            f"quadratic fit: R² of the level means {fit.r_squared:.2f}; with 3 levels a "
            "quadratic always fits, so no peak is reported"
        ]
    verdict = "stands" if fit.fits else "is rejected"
    lines = [
        f"quadratic fit: R² of the level means {fit.r_squared:.2f}, lack-of-fit p = "
        f"{fit.lack_of_fit_p:.3f} (the quadratic {verdict} at p {'>=' if fit.fits else '<'} "
        f"{LACK_OF_FIT_ALPHA:g})"
    ]
    if fit.located and len(plateau_levels) == 1:
        lines.append(
            f"  its peak: {fit.peak:.2f} (95% bootstrap {fit.low:.2f} to {fit.high:.2f}), "
            "a property of the fitted curve"
        )
    elif not fit.fits:
        lines.append("  no peak reported: the curve is not a quadratic; read the plateau")
    elif not fit.interior:
        lines.append("  no peak reported: the fitted curve has no peak inside the swept range")
    else:
        lines.append(
            f"  no peak reported: the runs cannot tell {plateau_levels[0]:.2f} to "
            f"{plateau_levels[-1]:.2f} apart, so that plateau is the finding"
        )
    return lines


def plateau(runs: pd.DataFrame, by: str = LEVEL, value: str = "long_run_power") -> list[float]:
    """The levels whose mean ``value`` cannot be told apart from the best level's.

    The rule is :func:`~movementsim.experiments.intervals.indistinguishable_from_best`:
    a level is on the plateau when the Welch 95% interval of (best - level) reaches zero.
    """
    groups = {float(level): group[value].to_numpy() for level, group in runs.groupby(by)}
    return [float(level) for level in indistinguishable_from_best(groups)]


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
