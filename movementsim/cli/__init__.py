"""The ``movementsim`` command: list scenarios, run them, sweep structure levels.

Every mistake in the command line or a scenario is reported as one line,
``Error: ...``, on stderr with exit status 2; never a traceback. Commands that belong
to a larger feature live in their own module of this package and are registered on
:func:`main` at the bottom of this file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
import pandas as pd

from movementsim import __version__
from movementsim.experiments import confidence_table, optimum_level, structure_sweep
from movementsim.model import simulate
from movementsim.output import LONG_RUN_WEEKS, long_run_power, summarize, write_run
from movementsim.plotting import plot_sweep
from movementsim.scenario import ScenarioError, list_scenarios, load_scenario, parse_assignment

HELP = """\
Simulate a community organizing to win concessions, and see how the way it is
structured shapes its collective power.

\b
  member          a person who shares the problem; climbs (or slips down) the
                  ladder bystander, supporter, active, ready to lead
  leader          a member who holds one-on-ones, trains others, coordinates
                  tasks and signs off decisions
  decision-maker  holds power over the problem (a landlord, an official); concedes
                  to enough pressure, or stalls, co-opts leaders, spreads false
                  claims or represses
  structure.level the trainer's dial: 0 = no formal structure at all,
                  0.5 = semi-structured with distributed leadership,
                  1 = a rigid hierarchy

One step is one week. A scenario is a bundled name or a TOML file; any parameter
can be changed with --set SECTION.KEY=VALUE.

