"""What ``movementsim run`` leaves behind: a run's time series, a summary, and figures.

A run folder holds ``timeseries.csv`` (one row per week, index column ``step``),
``summary.json`` (the scenario, seed, steps, version, final values and long-run power),
``power.png``/``.svg``, ``measures.png``/``.svg`` and, from ``movementsim run``,
``organizations.csv`` (one row per week and organization). Every file is written atomically,
into a folder that is new, empty or an earlier run's (see
:mod:`movementsim.experiments.storage`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from movementsim.experiments import storage
from movementsim.teaching.figures import plot_measures, plot_power

#: The command a run folder belongs to (see :func:`storage.claim_folder`).
KIND = "run"


def write_run(
    frame: pd.DataFrame,
    summary: dict[str, Any],
    out_dir: str | Path,
    organizations: pd.DataFrame | None = None,
) -> list[Path]:
    """Write a run's time series, summary and figures into ``out_dir``; return the paths.

    ``summary`` is :func:`movementsim.experiments.outcomes.summarize`'s; ``organizations``
    (:meth:`MovementModel.organization_measures`), when given, goes to
    ``organizations.csv``. Raises
    :class:`~movementsim.experiments.storage.OutputError` for a folder movementsim may not
    write into.
    """
    out = storage.claim_folder(out_dir, KIND)
    storage.mark_folder(out, KIND, summary.get("defaults_version"))
    csv = storage.atomic_write(
        out / "timeseries.csv", lambda tmp: frame.to_csv(tmp, index_label="step")
    )
    summary_json = storage.write_text(out / "summary.json", json.dumps(summary, indent=2) + "\n")
    tables = [csv, summary_json]
    if organizations is not None:
        tables.append(
            storage.atomic_write(
                out / "organizations.csv", lambda tmp: organizations.to_csv(tmp, index=False)
            )
        )
    title = summary["scenario"].get("title") or summary["scenario"]["name"]
    return [
        *tables,
        *plot_power(frame, out / "power", f"Collective power: {title}"),
        *plot_measures(frame, out / "measures", f"Inside the movement: {title}"),
    ]
