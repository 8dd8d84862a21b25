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

#: A released snapshot is never rewritten: a change of defaults is a new version (its own
#: snapshot, its CHANGELOG.md entry). Add a line here when releasing.
RELEASED = {
    "0.1.0": "af5958b90730135e087ac585489c4a5722204d9fa65c9587d6a9845f4f322b87",
    "0.2.0": "0bea2bd4a49e5a7dea010ccfa4ddb6d5db3a18780d476a23b611aee31d172a94",
}


def test_a_released_snapshot_never_changes() -> None:
    import hashlib

    folder = resources.files(versions.REGRESSION_PACKAGE)
    for version, digest in RELEASED.items():
        data = folder.joinpath(versions.snapshot_name(version)).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, f"defaults_{version}.json changed"
    assert set(versions.known_versions()) == set(RELEASED), "a snapshot without a pin here"


def test_the_current_versions_snapshot_is_todays_defaults() -> None:
    # Changing a default means writing a new version's snapshot
    # (python -m movementsim.regression VERSION, then pin it in RELEASED).
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
                                       "0.1.0", "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["defaults_version"] == "0.1.0"
    assert f"movementsim {__version__}, defaults of 0.1.0 (for what the scenario leaves out)" \
        in result.output
    assert summary["movementsim_version"] == __version__
    assert summary["scenario"]["strategy"]["one_on_ones_per_leader"] == 10.0
    marker = json.loads((out / ".movementsim.json").read_text())
    assert marker == {"kind": "run", "version": __version__, "defaults_version": "0.1.0"}
    # The same folder written again at today's defaults says so.
    result = CliRunner().invoke(main, ["run", "balanced", "--steps", "3", "--set",
                                       "community.members=40", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads((out / ".movementsim.json").read_text())["defaults_version"] == __version__
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


def test_the_citation_file_is_valid_citation_file_format() -> None:
    # The schema is the Citation File Format's own (1.2.0, as cffconvert ships it), which
    # GitHub's "Cite this repository" and cffconvert check before they use the file.
    import datetime
    import json
    from pathlib import Path

    jsonschema = pytest.importorskip("jsonschema")
    yaml = pytest.importorskip("yaml")
    root = Path(__file__).resolve().parents[1]
    schema = json.loads((root / "tests/data/citation-file-format-1.2.0.schema.json").read_text())
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    # As the schema asks of tools: YAML dates are compared as text.
    citation = {k: v.isoformat() if isinstance(v, datetime.date) else v
                for k, v in citation.items()}
    jsonschema.validate(citation, schema)
    assert citation["cff-version"] == "1.2.0"


def test_the_previous_release_restores_its_own_defaults() -> None:
    # 0.1.0 (the founding model) kept fewer parameters; the one whose default changed
    # since is one_on_ones_per_leader (10 then, 14 now: CHANGELOG.md).
    assert versions.known_versions()[0] == "0.1.0"
    assert versions.known_versions()[-1] == __version__
    then = load_scenario("balanced", version="0.1.0")
    now = load_scenario("balanced")
    assert then.strategy.one_on_ones_per_leader == 10.0
    assert now.strategy.one_on_ones_per_leader == 14.0
    written = tomllib.loads(
        resources.files("movementsim.scenarios").joinpath("balanced.toml").read_text()
    )
    snapshot = versions.defaults_for("0.1.0")["sections"]
    for section, defaults in snapshot.items():
        for key, value in defaults.items():
            expected = written.get(section, {}).get(key, value)  # the file's own value wins
            assert getattr(getattr(then, section), key) == expected, f"{section}.{key}"
    # What 0.1.0 did not have keeps today's default.
    assert then.coalition == now.coalition and then.care == now.care


def test_a_run_at_the_previous_releases_defaults_is_todays_model_at_those_values() -> None:
    import pandas as pd

    from movementsim.model.model import MovementModel

    def run(overrides: dict, version: str | None) -> pd.DataFrame:
        scenario = load_scenario("balanced", {"community.members": 200, **overrides}, version)
        model = MovementModel(scenario, rng=3)
        model.run_for(40)
        return model.measures()

    then = run({}, "0.1.0")
    pd.testing.assert_frame_equal(then, run({"strategy.one_on_ones_per_leader": 10.0}, None))
    assert not then.equals(run({}, None))


def test_made_by_names_the_version_and_other_defaults() -> None:
    from movementsim.model.versions import made_by

    assert made_by() == f"movementsim {__version__}"
    assert made_by(__version__) == made_by()
    assert made_by("0.1.0") == f"movementsim {__version__}, defaults of 0.1.0"


def test_an_experiment_runs_at_a_releases_defaults_and_every_file_says_so(tmp_path) -> None:
    import json

    import pyarrow.parquet as pq
    from click.testing import CliRunner
    from experiment_helpers import tiny_file

    from movementsim.cli import main
    from movementsim.experiments.files import ExperimentError, load_experiment

    path = tiny_file(tmp_path, replications=1, steps=10, members=40)
    assert load_experiment(path).defaults_version == __version__
    assert load_experiment(path).base.strategy.one_on_ones_per_leader == 14.0
    # In the file ...
    versioned = tmp_path / "versioned.toml"
    versioned.write_text('model_version = "0.1.0"\n' + path.read_text())
    assert load_experiment(versioned).base.strategy.one_on_ones_per_leader == 10.0
    # ... or on the command line, which wins over the file.
    assert load_experiment(versioned, "0.2.0").defaults_version == "0.2.0"
    with pytest.raises(ExperimentError, match="'9.9'.*known versions: 0.1.0"):
        load_experiment(path, "9.9")

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["experiment", "run", str(path), "--model-version",
                                       "0.1.0", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("runs.parquet", "design.parquet"):
        metadata = pq.read_schema(out / name).metadata
        assert metadata[b"movementsim_version"] == __version__.encode()
        assert metadata[b"defaults_version"] == b"0.1.0"
    for part in (out / "parts").glob("*.parquet"):
        assert pq.read_schema(part).metadata[b"defaults_version"] == b"0.1.0"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["experiment"]["defaults_version"] == "0.1.0"
    assert manifest["experiment"]["base_scenario"]["strategy"]["one_on_ones_per_leader"] == 10.0
    # Resuming at other defaults would mix two models in one table.
    result = CliRunner().invoke(main, ["experiment", "run", str(path), "--out", str(out),
                                       "--resume"])
    assert result.exit_code != 0
    assert "defaults of version 0.1.0" in result.output and "--model-version 0.1.0" in result.output
    # A refused command leaves the folder's record as it was.
    assert json.loads((out / ".movementsim.json").read_text())["defaults_version"] == "0.1.0"
    result = CliRunner().invoke(main, ["experiment", "analyze", str(out)])
    assert result.exit_code == 0, result.output
    marker = json.loads((out / "analysis" / ".movementsim.json").read_text())
    assert marker["defaults_version"] == "0.1.0"


def test_the_report_animation_and_figures_name_the_version(tmp_path) -> None:
    from click.testing import CliRunner
    from PIL import Image

    from movementsim.cli import main

    report = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "balanced", "--steps", "4", "--set",
                                       "community.members=40", "--model-version", "0.1.0",
                                       "--out", str(report)])
    assert result.exit_code == 0, result.output
    assert f"movementsim {__version__}, defaults of 0.1.0;" in report.read_text()
    gif = tmp_path / "a.gif"
    result = CliRunner().invoke(main, ["animate", "balanced", "--steps", "2", "--set",
                                       "community.members=40", "--model-version", "0.1.0",
                                       "--out", str(gif)])
    assert result.exit_code == 0, result.output
    with Image.open(gif) as image:
        assert image.info["comment"] == (
            f"movementsim animation (movementsim {__version__}, defaults of 0.1.0)".encode()
        )
    run = tmp_path / "run"
    result = CliRunner().invoke(main, ["run", "balanced", "--steps", "2", "--set",
                                       "community.members=40", "--out", str(run)])
    assert result.exit_code == 0, result.output
    with Image.open(run / "power.png") as image:
        assert image.info["Software"].startswith(f"movementsim {__version__} (matplotlib ")
    assert f"movementsim {__version__} (matplotlib " in (run / "power.svg").read_text()


def test_the_sweep_runs_at_a_releases_defaults(tmp_path) -> None:
    from click.testing import CliRunner

    from movementsim.cli import main

    def sweep(version: str) -> str:
        out = tmp_path / f"sweep-{version}"
        result = CliRunner().invoke(main, [
            "sweep", "balanced", "--seeds", "2", "--levels", "0.5", "--set", "model.steps=30",
            "--set", "community.members=80", "--model-version", version, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert f'"defaults_version": "{version}"' in (out / ".movementsim.json").read_text()
        return (out / "sweep_runs.csv").read_text()

    assert sweep("0.1.0") != sweep(__version__)


@pytest.mark.parametrize("text", ["community = 5\n", "issues = [1, 2]\n", 'issues = "x"\n'])
def test_a_malformed_file_at_an_older_version_gets_the_same_one_line_error(
    tmp_path, text: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as today:
        load_scenario(path)
    with pytest.raises(ScenarioError) as then:
        load_scenario(path, version="0.1.0")
    assert str(then.value) == str(today.value)


def test_a_damaged_or_stray_snapshot_is_named_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    for name in ("defaults_0.2.0.json", "defaults_next.json", "defaults_0.0.5.json"):
        (tmp_path / name).write_text("{not json" if name.endswith("0.0.5.json") else "{}")
    monkeypatch.setattr(versions, "snapshot_folder", lambda: tmp_path)
    assert versions.known_versions() == ["0.0.5", "0.2.0"]  # 'next' is not a version
    with pytest.raises(versions.VersionError, match="0.0.5.*cannot be read.*reinstall"):
        versions.defaults_for("0.0.5")
    with pytest.raises(versions.VersionError, match="0.2.0.*cannot be read"):
        versions.defaults_for("0.2.0")


def test_the_numbers_the_docs_give_for_running_at_0_1_0s_defaults_are_a_runs() -> None:
    # docs/citing.md and CHANGELOG.md compare balanced, seed 0, at 0.1.0's defaults and at
    # today's (0.1.0 itself, installed from its tag, cannot be run here).
    from pathlib import Path

    from movementsim import simulate
    from movementsim.experiments.outcomes import long_run_power

    root = Path(__file__).resolve().parents[1]
    then = simulate(load_scenario("balanced", version="0.1.0"), seed=0)
    now = simulate(load_scenario("balanced"), seed=0)
    citing = " ".join((root / "docs/citing.md").read_text(encoding="utf-8").split())
    assert (f"`--model-version 0.1.0` gives {long_run_power(then):.3f} "
            f"({int(then['wins'].iloc[-1])} wins, "
            f"{int(then['missed_opportunities'].iloc[-1])} missed)") in citing
    assert (f"0.2.0 as it is gives {long_run_power(now):.3f} ({int(now['wins'].iloc[-1])} wins, "
            f"{int(now['missed_opportunities'].iloc[-1])} missed)") in citing
    changelog = " ".join((root / "CHANGELOG.md").read_text(encoding="utf-8").split())
    assert (f"0.2.0 at 0.1.0's defaults {long_run_power(then):.3f}, 0.2.0 as it is "
            f"{long_run_power(now):.3f}") in changelog
