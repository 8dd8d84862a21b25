"""Does a result hold beyond one scenario? Contexts from a Latin hypercube, each run at
every structure level.

An experiment whose design is a Latin hypercube of contexts (``sampler = "lhs"``)
crossed with a list of structure levels, and which keeps ``long_run_power`` and
``wins``, is analysed context by context (:func:`analyze_contexts`):

- a context is **winnable** when at some level the movement wins at least once on
  average over its replications;
- in a winnable context, **a middle level beats both ends** when the best level strictly
  between the lowest and the highest has a higher mean long-run power than each end,
  with the 95% Welch interval of each difference above zero;
- the **best level** is the level with the highest mean long-run power; the **plateau**
  is every level whose mean is within seed noise of the best (the Welch interval of
  the difference includes zero);
- what moves the best level: Spearman rank correlations of the best level with each
  context parameter (over winnable contexts), and first-order Sobol indices estimated
  from the same sample by RBD-FAST (SALib; Tarantola et al. 2006).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from movementsim.experiments.designs import salib_problem
from movementsim.experiments.intervals import (
    difference_interval,
    indistinguishable_from_best,
    mean_table,
)
from movementsim.experiments.outcomes import OUTCOMES

LEVEL = "structure.level"
POWER = "long_run_power"
WINS = "wins"


@dataclass
class ContextsAnalysis:
    """What :func:`analyze_contexts` found.

    Attributes:
        contexts: one row per context: its parameters, ``winnable``, ``best_level``,
            ``best_power``, ``power_at_low``, ``power_at_high``, ``middle_beats_ends``,
            ``plateau_low`` and ``plateau_high`` (the plateau's ends).
        by_level: one row per context and level: mean long-run power, its interval, and
            the mean of wins and of every other outcome analysed.
        correlations: per parameter, Spearman's rho of the best level and its p-value.
        sobol: per parameter, RBD-FAST's first-order index and its 95% interval.
    """

    contexts: pd.DataFrame
    by_level: pd.DataFrame
    correlations: pd.DataFrame
    sobol: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def winnable_share(self) -> float:
        return float(self.contexts["winnable"].mean())

    @property
    def middle_share(self) -> float:
        """Among winnable contexts, the share where a middle level beats both ends."""
        winnable = self.contexts[self.contexts["winnable"]]
        return float(winnable["middle_beats_ends"].mean()) if len(winnable) else float("nan")

    def summary(self) -> dict[str, object]:
        """The headline numbers, as plain data."""
        winnable = self.contexts[self.contexts["winnable"]]
        counts = winnable["best_level"].value_counts().sort_index()
        return {
            "contexts": len(self.contexts),
            "winnable": int(self.contexts["winnable"].sum()),
            "winnable_share": self.winnable_share,
            "middle_beats_ends": int(winnable["middle_beats_ends"].sum()),
            "middle_share": self.middle_share,
            "best_level_counts": {float(k): int(v) for k, v in counts.items()},
            "best_level_median": float(winnable["best_level"].median()) if len(winnable) else None,
        }


def is_contexts_design(spec: dict, outcomes: list[str]) -> bool:
    """Whether an experiment (its manifest's spec) is a Latin hypercube of contexts crossed
    with structure levels, keeping long-run power and wins."""
    crossed = [p for p in spec["parameters"] if "values" in p]
    return (
        spec["design"]["sampler"] == "lhs"
        and [p["key"] for p in crossed] == [LEVEL]
        and {POWER, WINS} <= set(outcomes)
    )


def analyze_contexts(
    runs: pd.DataFrame, parameters: list[str], seed: int = 0, outcomes: tuple[str, ...] = (WINS,)
) -> ContextsAnalysis:
    """Analyse every context of ``runs`` (one row per run with ``context``, the parameters,
    ``structure.level``, ``long_run_power`` and ``wins``); ``by_level`` also carries the
    mean of every other outcome in ``outcomes`` (why a context fails is read from them)."""
    runs = runs[runs["error"].isna()] if "error" in runs else runs
    bounds = OUTCOMES[POWER].low, OUTCOMES[POWER].high
    table = mean_table(runs, ["context", LEVEL], POWER, *bounds)
    for name in dict.fromkeys((WINS, *outcomes)):
        if name != POWER:
            table[name] = runs.groupby(["context", LEVEL])[name].mean()
    by_level = table.reset_index()
    rows = []
    for context, group in runs.groupby("context"):
        levels = np.sort(group[LEVEL].unique())
        power = {level: group.loc[group[LEVEL] == level, POWER].to_numpy() for level in levels}
        means = {level: values.mean() for level, values in power.items()}
        wins = group.groupby(LEVEL)[WINS].mean()
        best = max(levels, key=lambda level: means[level])
        low, high = levels[0], levels[-1]
        middle = [level for level in levels if low < level < high]
        best_middle = max(middle, key=lambda level: means[level]) if middle else None
        beats = best_middle is not None and all(
            difference_interval(power[best_middle], power[end])[1] > 0 for end in (low, high)
        )
        plateau = indistinguishable_from_best(power)
        rows.append(
            {
                "context": context,
                **group[parameters].iloc[0].to_dict(),
                "winnable": bool(wins.max() >= 1),
                "best_level": float(best),
                "best_power": float(means[best]),
                "power_at_low": float(means[low]),
                "power_at_high": float(means[high]),
                "middle_beats_ends": bool(beats),
                "plateau_low": float(min(plateau)),
                "plateau_high": float(max(plateau)),
            }
        )
    contexts = pd.DataFrame(rows).set_index("context")
    winnable = contexts[contexts["winnable"]]
    correlations = pd.DataFrame(
        [_spearman(winnable, key) for key in parameters], index=pd.Index(parameters,
                                                                            name="parameter")
    )
    return ContextsAnalysis(
        contexts=contexts,
        by_level=by_level,
        correlations=correlations,
        sobol=_rbd_fast(winnable, parameters, seed),
    )


def _spearman(contexts: pd.DataFrame, key: str) -> dict[str, float]:
    if len(contexts) < 3 or contexts[key].nunique() < 2 or contexts["best_level"].nunique() < 2:
        return {"spearman_rho": float("nan"), "p_value": float("nan")}
    result = stats.spearmanr(contexts[key], contexts["best_level"])
    return {"spearman_rho": float(result.statistic), "p_value": float(result.pvalue)}


def _rbd_fast(contexts: pd.DataFrame, parameters: list[str], seed: int) -> pd.DataFrame:
    """First-order Sobol indices of the best level, estimated by RBD-FAST from the sample
    (empty when SALib is missing or there are too few winnable contexts)."""
    try:
        from SALib.analyze import rbd_fast
    except ImportError:
        return pd.DataFrame()
    if len(contexts) < 10 or contexts["best_level"].nunique() < 2:
        return pd.DataFrame()
    x = contexts[parameters].to_numpy(dtype=float)
    problem = salib_problem(
        parameters, [(float(col.min()), float(col.max()) + 1e-12) for col in x.T]
    )
    indices = rbd_fast.analyze(
        problem, x, contexts["best_level"].to_numpy(dtype=float), M=4, num_resamples=200,
        conf_level=0.95, seed=seed,
    )
    s1, conf = np.asarray(indices["S1"]), np.asarray(indices["S1_conf"])
    return pd.DataFrame(
        {"S1": s1, "S1_ci_low": s1 - conf, "S1_ci_high": s1 + conf},
        index=pd.Index(parameters, name="parameter"),
    )
