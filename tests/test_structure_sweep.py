"""The model's central result, produced by its mechanisms: too little and too much
structure both cost power, and the best level moves with the size of the movement.

The sweep runs the ``balanced`` scenario at structure levels 0, 0.25, 0.5, 0.75 and 1
with ten seeds each (and again with ten times as many members); long-run collective
power is the mean of ``power + durable_power`` over the last 52 weeks.
"""

from __future__ import annotations

import pandas as pd
import pytest

from movementsim.experiments import confidence_table, structure_sweep

LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)
SEEDS = range(10)


@pytest.fixture(scope="module")
def sweeps() -> dict[int, pd.DataFrame]:
    return {
        members: confidence_table(
            structure_sweep("balanced", LEVELS, SEEDS, {"community.members": members}, workers=2),
            by="structure.level",
            value="long_run_power",
        )
        for members in (1000, 10_000)
    }


@pytest.mark.parametrize("members", [1000, 10_000])
def test_a_middle_level_beats_both_extremes_beyond_seed_noise(sweeps, members):
    table = sweeps[members]
    best = table["mean"].idxmax()
    assert 0 < best < 1, table
    assert table.loc[best, "ci_low"] > table.loc[0.0, "ci_high"], table
    assert table.loc[best, "ci_low"] > table.loc[1.0, "ci_high"], table


def test_more_structure_pays_in_a_larger_movement(sweeps):
    small, large = sweeps[1000], sweeps[10_000]
    assert large["mean"].idxmax() > small["mean"].idxmax(), (small, large)
