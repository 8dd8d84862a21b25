"""Sweeps and their statistics."""

from __future__ import annotations

import numpy as np
import pandas as pd

from movementsim.experiments import confidence_table, optimum_level, structure_sweep


def test_sweep_results_do_not_depend_on_the_number_of_workers():
    overrides = {"community.members": 150, "model.steps": 40}
    serial = structure_sweep("balanced", (0.0, 1.0), range(2), overrides, workers=1)
    parallel = structure_sweep("balanced", (0.0, 1.0), range(2), overrides, workers=2)
    pd.testing.assert_frame_equal(serial, parallel)
    assert len(serial) == 4


def test_confidence_table_matches_hand_computed_interval():
    runs = pd.DataFrame({"level": [0, 0, 0, 1, 1, 1], "value": [1.0, 2.0, 3.0, 5.0, 5.0, 5.0]})
    table = confidence_table(runs, by="level", value="value")
    assert table.loc[0, "mean"] == 2.0
    half = 1.959963984540054 * 1.0 / np.sqrt(3)
    assert np.isclose(table.loc[0, "ci_low"], 2.0 - half)
    assert table.loc[1, "ci_low"] == table.loc[1, "ci_high"] == 5.0


def test_optimum_level_finds_a_known_peak_and_brackets_it():
    rng = np.random.default_rng(0)
    levels = np.repeat(np.linspace(0, 1, 5), 20)
    values = 3 - 8 * (levels - 0.6) ** 2 + rng.normal(0, 0.2, levels.size)
    runs = pd.DataFrame({"structure.level": levels, "long_run_power": values})
    estimate, low, high = optimum_level(runs)
    assert low <= 0.6 <= high
    assert abs(estimate - 0.6) < 0.05
    rising = runs.assign(long_run_power=levels * 2 + rng.normal(0, 0.1, levels.size))
    assert optimum_level(rising)[0] == 1.0