\b
Examples:
  movementsim scenarios
  movementsim run balanced
  movementsim run leaderless --seed 3 --steps 104
  movementsim run balanced --set structure.level=0.2 --set community.members=5000
  movementsim run my_union.toml --out runs/my_union
  movementsim sweep balanced --seeds 10 --workers 2
  movementsim explain                  (the model's idea and its ten mechanisms)
  movementsim compare leaderless balanced bureaucracy
"""


class CliError(click.ClickException):
    """A mistake in the command line or a scenario: shown as one line, exit status 2."""

    exit_code = 2


class OneLineErrors(click.Group):
    """A command group whose usage errors are one line (no usage text, no traceback)."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as err:
            raise CliError(err.format_message()) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as err:
            raise CliError(err.format_message()) from None


@click.group(
    cls=OneLineErrors,
    help=HELP,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="movementsim")
@click.pass_context
def main(ctx: click.Context) -> None:
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@main.command()
def scenarios() -> None:
    """List the bundled scenarios."""
    entries = list_scenarios()
    width = max(len(name) for name, _ in entries)
    for name, description in entries:
        click.echo(f"{name:<{width}}  {description}")


def _parse_set(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict:
    try:
        return dict(parse_assignment(text) for text in values)
    except ScenarioError as err:
        raise click.BadParameter(str(err)) from None


def set_option(help_text: str) -> Any:
    """The ``--set KEY=VALUE`` option (repeatable), parsed into a dict of overrides."""
    return click.option(
        "--set",
        "overrides",
        metavar="KEY=VALUE",
        multiple=True,
        callback=_parse_set,
        help=help_text,
    )


#: ``--workers``: processes to run in parallel; results never depend on it.
WORKERS_OPTION = click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=1,
    show_default=True,
    help="Processes to run in parallel (results do not depend on it).",
)


@main.command(short_help="Run a scenario; write its time series, summary and figures.")
@click.argument("scenario")
@click.option("--seed", type=int, help="Seed of the run [default: the scenario's model.seed].")
@click.option("--steps", type=int, help="Weeks to run [default: the scenario's model.steps].")
@set_option("Change one parameter, e.g. --set structure.level=0.2 (repeatable).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the results [default: runs/<scenario name>].",
)
def run(
    scenario: str, seed: int | None, steps: int | None, overrides: dict, out: Path | None
) -> None:
    """Run SCENARIO (a bundled name or a path to a .toml file) and write its results.

    Writes timeseries.csv (one row per week), summary.json and the figures
    power.png/.svg and measures.png/.svg.
    """
    flags = {"model.seed": seed, "model.steps": steps}
    overrides = {**overrides, **{key: value for key, value in flags.items() if value is not None}}
    try:
        loaded = load_scenario(scenario, overrides)
    except ScenarioError as err:
        raise CliError(str(err)) from None
    seed, steps = loaded.model.seed, loaded.model.steps
    out = out if out is not None else Path("runs") / loaded.name

    with click.progressbar(
        length=steps,
        label=f"Simulating {loaded.name} ({steps} weeks, seed {seed})",
        file=sys.stderr,
    ) as bar:
        df = simulate(
            loaded, seed=seed, steps=steps, progress=lambda done: bar.update(done - bar.pos)
        )

    summary = summarize(df, loaded, seed=seed, steps=steps, version=__version__)
    try:
        paths = write_run(df, summary, out)
    except OSError as err:
        raise click.ClickException(f"cannot write the results to {out}: {err}") from None

    final = df.iloc[-1]
    click.echo(f"{loaded.name}: {steps} weeks, seed {seed}")
    click.echo(f"  wins:                      {int(final['wins'])}")
    click.echo(f"  missed opportunities:      {int(final['missed_opportunities'])}")
    click.echo(
        f"  long-run collective power: {long_run_power(df):.3f} "
        f"(mean of power + durable power over the last {min(LONG_RUN_WEEKS, steps + 1)} "
        "weeks)"
    )
    click.echo(f"  wrote {out}/: {', '.join(p.name for p in paths)}")


def _parse_levels(_ctx: click.Context, _param: click.Parameter, text: str) -> list[float]:
    try:
        levels = sorted({float(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise click.BadParameter(f"{text!r}: expected numbers separated by commas") from None
    if not levels or not all(0 <= level <= 1 for level in levels):
        raise click.BadParameter(f"{text!r}: levels must lie between 0 and 1")
    return levels


@main.command(short_help="Run a scenario across structure levels and seeds; plot long-run power.")
@click.argument("scenario")
@click.option(
    "--levels",
    default="0,0.25,0.5,0.75,1",
    show_default=True,
    callback=_parse_levels,
    help="Structure levels to run, separated by commas.",
)
@click.option(
    "--seeds",
    type=click.IntRange(2, 10_000),
    default=10,
    show_default=True,
    help="Seeds (replications) per level: seeds 0 .. N-1.",
)
@click.option(
    "--size",
    "sizes",
    type=click.IntRange(10, 2_000_000),
    multiple=True,
    help="Community size(s) to compare (repeatable) [default: the scenario's].",
)
@set_option("Change one parameter for every run (repeatable).")
@WORKERS_OPTION
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the results [default: runs/<scenario name>-sweep].",
)
def sweep(
    scenario: str,
    levels: list[float],
    seeds: int,
    sizes: tuple[int, ...],
    overrides: dict,
    workers: int,
    out: Path | None,
) -> None:
    """Run SCENARIO at each structure level with N seeds and compare long-run power.

    Long-run collective power is the mean of power + durable power over the last 52
    weeks. Writes sweep_runs.csv (one row per run), sweep_summary.csv (mean and 95%
    confidence interval per level and size) and structure_sweep.png/.svg.

    \b
    Example:
      movementsim sweep balanced --seeds 10 --size 1000 --size 10000 --workers 2
    """
    try:
        loaded = load_scenario(scenario, overrides)
    except ScenarioError as err:
        raise CliError(str(err)) from None
    sizes = sizes or (loaded.community.members,)
    out = out if out is not None else Path("runs") / f"{loaded.name}-sweep"
    runs, tables, optima = [], {}, {}
    with click.progressbar(
        length=len(sizes) * len(levels) * seeds, file=sys.stderr, label=f"Sweeping {loaded.name}"
    ) as bar:
        for size in sizes:
            done_before = bar.pos
            table = structure_sweep(
                scenario,
                levels,
                range(seeds),
                {**overrides, "community.members": size},
                workers=workers,
                progress=lambda done, base=done_before: bar.update(base + done - bar.pos),
            )
            runs.append(table)
            label = f"{size:,} members"
            tables[label] = confidence_table(table, by="structure.level", value="long_run_power")
            optima[label] = optimum_level(table) if len(levels) >= 3 else None
    out.mkdir(parents=True, exist_ok=True)
    all_runs = pd.concat(runs, ignore_index=True)
    all_runs.to_csv(out / "sweep_runs.csv", index=False)
    summary = pd.concat(tables, names=["size"]).reset_index()
    summary.to_csv(out / "sweep_summary.csv", index=False)
    figures = plot_sweep(tables, out / "structure_sweep", f"Structure sweep: {loaded.name}")
    for label, table in tables.items():
        click.echo(f"{label}: long-run collective power by structure level (95% CI)")
        for level, row in table.iterrows():
            click.echo(
                f"  {level:5.2f}  {row['mean']:7.3f}  [{row['ci_low']:.3f}, "
                f"{row['ci_high']:.3f}]  n={int(row['count'])}"
            )
        click.echo(f"  best swept level: {table['mean'].idxmax():.2f}")
        if optima[label] is not None:
            peak, low, high = optima[label]
            click.echo(
                f"  peak of a quadratic fit: {peak:.3f} (95% bootstrap {low:.3f} to {high:.3f})"
            )
    names = ["sweep_runs.csv", "sweep_summary.csv", *(p.name for p in figures)]
    click.echo(f"wrote {out}/: {', '.join(names)}")


from movementsim.cli.experiment import experiment  # noqa: E402  (needs main's helpers)

main.add_command(experiment)

from movementsim.cli.teaching import animate, compare, explain, report  # noqa: E402

for _command in (compare, explain, animate, report):
    main.add_command(_command)

from movementsim.cli.dashboard import dashboard  # noqa: E402

main.add_command(dashboard)
