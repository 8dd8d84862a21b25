"""Confidence intervals, computed one way everywhere.

**Means.** The interval of a mean over runs is Student's t with ``n - 1`` degrees of
freedom (:func:`scipy.stats.t`): with ten seeds a normal interval would be about 13% too
narrow.

**Bounded quantities.** Many outcomes cannot leave a range: a count, wins or power are
never negative, a share or a Gini lies in [0, 1], a count of people never exceeds the
community. Their bounds are declared once, with each measure
(:data:`movementsim.model.measures.MEASURES`, ``low``, ``high`` and ``of_people``), and
an outcome derives its own from them (``Outcome.low``, ``Outcome.high_for(people)``).
For such a quantity the interval is the t interval *restricted to the range its mean can
take* (:func:`restrict`). This is not a cosmetic clip: the true mean of a quantity that
lies in [low, high] lies in [low, high] too, so "the mean is in the t interval" and "the
mean is in the t interval intersected with [low, high]" are one and the same event. The
restricted interval therefore has exactly the coverage of the t interval (the usual way
to state a confidence set for a bounded parameter), and it never claims a value that is
impossible. A group whose runs all agree (every run won nothing) has a zero-width
interval: it says every run gave that value, not that the mean is known exactly.

**Differences.** The difference of two means (a scenario claim, a step of the structure
dial, a level against the best one) uses Welch's t interval, which does not assume equal
variances.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

LEVEL = 0.95


def t_half_width(std: np.ndarray | float, count: np.ndarray | float) -> np.ndarray | float:
    """Half the width of the 95% t interval of a mean (NaN for fewer than two values)."""
    count = np.asarray(count, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        quantile = stats.t.ppf(0.5 + LEVEL / 2, np.where(count > 1, count - 1, np.nan))
        return quantile * np.asarray(std, dtype=float) / np.sqrt(count)


def restrict(
    values: pd.Series | np.ndarray, low: float | None, high: float | None
) -> pd.Series | np.ndarray:
    """Interval ends restricted to [low, high], the range the mean can take (either may
    be None: no bound on that side). Coverage is unchanged: see the module docstring."""
    if isinstance(values, pd.Series):
        return values.clip(lower=low, upper=high)
    return np.clip(values, -np.inf if low is None else low, np.inf if high is None else high)


def mean_table(
    runs: pd.DataFrame,
    by: str | Sequence[str],
    value: str,
    low: float | None = None,
    high: float | None = None,
) -> pd.DataFrame:
    """Per group: ``mean``, ``std``, ``count`` (runs with a value) and the 95% interval.

    The interval (``ci_low``, ``ci_high``) is Student's t, restricted to [low, high]
    (pass the outcome's or measure's declared bounds). A
    group of one run has no interval (NaN); a group whose runs all agree has a zero-width
    one.
    """
    grouped = runs.groupby(by)[value]
    table = grouped.agg(["mean", "std", "count"])
    half = t_half_width(table["std"].fillna(0.0), table["count"])
    table["ci_low"] = restrict(table["mean"] - half, low, high)
    table["ci_high"] = restrict(table["mean"] + half, low, high)
    return table


def weekly_band(
    runs: pd.DataFrame, column: str, low: float | None = None, high: float | None = None
) -> pd.DataFrame:
    """Mean of ``column`` in each week over the runs, with its 95% t interval.

    ``runs`` has one row per run and week (column ``step``). Returns a frame indexed by
    week with ``mean``, ``ci_low`` and ``ci_high``. Weeks in which the measure is
    undefined in every run (NaN, such as the time to decide before any decision) are
    NaN; with a single run the band is the line itself.
    """
    table = mean_table(runs, "step", column, low, high)
    single = table["count"] <= 1
    table.loc[single, "ci_low"] = table.loc[single, "mean"]
    table.loc[single, "ci_high"] = table.loc[single, "mean"]
    return table[["mean", "ci_low", "ci_high"]]


def difference_interval(
    a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray, confidence: float = LEVEL
) -> tuple[float, float, float]:
    """The difference of means ``a - b`` and its Welch t interval (low, high), 95% unless
    ``confidence`` says otherwise."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    result = stats.ttest_ind(a, b, equal_var=False)
    interval = result.confidence_interval(confidence)
    return float(a.mean() - b.mean()), float(interval.low), float(interval.high)


def indistinguishable_from_best(
    groups: Mapping[Hashable, Sequence[float] | np.ndarray], confidence: float = LEVEL
) -> list[Hashable]:
    """The groups whose mean cannot be told apart from the highest one (the plateau).

    The best group is the one with the highest mean; another group belongs to the plateau
    when the Welch interval of ``best - group`` (95% unless ``confidence`` says otherwise)
    reaches zero. Each group is compared with the best on its own, without a correction
    for the number of comparisons, so the plateau is if anything narrower than the set of
    groups truly indistinguishable from the best. Groups keep the mapping's order.
    """
    means = {key: float(np.mean(values)) for key, values in groups.items()}
    best = max(means, key=means.__getitem__)
    return [
        key for key, values in groups.items()
        if key == best or difference_interval(groups[best], values, confidence)[1] <= 0
    ]
