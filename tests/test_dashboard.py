"""The interactive page's engine: the steered run and its twin, what the page says, figures, CLI.

These need no browser and no Solara; tests/test_dashboard_browser.py drives the page.
"""

from __future__ import annotations

import importlib
import io

import matplotlib.image
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from movementsim import load_scenario, simulate
from movementsim.cli import main
from movementsim.dashboard import figures
from movementsim.dashboard.session import (
    NUMBERS,
    SCENARIO_ENV,
    SPEEDS,
    DashboardModel,
    Player,
    describe,
    format_measure,
    format_slider,
    level_meaning,
    parse_seed,
    preset_defaults,
    presets,
    verdict,
)
from movementsim.model.scenario import ScenarioError, list_scenarios
from movementsim.model.structure import governance_from_level

# The module, not the command of the same name that movementsim.cli re-exports.
dashboard_cli = importlib.import_module("movementsim.cli.dashboard")

SMALL = {"members": 200}


def test_both_runs_equal_plain_runs_of_the_same_scenario_and_seed() -> None:
    model = DashboardModel("balanced", level=0.2, compare_level=0.9, members=200, seed="5")
    for _ in range(12):
        model.step()
    expected = simulate(
        load_scenario("balanced", {"structure.level": 0.2, "community.members": 200}),
        seed=5, steps=12,
    )
    twin = simulate(
        load_scenario("balanced", {"structure.level": 0.9, "community.members": 200}),
        seed=5, steps=12,
    )
    pd.testing.assert_frame_equal(model.timeseries(), expected)
    pd.testing.assert_frame_equal(model.timeseries("twin"), twin)
    both = model.comparison()
    assert sorted(both["structure_level"].unique()) == [0.2, 0.9]
    assert len(both) == 2 * 13


def test_preset_defaults_are_the_presets_own_values() -> None:
    for name, _ in list_scenarios():
        scenario = load_scenario(name)
        values = preset_defaults(name)
        assert values["level"] == scenario.structure.level
        assert values["members"] == scenario.community.members
        assert values["seed"] == str(scenario.model.seed)
        # the side-by-side level sits at the far end of the dial
        assert abs(values["compare_level"] - values["level"]) >= 0.5
        model = DashboardModel(**{**values, **SMALL})
        assert model.params.structure.level == scenario.structure.level
        assert model.params.narrative == scenario.narrative


