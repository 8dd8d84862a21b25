"""Commands for teaching: compare scenarios, explain the model, animate a run, report.

``compare`` runs scenarios over many seeds and draws them overlaid with 95% bands;
``explain`` prints plain-language explanations; ``animate`` draws the community's
network over the weeks beside its power curve; ``report`` writes one self-contained
HTML file. Mistakes are one ``Error: ...`` line with exit status 2, as everywhere in
the ``movementsim`` command.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import pandas as pd

from movementsim.animation import record_animation, write_animation
from movementsim.cli import WORKERS_OPTION, CliError, set_option
from movementsim.comparison import (
    OUTCOMES,
    median_win_weeks,
    outcome_table,
    run_comparison,
    weekly_band,
)
from movementsim.explanations import UnknownTopic
from movementsim.explanations import explain as explanation
from movementsim.parameters import Scenario
from movementsim.plotting import COMPARISON_PANELS, plot_comparison_measures, plot_comparison_power
from movementsim.report import record_run, write_report
from movementsim.scenario import ScenarioError, load_scenario

_SET_OPTION = set_option(
    "Change one parameter for every scenario, e.g. --set community.members=500 (repeatable)."
)
_STEPS_OPTION = click.option(
    "--steps", type=click.IntRange(1, 100_000), help="Weeks to run [default: each scenario's]."
)


def _with_steps(overrides: dict[str, Any], steps: int | None) -> dict[str, Any]:
    return overrides if steps is None else {**overrides, "model.steps": steps}


def _load(name: str, overrides: dict[str, Any]) -> Scenario:
    try:
        return load_scenario(name, overrides)
    except ScenarioError as err:
        raise CliError(str(err)) from None


def _load_distinct(names: tuple[str, ...], overrides: dict[str, Any]) -> list[Scenario]:
    """Load every scenario; two with the same name could not be told apart."""
    loaded = [_load(name, overrides) for name in names]
    seen = [s.name for s in loaded]
    repeated = sorted({name for name in seen if seen.count(name) > 1})
    if repeated:
        raise CliError(f"scenario {', '.join(repeated)} is given more than once")
    return loaded


@contextmanager
def _progress(length: int, label: str) -> Iterator[Any]:
    """A progress bar on stderr; yields a function taking the number of items done."""
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield lambda done: bar.update(done - bar.pos)


def _written(paths: list[Path]) -> None:
    for path in paths:
        click.echo(f"wrote {path}")


# compare ------------------------------------------------------------------------------


def _format_outcome(value: float) -> str:
    """Two decimals below 10, one above: enough to tell scenarios apart on a screen."""
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"


@click.command(short_help="Run scenarios over many seeds and draw them overlaid.")
@click.argument("scenarios", nargs=-1, required=True)
@click.option(
    "--seeds",
    type=click.IntRange(2, 10_000),
    default=10,
    show_default=True,
    help="Runs per scenario: seeds 0 .. N-1.",
)
@_STEPS_OPTION
@_SET_OPTION
@WORKERS_OPTION
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the results [default: runs/compare-<names>].",
)
def compare(
    scenarios: tuple[str, ...],
    seeds: int,
    steps: int | None,
    overrides: dict[str, Any],
    workers: int,
    out: Path | None,
) -> None:
    """Run each of SCENARIOS (two or more) over N seeds and compare them.

    Draws power and durable power of every scenario overlaid (the mean over the runs
    with its 95% confidence band, each win's typical week marked) and a panel of the
    other measures, and prints key outcomes with 95% confidence intervals. Writes
    compare_power.png/.svg, compare_measures.png/.svg, outcomes.csv (mean and interval
    per scenario and outcome) and runs.csv (every week of every run).

    \b
    Example:
      movementsim compare leaderless balanced bureaucracy --seeds 10 --workers 2
    """
    if len(scenarios) < 2:
        raise CliError("compare needs at least two scenarios, e.g. compare leaderless balanced")
    overrides = _with_steps(overrides, steps)
    loaded = _load_distinct(scenarios, overrides)
    out = out if out is not None else Path("runs") / ("compare-" + "-".join(s.name for s in loaded))
    label = f"Running {len(scenarios)} scenarios x {seeds} seeds"
    with _progress(len(scenarios) * seeds, label) as progress:
        compared = run_comparison(scenarios, seeds, overrides, workers, progress)

    columns = ["power", "durable_power", *(panel[0] for panel in COMPARISON_PANELS)]
    bands = {
        item.label: {c: weekly_band(item.runs, c) for c in columns if c in item.runs}
        for item in compared
    }
    wins = {item.label: median_win_weeks(item.runs) for item in compared}
    names = " vs ".join(item.label for item in compared)
    table = outcome_table(compared)
    try:
        out.mkdir(parents=True, exist_ok=True)
        paths = [
            *plot_comparison_power(
                bands, wins, out / "compare_power", f"Collective power: {names} ({seeds} runs each)"
            ),
            *plot_comparison_measures(
                bands, out / "compare_measures", f"Inside the movements ({seeds} runs each)"
            ),
        ]
        table.to_csv(out / "outcomes.csv", index=False)
        runs = [item.runs.assign(scenario=item.label) for item in compared]
        pd.concat(runs, ignore_index=True).set_index(["scenario", "seed", "step"]).to_csv(
            out / "runs.csv"
        )
        paths += [out / "outcomes.csv", out / "runs.csv"]
    except OSError as err:
        raise click.ClickException(f"cannot write the results to {out}: {err}") from None

    click.echo(f"Key outcomes over {seeds} runs each: mean [95% confidence interval]")
    width = max(len(item.label) for item in compared)
    for name, (label, unit, _) in OUTCOMES.items():
        click.echo(f"  {label}{f' ({unit})' if unit else ''}")
        for _, row in table[table["outcome"] == name].iterrows():
            values = [_format_outcome(row[k]) for k in ("mean", "ci_low", "ci_high")]
            click.echo(
                f"    {row['scenario']:<{width}}  {values[0]:>8}  [{values[1]}, {values[2]}]"
            )
    _written(paths)


# explain ------------------------------------------------------------------------------


@click.command(short_help="Explain the model, a mechanism or a scenario in plain words.")
@click.argument("topic", required=False)
def explain(topic: str | None) -> None:
    """Explain the model (no TOPIC), one of its mechanisms, or a scenario.

    TOPIC is a mechanism's name (decisions, tasks, mobilization, impact, response,
    information, leadership, accountability, care, membership) or number (1 to 10),
    a bundled scenario's name, or the path to a scenario file.

    \b
    Examples:
      movementsim explain
      movementsim explain leaderless
      movementsim explain decisions
    """
    try:
        click.echo(explanation(topic))
    except (UnknownTopic, ScenarioError) as err:
        raise CliError(str(err)) from None


# animate ------------------------------------------------------------------------------


@click.command(short_help="Animate the community's network over the weeks beside its power.")
@click.argument("scenario")
@click.option(
    "--seed",
    type=click.IntRange(0),
    help="Seed of the run [default: the scenario's model.seed].",
)
@_STEPS_OPTION
@_SET_OPTION
@click.option(
    "--colour",
    "--color",
    "colour",
    type=click.Choice(["engagement", "belief"]),
    default="engagement",
    show_default=True,
    help="Colour people by their rung on the engagement ladder, or by belief about "
    "the current false claim.",
)
@click.option(
    "--every",
    type=click.IntRange(1, 520),
    default=4,
    show_default=True,
    help="Weeks between frames.",
)
@click.option(
    "--fps",
    type=click.FloatRange(0.5, 60),
    default=4,
    show_default=True,
    help="Frames per second.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The animation: a .gif, or an .mp4 if ffmpeg is installed "
    "[default: runs/<scenario name>/<scenario name>.gif].",
)
def animate(
    scenario: str,
    seed: int | None,
    steps: int | None,
    overrides: dict[str, Any],
    colour: str,
    every: int,
    fps: float,
    out: Path | None,
) -> None:
    """Animate a run of SCENARIO: its network of people over the weeks, beside its power.

    Every person is a dot in their subcommunity's cluster, coloured by engagement or
    belief; leaders are stars; the power curve grows week by week, with a line at each
    win. Large communities are drawn from a sample of 1,500 people.

    \b
    Example:
      movementsim animate leaderless --seed 2 --colour belief --out leaderless.gif
    """
    flags = {"model.seed": seed}
    loaded = _load(
        scenario,
        {**_with_steps(overrides, steps), **{k: v for k, v in flags.items() if v is not None}},
    )
    out = out if out is not None else Path("runs") / loaded.name / f"{loaded.name}.gif"
    if out.suffix.lower() not in (".gif", ".mp4"):
        raise CliError(f"{out}: the animation must be a .gif or .mp4 file")
    if out.suffix.lower() == ".mp4" and shutil.which("ffmpeg") is None:
        raise CliError(f"{out}: writing .mp4 needs ffmpeg, which is not installed; use a .gif")
    weeks = loaded.model.steps
    with _progress(
        weeks, f"Simulating {loaded.name} ({weeks} weeks, seed {loaded.model.seed})"
    ) as progress:
        recording = record_animation(loaded, loaded.model.seed, every=every, progress=progress)
    try:
        with _progress(len(recording.snapshots), "Drawing frames") as progress:
            path = write_animation(recording, out, colour_by=colour, fps=fps, progress=progress)
    except OSError as err:
        raise click.ClickException(f"cannot write {out}: {err}") from None
    click.echo(
        f"{loaded.name}: {weeks} weeks, seed {loaded.model.seed}, {len(recording.snapshots)} frames"
    )
    _written([path])


# report -------------------------------------------------------------------------------


@click.command(short_help="Write one self-contained HTML report of one or more scenarios.")
@click.argument("scenarios", nargs=-1, required=True)
@click.option(
    "--seed",
    type=click.IntRange(0),
    help="Seed of every run [default: each scenario's model.seed].",
)
@_STEPS_OPTION
@_SET_OPTION
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
    help="The HTML file to write.",
)
def report(
    scenarios: tuple[str, ...],
    seed: int | None,
    steps: int | None,
    overrides: dict[str, Any],
    out: Path,
) -> None:
    """Run each of SCENARIOS once and write a report a trainer can open offline or print.

    The report holds each scenario's narrative and what to watch for, its figures
    (embedded), a table of measures and a written interpretation computed from the
    run's own numbers, and, for several scenarios, a comparison.

    \b
    Example:
      movementsim report leaderless balanced bureaucracy --out report.html
    """
    loaded = _load_distinct(scenarios, _with_steps(overrides, steps))
    records = []
    for scenario in loaded:
        run_seed = scenario.model.seed if seed is None else seed
        with _progress(
            scenario.model.steps,
            f"Simulating {scenario.name} ({scenario.model.steps} weeks, seed {run_seed})",
        ) as progress:
            records.append(record_run(scenario, run_seed, progress=progress))
    try:
        path = write_report(records, out)
    except OSError as err:
        raise click.ClickException(f"cannot write {out}: {err}") from None
    for record in records:
        final = record.frame.iloc[-1]
        wins = int(final["wins"])
        click.echo(
            f"{record.scenario.name}: seed {record.seed}, {wins} {'win' if wins == 1 else 'wins'}, "
            f"{len(record.missed_waits)} of {record.opened} moments to act missed"
        )
    _written([path])
