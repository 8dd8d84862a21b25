"""What a run produced: one table of outcomes, each a number computed from a run's weeks.

An :class:`Outcome` is a statistic (:data:`STATS`) of a measure, or of a sum of
measures, over a run's weekly frame (as :func:`movementsim.simulate` returns it).
:data:`OUTCOMES` names the standard ones; the sweep, ``compare``, the report and
experiments without an ``[outcomes]`` table all take theirs from it, so "long-run
power" means the same number everywhere. An experiment file may define its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from movementsim.model.measures import MEASURES, measure_high
from movementsim.model.parameters import Scenario
from movementsim.model.scenario import scenario_to_dict

#: What an outcome keeps of a run's weekly series.
STATS: dict[str, str] = {
    "initial": "the value in week 0 (the starting state)",
    "final": "the value in the last week",
    "mean": "the mean over all weeks",
    "mean_last": "the mean over the last `weeks` weeks (all weeks if the run is shorter)",
    "sum": "the sum over all weeks",
    "peak": "the highest value",
    "peak_week": "the first week the highest value is reached",
    "first_week": "the first week the value is at least `at_least` (default 1); empty if never",
}

#: Weeks over which long-run collective power is averaged (one year).
LONG_RUN_WEEKS = 52


@dataclass(frozen=True)
class Outcome:
    """A number kept per run: ``stat`` of the sum of ``measures`` over the run's weeks.

    ``label`` and ``unit`` are for people. The range of values it can take
    (:attr:`low`, :attr:`high`) follows from its measures' ranges and its statistic, so
    that a confidence interval never reaches past what is possible.
    """

    name: str
    measures: tuple[str, ...]
    stat: str = "final"
    weeks: int | None = None
    at_least: float = 1.0
    label: str = field(default="", compare=False)
    unit: str = field(default="", compare=False)

    @property
    def low(self) -> float | None:
        """The smallest value this outcome can take (None: no bound)."""
        if self.stat in _WEEK_STATS:
            return 0.0
        lows = [MEASURES[m].low for m in self.measures]
        if any(low is None for low in lows):
            return None
        if self.stat == "sum":
            return 0.0 if min(lows) >= 0 else None
        return float(sum(lows))

    @property
    def high(self) -> float | None:
        """The largest value this outcome can take, whatever the community's size (None:
        no bound); :meth:`high_for` knows the size."""
        return self.high_for(None)

    def high_for(self, people: int | None) -> float | None:
        """The largest value this outcome can take in a community of ``people`` (a count
        of people never exceeds it; None: no bound)."""
        highs = [measure_high(m, people) for m in self.measures]
        if self.stat in _WEEK_STATS or self.stat == "sum" or any(h is None for h in highs):
            return None
        return float(sum(highs))

    @property
    def percent(self) -> bool:
        """Whether people read it as a percentage (a share, not summed over weeks)."""
        return self.stat not in (*_WEEK_STATS, "sum") and all(
            MEASURES[m].percent for m in self.measures
        )

    @property
    def integer(self) -> bool:
        """Whether every value is a whole number (a count, or a week)."""
        if self.stat in _WEEK_STATS:
            return True
        counts = all(MEASURES[m].integer for m in self.measures)
        return counts and self.stat in ("initial", "final", "sum", "peak")

    def value(self, frame: pd.DataFrame) -> float:
        """This outcome of one run, from its weekly frame (index: week)."""
        series = sum(frame[m].astype(float) for m in self.measures)
        if self.stat == "initial":
            return float(series.iloc[0])
        if self.stat == "final":
            return float(series.iloc[-1])
        if self.stat == "mean":
            return float(series.mean())
        if self.stat == "mean_last":
            return float(series.tail(self.weeks).mean())
        if self.stat == "sum":
            return float(series.sum())
        if self.stat == "peak":
            return float(series.max())
        if self.stat == "peak_week":
            return float(series.idxmax())
        reached = series.index[series >= self.at_least]  # first_week
        return float(reached[0]) if len(reached) else math.nan

    @property
    def description(self) -> str:
        """What the number is, in words: its label, or its measure and statistic."""
        if self.label:
            return self.label
        stat = {
            "initial": "value at the start",
            "final": "final value",
            "mean": "mean over the run",
            "mean_last": f"mean of the last {self.weeks} weeks",
            "sum": "total over the run",
            "peak": "peak",
            "peak_week": "week of the peak",
            "first_week": f"first week at {self.at_least:g} or more",
        }[self.stat]
        return f"{' + '.join(self.measures)}, {stat}"

    def spec(self) -> dict[str, Any]:
        """As plain JSON data (the form an experiment's manifest keeps)."""
        data = {"name": self.name, "measures": list(self.measures), "stat": self.stat}
        if self.weeks is not None:
            data["weeks"] = self.weeks
        if self.stat == "first_week":
            data["at_least"] = self.at_least
        return data


_WEEK_STATS = ("peak_week", "first_week")


def _final(name: str, label: str, unit: str = "") -> Outcome:
    return Outcome(name, (name,), "final", label=label, unit=unit)


#: The standard outcomes, by name.
OUTCOMES: dict[str, Outcome] = {
    outcome.name: outcome
    for outcome in (
        Outcome(
            "long_run_power",
            ("power", "durable_power"),
            "mean_last",
            weeks=LONG_RUN_WEEKS,
            label=f"long-run collective power (mean power + durable power, last "
            f"{LONG_RUN_WEEKS} weeks)",
        ),
        _final("power", "power at the end"),
        _final("durable_power", "durable power at the end"),
        _final("wins", "wins (concessions won)"),
        Outcome(
            "first_win_week", ("wins",), "first_week", label="week of the first win", unit="week"
        ),
        _final("missed_opportunities", "moments missed"),
        _final("decision_latency", "mean weeks to a decision", "weeks"),
        _final("members", "members at the end", "people"),
        _final("active", "active at the end", "people"),
        _final("leaders", "leaders at the end", "people"),
        _final("tasks_dropped", "tasks dropped"),
        _final("tasks_duplicated", "tasks duplicated"),
        _final("influence_gini", "inequality of say at the end (Gini, 0 to 1)"),
        Outcome(
            "peak_misinformed", ("misinformed_share",), "peak",
            label="peak share of everyone believing a false claim",
        ),
        Outcome(
            "peak_burnout", ("burnout_share",), "peak", label="peak share of members burnt out"
        ),
        Outcome("turnout_total", ("turnout",), "sum", label="total participations in actions"),
    )
}

#: Outcomes an experiment keeps when its file names none.
DEFAULT_OUTCOMES: tuple[str, ...] = ("long_run_power", "wins")


def long_run_power(frame: pd.DataFrame) -> float:
    """Long-run collective power: mean of ``power + durable_power`` over the last year.

    With fewer weeks than :data:`LONG_RUN_WEEKS`, the mean is over all of them.
    """
    return OUTCOMES["long_run_power"].value(frame)


def summarize(
    frame: pd.DataFrame, scenario: Scenario, *, seed: int, steps: int, version: str,
    defaults_version: str | None = None,
) -> dict[str, Any]:
    """The contents of a run's ``summary.json`` (plain JSON data; NaN becomes ``null``).

    ``defaults_version`` is the release whose defaults filled what the scenario left out
    (``--model-version``; default: ``version``)."""
    final = {column: _plain(value) for column, value in frame.iloc[-1].items()}
    return {
        "movementsim_version": version,
        "defaults_version": defaults_version or version,
        "scenario": scenario_to_dict(scenario),
        "seed": seed,
        "steps": steps,
        "final": final,
        "long_run_power": _plain(long_run_power(frame)),
        "long_run_weeks": min(LONG_RUN_WEEKS, len(frame)),
    }


def _plain(value: Any) -> Any:
    """A numpy or pandas scalar as a JSON-ready Python value (NaN -> None)."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
