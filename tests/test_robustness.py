"""The robustness experiment: contexts from a Latin hypercube, each run at every level.

A reduced version of experiments/robustness.toml runs end to end through the command;
the context analysis is checked against hand-made data where the answer is known.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from movementsim.cli import main
from movementsim.experiments.designs import design_table
from movementsim.experiments.files import load_experiment
from movementsim.experiments.robustness import analyze_contexts

REDUCED = """\
name = "robustness-reduced"
scenario = "balanced"
seed = 5
replications = 3
steps = 104
[design]
sampler = "lhs"
samples = 5
[parameters]
"structure.level" = [0.0, 0.5, 1.0]
"community.members" = { low = 150, high = 300 }
"community.mean_ties" = { low = 4, high = 16 }
"decision_maker.resistance" = { low = 0.05, high = 0.3 }
[outcomes]
long_run_power = { measure = "power + durable_power", stat = "mean_last", weeks = 52 }
wins = { measure = "wins", stat = "final" }
"""


def test_the_bundled_robustness_experiment_is_the_promised_design() -> None:
    experiment = load_experiment("robustness")
    design = design_table(experiment)
    assert experiment.design.sampler == "lhs" and experiment.replications >= 10
    assert design["context"].nunique() >= 40
    assert np.allclose(sorted(design["structure.level"].unique()), np.linspace(0, 1, 11))
    sampled = [p.key for p in experiment.parameters if p.values is None]
    assert len(sampled) >= 15
    for section in ("community", "campaign", "decision_maker", "information", "strategy",
                    "decisions", "mobilization", "accountability", "membership"):
        assert any(key.startswith(section + ".") for key in sampled), section
    # Every context is one point of the hypercube, crossed with every level.
    assert (design.groupby("context")["structure.level"].count() == 11).all()


def test_a_reduced_robustness_experiment_runs_and_is_analysed(tmp_path: Path) -> None:
    path = tmp_path / "reduced.toml"
    path.write_text(REDUCED)
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["experiment", "run", str(path), "--workers", "2", "--out",
                                  str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["experiment", "analyze", str(out)])
    assert result.exit_code == 0, result.output
    assert "robustness: 5 contexts" in result.output
    assert "a middle structure level beats both ends in" in result.output
    assert "contexts by their best level" in result.output
    analysis = out / "analysis"
    contexts = pd.read_csv(analysis / "contexts.csv").set_index("context")
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(contexts) == 5 and len(runs) == 5 * 3 * 3
    means = runs.groupby(["context", "structure.level"])["long_run_power"].mean()
    for context, row in contexts.iterrows():  # the best level is the one with the best mean
        assert row["best_level"] == means[context].idxmax()
        assert row["winnable"] == (runs[runs["context"] == context]
                                   .groupby("structure.level")["wins"].mean().max() >= 1)
    summary = json.loads((analysis / "contexts_summary.json").read_text())
    assert summary["winnable"] == int(contexts["winnable"].sum())
    assert (analysis / "robustness.png").stat().st_size > 0


def synthetic(curves: dict[int, list[float]], noise: float = 0.05) -> pd.DataFrame:
    """Runs whose mean power per level is given, ten replications each."""
    rng = np.random.default_rng(0)
    rows = []
    for context, means in curves.items():
        for level, mean in zip(np.linspace(0, 1, len(means)), means, strict=True):
            for _ in range(10):
                power = max(0.0, mean + rng.normal(0, noise))
                rows.append({"context": context, "x": context / 10, "structure.level": level,
                             "long_run_power": power, "wins": 2.0 * (mean > 0.1)})
    return pd.DataFrame(rows)


def test_the_context_analysis_finds_what_is_there() -> None:
    runs = synthetic({
        0: [0.2, 1.0, 0.3],  # an inverted U
        1: [0.2, 0.3, 1.0],  # best at the top end
        2: [0.0, 0.0, 0.0],  # nobody ever wins
        3: [0.5, 0.51, 0.5],  # a middle best within noise of the ends
    })
    analysis = analyze_contexts(runs, ["x"])
    contexts = analysis.contexts
    assert list(contexts["winnable"]) == [True, True, False, True]
    assert list(contexts["best_level"][[0, 1]]) == [0.5, 1.0]
    assert list(contexts["middle_beats_ends"]) == [True, False, False, False]
    assert analysis.winnable_share == 0.75
    assert analysis.middle_share == pytest.approx(1 / 3)
    assert contexts.loc[3, "plateau_low"] == 0.0 and contexts.loc[3, "plateau_high"] == 1.0
    assert contexts.loc[0, "plateau_low"] == contexts.loc[0, "plateau_high"] == 0.5


def test_rank_correlation_finds_a_parameter_that_moves_the_best_level() -> None:
    curves = {c: [1.0 if i == c % 5 else 0.3 for i in range(5)] for c in range(12)}
    runs = synthetic(curves)
    runs["x"] = runs["context"] % 5  # the best level rises with x
    runs["noise"] = (runs["context"] * 7) % 3
    analysis = analyze_contexts(runs, ["x", "noise"])
    assert analysis.correlations.loc["x", "spearman_rho"] > 0.9
    assert abs(analysis.correlations.loc["noise", "spearman_rho"]) < 0.5


def test_one_run_per_level_says_the_middle_cannot_be_tested(tmp_path: Path) -> None:
    path = tmp_path / "reduced.toml"
    path.write_text(REDUCED)
    out = tmp_path / "one"
    runner = CliRunner()
    result = runner.invoke(main, ["experiment", "run", str(path), "--workers", "2",
                                  "--replications", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["experiment", "analyze", str(out)])
    assert result.exit_code == 0, result.output
    assert "cannot be tested with one run per level" in result.output
    assert "beats both ends in" not in result.output
