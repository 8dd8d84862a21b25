"""Analysing an experiment's output: per-point statistics, Sobol and Morris indices.

:func:`analyze` reads an output folder written by
:func:`movementsim.experiments.runner.run_experiment` and writes into the analysis
folder:

- ``summary.csv``: one row per design point and outcome: the parameter values, ``n``
  (runs with a value; ``first_week`` is empty for a run where it never happened),
  ``failed`` (runs that raised), ``mean``, ``std`` and the 95% confidence interval of
  the mean (:mod:`movementsim.experiments.intervals`: Student's t);
- for a Sobol design: ``sobol.csv`` (first-order and total indices with 95% intervals,
  SALib's bootstrap, restricted to [0, 1]: an index is a share of the variance);
- for a Morris design: ``morris.csv`` (mu, mu*, its 95% interval restricted to mu* >= 0,
  sigma);
- for a Latin hypercube of contexts crossed with structure levels (the robustness
  experiment, :mod:`movementsim.experiments.robustness`): ``contexts.csv`` (one row per
  context), ``contexts_by_level.csv``, ``contexts_summary.json`` (the shares and the
  distribution of the best level), ``best_level_correlations.csv`` (Spearman) and
  ``best_level_sobol.csv`` (RBD-FAST).

Sobol and Morris indices are computed on the mean over replications at each point.
Figures of an analysis are drawn by :mod:`movementsim.teaching.experiment_figures`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from movementsim.experiments import storage
from movementsim.experiments.designs import salib_problem, sampler_seed
from movementsim.experiments.files import ExperimentError
from movementsim.experiments.intervals import mean_table, restrict
from movementsim.experiments.outcomes import Outcome
from movementsim.experiments.robustness import (
    LEVEL,
    ContextsAnalysis,
    analyze_contexts,
    is_contexts_design,
)
from movementsim.experiments.runner import read_manifest

#: The command an analysis folder belongs to (see :func:`storage.claim_folder`).
KIND = "analysis"


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
    def name(self) -> str:
        return str(self.spec.get("name", self.out.name))

    @property
    def defaults_version(self) -> str:
        """The release whose defaults the runs used; unknown for an output made before
        0.2.0, when the version string did not follow the defaults."""
        return self.spec.get("defaults_version", "unknown (made before 0.2.0)")

    @property
    def sampler(self) -> str:
        return self.spec["design"]["sampler"]

    @property
    def parameters(self) -> list[str]:
        """The varied parameters' keys, in the file's order."""
        return [p["key"] for p in self.spec["parameters"]]

    @property
    def outcomes(self) -> list[Outcome]:
        """The outcomes, in the file's order."""
        return [
            Outcome(
                o["name"],
                tuple(o["measures"]),
                o["stat"],
                o.get("weeks"),
                o.get("at_least", 1.0),
            )
            for o in self.spec["outcomes"]
        ]


@dataclass
class Analysis:
    """What :func:`analyze` computed: per-point statistics, sensitivity indices, and for
    a design of contexts, the analysis of each context."""

    results: Results
    summary: pd.DataFrame
    indices: dict[str, pd.DataFrame] = field(default_factory=dict)
    contexts: ContextsAnalysis | None = None
    files: list[Path] = field(default_factory=list)


def load_results(out: str | Path) -> Results:
    """Read a finished experiment's folder; raise :class:`ExperimentError` if it is not one."""
    out = Path(out)
    manifest = read_manifest(out)
    if manifest.get("status") != "complete" or not (out / "runs.parquet").is_file():
        raise ExperimentError(
            f"{out}: the experiment has not finished (status {manifest.get('status')!r}, "
            f"{manifest.get('runs_done')} of {manifest.get('runs_total')} runs); finish it with "
            "movementsim experiment run FILE --out DIR --resume"
        )
    if not isinstance(manifest.get("experiment"), dict):
        raise ExperimentError(f"{out}: its manifest.json does not describe an experiment")
    try:
        design = pd.read_parquet(out / "design.parquet")
        runs = pd.read_parquet(out / "runs.parquet")
    except ImportError:
        raise ExperimentError(
            "reading experiment results needs pyarrow (installed with movementsim): "
            "reinstall it with pip install -e ."
        ) from None
    except (OSError, ValueError) as err:
        raise ExperimentError(f"{out}: cannot read its Parquet files ({err})") from None
    if "point" in design.columns:
        design = design.set_index("point")
    return Results(out, manifest, design, runs)


def point_summary(
    runs: pd.DataFrame, parameters: list[str], outcomes: list[Outcome],
    people: int | None = None,
) -> pd.DataFrame:
    """Mean, standard deviation and 95% t interval of each outcome at each design point.

    One row per (point, outcome), sorted by point then by the outcomes' order. A count
    of people is bounded by the community's size: ``community.members`` at each point
    where the design varies it, else ``people`` (the base scenario's).
    """
    failed = runs["error"].notna().groupby(runs["point"]).sum()
    values = runs.set_index("point")[parameters].groupby(level=0).first()
    size = (
        values["community.members"] if "community.members" in values
        else pd.Series(people, index=values.index, dtype=float)
    )
    tables = []
    for outcome in outcomes:
        table = mean_table(runs, "point", outcome.name, outcome.low, outcome.high)
        bound = size.map(lambda n, o=outcome: o.high_for(None if pd.isna(n) else int(n)))
        table["ci_high"] = table["ci_high"].clip(upper=bound.reindex(table.index).astype(float))
        table = table.rename(columns={"count": "n"})[["n", "mean", "std", "ci_low", "ci_high"]]
        table.insert(0, "failed", failed.reindex(table.index).astype(int))
        table.insert(0, "outcome", outcome.name)
        tables.append(values.join(table))
    summary = pd.concat(tables).reset_index()
    order = {outcome.name: i for i, outcome in enumerate(outcomes)}
    return summary.sort_values(
        ["point", "outcome"], key=lambda c: c.map(order) if c.name == "outcome" else c,
        ignore_index=True,
    )


