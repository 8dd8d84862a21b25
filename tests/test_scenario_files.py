"""A scenario written back to TOML (save_scenario) loads as the same scenario, and the
comparison takes scenarios built in Python."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from movementsim import ScenarioError, load_scenario, simulate
from movementsim.cli import main
from movementsim.experiments.scenario_files import SIGNATURE, save_scenario, scenario_to_toml
from movementsim.experiments.storage import OutputError
from movementsim.model.parameters import StructureChange, StructureParams
from movementsim.model.scenario import bundled_names, with_overrides
from movementsim.teaching.compare import load_distinct, run_comparison


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_scenario_written_back_loads_the_same(name: str, tmp_path: Path) -> None:
    scenario = load_scenario(name)
    path = save_scenario(scenario, tmp_path / f"{name}.toml")
    assert load_scenario(path) == scenario
    assert path.read_text().startswith(SIGNATURE)


def test_a_scenario_built_in_python_runs_the_same_from_its_file(tmp_path: Path) -> None:
    base = load_scenario("balanced", {"community.members": 80, "model.steps": 30})
    founding = StructureParams(level=0.1, decision_rule="consensus")
    later = StructureParams(**{**founding.model_dump(), "level": 0.6, "term_length": 26})
    built = base.model_copy(update={
        "name": "built", "structure": founding,
        "schedule": (StructureChange(week=10, structure=later),),
    })
    path = save_scenario(built, tmp_path / "built.toml")
    written = tomllib.loads(path.read_text())
    assert written["schedule"] == [{"week": 10, **later.model_dump(exclude_none=True)}]
    pd.testing.assert_frame_equal(simulate(load_scenario(path), seed=2), simulate(built, seed=2))
    result = CliRunner().invoke(main, ["run", str(path), "--out", str(tmp_path / "run")])
    assert result.exit_code == 0, result.output


def test_save_scenario_replaces_only_its_own_files(tmp_path: Path) -> None:
    scenario = load_scenario("balanced")
    foreign = tmp_path / "mine.toml"
    foreign.write_text('name = "mine"\n')
    with pytest.raises(OutputError, match="did not write it"):
        save_scenario(scenario, foreign)
    assert foreign.read_text() == 'name = "mine"\n'
    own = save_scenario(scenario, tmp_path / "own.toml")
    save_scenario(load_scenario("leaderless"), own)  # its own file: replaced
    assert load_scenario(own).name == "leaderless"
    with pytest.raises(OutputError, match="must end in .toml"):
        save_scenario(scenario, tmp_path / "scenario.txt")


def test_a_scenario_changed_without_validation_is_refused_not_written(tmp_path: Path) -> None:
    scenario = load_scenario("balanced")
    broken = scenario.model_copy(update={
        "community": scenario.community.model_copy(update={"members": -5})})
    with pytest.raises(ScenarioError, match="community.members"):
        save_scenario(broken, tmp_path / "broken.toml")
    assert not (tmp_path / "broken.toml").exists()


def test_overrides_apply_to_a_scenario_object_and_are_validated() -> None:
    scenario = load_scenario("many-issues")
    changed = with_overrides(scenario, {"structure.level": 0.9,
                                        "decision_makers.city council.resistance": 0.3})
    assert changed.structure.level == 0.9
    assert {d.name: d.resistance for d in changed.decision_makers}["city council"] == 0.3
    assert with_overrides(scenario, {}) == scenario
    with pytest.raises(ScenarioError, match="structure.level"):
        with_overrides(scenario, {"structure.level": 2})


def test_the_comparison_takes_scenario_objects_beside_names() -> None:
    small = {"community.members": 60, "model.steps": 12}
    firmer = load_scenario("balanced", {"structure.level": 0.9}).model_copy(
        update={"name": "firmer"})
    loaded = load_distinct(["balanced", firmer], small)
    assert [s.name for s in loaded] == ["balanced", "firmer"]
    assert loaded[1].community.members == 60 and loaded[1].structure.level == 0.9
    compared = run_comparison(["balanced", firmer], 2, small)
    assert [c.scenario.name for c in compared] == ["balanced", "firmer"]
    with pytest.raises(ValueError, match="more than once"):
        load_distinct([firmer, firmer])


def test_the_text_names_the_version_that_wrote_it() -> None:
    from movementsim import __version__

    first = scenario_to_toml(load_scenario("balanced")).splitlines()[0]
    assert first == f"{SIGNATURE} (movementsim {__version__})."
