"""Experiment files: validation with one clear message, design points, seeds, outcomes."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from experiment_helpers import tiny_file

from movementsim.experiments.designs import design_table
from movementsim.experiments.engine import run_seed
from movementsim.experiments.files import ExperimentError, list_experiments, load_experiment
from movementsim.experiments.outcomes import Outcome
from movementsim.experiments.runner import run_key

HEAD = 'name = "t"\nscenario = "balanced"\n'
GRID = '[parameters]\n"structure.level" = [0.0, 1.0]\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "e.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + "replicates = 3\n" + GRID,
            "unknown key 'replicates' (did you mean 'replications'?)",
        ),
        ('name = "t"\n' + GRID, "'scenario' is missing"),
        ('scenario = "balancd"\n' + GRID, "bundled scenarios: balanced"),
        (HEAD + "replications = 0\n" + GRID, "replications = 0 is out of range: allowed 1 to"),
        (HEAD + "seed = -1\n" + GRID, "seed = -1 is out of range: allowed 0 to"),
        (HEAD + '[parameters]\n"structure.levl" = [0.1]\n', "did you mean 'structure.level'"),
        (HEAD + '[parameters]\n"structure.level" = [0.5, 2.0]\n', "allowed 0 to 1"),
        (
            HEAD + '[parameters]\n"structure.level" = { low = 0, high = 1 }\n',
            "the grid sampler needs values",
        ),
        (HEAD + '[parameters]\n"structure.level" = 0.5\n', "give a list of values"),
        (
            HEAD + '[parameters]\n"structure.level" = { start = 1, stop = 0, step = 0.1 }\n',
            "stop >= start",
        ),
        (HEAD + "[parameters]\n", "[parameters] is empty"),
        (HEAD + '[parameters]\n"model.seed" = [1, 2]\n', "top-level 'seed'"),
        (
            HEAD + '[design]\nsampler = "sobel"\n' + GRID,
            'choose one of "grid", "lhs", "sobol", "morris"',
        ),
        (HEAD + '[design]\nsampler = "sobol"\nsamples = 10\n' + GRID, "power of 2 (e.g. 8)"),
        (HEAD + '[design]\nsampler = "lhs"\n' + GRID, "needs a whole number of samples"),
        (
            HEAD + '[design]\nsampler = "lhs"\nsamples = 4\n[parameters]\n'
            '"structure.decision_rule" = { low = 0, high = 1 }\n',
            "for a numeric parameter",
        ),
        (
            HEAD + '[design]\nsampler = "morris"\nsamples = 4\n[parameters]\n'
            '"structure.level" = { low = 0, high = 1 }\n',
            "needs at least 2 parameters",
        ),
        (
            HEAD + GRID + '[outcomes]\nx = { measure = "powr" }\n',
            "unknown measure 'powr' (did you mean 'power'?)",
        ),
        (
            HEAD + GRID + '[outcomes]\nx = { measure = "power", stat = "median" }\n',
            'stat = "median" is not allowed',
        ),
        (
            HEAD + GRID + '[outcomes]\nx = { measure = "power", stat = "mean_last" }\n',
            "weeks is needed",
        ),
        (
            HEAD + GRID + '[outcomes]\nseed = { measure = "power" }\n',
            "outcome name 'seed' is taken",
        ),
        (HEAD + 'timeseries = ["nope"]\n' + GRID, "timeseries: unknown measure 'nope'"),
        (HEAD + "steps = 0\n" + GRID, "steps = 0 is out of range: allowed 1 to"),
        (HEAD + '[set]\n"community.members" = 5\n' + GRID, "community.members = 5 is out of range"),
        (HEAD + "x = [\n", "not valid TOML"),
    ],
)
def test_a_bad_field_gets_one_message_naming_it(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ExperimentError) as err:
        load_experiment(write(tmp_path, text))
    message = str(err.value)
    assert expected in message
    assert "\n" not in message


def test_unknown_bundled_experiment_lists_the_bundled_ones() -> None:
    with pytest.raises(ExperimentError, match="bundled experiments: .*structure-sweep"):
        load_experiment("structure-swep")


def test_the_bundled_experiments_load_with_their_promised_designs() -> None:
    names = {name for name, _ in list_experiments()}
    assert {"structure-sweep", "structure-by-size", "sensitivity"} <= names
    sweep = load_experiment("structure-sweep")
    levels = design_table(sweep)["structure.level"]
    assert np.allclose(levels, np.linspace(0, 1, 21)) and sweep.replications == 30
    by_size = design_table(load_experiment("structure-by-size"))
    assert list(by_size.columns) == ["structure.level", "community.members"]
    assert by_size["community.members"].nunique() >= 3
    sensitivity = load_experiment("sensitivity")
    assert sensitivity.design.sampler == "sobol"
    assert "long_run_power" in {o.name for o in sensitivity.outcomes}


def test_grid_runs_every_combination_first_parameter_slowest(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD + '[parameters]\n"structure.level" = { start = 0.0, stop = 0.5, step = 0.25 }\n'
        '"structure.decision_rule" = ["consensus", "majority"]\n',
    )
    design = design_table(load_experiment(path))
    assert list(design.index) == list(range(6))
    assert list(design["structure.level"]) == [0.0, 0.0, 0.25, 0.25, 0.5, 0.5]
    assert list(design["structure.decision_rule"]) == ["consensus", "majority"] * 3


def test_latin_hypercube_puts_one_point_in_each_stratum_and_rounds_whole_numbers(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        HEAD + '[design]\nsampler = "lhs"\nsamples = 10\n[parameters]\n'
        '"structure.level" = { low = 0.2, high = 0.7 }\n'
        '"community.members" = { low = 100, high = 1100 }\n',
    )
    experiment = load_experiment(path)
    design = design_table(experiment)
    strata = np.floor((design["structure.level"] - 0.2) / 0.05).astype(int)
    assert sorted(strata) == list(range(10))
    assert design["community.members"].dtype == np.int64
    assert design["community.members"].between(100, 1100).all()
    pd.testing.assert_frame_equal(design, design_table(load_experiment(path)))


def test_sobol_and_morris_designs_have_the_sizes_salib_defines(tmp_path: Path) -> None:
    params = (
        '[parameters]\n"structure.level" = { low = 0, high = 1 }\n'
        '"campaign.opportunity_rate" = { low = 0.05, high = 0.2 }\n'
        '"strategy.care_share" = { low = 0, high = 0.5 }\n'
    )
    sobol = write(tmp_path, HEAD + '[design]\nsampler = "sobol"\nsamples = 8\n' + params)
    design = design_table(load_experiment(sobol))
    assert len(design) == 8 * (3 + 2)
    assert design["campaign.opportunity_rate"].between(0.05, 0.2).all()
    morris = write(tmp_path, HEAD + '[design]\nsampler = "morris"\nsamples = 5\n' + params)
    assert len(design_table(load_experiment(morris))) == 5 * (3 + 1)


def test_run_seeds_follow_the_documented_rule_and_differ() -> None:
    expected = np.random.SeedSequence([11, 2, 3]).generate_state(1, dtype=np.uint64)[0] >> 1
    assert run_seed(11, 2, 3) == int(expected)
    seeds = {run_seed(11, point, rep) for point in range(20) for rep in range(20)}
    assert len(seeds) == 400
    assert all(0 <= seed < 2**63 for seed in seeds)
    assert run_seed(12, 2, 3) != run_seed(11, 2, 3)
    assert run_key(12, 3) == "p000012-r00003"


def test_outcome_statistics_on_a_known_series() -> None:
    frame = pd.DataFrame(
        {"power": [3.0, 2.0, 5.0, 1.0], "durable_power": [0.0, 0.0, 1.0, 1.0], "wins": [0, 0, 1, 2]}
    )
    frame.index.name = "step"

    def value(measures: tuple[str, ...], stat: str, **kw: float) -> float:
        return Outcome("x", measures, stat, **kw).value(frame)

    assert value(("power",), "initial") == 3.0
    assert value(("power",), "final") == 1.0
    assert value(("power",), "mean") == 2.75
    assert value(("power", "durable_power"), "mean_last", weeks=2) == 4.0
    assert value(("power",), "peak") == 5.0
    assert value(("power",), "sum") == 11.0
    assert value(("power",), "peak_week") == 2.0
    assert value(("wins",), "first_week") == 2.0
    assert value(("wins",), "first_week", at_least=2) == 3.0
    assert math.isnan(value(("wins",), "first_week", at_least=3))


def test_relative_scenario_paths_are_read_from_the_experiment_folder(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text("[community]\nmembers = 77\n")
    path = tiny_file(tmp_path)
    path.write_text(path.read_text().replace('scenario = "balanced"', 'scenario = "mine.toml"'))
    experiment = load_experiment(path)
    assert experiment.base.community.members == 60  # [set] applies over the file's 77
    assert Path(experiment.scenario) == (tmp_path / "mine.toml").resolve()


def test_the_docs_show_a_figure_of_every_bundled_experiment() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs"
    text = (docs / "experiments.md").read_text(encoding="utf-8")
    figures = re.findall(r"!\[[^\]]*\]\((figures/experiments/[^)]+\.png)\)", text)
    for name, _ in list_experiments():
        shown = [f for f in figures if f.startswith(f"figures/experiments/{name}/")]
        assert shown, f"docs/experiments.md shows no figure of {name}"
        assert all((docs / f).is_file() for f in shown)


def test_an_experiment_varies_one_decision_maker_by_name(tmp_path: Path) -> None:
    (tmp_path / "tenants.toml").write_text(
        '[[decision_makers]]\nname = "landlord"\nissues = ["rent"]\n'
        '[[decision_makers]]\nname = "council"\nissues = ["repairs"]\n'
        '[[issues]]\nname = "rent"\n[[issues]]\nname = "repairs"\n'
    )
    experiment = load_experiment(write(tmp_path, (
        'scenario = "tenants.toml"\n[set.issues.rent]\ngrievance = 0.8\n'
        '[design]\nsampler = "lhs"\nsamples = 4\n[parameters]\n'
        '"decision_makers.council.resistance" = { low = 0.1, high = 0.5 }\n'
        'issues.repairs.arises = [0, 10]\n'
    )))
    assert experiment.fixed == {"issues.rent.grievance": 0.8}
    assert experiment.base.issues[0].grievance == 0.8
    council, arises = experiment.parameters
    assert (council.key, council.low, council.high, council.integer) == (
        "decision_makers.council.resistance", 0.1, 0.5, False
    )
    assert (arises.key, arises.values, arises.integer) == ("issues.repairs.arises", (0, 10), True)
