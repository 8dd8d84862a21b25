"""The movementsim command: help, version, scenarios, runs and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import matplotlib.image
import pandas as pd
import pytest
from click.testing import CliRunner

from movementsim import __version__
from movementsim.cli import main

TINY = ["--set", "community.members=50", "--steps", "10"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_teaches_the_model(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for text in ("member", "leader", "decision-maker", "structure.level", "movementsim run"):
        assert text in result.output


def test_scenarios_lists_the_bundled_ones(runner: CliRunner) -> None:
    result = runner.invoke(main, ["scenarios"])
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.splitlines()]
    assert {"balanced", "leaderless", "bureaucracy"} <= set(names)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["run", "balanced", "--set", "structure.level=1.5"], "structure.level = 1.5"),
        (["run", "balanced", "--set", "structure.levl=1"], "did you mean 'structure.level'"),
        (["run", "balanced", "--set", "nonsense"], "KEY=VALUE"),
        (["run", "balancd"], "bundled scenarios: balanced"),
        (["run", "missing.toml"], "no such file"),
        (["run", "balanced", "--steps", "abc"], "'abc' is not a valid integer"),
        (["run", "balanced", "--bogus"], "No such option"),
        (["run"], "Missing argument"),
        (["bogus"], "No such command"),
    ],
)
def test_bad_input_is_one_error_line_with_status_2(
    runner: CliRunner, args: list[str], expected: str
) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert expected in lines[0]
    assert isinstance(result.exception, SystemExit)  # not an uncaught error


def test_bad_set_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "movementsim", "run", "balanced", "--set", "community.members=x"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "community.members" in lines[0]


def test_run_writes_timeseries_summary_and_figures(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", "balanced", *TINY, "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wins" in result.stdout and "long-run collective power" in result.stdout

    df = pd.read_csv(out / "timeseries.csv", index_col="step")
    assert len(df) == 11 and list(df.index) == list(range(11))
    assert {"power", "durable_power", "wins", "missed_opportunities"} <= set(df.columns)

    summary = json.loads((out / "summary.json").read_text())
    assert summary["seed"] == 3 and summary["steps"] == 10
    assert summary["movementsim_version"] == __version__
    assert summary["defaults_version"] == __version__
    assert summary["scenario"]["name"] == "balanced"
    assert summary["scenario"]["community"]["members"] == 50
    assert isinstance(summary["long_run_power"], float)
    assert set(summary["final"]) == set(df.columns)

    for name in ("power", "measures"):
        assert matplotlib.image.imread(out / f"{name}.png").ndim == 3
        assert (out / f"{name}.svg").read_text().lstrip().startswith("<?xml")


def test_run_defaults_to_runs_slash_name(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "my_union.toml").write_text("[structure]\nlevel = 0.3\n[community]\nmembers = 50\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["run", "my_union.toml", "--steps", "5"])
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(tmp_path / "runs" / "my_union" / "timeseries.csv")) == 6


def test_console_script_runs_a_tiny_scenario(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "movementsim", "run", "leaderless", *TINY, "--out", "o"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(tmp_path / "o" / "timeseries.csv")) == 11


def test_sweep_writes_runs_summary_and_figure(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    result = runner.invoke(
        main,
        ["sweep", "balanced", "--levels", "0,0.5,1", "--seeds", "2", "--set",
         "community.members=60", "--set", "model.steps=20", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    runs = pd.read_csv(out / "sweep_runs.csv")
    summary = pd.read_csv(out / "sweep_summary.csv")
    assert len(runs) == 6 and sorted(summary["structure.level"]) == [0.0, 0.5, 1.0]
    assert matplotlib.image.imread(out / "structure_sweep.png").size > 0
    assert "best swept level" in result.output
    assert "levels within seed noise of the best" in result.output
    assert "on_plateau" in summary.columns
    # three levels: a quadratic always fits them, so no peak is claimed
    assert "no peak is reported" in result.output and "its peak" not in result.output


def test_sweep_rejects_levels_outside_the_dial(runner: CliRunner) -> None:
    result = runner.invoke(main, ["sweep", "balanced", "--levels", "0,1.5"])
    assert result.exit_code == 2
    assert "between 0 and 1" in result.stderr
    assert "Traceback" not in result.output


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*path, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
    return found


@pytest.mark.parametrize("path", _commands(main), ids=" ".join)
def test_every_command_s_help_shows_an_example(runner: CliRunner, path: tuple[str, ...]) -> None:
    """README: "--help on any command shows an example"."""
    result = runner.invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"movementsim {' '.join(path)} --help has no example"
