"""Analysing an experiment's output: per-point statistics, Sobol and Morris indices, figures.

:func:`analyze` reads an output folder written by :func:`movementsim.runner.run_experiment`
and writes into the analysis folder:

- ``summary.csv``: one row per design point and outcome: the parameter values, ``n``
  (runs with a value; ``first_week`` is empty for a run where it never happened),
  ``failed`` (runs that raised), ``mean``, ``std`` and the 95% confidence interval of
  the mean (Student's t with ``n - 1`` degrees of freedom).
- for a grid over one parameter: ``line_<outcome>`` figures (mean with its 95% band);
  over two: ``heatmap_<outcome>`` (mean, best first parameter of each row circled) and
  ``lines_<outcome>`` (one line with its band per value of the second parameter);
- for a Sobol design: ``sobol.csv`` (first-order and total indices with 95% intervals,
  SALib's bootstrap) and ``sobol_<outcome>`` figures;
- for a Morris design: ``morris.csv`` (mu, mu*, its 95% interval, sigma) and
  ``morris_<outcome>`` figures;
- otherwise (a Latin hypercube, a grid over three or more parameters):
  ``scatter_<outcome>`` figures of the mean at each point against each parameter.

Sobol and Morris indices are computed on the mean over replications at each point.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from movementsim import experiment_plots
from movementsim.designs import salib_problem, sampler_seed
from movementsim.experiment_files import ExperimentError
from movementsim.runner import MANIFEST


@dataclass
class Results:
    """An experiment's output folder, read back: its manifest, design and runs."""

    out: Path
    manifest: dict[str, Any]
    design: pd.DataFrame
    runs: pd.DataFrame

    @property
    def spec(self) -> dict[str, Any]:
        """The experiment as recorded in the manifest."""
        return self.manifest["experiment"]

    @property
    def parameters(self) -> list[str]:
        """The varied parameters' keys, in the file's order."""
        return [p["key"] for p in self.spec["parameters"]]

    @property
    def outcomes(self) -> list[str]:
        """The outcomes' names, in the file's order."""
        return [o["name"] for o in self.spec["outcomes"]]


@dataclass
class Analysis:
    """What :func:`analyze` computed and wrote."""

    summary: pd.DataFrame
    indices: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def load_results(out: str | Path) -> Results:
    """Read a finished experiment's folder; raise :class:`ExperimentError` if it is not one."""
    out = Path(out)
    manifest_path = out / MANIFEST
    if not manifest_path.is_file():
        raise ExperimentError(f"{out}: no {MANIFEST} here; is it an experiment's --out folder?")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("status") != "complete" or not (out / "runs.parquet").is_file():
        raise ExperimentError(
            f"{out}: the experiment has not finished (status {manifest.get('status')!r}, "
            f"{manifest.get('runs_done')} of {manifest.get('runs_total')} runs); finish it with "
            "movementsim experiment run FILE --out DIR --resume"
        )
    try:
        design = pd.read_parquet(out / "design.parquet")
        runs = pd.read_parquet(out / "runs.parquet")
    except ImportError:
        raise ExperimentError(
            'reading experiment results needs pyarrow: pip install -e ".[parquet]"'
        ) from None
    return Results(out, manifest, design, runs)


def point_summary(runs: pd.DataFrame, parameters: list[str], outcomes: list[str]) -> pd.DataFrame:
    """Mean, standard deviation and 95% t interval of each outcome at each design point.

    One row per (point, outcome), sorted by point then by the outcomes' order.
    """
    failed = runs["error"].notna().groupby(runs["point"]).sum()
    values = runs.set_index("point")[parameters].groupby(level=0).first()
    tables = []
    for name in outcomes:
        grouped = runs.groupby("point")[name]
        table = grouped.agg(n="count", mean="mean", std="std")
        half = stats.t.ppf(0.975, table["n"] - 1) * table["std"] / np.sqrt(table["n"])
        table["ci_low"] = table["mean"] - half
        table["ci_high"] = table["mean"] + half
        table.insert(0, "failed", failed.reindex(table.index).astype(int))
        table.insert(0, "outcome", name)
        tables.append(values.join(table))
    summary = pd.concat(tables).reset_index()
    order = {name: i for i, name in enumerate(outcomes)}
    return summary.sort_values(
        ["point", "outcome"], key=lambda c: c.map(order) if c.name == "outcome" else c,
        ignore_index=True,
    )


def sobol_indices(results: Results, outcome: str) -> pd.DataFrame:
    """First-order and total Sobol indices of ``outcome``, with SALib's 95% intervals."""
    from SALib.analyze import sobol

    problem, y = _problem_and_means(results, outcome)
    design = results.spec["design"]
    indices = sobol.analyze(
        problem,
        y,
        calc_second_order=design["second_order"],
        conf_level=0.95,
        seed=sampler_seed(results.spec["seed"]),
    )
    table = pd.DataFrame(
        {
            "S1": indices["S1"],
            "S1_ci_low": indices["S1"] - indices["S1_conf"],
            "S1_ci_high": indices["S1"] + indices["S1_conf"],
            "ST": indices["ST"],
            "ST_ci_low": indices["ST"] - indices["ST_conf"],
            "ST_ci_high": indices["ST"] + indices["ST_conf"],
        },
        index=pd.Index(problem["names"], name="parameter"),
    )
    return table


