"""Sweeps and their statistics."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from movementsim.experiments.engine import Task, make_executor, run_tasks
from movementsim.experiments.intervals import difference_interval, mean_table, weekly_band
from movementsim.experiments.outcomes import OUTCOMES
from movementsim.experiments.sweep import dial_steps, structure_sweep
from movementsim.model import load_scenario, simulate


def test_sweep_results_do_not_depend_on_the_number_of_workers():
    overrides = {"community.members": 150, "model.steps": 40}
    serial = structure_sweep("balanced", (0.0, 1.0), range(2), overrides, workers=1)
    parallel = structure_sweep("balanced", (0.0, 1.0), range(2), overrides, workers=2)
    pd.testing.assert_frame_equal(serial, parallel)
    assert len(serial) == 4
    expected = simulate(load_scenario("balanced", {**overrides, "structure.level": 1.0}), seed=1)
    row = serial[(serial["structure.level"] == 1.0) & (serial["seed"] == 1)].iloc[0]
    assert row["long_run_power"] == OUTCOMES["long_run_power"].value(expected)


def test_the_engine_returns_results_in_task_order_whatever_the_executor():
    scenario = load_scenario("balanced", {"community.members": 80, "model.steps": 15})
    tasks = [Task(scenario, seed, timeseries=("power",), tag=seed) for seed in range(5)]
    with make_executor(2) as pool:
        pooled = run_tasks(tasks, pool)
    inline = run_tasks(tasks)
    assert [r.tag for r in pooled] == [r.tag for r in inline] == list(range(5))
    for a, b in zip(pooled, inline, strict=True):
        pd.testing.assert_frame_equal(a.frame, b.frame)
    assert not pooled[0].frame.equals(pooled[1].frame)  # different seeds, different runs


def test_mean_table_is_a_students_t_interval():
    runs = pd.DataFrame({"level": [0, 0, 0, 1, 1, 1], "value": [1.0, 2.0, 3.0, 5.0, 5.0, 5.0]})
    table = mean_table(runs, by="level", value="value")
    assert table.loc[0, "mean"] == 2.0
    half = stats.t.ppf(0.975, 2) * 1.0 / np.sqrt(3)
    assert np.isclose(table.loc[0, "ci_low"], 2.0 - half)
    assert np.isclose(table.loc[0, "ci_high"], 2.0 + half)
    assert table.loc[1, "ci_low"] == table.loc[1, "ci_high"] == 5.0


def test_weekly_band_is_the_mean_with_a_t_interval_restricted_to_the_range():
    runs = pd.DataFrame(
        {"seed": [0, 0, 1, 1, 2, 2], "step": [0, 1] * 3, "share": [0.4, 1.0, 0.5, 1.0, 0.6, 0.7]}
    )
    band = weekly_band(runs, "share", low=0.0, high=1.0)
    half = stats.t.ppf(0.975, 2) * 0.1 / np.sqrt(3)  # the values 0.4, 0.5, 0.6 at week 0
    assert np.isclose(band.loc[0, "mean"], 0.5)
    assert np.isclose(band.loc[0, "ci_low"], 0.5 - half)
    assert band.loc[1, "ci_high"] == 1.0  # 0.9 plus its half-width would pass 1


def test_difference_interval_is_welchs():
    a, b = [3.0, 4.0, 5.0, 6.0], [1.0, 1.5, 2.0, 2.5]
    difference, low, high = difference_interval(a, b)
    assert difference == 2.75
    expected = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert np.isclose(low, expected.low) and np.isclose(high, expected.high)
    assert low > 0


def test_dial_steps_tell_a_cliff_from_seed_noise():
    rng = np.random.default_rng(1)
    levels = np.repeat(np.round(np.linspace(0, 1, 21), 2), 20)
    smooth = 4 - 8 * (levels - 0.5) ** 2 + rng.normal(0, 1, levels.size)
    runs = pd.DataFrame({"structure.level": levels, "long_run_power": smooth})
    steps = dial_steps(runs)
    assert len(steps) == 20 and steps["from"].iloc[0] == 0.0 and steps["to"].iloc[-1] == 1.0
    assert not steps["beyond_family_noise"].any()
    # the family-wise interval is wider than each step's own
    assert (steps["family_low"] < steps["ci_low"]).all()
    assert (steps["family_high"] > steps["ci_high"]).all()
    cliff = runs.assign(long_run_power=smooth + 3 * (levels >= 0.5))
    flagged = dial_steps(cliff)
    assert flagged.loc[flagged["beyond_family_noise"], "to"].tolist() == [0.5]
