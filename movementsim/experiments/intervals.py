"""Confidence intervals, computed one way everywhere.

The interval of a mean over runs is Student's t with ``n - 1`` degrees of freedom
(:func:`scipy.stats.t`): with ten seeds a normal interval would be about 13% too
narrow. A quantity that cannot leave a range (a count is never negative, a share or a
Gini never exceeds 1) has its interval clipped to that range: the t interval is
symmetric, the quantity is not, and a bound past what is possible says nothing. The
difference of two means (a scenario claim) uses Welch's t interval, which does not
assume equal variances.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def clip(
    values: pd.Series | np.ndarray, low: float | None, high: float | None
) -> pd.Series | np.ndarray:
    """Values clipped to [low, high] (either may be None: no bound on that side)."""
    return values.clip(lower=low, upper=high) if isinstance(values, pd.Series) else np.clip(
        values, -np.inf if low is None else low, np.inf if high is None else high
    )


def mean_table(
    runs: pd.DataFrame,
    by: str | Sequence[str],
    value: str,
    low: float | None = None,
    high: float | None = None,
) -> pd.DataFrame:
    """Per group: ``mean``, ``std``, ``count`` (runs with a value) and the 95% interval.

    The interval (``ci_low``, ``ci_high``) is Student's t, clipped to [low, high]. A
    group of one run has no interval (NaN); a group whose runs all agree has a zero-width
    one.
    """
    grouped = runs.groupby(by)[value]
    table = grouped.agg(["mean", "std", "count"])
    half = t_half_width(table["std"].fillna(0.0), table["count"])
    table["ci_low"] = clip(table["mean"] - half, low, high)
    table["ci_high"] = clip(table["mean"] + half, low, high)
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
