"""Does a coalition beat its organizations alone, and apart, beyond coalition-wins?

    python docs/coalition_contexts.py --workers 2     # about two minutes on 2 cores

Runs coalition-wins in seven contexts (as published; the council's resistance 0.3 and
1.0; 600 and 2,400 people; every organization at structure level 0.2 and 0.8), ten
seeds each, three ways: as a coalition deciding by vote, the same organizations side by
side without a coalition (``coalition.rule`` none), and the largest organization alone.
Prints the markdown table docs/validation.md quotes (Welch 95% intervals of the
differences of long-run power).
"""

from __future__ import annotations

import argparse

import numpy as np

from movementsim.experiments.engine import Task, make_executor, run_tasks
from movementsim.experiments.intervals import difference_interval
from movementsim.experiments.outcomes import long_run_power
from movementsim.model import load_scenario
from movementsim.model.parameters import Scenario

CONTEXTS = {
    "as published": {},
    "resistance 0.3": {"decision_maker.resistance": 0.3},
    "resistance 1.0": {"decision_maker.resistance": 1.0},
    "600 people": {"community.members": 600},
    "2,400 people": {"community.members": 2400},
    "level 0.2": {"structure.level": 0.2},
    "level 0.8": {"structure.level": 0.8},
}
WAYS = ("coalition", "apart", "largest alone")
SEEDS = range(10)


def scenario(context: str, way: str) -> Scenario:
    rule = {"coalition.rule": "none"} if way == "apart" else {}
    loaded = load_scenario("coalition-wins", {**CONTEXTS[context], **rule})
    if way == "largest alone":
        largest = max(loaded.organizations, key=lambda org: len(org.subcommunities))
        loaded = loaded.model_copy(update={"organizations": (largest,)})
    return loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    workers = parser.parse_args().workers
    tasks = [
        Task(scenario(context, way), seed, timeseries=("power", "durable_power", "wins"),
             tag=(context, way))
        for context in CONTEXTS
        for way in WAYS
        for seed in SEEDS
    ]
    with make_executor(workers) as pool:
        results = run_tasks(tasks, pool)
    power: dict[tuple[str, str], list[float]] = {}
    wins: dict[tuple[str, str], list[float]] = {}
    for result in results:
        assert result.error is None, result.error
        power.setdefault(result.tag, []).append(long_run_power(result.frame))
        wins.setdefault(result.tag, []).append(float(result.frame["wins"].iloc[-1]))
    print("| context | wins: coalition / apart / largest alone | long-run power: coalition "
          "minus apart [95% CI] | coalition minus largest alone [95% CI] |")
    print("|---|---|---|---|")
    for context in CONTEXTS:
        shown = " / ".join(f"{np.mean(wins[(context, way)]):.1f}" for way in WAYS)
        cells = []
        for other in WAYS[1:]:
            difference, low, high = difference_interval(
                np.array(power[(context, "coalition")]), np.array(power[(context, other)])
            )
            cells.append(f"{difference:+.2f} [{low:.2f}, {high:.2f}]")
        print(f"| {context} | {shown} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
