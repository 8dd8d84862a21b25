"""``movementsim experiment``: run an experiment file (sweeps, replications, sensitivity
designs) on a laptop or a Dask cluster, resumably, and analyse its results.

The file format is described in :mod:`movementsim.experiments.files` and
``docs/experiments.md``; the output folder in :mod:`movementsim.experiments.runner`;
analysis in :mod:`movementsim.experiments.analysis`.
"""

from __future__ import annotations

import math
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click
import pandas as pd

from movementsim.cli.common import (
    CliError,
    OneLineErrors,
    out_option,
    output_folder,
    say_defaults,
    version_option,
)
from movementsim.experiments.analysis import analyze as analyze_results
from movementsim.experiments.analysis import not_estimated
from movementsim.experiments.engine import describe, make_executor
from movementsim.experiments.files import list_experiments, load_experiment, resize
from movementsim.experiments.robustness import ContextsAnalysis
from movementsim.experiments.runner import ExperimentRun, run_experiment
from movementsim.teaching.experiment_figures import draw_analysis

#: Most design points of a grid whose per-point table ``analyze`` prints (every point of
#: every design is in summary.csv; a Sobol, Morris or Latin hypercube design's never printed).
MAX_PRINTED_POINTS = 25


@click.group(cls=OneLineErrors, short_help="Run experiment files and analyse their results.")
def experiment() -> None:
    """Run an experiment file and analyse its results.

    An experiment varies scenario parameters (a grid of values, a Latin hypercube, or a
    Sobol or Morris design), repeats every design point with seeds derived from the
    experiment's seed, and keeps chosen outcomes of every run. Bundled experiments:
    structure-sweep, structure-by-size, sensitivity, robustness and training-focus
    (see docs/experiments.md).

    \b
    Examples:
      movementsim experiment run structure-sweep --workers 2 --out runs/structure-sweep
      movementsim experiment run my_experiment.toml --dask local --out runs/mine
      movementsim experiment run my_experiment.toml --out runs/mine --resume
      movementsim experiment analyze runs/structure-sweep
    """


