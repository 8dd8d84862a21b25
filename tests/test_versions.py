"""Default parameters by version: the current release's snapshot is today's defaults, and
an older snapshot's defaults are what a scenario loaded at that version gets."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources

import pytest

import movementsim.model.versions as versions
from movementsim import __version__, load_scenario
from movementsim.model.scenario import ScenarioError, bundled_names


def test_the_current_versions_snapshot_is_todays_defaults() -> None:
    # Changing a default means writing a new version's snapshot
    # (python -m movementsim.regression > movementsim/regression/defaults_<v>.json).
    assert __version__ in versions.known_versions()
    assert versions.defaults_for(__version__) == versions.current_defaults()


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_scenario_loads_the_same_at_the_current_version(name: str) -> None:
    assert load_scenario(name, version=__version__) == load_scenario(name)


def _older(monkeypatch: pytest.MonkeyPatch, change: callable) -> None:
    """Pretend a release 0.0.9 kept today's defaults with ``change`` applied."""
    old = copy.deepcopy(versions.current_defaults())
    change(old)
    real = versions.defaults_for
    monkeypatch.setattr(versions, "defaults_for",
                        lambda v: old if v == "0.0.9" else real(v))


def test_an_older_versions_defaults_fill_what_the_file_leaves_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def change(old: dict) -> None:
        old["sections"]["community"]["threshold_mean"] = 0.4
        old["sections"]["decision_maker"]["resistance"] = 0.2
        old["tables"]["issues"]["spillover"] = 0.05

    _older(monkeypatch, change)
    balanced = load_scenario("balanced")
    then = load_scenario("balanced", version="0.0.9")
    assert then.community.threshold_mean == 0.4 and balanced.community.threshold_mean == 0.25
    assert then.decision_maker.resistance == 0.2
    # What the file sets is the file's, whatever the version.
    assert then.structure.level == balanced.structure.level
    # An [[issues]] entry that does not set spillover takes the old default; one that
    # does keeps its own.
    text = resources.files("movementsim.scenarios").joinpath("many-issues.toml").read_text()
    written = tomllib.loads(text)["issues"]
    many = load_scenario("many-issues", version="0.0.9")
    for entry, issue in zip(written, many.issues, strict=True):
        assert issue.spillover == entry.get("spillover", 0.05)
    assert any("spillover" not in entry for entry in written)
    # Overrides still win.
    assert load_scenario("balanced", {"community.threshold_mean": 0.3},
                         version="0.0.9").community.threshold_mean == 0.3


def test_a_snapshot_naming_a_parameter_this_version_lacks_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _older(monkeypatch, lambda old: old["sections"]["community"].update(gone_knob=1.0))
    with pytest.raises(ScenarioError, match="community.gone_knob.*no longer has"):
        load_scenario("balanced", version="0.0.9")


def test_an_unknown_version_names_the_known_ones() -> None:
    with pytest.raises(ScenarioError, match=f"known versions: .*{__version__}"):
        load_scenario("balanced", version="0.0.1")


def test_the_cli_runs_at_a_versions_defaults_and_says_which(tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from movementsim.cli import main

    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["run", "balanced", "--steps", "3", "--set",
                                       "community.members=40", "--model-version",
                                       __version__, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "summary.json").read_text())["defaults_version"] == __version__
    result = CliRunner().invoke(main, ["run", "balanced", "--model-version", "0.0.1",
                                       "--out", str(tmp_path / "no")])
    assert result.exit_code == 2 and "known versions" in result.output
    assert not (tmp_path / "no").exists()


def test_citation_and_changelog_name_this_version() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    citation = (root / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf"^version: {re.escape(__version__)}$", citation, re.M)
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {__version__}" in changelog