def morris_indices(results: Results, outcome: str) -> pd.DataFrame:
    """Morris screening of ``outcome``: mu, mu* with its 95% interval, and sigma."""
    from SALib.analyze import morris

    problem, y = _problem_and_means(results, outcome)
    x = results.design[problem["names"]].to_numpy(dtype=float)
    indices = morris.analyze(
        problem,
        x,
        y,
        conf_level=0.95,
        num_levels=results.spec["design"]["levels"],
        seed=sampler_seed(results.spec["seed"]),
    )
    mu_star, conf = np.asarray(indices["mu_star"]), np.asarray(indices["mu_star_conf"])
    return pd.DataFrame(
        {
            "mu": np.asarray(indices["mu"]),
            "mu_star": mu_star,
            "mu_star_ci_low": mu_star - conf,
            "mu_star_ci_high": mu_star + conf,
            "sigma": np.asarray(indices["sigma"]),
        },
        index=pd.Index(problem["names"], name="parameter"),
    )


def outcome_label(spec: dict[str, Any]) -> str:
    """A two-line figure label for an outcome: its name, then its measure and stat."""
    short = {
        "final": "final value",
        "mean": "mean over the run",
        "mean_last": f"mean of the last {spec.get('weeks')} weeks",
        "peak": "peak",
        "peak_week": "week of the peak",
        "first_week": f"first week at {spec.get('at_least', 1):g} or more",
    }[spec["stat"]]
    return f"{spec['name']}\n({' + '.join(spec['measures'])}, {short})"


def analyze(out: str | Path, analysis_dir: str | Path | None = None) -> Analysis:
    """Analyse the experiment in ``out``; write tables and figures into ``analysis_dir``.

    ``analysis_dir`` defaults to ``<out>/analysis``. See the module docstring for the files.
    """
    results = load_results(out)
    target = Path(analysis_dir) if analysis_dir is not None else results.out / "analysis"
    target.mkdir(parents=True, exist_ok=True)
    parameters, sampler = results.parameters, results.spec["design"]["sampler"]
    summary = point_summary(results.runs, parameters, results.outcomes)
    analysis = Analysis(summary=summary, files=[target / "summary.csv"])
    summary.to_csv(analysis.files[0], index=False)
    name = results.spec["name"]
    for spec in results.spec["outcomes"]:
        outcome, label = spec["name"], outcome_label(spec)
        table = summary[summary["outcome"] == outcome]
        if sampler in ("sobol", "morris"):
            compute, plot = (
                (sobol_indices, experiment_plots.plot_sobol)
                if sampler == "sobol"
                else (morris_indices, experiment_plots.plot_morris)
            )
            analysis.indices[outcome] = compute(results, outcome)
            analysis.files += plot(
                analysis.indices[outcome], target / f"{sampler}_{outcome}",
                f"{name}: what drives {outcome}",
            )
        elif sampler == "grid" and len(parameters) == 1:
            analysis.files += experiment_plots.plot_line(
                table, parameters[0], label, target / f"line_{outcome}", f"{name}: {outcome}"
            )
        elif sampler == "grid" and len(parameters) == 2:
            x, y = parameters
            analysis.files += experiment_plots.plot_heatmap(
                table, x, y, label, target / f"heatmap_{outcome}", f"{name}: mean {outcome}"
            )
            analysis.files += experiment_plots.plot_line(
                table, x, label, target / f"lines_{outcome}", f"{name}: {outcome}", by=y
            )
        else:
            analysis.files += experiment_plots.plot_scatter(
                table, parameters, label, target / f"scatter_{outcome}", f"{name}: {outcome}"
            )
    if analysis.indices:
        indices = pd.concat(analysis.indices, names=["outcome"]).reset_index()
        analysis.files.append(target / f"{sampler}.csv")
        indices.to_csv(analysis.files[-1], index=False)
    return analysis


def _problem_and_means(results: Results, outcome: str) -> tuple[dict[str, Any], np.ndarray]:
    """SALib's problem and the mean of ``outcome`` at each point, in the design's order."""
    bounds = [(p["low"], p["high"]) for p in results.spec["parameters"]]
    problem = salib_problem(results.parameters, bounds)
    means = results.runs.groupby("point")[outcome].mean().reindex(results.design.index)
    missing = int(means.isna().sum())
    if missing:
        raise ExperimentError(
            f"{results.out}: {outcome} has no value at {missing} of {len(means)} design points "
            "(failed runs, or a first_week that never happened); sensitivity indices need "
            "a value at every point"
        )
    return problem, means.to_numpy(dtype=float)
