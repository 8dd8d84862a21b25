"""Model-level checks of the patterns in docs/validation.md (pattern-oriented validation).

    python docs/patterns.py --workers 2     # about a minute on 2 cores

Each check runs a bundled scenario under a few settings, ten seeds each, through the one
run engine, and writes its numbers to docs/figures/patterns/patterns.json (the numbers
docs/validation.md quotes). Means come with Student's t 95% intervals; a comparison of
two settings with the 95% Welch interval of the difference.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from movementsim.experiments import storage
from movementsim.experiments.engine import Task, make_executor, run_tasks
from movementsim.experiments.intervals import difference_interval, mean_table
from movementsim.experiments.outcomes import OUTCOMES, Outcome
from movementsim.model import MovementModel, load_scenario
from movementsim.model.agents import SUPPORTER

OUT = Path(__file__).resolve().parent / "figures" / "patterns" / "patterns.json"
SEEDS = range(10)
POWER = OUTCOMES["long_run_power"]
LAST_YEAR = {
    name: Outcome(name, (name,), "mean_last", weeks=52)
    for name in ("influence_gini", "leader_drift", "leaders", "members")
}
TURNOUT = Outcome("turnout_total", ("turnout",), "sum")
WINS = OUTCOMES["wins"]


def runs(
    scenario: str, values: dict[str, list], executor, outcomes, base: dict | None = None
) -> pd.DataFrame:
    """Every combination of one parameter's ``values`` (one key) with every seed, on top
    of the ``base`` overrides."""
    (key, levels), = values.items()
    tasks = [
        Task(load_scenario(scenario, {**(base or {}), key: level}), seed, outcomes=outcomes,
             tag=(level, seed))
        for level in levels
        for seed in SEEDS
    ]
    rows = []
    for result in run_tasks(tasks, executor):
        assert result.error is None, result.error
        rows.append({key: result.tag[0], "seed": result.tag[1], **result.outcomes})
    return pd.DataFrame(rows)


def table(frame: pd.DataFrame, by: str, value: str) -> list[dict]:
    t = mean_table(frame, by, value, low=0.0).reset_index()
    return [
        {by: row[by], "mean": row["mean"], "ci_low": row["ci_low"], "ci_high": row["ci_high"]}
        for _, row in t.iterrows()
    ]


def interior_beats_ends(frame: pd.DataFrame, by: str, value: str) -> dict:
    """The best interior setting against each end (Welch 95% intervals of the differences)."""
    levels = sorted(frame[by].unique())
    means = frame.groupby(by)[value].mean()
    best = max(levels[1:-1], key=lambda level: means[level])
    at = {level: frame.loc[frame[by] == level, value] for level in levels}
    result = {"best_interior": best, "best_overall": float(means.idxmax())}
    for end in (levels[0], levels[-1]):
        difference, low, high = difference_interval(at[best], at[end])
        result[f"vs {end}"] = {"difference": difference, "ci_low": low, "ci_high": high}
    return result


def discernment_gain(scenario: str) -> dict:
    """Mean discernment of members at the start and after the run, over the seeds."""
    start, end = [], []
    for seed in SEEDS:
        model = MovementModel(load_scenario(scenario), rng=seed)
        start.append(model.people.discernment.mean())
        model.run_for(model.params.model.steps)
        members = model.people.engagement >= SUPPORTER
        end.append(model.people.discernment[members].mean())
    return {"start": float(np.mean(start)), "end_members": float(np.mean(end)),
            "relative_gain": float(np.mean(end) / np.mean(start) - 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    results: dict[str, object] = {}
    with make_executor(args.workers) as pool:
        sizes = runs("balanced", {"community.members": [250, 1000, 4000]}, pool,
                     (POWER, *LAST_YEAR.values()))
        sizes["leaders_per_100_members"] = 100 * sizes["leaders"] / sizes["members"]
        results["michels_size"] = {
            name: table(sizes, "community.members", name)
            for name in ("influence_gini", "leader_drift", "leaders_per_100_members")
        }
        mix = runs("balanced", {"strategy.organizing_share": [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]},
                   pool, (POWER, WINS))
        results["han_mix"] = {
            "long_run_power": table(mix, "strategy.organizing_share", POWER.name),
            "test": interior_beats_ends(mix, "strategy.organizing_share", POWER.name),
        }
        bridges = runs("balanced", {"community.cross_tie_share": [0.0, 0.05, 0.2, 0.5, 1.0]},
                       pool, (POWER,))
        results["fang_bridging"] = {
            "long_run_power": table(bridges, "community.cross_tie_share", POWER.name),
            "test": interior_beats_ends(bridges, "community.cross_tie_share", POWER.name),
        }
        # Epstein: repression against none, the decision-maker's other answers switched
        # off (otherwise a repression weight of 0 only hands its turns to the others).
        silent = {f"decision_maker.{name}": 0.0
                  for name in ("delay", "cooptation", "misinformation")}
        repression = runs("balanced", {"decision_maker.repression": [0.0, 1.0]}, pool,
                          (POWER, TURNOUT), base=silent)
        at = {w: repression[repression["decision_maker.repression"] == w] for w in (0.0, 1.0)}
        results["epstein_repression"] = {
            name: dict(zip(("difference", "ci_low", "ci_high"),
                           difference_interval(at[1.0][name], at[0.0][name]), strict=True))
            for name in (TURNOUT.name, POWER.name)
        }
        levels = runs("balanced", {"structure.level": [0.0, 0.25, 0.5, 0.75, 1.0]}, pool,
                      (POWER, TURNOUT, WINS))
        results["chenoweth_participation"] = {
            "spearman_turnout_wins": float(levels[[TURNOUT.name, WINS.name]]
                                           .corr(method="spearman").iloc[0, 1]),
        }
    results["guess_training"] = {
        name: discernment_gain(name) for name in ("misinformation-storm", "storm-with-training")
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    storage.write_text(OUT, json.dumps(results, indent=2, default=float) + "\n")
    print(json.dumps(results, indent=2, default=float))


if __name__ == "__main__":
    main()
