"""Comparing scenarios: each run over many seeds, summarized with 95% confidence intervals.

A comparison runs every scenario with seeds 0 .. N-1 and keeps every week of every run.
From these it computes, per scenario, the mean of a measure in each week with a 95%
confidence band (:func:`weekly_band`), and a table of key outcomes, one number per run
averaged over the runs with a 95% confidence interval (:func:`outcome_table`). Each run
is a pure function of its scenario and seed, so results do not depend on how many
worker processes ran them.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from movementsim.experiments import Z_95, confidence_table
from movementsim.model import simulate
from movementsim.output import LONG_RUN_WEEKS, long_run_power
from movementsim.parameters import Scenario
from movementsim.scenario import load_scenario


def _final(column: str) -> Callable[[pd.DataFrame], float]:
    return lambda frame: float(frame[column].iloc[-1])


#: Key outcomes of one run: name -> (label for people, unit, function of the run's
#: weekly frame). Shares are reported as percentages.
OUTCOMES: dict[str, tuple[str, str, Callable[[pd.DataFrame], float]]] = {
    "long_run_power": (
        f"long-run collective power (mean power + durable power, last {LONG_RUN_WEEKS} weeks)",
        "",
        long_run_power,
    ),
    "wins": ("wins (concessions won)", "", _final("wins")),
    "missed_opportunities": ("missed moments to act", "", _final("missed_opportunities")),
    "decision_latency": ("mean weeks to a decision", "weeks", _final("decision_latency")),
    "members": ("members at the end", "people", _final("members")),
    "leaders": ("leaders at the end", "people", _final("leaders")),
    "tasks_dropped": ("tasks dropped", "", _final("tasks_dropped")),
    "influence_gini": ("inequality of say at the end (Gini, 0 to 1)", "", _final("influence_gini")),
    "peak_misinformed": (
        "peak share believing a false claim",
        "%",
        lambda frame: 100 * float(frame["misinformed_share"].max()),
    ),
    "peak_burnout": (
        "peak share of members burnt out",
        "%",
        lambda frame: 100 * float(frame["burnout_share"].max()),
    ),
}


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


def _run_one(job: tuple[Scenario, int]) -> pd.DataFrame:
    scenario, seed = job
    frame = simulate(scenario, seed=seed).reset_index()
    frame.insert(0, "seed", seed)
    return frame


def run_comparison(
    scenarios: Sequence[str],
    seeds: int,
    overrides: dict[str, Any] | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[ScenarioRuns]:
    """Run each scenario (a bundled name or a TOML path) with seeds 0 .. ``seeds - 1``.

    ``overrides`` (dotted keys, e.g. ``{"model.steps": 52}``) apply to every scenario.
    With ``workers > 1`` the runs go to a local process pool (spawned, as in
    :mod:`movementsim.experiments`); the results are identical either way. ``progress``
    is called with the number of runs finished. Raises
    :class:`~movementsim.ScenarioError` for a scenario that cannot be loaded, and
    ``ValueError`` if two scenarios share a name.
    """
    loaded = [load_scenario(name, overrides) for name in scenarios]
    names = [scenario.name for scenario in loaded]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"scenario {', '.join(repeated)} is given more than once")
    jobs = [(scenario, seed) for scenario in loaded for seed in range(seeds)]
    frames: list[pd.DataFrame] = []
    if workers > 1:
        # Spawned workers start clean, as in movementsim.experiments.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for frame in pool.map(_run_one, jobs):
                frames.append(frame)
                if progress is not None:
                    progress(len(frames))
    else:
        for job in jobs:
            frames.append(_run_one(job))
            if progress is not None:
                progress(len(frames))
    return [
        ScenarioRuns(scenario, pd.concat(frames[i * seeds : (i + 1) * seeds], ignore_index=True))
        for i, scenario in enumerate(loaded)
    ]


def weekly_band(runs: pd.DataFrame, column: str) -> pd.DataFrame:
    """Mean of ``column`` in each week over the runs, with a normal 95% confidence band.

    Returns a frame indexed by week (``step``) with columns ``mean``, ``ci_low`` and
    ``ci_high``. Weeks in which the measure is undefined in every run (NaN, such as the
    time to decide before any decision) are NaN. With one run the band is the line.
    """
    grouped = runs.groupby("step")[column]
    mean, std, count = grouped.mean(), grouped.std().fillna(0.0), grouped.count()
    half = Z_95 * std / np.sqrt(count.where(count > 0))
    return pd.DataFrame({"mean": mean, "ci_low": mean - half, "ci_high": mean + half})


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


def run_outcomes(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per run (by ``seed``), one column per key outcome of :data:`OUTCOMES`."""
    rows = []
    for seed, run in runs.groupby("seed"):
        frame = run.set_index("step")
        rows.append({"seed": seed, **{name: fn(frame) for name, (_, _, fn) in OUTCOMES.items()}})
    return pd.DataFrame(rows)


def outcome_table(compared: Sequence[ScenarioRuns]) -> pd.DataFrame:
    """Key outcomes per scenario: mean, standard deviation, runs and 95% interval.

    One row per (scenario, outcome), in the order of :data:`OUTCOMES`; the interval is
    :func:`movementsim.experiments.confidence_table`'s normal 95% confidence interval of
    the mean over seeds, with its lower end clipped at 0 because none of these outcomes
    can be negative.
    """
    tables = []
    for item in compared:
        per_run = run_outcomes(item.runs).melt(
            id_vars="seed", var_name="outcome", value_name="value"
        )
        table = confidence_table(per_run, by="outcome", value="value").reindex(list(OUTCOMES))
        table["ci_low"] = table["ci_low"].clip(lower=0)
        table.insert(0, "scenario", item.label)
        tables.append(table.rename_axis("outcome").reset_index())
    return pd.concat(tables, ignore_index=True)[
        ["scenario", "outcome", "mean", "std", "count", "ci_low", "ci_high"]
    ]
