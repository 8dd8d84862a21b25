"""What a run leaves behind: its time series, a summary, and figures.

A run folder holds ``timeseries.csv`` (one row per week, index column ``step``),
``summary.json`` (the scenario, seed, steps, version, final values and long-run
power), ``power.png``/``.svg`` and ``measures.png``/``.svg``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from movementsim.parameters import Scenario
from movementsim.plotting import plot_measures, plot_power
from movementsim.scenario import scenario_to_dict

#: Weeks over which long-run collective power is averaged (one year).
LONG_RUN_WEEKS = 52


def long_run_power(df: pd.DataFrame, weeks: int = LONG_RUN_WEEKS) -> float:
    """Long-run collective power: mean of ``power + durable_power`` over the last weeks.

    With fewer rows than ``weeks``, the mean is over all of them.
    """
    return float((df["power"] + df["durable_power"]).tail(weeks).mean())


def summarize(
    df: pd.DataFrame, scenario: Scenario, *, seed: int, steps: int, version: str
) -> dict[str, Any]:
    """The contents of ``summary.json`` (plain JSON data; NaN becomes ``null``)."""
    final = {column: _plain(value) for column, value in df.iloc[-1].items()}
    return {
        "movementsim_version": version,
        "scenario": scenario_to_dict(scenario),
        "seed": seed,
        "steps": steps,
        "final": final,
        "long_run_power": _plain(long_run_power(df)),
        "long_run_weeks": min(LONG_RUN_WEEKS, len(df)),
    }


def write_run(df: pd.DataFrame, summary: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """Write a run's time series, summary and figures into ``out_dir``; return the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    csv_path, json_path = out / "timeseries.csv", out / "summary.json"
    df.to_csv(csv_path, index_label="step")
    json_path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    title = summary["scenario"].get("title") or summary["scenario"]["name"]
    return [
        csv_path,
        json_path,
        *plot_power(df, out / "power", f"Collective power: {title}"),
        *plot_measures(df, out / "measures", f"Inside the movement: {title}"),
    ]


def _plain(value: Any) -> Any:
    """A numpy or pandas scalar as a JSON-ready Python value (NaN -> None)."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
