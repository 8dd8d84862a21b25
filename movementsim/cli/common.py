"""What every ``movementsim`` command shares: one-line errors, options, progress bars.

**Exit status.** 0: done. 2: a mistake in the command line, a scenario or experiment
file, or an output path movementsim will not write to (one line, ``Error: ...``, on
stderr, never a traceback). 1: the work itself failed (a worker process died, a run
raised). 130: interrupted with Ctrl-C (an experiment keeps its finished runs).
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from movementsim.experiments.engine import EngineError
from movementsim.experiments.files import ExperimentError
from movementsim.experiments.storage import OutputError
from movementsim.model.parameters import ModelParams, field_range
from movementsim.model.scenario import ScenarioError, parse_assignment
from movementsim.model.versions import known_versions, made_by

#: The largest seed (a signed 64-bit integer), the same for every command.
MAX_SEED = int(field_range(ModelParams.model_fields["seed"])[1])

#: Mistakes the user can fix: shown as one ``Error:`` line with exit status 2.
INPUT_ERRORS = (ScenarioError, ExperimentError, OutputError, EngineError)


class CliError(click.ClickException):
    """A mistake in the command line, a file or an output path: one line, exit status 2."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        # One line, whatever the message holds (a value with a newline, bad bytes).
        text = " ".join(str(message).split())
        super().__init__(text.encode("utf-8", "backslashreplace").decode("utf-8"))


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
        except INPUT_ERRORS as err:
            raise CliError(str(err)) from None


def _parse_set(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict:
    try:
        return dict(parse_assignment(text) for text in values)
    except ScenarioError as err:
        raise click.BadParameter(str(err)) from None


def version_option() -> Callable[[Callable], Callable]:
    """``--model-version V``: take every value a scenario leaves out from release V's
    defaults (:mod:`movementsim.model.versions`), to reproduce a published result."""
    return click.option(
        "--model-version",
        "version",
        metavar="VERSION",
        help="Take the parameters a scenario leaves out from this release's defaults "
        f"(kept: {', '.join(known_versions())}). Restores parameters, not the release's "
        "code: its changelog says what else changed [default: this version's].",
    )


def say_defaults(version: str | None) -> None:
    """With ``--model-version`` of another release, one line saying whose defaults the
    runs take (on stderr, beside the progress bars), so that the terminal confirms it."""
    if version is not None and made_by(version) != made_by():
        click.echo(f"{made_by(version)} (for what the scenario leaves out)", err=True)


def set_option(help_text: str) -> Callable[[Callable], Callable]:
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

def seed_option(help_text: str) -> Callable[[Callable], Callable]:
    """``--seed``: one rule for every command (0 to :data:`MAX_SEED`)."""
    return click.option("--seed", type=click.IntRange(0, MAX_SEED), help=help_text)

#: ``--steps``: weeks to run.
STEPS_OPTION = click.option(
    "--steps",
    type=click.IntRange(1, int(field_range(ModelParams.model_fields["steps"])[1])),
    help="Weeks to run [default: the scenario's model.steps].",
)


class FiniteFloat(click.FloatRange):
    """A float in a range that is also finite (click's range lets NaN through)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


def out_option(help_text: str) -> Callable[[Callable], Callable]:
    """``--out``: where the results go, as typed (a trailing separator kept); see
    :func:`output_folder` and :func:`output_file`."""
    return click.option("--out", type=click.Path(), help=help_text)


def output_folder(out: str | None, default: Path) -> Path:
    """The folder a folder-writing command writes into: ``--out``, or ``default``."""
    return default if out is None else Path(out)


def output_file(out: str | None, default: Path) -> Path:
    """The file a file-writing command writes: ``--out``, or ``default`` without it.

    An ``--out`` that ends with a path separator names a folder: the file goes into it,
    under ``default``'s name.
    """
    if out is None:
        return default
    if str(out).endswith(("/", os.sep)):
        return Path(out) / default.name
    return Path(out)


def with_steps(overrides: dict[str, Any], steps: int | None, seed: int | None = None) -> dict:
    """The ``--set`` overrides with ``--steps`` and ``--seed`` applied on top."""
    flags = {"model.steps": steps, "model.seed": seed}
    return {**overrides, **{key: value for key, value in flags.items() if value is not None}}


@contextmanager
def progress_bar(length: int, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr; yields a function taking the number of items done."""
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield lambda done: bar.update(done - bar.pos)


def echo_written(paths: list[Path]) -> None:
    for path in paths:
        click.echo(f"wrote {path}")
