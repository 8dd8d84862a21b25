"""Commands for teaching: compare scenarios, explain the model, animate a run, report.

``compare`` runs scenarios over many seeds and draws them overlaid with 95% bands;
``explain`` prints plain-language explanations; ``animate`` draws the community's
network over the weeks beside its power curve; ``report`` writes one self-contained
HTML file. Mistakes are one ``Error: ...`` line with exit status 2, as everywhere in
the ``movementsim`` command.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import click
import pandas as pd

from movementsim.cli.common import (
    STEPS_OPTION,
    WORKERS_OPTION,
    CliError,
    FiniteFloat,
    echo_written,
    out_option,
    output_file,
    output_folder,
    progress_bar,
    say_defaults,
    seed_option,
    set_option,
    version_option,
    with_steps,
)
from movementsim.experiments import storage
from movementsim.experiments.engine import make_executor
from movementsim.experiments.intervals import weekly_band
from movementsim.experiments.outcomes import OUTCOMES
from movementsim.model.measures import MEASURES, measure_high
from movementsim.teaching.animate import is_animation, record_animation, write_animation
from movementsim.teaching.compare import (
    COMPARED,
    load_distinct,
    median_win_weeks,
    outcome_table,
    run_comparison,
)
from movementsim.teaching.explain import MECHANISMS, UnknownTopic
from movementsim.teaching.explain import explain as explanation
from movementsim.teaching.figures import (
    COMPARISON_PANELS,
    plot_comparison_measures,
    plot_comparison_power,
)
from movementsim.teaching.report import is_report, record_runs, write_report

#: The command a comparison folder belongs to (see :func:`storage.claim_folder`).
COMPARE_KIND = "compare"

_SET_OPTION = set_option("Change one parameter for every scenario, e.g. --set "
                         "community.members=500 (repeatable).")
_ONE_SET_OPTION = set_option("Change one parameter, e.g. --set community.members=500 "
                             "(repeatable).")


def _distinct(names: tuple[str, ...], overrides: dict[str, Any], version: str | None) -> list:
    try:
        return load_distinct(names, overrides, version)
    except ValueError as err:
        if isinstance(err, storage.OutputError):
            raise
        raise CliError(str(err)) from None


# compare ------------------------------------------------------------------------------


def _format_outcome(value: float, percent: bool) -> str:
    """Two decimals below 10, one above (percentages with one decimal and a %)."""
    if percent:
        return f"{100 * value:.1f}%"
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
@STEPS_OPTION
@_SET_OPTION
@WORKERS_OPTION
@out_option("Folder for the results [default: runs/compare-<names>].")
@version_option()
def compare(
    scenarios: tuple[str, ...],
    seeds: int,
    steps: int | None,
    overrides: dict[str, Any],
    workers: int,
    out: str | None,
    version: str | None,
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
    overrides = with_steps(overrides, steps)
    loaded = _distinct(scenarios, overrides, version)
    say_defaults(version)
    out = output_folder(out, Path("runs") / ("compare-" + "-".join(s.name for s in loaded)))
    storage.claim_folder(out, COMPARE_KIND)
    label = f"Running {len(scenarios)} scenarios x {seeds} seeds"
    with progress_bar(len(scenarios) * seeds, label) as progress, make_executor(workers) as pool:
        compared = run_comparison(scenarios, seeds, overrides, progress=progress, executor=pool,
                                  version=version)

    columns = ["power", "durable_power", "resistance", *(panel[0] for panel in COMPARISON_PANELS)]
    bands = {
        item.label: {
            c: weekly_band(item.runs, c, MEASURES[c].low,
                           measure_high(c, item.scenario.community.members))
            for c in columns
            if c in item.runs
        }
        for item in compared
    }
    wins = {item.label: median_win_weeks(item.runs) for item in compared}
    names = " vs ".join(item.label for item in compared)
    table = outcome_table(compared)
    runs = pd.concat(
        [item.runs.assign(scenario=item.label) for item in compared], ignore_index=True
    ).set_index(["scenario", "seed", "step"])
    try:
        paths = [
            *plot_comparison_power(
                bands, wins, out / "compare_power", f"Collective power: {names} ({seeds} runs each)"
            ),
            *plot_comparison_measures(
                bands, out / "compare_measures", f"Inside the movements ({seeds} runs each)"
            ),
            storage.atomic_write(out / "outcomes.csv", lambda t: table.to_csv(t, index=False)),
            storage.atomic_write(out / "runs.csv", lambda t: runs.to_csv(t)),
        ]
        storage.mark_folder(out, COMPARE_KIND, version)
    except OSError as err:
        raise CliError(f"cannot write the results to {out}: {err.strerror or err}") from None

    click.echo(f"Key outcomes over {seeds} runs each: mean [95% confidence interval]")
    width = max(len(item.label) for item in compared)
    for name in COMPARED:
        outcome = OUTCOMES[name]
        click.echo(f"  {outcome.label}{f' ({outcome.unit})' if outcome.unit else ''}")
        for _, row in table[table["outcome"] == name].iterrows():
            values = [
                _format_outcome(row[k], outcome.percent) for k in ("mean", "ci_low", "ci_high")
            ]
            click.echo(
                f"    {row['scenario']:<{width}}  {values[0]:>8}  [{values[1]}, {values[2]}]"
            )
    echo_written(paths)


# explain ------------------------------------------------------------------------------


#: ``explain``'s help, naming every mechanism the model has (from :data:`MECHANISMS`).
EXPLAIN_HELP = f"""Explain the model (no TOPIC), one of its mechanisms, or a scenario.

    TOPIC is a mechanism's name ({", ".join(m.name for m in MECHANISMS)}) or number (1 to
    {len(MECHANISMS)}), a bundled scenario's name, or the path to a scenario file.

    \b
    Examples:
      movementsim explain
      movementsim explain leaderless
      movementsim explain decisions
    """


@click.command(short_help="Explain the model, a mechanism or a scenario in plain words.",
               help=EXPLAIN_HELP)
@click.argument("topic", required=False)
def explain(topic: str | None) -> None:
    """Explain the model, a mechanism or a scenario (help: :data:`EXPLAIN_HELP`)."""
    try:
        click.echo(explanation(topic))
    except UnknownTopic as err:
        raise CliError(str(err)) from None


# animate ------------------------------------------------------------------------------


@click.command(short_help="Animate the community's network over the weeks beside its power.")
@click.argument("scenario")
@seed_option("Seed of the run [default: the scenario's model.seed].")
@STEPS_OPTION
@_ONE_SET_OPTION
@click.option(
    "--colour",
    "--color",
    "colour",
    type=click.Choice(["engagement", "belief"]),
    default="engagement",
    show_default=True,
    help="Colour people by their rung on the engagement ladder, or by belief: who holds "
    "only true views, believes the current false claim, rejects the movement's true "
    "evidence, or both.",
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
    type=FiniteFloat(0.5, 60),
    default=4,
    show_default=True,
    help="Frames per second.",
)
@out_option(
    "The animation: a .gif, or an .mp4 if ffmpeg is installed; a folder (ending in /) gets "
    "<scenario name>.gif [default: runs/<scenario name>/<scenario name>.gif]."
)
@version_option()
def animate(
    scenario: str,
    seed: int | None,
    steps: int | None,
    overrides: dict[str, Any],
    colour: str,
    every: int,
    fps: float,
    out: str | None,
    version: str | None,
) -> None:
    """Animate a run of SCENARIO: its network of people over the weeks, beside its power.

    Every person is a dot in their subcommunity's cluster, coloured by engagement or
    belief; leaders are stars; the power curve grows week by week, with a line at each
    win. Large communities are drawn from a sample of 1,500 people.

    \b
    Example:
      movementsim animate leaderless --seed 2 --colour belief --out leaderless.gif
    """
    from movementsim.model.scenario import load_scenario

    loaded = load_scenario(scenario, with_steps(overrides, steps, seed), version)
    say_defaults(version)
    out = output_file(out, Path("runs") / loaded.name / f"{loaded.name}.gif")
    if out.suffix.lower() not in (".gif", ".mp4"):
        raise CliError(f"{out}: the animation must be a .gif or .mp4 file")
    if out.suffix.lower() == ".mp4" and shutil.which("ffmpeg") is None:
        raise CliError(f"{out}: writing .mp4 needs ffmpeg, which is not installed; use a .gif")
    storage.claim_file(out, is_animation)
    weeks = loaded.model.steps
    with progress_bar(
        weeks, f"Simulating {loaded.name} ({weeks} weeks, seed {loaded.model.seed})"
    ) as progress:
        recording = record_animation(loaded, loaded.model.seed, every=every, progress=progress)
    try:
        with progress_bar(len(recording.snapshots), "Drawing frames") as progress:
            path = write_animation(recording, out, colour_by=colour, fps=fps, progress=progress,
                                   defaults_version=version)
    except OSError as err:
        raise CliError(f"cannot write {out}: {err.strerror or err}") from None
    click.echo(
        f"{loaded.name}: {weeks} weeks, seed {loaded.model.seed}, {len(recording.snapshots)} frames"
    )
    echo_written([path])


# report -------------------------------------------------------------------------------


@click.command(short_help="Write one self-contained HTML report of one or more scenarios.")
@click.argument("scenarios", nargs=-1, required=True)
@seed_option("Seed of every run [default: each scenario's model.seed].")
@STEPS_OPTION
@_SET_OPTION
@out_option("The HTML file to write; a folder (ending in /) gets report.html "
            "[default: report.html].")
@version_option()
def report(
    scenarios: tuple[str, ...],
    seed: int | None,
    steps: int | None,
    overrides: dict[str, Any],
    out: str | None,
    version: str | None,
) -> None:
    """Run each of SCENARIOS once and write a report a trainer can open offline or print.

    The report holds each scenario's narrative and what to watch for, its figures
    (embedded), a table of measures and a written interpretation computed from the
    run's own numbers, and, for several scenarios, a comparison.

    \b
    Example:
      movementsim report leaderless balanced bureaucracy --out report.html
    """
    out = output_file(out, Path("report.html"))
    loaded = _distinct(scenarios, with_steps(overrides, steps, seed), version)
    say_defaults(version)
    storage.claim_file(out, is_report)
    label = f"Simulating {', '.join(s.name for s in loaded)}"
    with progress_bar(len(loaded), label) as progress:
        records = record_runs(loaded, [s.model.seed for s in loaded], progress=progress)
    try:
        path = write_report(records, out, version)
    except OSError as err:
        raise CliError(f"cannot write {out}: {err.strerror or err}") from None
    for record in records:
        wins = int(record.frame["wins"].iloc[-1])
        click.echo(
            f"{record.scenario.name}: seed {record.seed}, {wins} {'win' if wins == 1 else 'wins'}, "
            f"{len(record.decisions.missed_waits)} of {record.opened} moments missed"
        )
    echo_written([path])
