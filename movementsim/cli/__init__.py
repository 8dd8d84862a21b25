"""The ``movementsim`` command.

Every mistake in the command line or a scenario is reported as one line,
``Error: ...``, on stderr with exit status 2; never a traceback (exit statuses:
:mod:`movementsim.cli.common`). Each group of commands lives in its own module
(:mod:`.runs`, :mod:`.experiment`, :mod:`.teaching`, :mod:`.dashboard`), which imports
only :mod:`.common`; this module gathers them under :func:`main`.
"""

from __future__ import annotations

import click

from movementsim._version import __version__
from movementsim.cli import dashboard, experiment, runs, teaching
from movementsim.cli.common import OneLineErrors

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
  movementsim explain                  (the model's idea and its fourteen mechanisms)
  movementsim compare leaderless balanced bureaucracy
"""


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


for _command in (
    runs.scenarios,
    runs.run,
    runs.sweep,
    experiment.experiment,
    teaching.compare,
    teaching.explain,
    teaching.animate,
    teaching.report,
    dashboard.dashboard,
):
    main.add_command(_command)
