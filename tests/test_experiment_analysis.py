"""Analysis: per-point confidence intervals, Sobol and Morris indices, figures, and the
``movementsim experiment`` command end to end."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib.image
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from experiment_helpers import tiny_file
from scipy import stats

from movementsim.cli import main
from movementsim.experiments.analysis import (
    Results,
    analyze,
    morris_indices,
    point_summary,
    sobol_indices,
)
from movementsim.experiments.designs import design_table
from movementsim.experiments.engine import make_executor
from movementsim.experiments.files import load_experiment
from movementsim.experiments.outcomes import Outcome
from movementsim.experiments.runner import run_experiment
from movementsim.teaching.experiment_figures import draw_analysis

THREE = (
    '[parameters]\n"structure.level" = { low = 0, high = 1 }\n'
    '"strategy.care_share" = { low = 0, high = 1 }\n'
    '"campaign.local_share" = { low = 0, high = 1 }\n'
)


def test_point_summary_matches_a_hand_computed_t_interval() -> None:
    runs = pd.DataFrame(
        {
            "point": [0, 0, 0, 1, 1, 1],
            "level": [0.0, 0.0, 0.0, 1.0, 1.0, 1.0],
            "y": [11.0, 12.0, 13.0, 15.0, 15.0, np.nan],
            "error": [None, None, None, None, None, "RuntimeError: x"],
        }
    )
    summary = point_summary(runs, ["level"], [Outcome("y", ("power",))]).set_index("point")
    half = stats.t.ppf(0.975, 2) * 1.0 / np.sqrt(3)
    assert summary.loc[0, "mean"] == 12.0 and summary.loc[0, "n"] == 3
    assert np.isclose(summary.loc[0, "ci_low"], 12.0 - half)
    assert np.isclose(summary.loc[0, "ci_high"], 12.0 + half)
    assert (summary.loc[1, "n"], summary.loc[1, "failed"]) == (2, 1)
    assert summary.loc[1, "ci_low"] == summary.loc[1, "ci_high"] == 15.0


def test_intervals_never_reach_past_what_the_outcome_can_take() -> None:
    runs = pd.DataFrame(
        {"point": [0, 0, 0], "level": [0.0] * 3, "y": [0.0, 0.0, 3.0], "error": [None] * 3}
    )
    counted = point_summary(runs, ["level"], [Outcome("y", ("wins",))]).iloc[0]
    assert counted["ci_low"] == 0.0 and counted["ci_high"] > 3.0  # a count is never negative
    share = runs.assign(y=[0.9, 1.0, 1.0])
    gini = point_summary(share, ["level"], [Outcome("y", ("influence_gini",))]).iloc[0]
    assert gini["ci_high"] == 1.0 and gini["ci_low"] < 0.9  # a Gini never exceeds 1


def synthetic(tmp_path: Path, sampler: str, samples: int, model) -> Results:  # noqa: ANN001
    """Results of a known function of the parameters, one replication per point."""
    path = tmp_path / f"{sampler}.toml"
    path.write_text(
        f'scenario = "balanced"\n[design]\nsampler = "{sampler}"\nsamples = {samples}\n' + THREE
    )
    experiment = load_experiment(path)
    design = design_table(experiment)
    x = design.to_numpy(dtype=float)
    runs = design.reset_index().assign(y=model(x[:, 0], x[:, 1], x[:, 2]), error=None)
    outcomes = [{"name": "y", "measures": ["power"], "stat": "final"}]
    manifest = {"experiment": {**experiment.spec(), "outcomes": outcomes}}
    return Results(tmp_path, manifest, design, runs)


def test_sobol_indices_recover_a_known_additive_function(tmp_path: Path) -> None:
    # y = 4 a + b + 0 c: variances 16/12 and 1/12, so S1 = ST = 16/17, 1/17 and 0.
    results = synthetic(tmp_path, "sobol", 512, lambda a, b, c: 4 * a + b + 0 * c)
    table = sobol_indices(results, "y")
    assert np.allclose(table["S1"], [16 / 17, 1 / 17, 0], atol=0.03)
    assert np.allclose(table["ST"], [16 / 17, 1 / 17, 0], atol=0.03)
    assert (table["S1_ci_low"] <= table["S1"]).all() and (table["S1"] <= table["S1_ci_high"]).all()
    assert (table["ST_ci_low"] <= table["ST"]).all() and (table["ST"] <= table["ST_ci_high"]).all()
    assert ((table[["S1", "ST"]] >= 0) & (table[["S1", "ST"]] <= 1)).all().all()
    # an index is a share of the variance: its interval stays within [0, 1]
    bounds = table[["S1_ci_low", "S1_ci_high", "ST_ci_low", "ST_ci_high"]]
    assert ((bounds >= 0) & (bounds <= 1)).all().all()
    assert table.loc["campaign.local_share", "S1_ci_low"] == 0.0
    assert list(table.index) == ["structure.level", "strategy.care_share", "campaign.local_share"]


def test_morris_ranks_a_known_function(tmp_path: Path) -> None:
    results = synthetic(tmp_path, "morris", 20, lambda a, b, c: 3 * a + b * c)
    table = morris_indices(results, "y")
    assert np.isclose(table.loc["structure.level", "mu_star"], 3.0)
    assert np.isclose(table.loc["structure.level", "sigma"], 0.0, atol=1e-9)
    assert table.loc["strategy.care_share", "sigma"] > 0  # b's effect depends on c
    assert table["mu_star"].idxmax() == "structure.level"


@pytest.fixture(scope="module")
def tiny_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny")
    out = folder / "out"
    run_experiment(load_experiment(tiny_file(folder)), out, executor=make_executor(1))
    return out


def test_analyze_one_parameter_writes_summary_and_line_figures(
    tiny_output: Path, tmp_path: Path
) -> None:
    analysis = analyze(tiny_output, tmp_path / "analysis")
    analysis.files += draw_analysis(analysis, tmp_path / "analysis")
    summary = pd.read_csv(tmp_path / "analysis" / "summary.csv")
    assert len(summary) == 3 * 3  # 3 points x 3 outcomes
    runs = pd.read_parquet(tiny_output / "runs.parquet")
    expected = runs.groupby("structure.level")["long_run_power"].mean()
    got = summary[summary["outcome"] == "long_run_power"].set_index("structure.level")["mean"]
    assert np.allclose(got, expected)
    image = matplotlib.image.imread(tmp_path / "analysis" / "line_long_run_power.png")
    assert image.ndim == 3 and image.shape[1] > 1000
    assert {p.name for p in analysis.files} >= {"summary.csv", "line_wins.svg"}


def test_cli_runs_and_analyzes_a_two_parameter_grid(tmp_path: Path) -> None:
    path = tiny_file(tmp_path, replications=2, steps=20)
    text = path.read_text().replace('[set]\n"community.members" = 60\n', "")
    text = text.replace(
        '"structure.level" = [0.0, 0.5, 1.0]',
        '"structure.level" = [0.0, 1.0]\n"community.members" = [60, 120]',
    )
    path.write_text(text)
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(
        main, ["experiment", "run", str(path), "--workers", "1", "--out", str(out), "--csv"]
    )
    assert result.exit_code == 0, result.output
    assert "8 runs (0 already done, 8 now, 0 failed)" in result.stdout
    assert (out / "runs.csv").exists() and (out / "timeseries.csv").exists()
    result = runner.invoke(main, ["experiment", "analyze", str(out)])
    assert result.exit_code == 0, result.output
    assert "long_run_power: mean and 95% confidence interval" in result.stdout
    assert "highest mean" in result.stdout
    for name in ("heatmap_long_run_power.png", "lines_long_run_power.png", "summary.csv"):
        assert (out / "analysis" / name).exists()


def test_cli_runs_and_analyzes_a_small_sobol_experiment(tmp_path: Path) -> None:
    path = tmp_path / "sobol.toml"
    path.write_text(
        'scenario = "balanced"\nseed = 3\nsteps = 20\n[set]\n"community.members" = 60\n'
        '[design]\nsampler = "sobol"\nsamples = 4\n' + THREE + "[outcomes]\n"
        'power = { measure = "power + durable_power", stat = "mean" }\n'
    )
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(
        main, ["experiment", "run", str(path), "--workers", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["experiment", "analyze", str(out), "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert "sensitivity indices" in result.stdout
    output = result.stdout
    assert output.index("sensitivity indices") < output.index("summary.csv")
    assert "e-" not in output  # no float noise such as 1.589e-16
    assert "mean and 95% confidence interval per design point" not in output  # in the file
    indices = pd.read_csv(tmp_path / "a" / "sobol.csv")
    assert list(indices["parameter"]) == [
        "structure.level",
        "strategy.care_share",
        "campaign.local_share",
    ]
    assert {"S1", "S1_ci_low", "ST", "ST_ci_high"} <= set(indices.columns)
    assert (tmp_path / "a" / "sobol_power.png").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["experiment", "run", "nope"], "unknown experiment 'nope'"),
        (["experiment", "run", "missing.toml"], "no such file"),
        (["experiment", "run", "structure-sweep", "--dask", "foo"], "'local'"),
        (["experiment", "run", "structure-sweep", "--workers", "0"], "--workers"),
        (["experiment", "run"], "Missing argument"),
        (["experiment", "analyze", "nowhere"], "no manifest.json"),
    ],
)
def test_experiment_command_errors_are_one_line_with_status_2(
    args: list[str], expected: str
) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and expected in lines[0]


def test_resuming_from_another_file_is_refused_on_the_command_line(
    tiny_output: Path, tmp_path: Path
) -> None:
    other = tiny_file(tmp_path, replications=3)
    result = CliRunner().invoke(
        main, ["experiment", "run", str(other), "--out", str(tiny_output), "--resume"]
    )
    assert result.exit_code == 2
    assert "different experiment file" in result.stderr.splitlines()[-1]


def test_analyze_refuses_an_unfinished_experiment(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"status": "interrupted", "runs_done": 1, "runs_total": 3}')
    result = CliRunner().invoke(main, ["experiment", "analyze", str(out)])
    assert result.exit_code == 2
    assert "has not finished" in result.stderr and "--resume" in result.stderr


def test_time_left_waits_for_two_waves_then_uses_the_measured_rate() -> None:
    from movementsim.cli.experiment import describe_time_left, time_left

    # 4 workers, 100 runs of 10 s each: 4 runs finish together after 10 s.
    assert time_left(10.0, 1, 100, 4) is None  # one run of a wave: the rate is not known
    assert time_left(10.0, 4, 100, 4) is None
    assert time_left(20.0, 8, 100, 4) == pytest.approx(230.0)  # 92 runs at 0.4 runs/s
    assert time_left(5.0, 100, 100, 4) == 0.0
    assert describe_time_left(None) == "estimating time left..."
    assert describe_time_left(230.0) == "about 4 min left"


def test_a_bundled_experiment_can_be_shrunk_and_says_so(tmp_path: Path) -> None:
    path = tiny_file(tmp_path, replications=3, steps=10)
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(
        main, ["experiment", "run", str(path), "--replications", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "3 runs (0 already done" in result.stdout  # 3 points x 1, not x 3
    assert "resized: replications 1 instead of the file's 3" in result.stdout
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["experiment"]["resized"] == {"replications": {"file": 3, "run": 1}}
    assert manifest["experiment"]["replications"] == 1
    again = runner.invoke(main, ["experiment", "run", str(path), "--out", str(out), "--resume"])
    assert again.exit_code == 2
    assert "replications = 1, this run asks for 3" in again.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--samples", "4"], "--samples: "),  # a grid has no samples
        (["--replications", "0"], "--replications"),
    ],
)
def test_resizing_errors_are_one_line(tmp_path: Path, args: list[str], expected: str) -> None:
    path = tiny_file(tmp_path)
    result = CliRunner().invoke(main, ["experiment", "run", str(path), *args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and expected in lines[0]


def test_sobol_samples_must_be_a_power_of_two(tmp_path: Path) -> None:
    path = tmp_path / "sobol.toml"
    path.write_text('scenario = "balanced"\n[design]\nsampler = "sobol"\nsamples = 8\n' + THREE)
    result = CliRunner().invoke(main, ["experiment", "run", str(path), "--samples", "6"])
    assert result.exit_code == 2
    assert "power of 2" in result.stderr.splitlines()[-1]


def test_the_highest_mean_names_ties_and_says_when_one_run_is_all_there_is() -> None:
    from movementsim.cli.experiment import _highest

    table = pd.DataFrame({"structure.level": [0.4, 0.45, 0.5], "mean": [17.0, 19.0, 19.0],
                          "n": [1, 1, 1]})
    said = _highest(table, ["structure.level"])
    assert "structure.level=0.45; structure.level=0.5 (tied, 2 points)" in said
    assert "one run per point" in said
    table["n"] = 5
    table.loc[2, "mean"] = 18.0
    assert _highest(table, ["structure.level"]) == "highest mean: 19.0 at structure.level=0.45"


def test_an_index_whose_whole_interval_lies_outside_zero_to_one_is_not_estimated() -> None:
    from movementsim.experiments.analysis import _overlaps_unit, not_estimated

    estimate = np.array([-0.27, -0.05, 0.5, 1.3])
    half = np.array([0.21, 0.10, 0.1, 0.2])
    assert list(_overlaps_unit(estimate, half)) == [False, True, True, False]
    table = pd.DataFrame(
        {"S1_estimated": [False, True], "ST_estimated": [True, False]},
        index=pd.Index(["structure.level", "community.members"], name="parameter"),
    )
    assert not_estimated(table) == ["S1 of structure.level", "ST of community.members"]
