"""``movementsim scenarios``, ``run`` and ``sweep``: one scenario, once or across levels."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pandas as pd

from movementsim._version import __version__
from movementsim.cli.common import (
    STEPS_OPTION,
    WORKERS_OPTION,
    CliError,
    out_option,
    output_folder,
    say_defaults,
    seed_option,
    set_option,
    version_option,
    with_steps,
)
from movementsim.experiments import storage
from movementsim.experiments.intervals import mean_table
from movementsim.experiments.outcomes import LONG_RUN_WEEKS, OUTCOMES, long_run_power, summarize
from movementsim.experiments.sweep import (
    LEVEL,
    describe_fit,
    dial_steps,
    plateau,
    quadratic_peak,
    structure_sweep,
)
from movementsim.model.model import MovementModel
from movementsim.model.scenario import list_scenarios, load_scenario
from movementsim.teaching.experiment_figures import plot_sweep
from movementsim.teaching.run_output import KIND as RUN_KIND
from movementsim.teaching.run_output import write_run

#: The command a sweep folder belongs to (see :func:`storage.claim_folder`).
SWEEP_KIND = "sweep"


@click.command()
def scenarios() -> None:
    """List the bundled scenarios.

    \b
    Example:
      movementsim scenarios
      movementsim explain many-issues     (one scenario's story and settings)
    """
    entries = list_scenarios()
    width = max(len(name) for name, _ in entries)
    for name, description in entries:
        click.echo(f"{name:<{width}}  {description}")


@click.command(short_help="Run a scenario; write its time series, summary and figures.")
@click.argument("scenario")
@seed_option("Seed of the run [default: the scenario's model.seed].")
@STEPS_OPTION
@set_option("Change one parameter, e.g. --set structure.level=0.2 (repeatable).")
@out_option("Folder for the results [default: runs/<scenario name>].")
@version_option()
def run(
    scenario: str, seed: int | None, steps: int | None, overrides: dict, out: str | None,
    version: str | None,
) -> None:
    """Run SCENARIO (a bundled name or a path to a .toml file) and write its results.

    Writes timeseries.csv (one row per week), summary.json and the figures
    power.png/.svg and measures.png/.svg, and organizations.csv (each
    organization's members, leaders, turnout, contribution and commitment to the
    coalition, week by week; one organization unless the scenario has
    [[organizations]]).

    \b
    Examples:
      movementsim run balanced
      movementsim run leaderless --seed 3 --steps 104 --out runs/leaderless-3
      movementsim run balanced --set structure.level=0.2 --set community.members=5000
    """
    loaded = load_scenario(scenario, with_steps(overrides, steps, seed), version)
    say_defaults(version)
    seed, steps = loaded.model.seed, loaded.model.steps
    out = output_folder(out, Path("runs") / loaded.name)
    storage.claim_folder(out, RUN_KIND)  # before the run: refuse a bad folder at once

    with click.progressbar(
        length=steps,
        label=f"Simulating {loaded.name} ({steps} weeks, seed {seed})",
        file=sys.stderr,
    ) as bar:
        model = MovementModel(loaded, rng=seed)
        df = model.run_for(steps, progress=lambda done: bar.update(done - bar.pos))

    summary = summarize(df, loaded, seed=seed, steps=steps, version=__version__,
                        defaults_version=version)
    organizations = model.organization_measures()
    try:
        paths = write_run(df, summary, out, organizations)
    except OSError as err:
        raise CliError(f"cannot write the results to {out}: {err.strerror or err}") from None

    final = df.iloc[-1]
    click.echo(f"{loaded.name}: {steps} weeks, seed {seed}")
    click.echo(f"  wins:                      {int(final['wins'])}")
    click.echo(f"  moments missed:            {int(final['missed_opportunities'])}")
    if loaded.issues:
        won = int(final["issues_won"])
        arisen = sum(issue.arises <= steps for issue in loaded.issues)
        click.echo(
            f"  issues won:                {won} of {len(loaded.issues)} "
            f"({arisen} arose in these {steps} weeks)"
        )
    if len(model.organizations) > 1:
        click.echo(
            f"  partners in the coalition: {int(final['coalition_size'])} of "
            f"{len(model.organizations)} at the end (rule: {loaded.coalition.rule})"
        )
    click.echo(
        f"  long-run collective power: {long_run_power(df):.3f} "
        f"(mean of power + durable power over the last {min(LONG_RUN_WEEKS, steps + 1)} "
        "weeks)"
    )
    click.echo(f"  wrote {out}/: {', '.join(p.name for p in paths)}")


def _parse_levels(_ctx: click.Context, _param: click.Parameter, text: str) -> list[float]:
    """Levels as numbers separated by commas, or a range START:STOP:STEP (stop included)."""
    try:
        if ":" in text:
            start, stop, step = (float(part) for part in text.split(":"))
            if not (step > 0 and stop >= start and (stop - start) / step <= 1000):
                raise ValueError
            count = int(round((stop - start) / step)) + 1
            levels = sorted({round(start + i * step, 10) for i in range(count)})
        else:
            levels = sorted({float(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise click.BadParameter(
            f"{text!r}: expected numbers separated by commas (0,0.5,1) or a range "
            "START:STOP:STEP (0:1:0.05)"
        ) from None
    if not levels or not all(0 <= level <= 1 for level in levels):
        raise click.BadParameter(f"{text!r}: levels must lie between 0 and 1")
    if len(levels) > 1001:
        raise click.BadParameter(f"{len(levels)} levels: at most 1,001")
    return levels


@click.command(short_help="Run a scenario across structure levels and seeds; plot long-run power.")
@click.argument("scenario")
@click.option(
    "--levels",
    default="0,0.25,0.5,0.75,1",
    show_default=True,
    callback=_parse_levels,
    help="Structure levels to run: numbers separated by commas, or START:STOP:STEP.",
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
@out_option("Folder for the results [default: runs/<scenario name>-sweep].")
@version_option()
def sweep(
    scenario: str,
    levels: list[float],
    seeds: int,
    sizes: tuple[int, ...],
    overrides: dict,
    workers: int,
    out: str | None,
    version: str | None,
) -> None:
    """Run SCENARIO at each structure level with N seeds and compare long-run power.

    Long-run collective power is the mean of power + durable power over the last 52
    weeks. Prints, per size, the mean and 95% interval at each level, the best level,
    the plateau (every level whose difference from the best has a Welch 95% interval
    reaching zero) and a quadratic fit's R² and lack-of-fit test; the fit's peak is
    printed only when the test leaves the quadratic standing (p >= 0.05), it peaks
    inside the range and the plateau is the best level alone. Writes sweep_runs.csv (one
    row per run), sweep_summary.csv (mean, 95% confidence interval and on_plateau per
    level and size), sweep_steps.csv (each step between
    neighbouring levels: the change of the mean, its 95% interval and its family-wise
    interval over all steps, to tell a cliff from seed noise) and structure_sweep.png/.svg.

    \b
    Example:
      movementsim sweep balanced --seeds 10 --size 1000 --size 10000 --workers 2
    """
    loaded = load_scenario(scenario, overrides, version)
    say_defaults(version)
    sizes = sizes or (loaded.community.members,)
    for size in sizes:  # every size must make a valid scenario before anything runs
        for level in levels:
            load_scenario(scenario, {**overrides, "community.members": size, LEVEL: level},
                          version)
    out = output_folder(out, Path("runs") / f"{loaded.name}-sweep")
    storage.claim_folder(out, SWEEP_KIND)
    power = OUTCOMES["long_run_power"]
    runs, tables, plateaus, fits, steps = [], {}, {}, {}, {}
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
                version=version,
            )
            runs.append(table)
            label = f"{size:,} members"
            tables[label] = mean_table(table, LEVEL, power.name, power.low, power.high)
            plateaus[label] = plateau(table)
            tables[label]["on_plateau"] = tables[label].index.isin(plateaus[label])
            fits[label] = quadratic_peak(table) if len(levels) >= 3 else None
            if seeds >= 2 and len(levels) >= 2:
                steps[label] = dial_steps(table)
    all_runs = pd.concat(runs, ignore_index=True)
    summary = pd.concat(tables, names=["size"]).reset_index()
    written = ["sweep_runs.csv", "sweep_summary.csv"]
    try:
        storage.atomic_write(out / "sweep_runs.csv", lambda t: all_runs.to_csv(t, index=False))
        storage.atomic_write(out / "sweep_summary.csv", lambda t: summary.to_csv(t, index=False))
        if steps:
            step_table = pd.concat(steps, names=["size"]).reset_index(level=0)
            storage.atomic_write(
                out / "sweep_steps.csv", lambda t: step_table.to_csv(t, index=False)
            )
            written.append("sweep_steps.csv")
        figures = plot_sweep(tables, out / "structure_sweep", f"Structure sweep: {loaded.name}")
        storage.mark_folder(out, SWEEP_KIND, version)
    except OSError as err:
        raise CliError(f"cannot write the results to {out}: {err.strerror or err}") from None
    for label, table in tables.items():
        click.echo(f"{label}: long-run collective power by structure level (95% CI)")
        for level, row in table.iterrows():
            click.echo(
                f"  {level:5.2f}  {row['mean']:7.3f}  [{row['ci_low']:.3f}, "
                f"{row['ci_high']:.3f}]  n={int(row['count'])}"
            )
        click.echo(f"  best swept level: {table['mean'].idxmax():.2f}")
        click.echo(f"  {describe_plateau(plateaus[label], levels)}")
        if fits[label] is not None:
            for line in describe_fit(fits[label], plateaus[label]):
                click.echo(f"  {line}")
        if label in steps:
            echo_steps(steps[label])
    names = [*written, *(p.name for p in figures)]
    click.echo(f"wrote {out}/: {', '.join(names)}")


def describe_plateau(levels: list[float], swept: list[float]) -> str:
    """The levels within seed noise of the best one (the plateau), in words."""
    if len(levels) == 1:
        return "levels within seed noise of the best: none other (Welch 95%)"
    inside = [level for level in swept if levels[0] <= level <= levels[-1]]
    shown = (
        f"{levels[0]:.2f} to {levels[-1]:.2f} ({len(levels)} levels)"
        if inside == levels
        else ", ".join(f"{level:.2f}" for level in levels)
    )
    return (
        f"levels within seed noise of the best (Welch 95% interval of the difference "
        f"reaches 0): {shown}"
    )


def echo_steps(steps: pd.DataFrame) -> None:
    """The largest step of the dial and how many steps are beyond seed noise."""
    largest = steps.loc[steps["difference"].abs().idxmax()]
    click.echo(
        f"  largest step: {largest['difference']:+.3f} from {largest['from']:.2f} to "
        f"{largest['to']:.2f} (95% [{largest['ci_low']:.3f}, {largest['ci_high']:.3f}])"
    )
    click.echo(
        f"  steps beyond seed noise: {int(steps['beyond_noise'].sum())} of {len(steps)} at "
        f"95% each (chance alone gives about {0.05 * len(steps):.1f}), "
        f"{int(steps['beyond_family_noise'].sum())} at a family-wise 95% (sweep_steps.csv)"
    )