def sobol_indices(results: Results, outcome: str) -> pd.DataFrame:
    """First-order and total Sobol indices of ``outcome``, with SALib's 95% intervals.

    An index is a share of the outcome's variance, so its interval is restricted to
    [0, 1] (:func:`~movementsim.experiments.intervals.restrict`: coverage is unchanged).
    So are the estimates: SALib's estimator can fall slightly below 0 (or above 1) by
    sampling noise, and an index outside [0, 1] is impossible; restricting it keeps every
    estimate inside its own interval. When SALib's whole interval lies outside [0, 1]
    (too few samples for the estimator), the restriction would show a certain 0 (or 1):
    ``S1_estimated`` (``ST_estimated``) is then False, and the index is no finding.
    """
    from SALib.analyze import sobol

    problem, y = _problem_and_means(results, outcome)
    indices = sobol.analyze(
        problem,
        y,
        calc_second_order=results.spec["design"]["second_order"],
        conf_level=0.95,
        seed=sampler_seed(results.spec["seed"]),
    )
    return pd.DataFrame(
        {
            "S1": restrict(indices["S1"], 0.0, 1.0),
            "S1_ci_low": restrict(indices["S1"] - indices["S1_conf"], 0.0, 1.0),
            "S1_ci_high": restrict(indices["S1"] + indices["S1_conf"], 0.0, 1.0),
            "ST": restrict(indices["ST"], 0.0, 1.0),
            "ST_ci_low": restrict(indices["ST"] - indices["ST_conf"], 0.0, 1.0),
            "ST_ci_high": restrict(indices["ST"] + indices["ST_conf"], 0.0, 1.0),
            **{f"{name}_estimated": _overlaps_unit(indices[name], indices[f"{name}_conf"])
               for name in ("S1", "ST")},
        },
        index=pd.Index(problem["names"], name="parameter"),
    )


def _overlaps_unit(estimate: np.ndarray, half_width: np.ndarray) -> np.ndarray:
    """Whether each interval ``estimate`` +- ``half_width`` reaches into [0, 1]."""
    return (estimate + half_width >= 0.0) & (estimate - half_width <= 1.0)


def not_estimated(indices: pd.DataFrame) -> list[str]:
    """The Sobol indices of a :func:`sobol_indices` table that the samples could not
    estimate (e.g. ``"S1 of structure.level"``)."""
    return [
        f"{name} of {parameter}"
        for name in ("S1", "ST") if f"{name}_estimated" in indices
        for parameter, estimated in indices[f"{name}_estimated"].items() if not estimated
    ]


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
            "mu_star_ci_low": restrict(mu_star - conf, 0.0, None),  # a mean of |effects|
            "mu_star_ci_high": mu_star + conf,
            "sigma": np.asarray(indices["sigma"]),
        },
        index=pd.Index(problem["names"], name="parameter"),
    )


def analyze(out: str | Path, analysis_dir: str | Path | None = None) -> Analysis:
    """Analyse the experiment in ``out``; write its tables into ``analysis_dir``.

    ``analysis_dir`` defaults to ``<out>/analysis``. See the module docstring for the files.
    """
    results = load_results(out)
    target = Path(analysis_dir) if analysis_dir is not None else results.out / "analysis"
    try:
        storage.claim_folder(target, KIND)
    except storage.OutputError as err:
        raise ExperimentError(str(err)) from None
    base = results.spec.get("base_scenario") or {}
    people = base.get("community", {}).get("members")
    summary = point_summary(results.runs, results.parameters, results.outcomes, people)
    analysis = Analysis(results=results, summary=summary)
    analysis.files.append(
        storage.atomic_write(target / "summary.csv", lambda t: summary.to_csv(t, index=False))
    )
    if is_contexts_design(results.spec, [o.name for o in results.outcomes]):
        analysis.contexts = analyze_contexts(
            results.runs, [p for p in results.parameters if p != LEVEL], results.spec["seed"],
            outcomes=tuple(o.name for o in results.outcomes),
        )
        analysis.files += _write_contexts(analysis.contexts, target)
    if results.sampler in ("sobol", "morris"):
        compute = sobol_indices if results.sampler == "sobol" else morris_indices
        for outcome in results.outcomes:
            analysis.indices[outcome.name] = compute(results, outcome.name)
        indices = pd.concat(analysis.indices, names=["outcome"]).reset_index()
        analysis.files.append(
            storage.atomic_write(
                target / f"{results.sampler}.csv", lambda t: indices.to_csv(t, index=False)
            )
        )
    storage.mark_folder(target, KIND, results.defaults_version)
    return analysis


def _write_contexts(contexts: ContextsAnalysis, target: Path) -> list[Path]:
    frames = {
        "contexts.csv": contexts.contexts.reset_index(),
        "contexts_by_level.csv": contexts.by_level,
        "best_level_correlations.csv": contexts.correlations.reset_index(),
        "best_level_sobol.csv": contexts.sobol.reset_index(),
    }
    files = [
        storage.atomic_write(target / name, lambda t, f=frame: f.to_csv(t, index=False))
        for name, frame in frames.items()
    ]
    text = json.dumps(contexts.summary(), indent=2) + "\n"
    files.append(storage.write_text(target / "contexts_summary.json", text))
    return files


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