def _dask_address(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None or value == "local" or "://" in value:
        return value
    raise click.BadParameter(
        f"{value!r}: expected 'local' (a new Dask LocalCluster) or a scheduler address such "
        "as tcp://HOST:8786"
    )


@experiment.command(short_help="Run an experiment file; results go to --out as runs finish.")
@click.argument("file")
@click.option(
    "--workers",
    type=click.IntRange(1, 1024),
    help="Worker processes [default: every core]; 1 runs in this process. Results do not "
    "depend on it.",
)
@click.option(
    "--dask",
    metavar="local|ADDRESS",
    callback=_dask_address,
    help="Run on Dask: 'local' starts a LocalCluster (with --workers workers), tcp://HOST:PORT "
    "uses a running scheduler (needs the 'distributed' extra).",
)
@out_option("Folder for the results [default: runs/<experiment name>].")
@click.option("--resume", is_flag=True, help="Keep the runs already in --out; run only the rest.")
@click.option("--csv", is_flag=True, help="Also write the tables as CSV.")
@click.option(
    "--replications",
    type=click.IntRange(1, 100_000),
    help="Runs per design point, instead of the file's (e.g. 2 for a first try). Recorded "
    "in manifest.json ('resized').",
)
@click.option(
    "--samples",
    type=click.IntRange(2, 1_000_000),
    help="Design samples (lhs, sobol: a power of 2, morris), instead of the file's (e.g. "
    "8 for a first try). Recorded in manifest.json ('resized').",
)
@version_option()
def run(
    file: str,
    workers: int | None,
    dask: str | None,
    out: str | None,
    resume: bool,
    csv: bool,
    replications: int | None,
    samples: int | None,
    version: str | None,
) -> None:
    """Run FILE (an experiment .toml, or the name of a bundled experiment).

    Every run is saved to --out as it finishes, so an interrupted experiment (Ctrl-C,
    or a killed job) loses nothing: run the same command with --resume to do only what
    is missing. Writes manifest.json (provenance), design.parquet, runs.parquet (one
    row per run) and, if the file asks for them, timeseries.parquet.

    \b
    Examples:
      movementsim experiment run structure-sweep --workers 2 --out runs/structure-sweep
      movementsim experiment run my_experiment.toml --out runs/mine --resume
      movementsim experiment run structure-sweep --replications 2 --out runs/try
      movementsim experiment run sensitivity --samples 8 --out runs/try-sobol
        (Sobol and Morris designs need the sensitivity extra: SALib)
    """
    loaded = resize(load_experiment(file, version), replications, samples)
    say_defaults(version)
    out = output_folder(out, Path("runs") / loaded.name)
    started = time.perf_counter()
    with ExitStack() as stack:
        executor = stack.enter_context(make_executor(workers, dask))
        bars: list[Any] = []
        parallel = executor.workers  # runs at a time: the time-left estimate's waves

        def progress(state: ExperimentRun) -> None:
            if not bars:
                label = f"{loaded.name} on {describe(executor)}"
                if state.skipped:
                    label += f" ({state.skipped} of {state.total} runs already done)"
                bars.append(
                    stack.enter_context(
                        click.progressbar(
                            length=state.total - state.skipped,
                            label=label,
                            show_eta=False,  # ours is measured on finished runs
                            show_pos=True,
                            item_show_func=lambda failed: failed,
                            file=sys.stderr,
                        )
                    )
                )
            bar = bars[0]
            left = time_left(time.perf_counter() - started, state.ran, state.total - state.skipped,
                             parallel)
            bar.update(state.ran - bar.pos, f"{state.failed} failed, {describe_time_left(left)}")

        try:
            state = run_experiment(
                loaded, out, executor=executor, resume=resume, csv=csv, progress=progress
            )
        except KeyboardInterrupt:
            stack.close()
            click.echo(
                f"\ninterrupted: finished runs are saved in {out}/; continue with:\n"
                f"  movementsim experiment run {file} --out {out} --resume",
                err=True,
            )
            sys.exit(130)
        except BrokenProcessPool as err:
            raise click.ClickException(  # exit status 1: the work failed, not the input
                f"a worker process died ({err}); finished runs are saved in {out}/: "
                "continue with --resume"
            ) from None
    seconds = time.perf_counter() - started
    rate = f", {state.ran / seconds:.2f} runs/s" if state.ran else ""
    click.echo(
        f"{loaded.name}: {state.total} runs ({state.skipped} already done, {state.ran} now, "
        f"{state.failed} failed) in {seconds:.1f} s{rate}"
    )
    for name, before, now in loaded.resized:
        click.echo(f"  resized: {name} {now} instead of the file's {before} (in manifest.json)")
    click.echo(f"  wrote {out}/: manifest.json, design.parquet, "
               f"{', '.join(p.name for p in state.files)}")
    click.echo(f"  analyse with: movementsim experiment analyze {out}")


@experiment.command(short_help="Summarise a finished experiment: tables, CIs, indices, figures.")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@out_option("Folder for the tables and figures [default: DIRECTORY/analysis].")
def analyze(directory: Path, out: str | None) -> None:
    """Analyse the experiment whose results are in DIRECTORY.

    Writes summary.csv (per design point and outcome: mean, standard deviation and 95%
    confidence interval), figures (a line with its band for one varied parameter, a
    heatmap for two), and for a Sobol or Morris design the sensitivity indices.

    \b
    Example:
      movementsim experiment analyze runs/structure-sweep
    """
    analysis = analyze_results(directory, out)
    target = analysis.files[0].parent
    try:
        analysis.files += draw_analysis(analysis, target)
    except OSError as err:
        raise CliError(f"cannot write the figures to {target}: {err.strerror or err}") from None
    for name, sizes in analysis.results.spec.get("resized", {}).items():
        click.echo(f"resized: {name} {sizes['run']} instead of the file's {sizes['file']}: "
                   "a first try, not a finding")
    for outcome, indices in analysis.indices.items():
        click.echo(f"{outcome}: sensitivity indices (95% intervals, rounded to 2 decimals)")
        numbers = indices.select_dtypes(exclude="bool")
        click.echo(numbers.to_string(float_format=_two_decimals))
        unestimated = not_estimated(indices)
        if unestimated:
            click.echo(f"  not estimated with these samples (SALib's whole interval lies "
                       f"outside [0, 1]; shown restricted, no finding): "
                       f"{', '.join(unestimated)}; run more samples")
    if analysis.contexts is not None:
        _echo_contexts(analysis.contexts)
    summary = analysis.summary
    parameters = list(summary.columns[1 : list(summary.columns).index("outcome")])
    points = summary["point"].nunique()
    if analysis.results.sampler != "grid" or points > MAX_PRINTED_POINTS:
        click.echo(
            f"per design point ({points} points): means and 95% intervals of every outcome "
            f"in {target / 'summary.csv'}"
        )
    else:
        for outcome, table in summary.groupby("outcome", sort=False):
            click.echo(f"{outcome}: mean and 95% confidence interval per design point")
            click.echo(_format(table, parameters))
            if table["mean"].notna().any():
                click.echo(f"  {_highest(table, parameters)}")
    click.echo(f"wrote {target}/: {', '.join(p.name for p in analysis.files)}")


def time_left(elapsed: float, done: int, total: int, workers: int) -> float | None:
    """Seconds left, from the runs finished so far; None while too few have finished.

    Runs finish in waves of ``workers`` at a time, so until two waves are done the rate
    is not yet measured (after one run of the first wave, it would look ``workers`` times
    too slow). After that the estimate is the measured throughput (runs per second over
    all workers, start-up included) applied to the runs left.
    """
    if done >= total:
        return 0.0
    if done < 2 * max(workers, 1) or elapsed <= 0:
        return None
    return (total - done) * elapsed / done


def describe_time_left(seconds: float | None) -> str:
    """The estimate in words: 'estimating time left' until there is one."""
    if seconds is None:
        return "estimating time left..."
    if seconds < 90:
        return f"about {seconds:.0f} s left"
    if seconds < 90 * 60:
        return f"about {seconds / 60:.0f} min left"
    return f"about {seconds / 3600:.1f} h left"


def _echo_contexts(contexts: ContextsAnalysis) -> None:
    summary = contexts.summary()
    said = (
        f"robustness: {summary['contexts']} contexts; the movement can win in "
        f"{summary['winnable']} ({summary['winnable_share']:.0%})"
    )
    if int(contexts.by_level["count"].max()) < 2:
        # Welch's interval needs two runs a side: with one, no difference can be tested.
        click.echo(f"{said}; whether a middle structure level beats both ends cannot be "
                   "tested with one run per level (use --replications 2 or more)")
    else:
        click.echo(f"{said}; among those a middle structure level beats both ends in "
                   f"{summary['middle_beats_ends']} ({summary['middle_share']:.0%})")
    counts = ", ".join(f"{level:g} in {n}" for level, n in summary["best_level_counts"].items())
    click.echo(f"  contexts by their best level (highest mean long-run power): {counts}")
    movers = contexts.correlations.dropna().sort_values("spearman_rho", key=abs, ascending=False)
    for key, row in movers.head(5).iterrows():
        click.echo(f"  best level vs {key}: Spearman {row['spearman_rho']:+.2f} "
                   f"(p {row['p_value']:.3f})")


@experiment.command("list")
def list_command() -> None:
    """List the bundled experiments.

    \b
    Example:
      movementsim experiment list
    """
    entries = list_experiments()
    width = max(len(name) for name, _ in entries)
    for name, description in entries:
        click.echo(f"{name:<{width}}  {description}")


def _format(table: pd.DataFrame, parameters: list[str]) -> str:
    mean = table["mean"]
    rows = pd.DataFrame(
        {
            **{key: table[key] for key in parameters},
            "n": table["n"],
            "failed": table["failed"],
            "mean": [_readable(x, mean) for x in mean],
            "95% CI": [
                f"[{_readable(low, mean)}, {_readable(high, mean)}]"
                for low, high in zip(table["ci_low"], table["ci_high"], strict=True)
            ],
        }
    )
    return rows.to_string(index=False)


def _highest(table: pd.DataFrame, parameters: list[str]) -> str:
    """The design points with the highest mean, as shown (ties named as ties), and what
    the runs behind them allow one to say."""
    shown = table["mean"].map(lambda value: _readable(value, table["mean"]))
    best = shown[table["mean"].idxmax()]
    tied = table[shown == best]
    where = "; ".join(
        ", ".join(f"{key}={row[key]}" for key in parameters) for _, row in tied.iterrows()
    )
    said = f"highest mean: {best} at {where}" + (f" (tied, {len(tied)} points)"
                                                 if len(tied) > 1 else "")
    if int(table["n"].max()) < 2:
        return f"{said}; one run per point, so no interval: a single run, not a finding"
    return said


def _readable(value: float, column: pd.Series) -> str:
    """``value`` with as many decimals as the column's magnitude needs (3 significant
    digits of its largest value): no exponents, no float noise such as 1.6e-16."""
    if pd.isna(value):
        return "n/a"
    largest = float(column.abs().max()) if column.notna().any() else 0.0
    decimals = 3 if largest == 0 else min(6, max(0, 2 - math.floor(math.log10(largest))))
    return f"{round(float(value), decimals) + 0.0:,.{decimals}f}"  # + 0.0: no "-0.000"


def _two_decimals(value: float) -> str:
    return f"{round(value, 2) + 0.0:.2f}"  # + 0.0: no "-0.00"
