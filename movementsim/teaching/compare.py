"""Comparing scenarios: each run over many seeds, summarized with 95% confidence intervals.

A comparison runs every scenario with seeds 0 .. N-1 through the one run engine
(:mod:`movementsim.experiments.engine`) and keeps every week of every run. From these it
computes, per scenario, the mean of a measure in each week with its 95% confidence band
(:func:`movementsim.experiments.intervals.weekly_band`), and a table of key outcomes
(:data:`COMPARED`, from the standard outcome table), one number per run averaged over
the runs with its 95% confidence interval. Results do not depend on how many worker
processes ran them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from movementsim.experiments.engine import Task, make_executor, run_tasks
from movementsim.experiments.intervals import mean_table
from movementsim.experiments.outcomes import OUTCOMES, Outcome
from movementsim.model.parameters import Scenario
from movementsim.model.scenario import load_scenario, with_overrides

#: Key outcomes of a comparison, in the order they are printed and tabulated.
COMPARED: tuple[str, ...] = (
    "long_run_power",
    "wins",
    "missed_opportunities",
    "decision_latency",
    "members",
    "leaders",
    "tasks_dropped",
    "influence_gini",
    "peak_misinformed",
    "peak_burnout",
)


@dataclass(frozen=True)
class ScenarioRuns:
    """Every run of one scenario in a comparison.

    ``runs`` has one row per run and week: columns ``seed`` and ``step`` and every
    measure of :func:`movementsim.simulate`.
    """

    scenario: Scenario
    runs: pd.DataFrame

    @property
    def label(self) -> str:
        """The scenario's name, as legends and tables show it."""
        return self.scenario.name

    @property
    def seeds(self) -> list[int]:
        """The seeds run, in order."""
        return sorted(self.runs["seed"].unique().tolist())


def load_distinct(
    scenarios: Sequence[str | Path | Scenario],
    overrides: dict[str, Any] | None = None,
    version: str | None = None,
) -> list[Scenario]:
    """Load every scenario (a bundled name, a TOML path or a :class:`Scenario`, which has
    every value already), ``version``'s defaults filling what a file leaves out, and
    ``overrides`` applied to each; ``ValueError`` if two share a name (they could not be
    told apart)."""
    loaded = [
        with_overrides(item, overrides or {}) if isinstance(item, Scenario)
        else load_scenario(item, overrides, version)
        for item in scenarios
    ]
    seen = [scenario.name for scenario in loaded]
    repeated = sorted({name for name in seen if seen.count(name) > 1})
    if repeated:
        raise ValueError(f"scenario {', '.join(repeated)} is given more than once")
    return loaded


def run_comparison(
    scenarios: Sequence[str | Path | Scenario],
    seeds: int,
    overrides: dict[str, Any] | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    executor: Executor | None = None,
    version: str | None = None,
) -> list[ScenarioRuns]:
    """Run each scenario (a bundled name, a TOML path or a :class:`Scenario`) with seeds
    0 .. ``seeds - 1``.

    ``overrides`` (dotted keys, e.g. ``{"model.steps": 52}``) apply to every scenario.
    Runs go to ``executor``, or to a new one with ``workers`` workers; the results are
    identical either way. ``progress`` is called with the number of runs finished.
    Raises :class:`~movementsim.ScenarioError` for a scenario that cannot be loaded, and
    ``ValueError`` if two scenarios share a name. ``version`` takes what the scenarios
    leave out from that release's defaults.
    """
    loaded = load_distinct(scenarios, overrides, version)
    tasks = [
        Task(scenario, seed, timeseries=True, tag=(i, seed))
        for i, scenario in enumerate(loaded)
        for seed in range(seeds)
    ]
    if executor is None:
        with make_executor(workers) as own:
            results = run_tasks(tasks, own, progress)
    else:
        results = run_tasks(tasks, executor, progress)
    frames: list[list[pd.DataFrame]] = [[] for _ in loaded]
    for result in results:
        if result.error:
            raise RuntimeError(f"a run of {loaded[result.tag[0]].name} failed: {result.error}")
        index, seed = result.tag
        frame = result.frame.reset_index()
        frame.insert(0, "seed", seed)
        frames[index].append(frame)
    return [
        ScenarioRuns(scenario, pd.concat(frames[i], ignore_index=True))
        for i, scenario in enumerate(loaded)
    ]


def median_win_weeks(runs: pd.DataFrame) -> list[float]:
    """The typical week of the 1st, 2nd, ... win: the median week over the runs.

    The k-th win is listed only while at least half of the runs won k times, so every
    listed week is one the typical run reached.
    """
    seeds = runs["seed"].nunique()
    by_win: dict[int, list[int]] = {}
    for _, run in runs.groupby("seed"):
        new_wins = run["wins"].diff().fillna(run["wins"]).to_numpy()
        weeks = run["step"].to_numpy()
        k = 0
        for week, gained in zip(weeks, new_wins, strict=True):
            for _ in range(int(gained)):
                k += 1
                by_win.setdefault(k, []).append(int(week))
    return [
        float(np.median(weeks)) for _, weeks in sorted(by_win.items()) if 2 * len(weeks) >= seeds
    ]


def run_outcomes(runs: pd.DataFrame, outcomes: Sequence[Outcome] | None = None) -> pd.DataFrame:
    """One row per run (by ``seed``), one column per outcome (default: :data:`COMPARED`)."""
    outcomes = outcomes if outcomes is not None else [OUTCOMES[name] for name in COMPARED]
    rows = []
    for seed, run in runs.groupby("seed"):
        frame = run.set_index("step")
        rows.append({"seed": seed, **{o.name: o.value(frame) for o in outcomes}})
    return pd.DataFrame(rows)


def outcome_table(compared: Sequence[ScenarioRuns]) -> pd.DataFrame:
    """Key outcomes per scenario: mean, standard deviation, runs and 95% interval.

    One row per (scenario, outcome), in the order of :data:`COMPARED`; the interval is
    Student's t, clipped to the values the outcome can take
    (:func:`movementsim.experiments.intervals.mean_table`).
    """
    tables = []
    for item in compared:
        per_run = run_outcomes(item.runs)
        for name in COMPARED:
            outcome = OUTCOMES[name]
            table = mean_table(per_run.assign(outcome=name), "outcome", name, outcome.low,
                               outcome.high_for(item.scenario.community.members))
            tables.append(table.reset_index().assign(scenario=item.label))
    return pd.concat(tables, ignore_index=True)[
        ["scenario", "outcome", "mean", "std", "count", "ci_low", "ci_high"]
    ]
