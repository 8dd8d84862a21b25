"""Small experiment files for the experiment tests (tiny scenarios, few runs)."""

from __future__ import annotations

from pathlib import Path

TINY = """\
name = "tiny"
scenario = "balanced"
seed = 11
replications = {replications}
steps = {steps}
timeseries = ["power", "wins"]

[set]
"community.members" = {members}

[parameters]
"structure.level" = [0.0, 0.5, 1.0]

[outcomes]
long_run_power = {{ measure = "power + durable_power", stat = "mean_last", weeks = 10 }}
wins = {{ measure = "wins", stat = "final" }}
first_win = {{ measure = "wins", stat = "first_week" }}
"""


def tiny_file(
    folder: Path, *, replications: int = 2, steps: int = 20, members: int = 60, name: str = "tiny"
) -> Path:
    """Write the tiny experiment (3 structure levels) into ``folder``; return its path."""
    path = folder / f"{name}.toml"
    path.write_text(TINY.format(replications=replications, steps=steps, members=members))
    return path