def test_the_scenario_the_page_was_started_with_is_offered(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    path = tmp_path / "my_union.toml"
    path.write_text('name = "my_union"\n[structure]\nlevel = 0.3\n', encoding="utf-8")
    monkeypatch.setenv(SCENARIO_ENV, str(path))
    assert presets()[-1] == str(path)
    assert DashboardModel(str(path), members=100).params.structure.level == 0.3


def test_seed_text_is_checked() -> None:
    assert parse_seed(" 42 ", default=0) == 42
    assert parse_seed("", default=9) == 9
    for bad in ("abc", "1.5", "-3"):
        with pytest.raises(ScenarioError, match="seed"):
            parse_seed(bad, default=0)


def test_the_run_stops_after_the_scenarios_weeks() -> None:
    model = DashboardModel("balanced", members=100)
    assert model.running
    weeks = model.params.model.steps
    for _ in range(weeks):
        model.step()
    assert not model.running
    assert model.steps == weeks


def test_format_measure() -> None:
    assert format_measure("members", 1234.0) == "1,234"
    assert format_measure("misinformed_share", 0.1234) == "12.3%"
    assert format_measure("power", 0.12345) == "0.123"
    assert format_measure("decision_latency", float("nan")) == "none yet"
    assert set(NUMBERS) <= set(DashboardModel(members=100).timeseries().columns)


def test_describe_reads_the_current_numbers_and_announces_wins() -> None:
    # A small balanced union wins within the test's 150 weeks (this seed: in week 63).
    model = DashboardModel("balanced", members=300, seed=2)
    weak = DashboardModel("balanced", members=300, seed=2)
    text = describe(model)
    now = model.timeseries().iloc[-1]
    assert text.startswith(f"Week 0: {int(now['members']):,} of 300 people are members")
    assert "No win yet." in text
    announced = False
    for _ in range(150):
        before = int(weak.timeseries()["wins"].iloc[-1])
        weak.step()
        after = int(weak.timeseries()["wins"].iloc[-1])
        if after > before:
            frame = weak.timeseries()
            text = describe(weak)
            assert "A win this week! The pressure beat the " in text
            assert f"{frame['resistance'].iloc[-2]:.3f} needed" in text
            assert f"next win needs {frame['resistance'].iloc[-1]:.3f}. That makes {after}." in text
            # Not the week's pressure (spent by the win) as a share of what is needed now.
            assert "% of the" not in text
            announced = True
            break
        assert "A win this week" not in describe(weak)
    assert announced, "no win in 150 weeks"
    assert f"Week {weak.steps}:" in verdict(weak)


def test_describe_names_the_campaigns_and_their_targets() -> None:
    model = DashboardModel("many-issues", members=300, seed=1)
    campaign = model.campaigns[0]
    issue, target = model.issues[campaign.issue], model.decision_makers[campaign.target]
    text = describe(model)
    assert f"Campaigning on {issue.name} (target: {target.name}" in text
    assert ("a guess" in text) == (not campaign.mapped)
    assert f"0 of {len(model.issues)} issues won so far." in text
    assert "Campaigning" not in describe(DashboardModel("balanced", members=300, seed=1))


def test_layout_is_computed_once_and_shows_subcommunities() -> None:
    model = DashboardModel("balanced", members=400, seed=1)
    positions = model.positions
    assert positions.shape == (400, 2) and np.isfinite(positions).all()
    for _ in range(5):
        model.step()
    assert model.positions is positions  # not laid out again
    groups = model.people.subcommunity
    centres = np.array([positions[groups == g].mean(axis=0) for g in np.unique(groups)])
    spread = max(np.linalg.norm(positions[groups == g] - centres[i], axis=1).mean()
                 for i, g in enumerate(np.unique(groups)))
    gaps = [np.linalg.norm(a - b) for i, a in enumerate(centres) for b in centres[i + 1:]]
    assert min(gaps) > 2 * spread  # clusters are apart
    again = DashboardModel("balanced", members=400, seed=1)
    np.testing.assert_array_equal(again.positions, positions)  # same seed, same picture


def _png_size(data: bytes) -> tuple[int, int]:
    image = matplotlib.image.imread(io.BytesIO(data), format="png")
    return image.shape[1], image.shape[0]


def test_exports_are_images_of_the_current_run() -> None:
    model = DashboardModel("leaderless", members=200, seed=3)
    for _ in range(8):
        model.step()
    width, height = _png_size(figures.snapshot_png(model))
    assert width > 1500 and height > 1000
    width, height = _png_size(figures.comparison_png(model))
    assert width > height
    for colour_by, title in (("engagement", "engagement"), ("belief", "believes")):
        fig = figures.panel(figures.draw_network, model, colour_by)
        assert title in fig.axes[0].get_title()
    assert figures.rung_counts(model).sum() == 200


def _line(ax: object, label: str) -> object:
    (line,) = [line for line in ax.get_lines() if line.get_label() == label]
    return line


def test_power_is_drawn_against_the_resistance_and_durable_power_on_its_own_axes() -> None:
    model = DashboardModel("balanced", members=200, seed=3)
    for _ in range(30):
        model.step()
    df = model.measures()
    ax = figures.panel(figures.draw_power, model).axes[0]
    np.testing.assert_array_equal(_line(ax, "power (pressure now)").get_ydata(), df["power"])
    np.testing.assert_array_equal(
        _line(ax, "resistance (needed to win)").get_ydata(), df["resistance"]
    )
    ax = figures.panel(figures.draw_durable, model).axes[0]
    assert [line.get_label() for line in ax.get_lines()][0] == "durable power"
    assert ax.get_ylabel() == "durable power"


def test_side_by_side_shares_its_axes_between_both_runs() -> None:
    model = DashboardModel("balanced", level=0.5, compare_level=1.0, members=200, seed=3)
    for _ in range(40):
        model.step()
    top, bottom = figures.side_by_side_figure(model).axes
    # One axes per quantity, both runs on it: their levels compare, not only their shapes.
    for run in (model, model.twin):
        level = f"level {run.params.structure.level:.2f}"
        np.testing.assert_array_equal(_line(top, f"power, {level}").get_ydata(),
                                      run.measures()["power"])
        np.testing.assert_array_equal(_line(bottom, level).get_ydata(),
                                      run.measures()["durable_power"])
    labels = [line.get_label() for line in top.get_lines()]
    assert any(label.startswith("resistance") for label in labels)
    assert top.get_ylim()[0] == 0 and bottom.get_ylim()[0] == 0


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_playing_keeps_the_pace_however_often_the_page_redraws() -> None:
    clock = FakeClock()
    model = DashboardModel("balanced", **SMALL, seed=1)
    player = Player(model, weeks_per_second=10, clock=clock)
    assert player.weeks_due() == 0
    assert player.seconds_to_next_week() == pytest.approx(0.1)
    # A slow redraw (1.25 s): the next advance catches up on every week due.
    clock.now += 1.25
    assert player.advance() == 12 and model.steps == 12
    assert player.advance() == 0
    # Many quick calls step the same weeks as one late call.
    for _ in range(20):
        clock.now += 0.05
        player.advance()
    assert model.steps == 22
    # A new speed counts from now on.
    player.set_speed(40)
    clock.now += 0.5
    assert player.advance() == 20 and model.steps == 42
    # Never past the scenario's end.
    clock.now += 1_000
    player.advance()
    assert model.steps == model.params.model.steps and not model.running
    assert player.advance() == 0
    # The run played is the run: the same as stepping it week by week.
    plain = DashboardModel("balanced", **SMALL, seed=1)
    for _ in range(plain.params.model.steps):
        plain.step()
    pd.testing.assert_frame_equal(model.timeseries(), plain.timeseries())
    assert SPEEDS[0] <= SPEEDS[1] <= SPEEDS[2] and SPEEDS[1] >= 10


def test_the_dials_meaning_is_the_rules_it_sets() -> None:
    for level in (0.0, 0.25, 0.5, 0.75, 1.0):
        rules = governance_from_level(level).describe()
        meaning = level_meaning(level)
        assert meaning.startswith(f"{level:.2f} = ")
        assert rules["sign-offs"] in meaning and rules["on a team"] in meaning
        for part in rules["who decides"].split(", "):
            assert part.replace(" 100%", "") in meaning
    assert "board" in level_meaning(0.5) and "consensus" in level_meaning(0.0)
    assert format_slider("members", 1000) == "1,000"
    assert format_slider("level", 0.5) == "0.50"


def test_cli_help_and_errors() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["dashboard", "--help"])
    assert result.exit_code == 0
    assert "--port" in result.output and "--host" in result.output
    result = runner.invoke(main, ["dashboard", "no_such_scenario"])
    assert result.exit_code == 2
    assert "unknown scenario" in result.output


def test_cli_says_how_to_get_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dashboard_cli, "missing_extra", lambda: ["solara"])
    result = CliRunner().invoke(main, ["dashboard"])
    assert result.exit_code == 2
    assert '.[dashboard]' in result.output and "solara" in result.output


def test_server_runs_offline_on_the_given_address() -> None:
    command = dashboard_cli.server_command("127.0.0.1", 8899)
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--port") + 1] == "8899"
    assert "--production" in command and "--no-check-version" in command
    env = dashboard_cli.server_environment("leaderless")
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    # None of Solara's badges over the page.
    assert env["SOLARA_THEME_SHOW_BANNER"] == "False" and env["SOLARA_THEME_LOADER"] == "plain"
    assert env[SCENARIO_ENV] == "leaderless"
