"""The teaching commands: compare, explain, animate and report, and what they write."""

from __future__ import annotations

import base64
import dataclasses
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.image
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure
from model_helpers import CountingModel
from PIL import Image

from movementsim import MovementModel, load_scenario, simulate
from movementsim.cli import main
from movementsim.experiments.outcomes import long_run_power
from movementsim.model.parameters import SECTIONS, parameter_rows
from movementsim.teaching.compare import (
    COMPARED,
    median_win_weeks,
    outcome_table,
    run_comparison,
)
from movementsim.teaching.explain import (
    MECHANISMS,
    WATCH_FOR_BASIS,
    explain,
    explain_scenario,
    watch_for_basis,
)
from movementsim.teaching.figures import (
    RESISTANCE_LABEL,
    WIN_LABEL,
    plot_comparison_power,
    plot_measures,
    plot_power,
)
from movementsim.teaching.report import REPORTED, compare_sentences, record_runs

SMALL = {"community.members": 100, "model.steps": 30}
SMALL_ARGS = ["--set", "community.members=100", "--steps", "30"]
MODEL_MD = (Path(__file__).resolve().parent.parent / "docs" / "model.md").read_text("utf-8")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def assert_one_error_line(result, expected: str) -> None:
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert expected in lines[0]


# compare --------------------------------------------------------------------------------


def test_median_win_weeks_lists_wins_most_runs_reached() -> None:
    wins = {0: [0, 1, 1, 2], 1: [0, 0, 1, 1], 2: [0, 0, 0, 0]}  # first wins in weeks 1, 2
    runs = pd.DataFrame(
        [{"seed": s, "step": w, "wins": n} for s, row in wins.items() for w, n in enumerate(row)]
    )
    # Two of three runs won once (weeks 1 and 2: median 1.5); only one won twice.
    assert median_win_weeks(runs) == [1.5]


def test_comparison_does_not_depend_on_the_number_of_workers() -> None:
    serial = run_comparison(["balanced", "leaderless"], 2, SMALL, workers=1)
    pooled = run_comparison(["balanced", "leaderless"], 2, SMALL, workers=2)
    for a, b in zip(serial, pooled, strict=True):
        pd.testing.assert_frame_equal(a.runs, b.runs)
    expected = simulate(load_scenario("leaderless", SMALL), seed=1)
    got = serial[1].runs.query("seed == 1").set_index("step").drop(columns="seed")
    pd.testing.assert_frame_equal(got, expected, check_names=False)
    table = outcome_table(serial)
    wins = [simulate(load_scenario("balanced", SMALL), seed=s)["wins"].iloc[-1] for s in (0, 1)]
    row = table.query("scenario == 'balanced' and outcome == 'wins'").iloc[0]
    assert row["mean"] == pytest.approx(np.mean(wins)) and row["count"] == 2
    assert (table["ci_low"] <= table["mean"]).all() and (table["ci_low"] >= 0).all()


def test_compare_writes_figures_and_tables_that_open(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    args = ["compare", "balanced", "bureaucracy", "--seeds", "2", *SMALL_ARGS, "--out", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    for name in ("compare_power", "compare_measures"):
        image = matplotlib.image.imread(out / f"{name}.png")
        assert image.shape[0] > 500 and image.shape[1] > 800
        assert ET.parse(out / f"{name}.svg").getroot().tag.endswith("svg")
        assert f"wrote {out / name}.png" in result.output
    outcomes = pd.read_csv(out / "outcomes.csv")
    assert len(outcomes) == 2 * len(COMPARED)
    runs = pd.read_csv(out / "runs.csv")
    assert len(runs) == 2 * 2 * 31
    final = runs[runs["step"] == 30].groupby("scenario")["missed_opportunities"].mean()
    printed = outcomes.set_index(["scenario", "outcome"])["mean"]
    assert printed["bureaucracy", "missed_opportunities"] == pytest.approx(final["bureaucracy"])
    assert f"{printed['bureaucracy', 'members']:.1f}" in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["compare", "balanced"], "at least two scenarios"),
        (["compare", "balanced", "balanced"], "given more than once"),
        (["compare", "balanced", "balancd"], "did you mean 'balanced'"),
        (["compare", "balanced", "leaderless", "--seeds", "1"], "--seeds"),
    ],
)
def test_compare_mistakes_are_one_line(runner: CliRunner, args: list[str], expected: str) -> None:
    assert_one_error_line(runner.invoke(main, args), expected)


# explain --------------------------------------------------------------------------------


def test_explain_without_topic_names_the_idea_and_every_mechanism(runner: CliRunner) -> None:
    result = runner.invoke(main, ["explain"])
    assert result.exit_code == 0
    assert "structure.level" in result.output
    for mechanism in MECHANISMS:
        assert f"  {mechanism.name} " in result.output


def test_explain_a_mechanism_gives_parameters_defaults_and_source(runner: CliRunner) -> None:
    result = runner.invoke(main, ["explain", "decisions"])
    assert result.exit_code == 0
    assert "campaign.deadline_weeks (default 6.0, 1 to 52)" in result.output
    assert "Freeman (1972)" in result.output
    assert runner.invoke(main, ["explain", "1"]).output == result.output


def test_explain_a_scenario_gives_its_narrative_settings_and_rules(runner: CliRunner) -> None:
    scenario = load_scenario("bureaucracy")
    result = runner.invoke(main, ["explain", "bureaucracy"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert " ".join(scenario.narrative.split())[:120] in text
    if scenario.watch_for:
        assert "What to watch for" in text
    assert f"structure.level = {scenario.structure.level}" in text
    assert "sign-offs a decision needs: 4" in text


def test_explain_an_unknown_name_suggests_the_closest(runner: CliRunner) -> None:
    assert_one_error_line(runner.invoke(main, ["explain", "mobilisation"]), "'mobilization'")
    assert_one_error_line(runner.invoke(main, ["explain", "leaderles"]), "'leaderless'")


def _doc_section(number: int) -> str:
    start = MODEL_MD.index(f"#### 3.3.{number} ")
    end = MODEL_MD.find("\n###", start + 1)
    return MODEL_MD[start:end]


@pytest.mark.parametrize("mechanism", MECHANISMS, ids=lambda m: m.name)
def test_mechanisms_agree_with_the_model_description(mechanism) -> None:
    section = _doc_section(mechanism.number)
    assert section.splitlines()[0] == f"#### 3.3.{mechanism.number} {mechanism.title}"
    params = section[section.index("*Parameters.*") :].split("\n\n")[0]
    keys = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", params))
    documented = {k for k in keys if k.split(".")[0] in SECTIONS}
    assert documented <= set(mechanism.parameters)
    assert set(mechanism.parameters) <= {row["key"] for row in parameter_rows()}
    for rule in mechanism.rules:
        assert f"`{rule}`" in params
    for author in re.findall(r"([A-Z][a-z]+)(?: et al\.)? \(\d{4}\)", mechanism.source):
        assert author in section, f"{author} is not a source of 3.3.{mechanism.number}"
    assert explain(mechanism.name).startswith(mechanism.title)


# animate --------------------------------------------------------------------------------


def test_animate_writes_a_gif_with_a_frame_every_few_weeks(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "run.gif"
    args = ["animate", "balanced", "--seed", "1", *SMALL_ARGS, "--every", "5", "--out", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    with Image.open(out) as gif:
        assert gif.format == "GIF"
        assert gif.n_frames == 7  # weeks 0, 5, ..., 30
        first = np.asarray(gif.convert("RGB"))
        gif.seek(gif.n_frames - 1)
        last = np.asarray(gif.convert("RGB"))
    assert first.shape == last.shape and first.shape[1] > 800
    assert (first != last).any()


def test_animate_belief_colouring_and_bad_suffix(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "belief.gif"
    args = ["animate", "leaderless", *SMALL_ARGS, "--colour", "belief", "--out", str(out)]
    assert runner.invoke(main, args).exit_code == 0
    assert Image.open(out).n_frames >= 2
    bad = runner.invoke(main, ["animate", "balanced", "--out", str(tmp_path / "x.avi")])
    assert_one_error_line(bad, ".gif or .mp4")


# report ---------------------------------------------------------------------------------


class _ReportParser(HTMLParser):
    """Collects the embedded images and every tagged number of a report."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.numbers: list[tuple[str, str, str]] = []  # (key, raw value, shown text)
        self._open: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs["src"])
        if "data-key" in attrs:
            self._open = (attrs["data-key"], attrs["data-value"])

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.numbers.append((*self._open, data))
            self._open = None


PERCENT_KEYS = ("peak_misinformed", "misinformed_end", "peak_burnout", "rejecting_true_end")


def _expected_numbers(name: str, seed: int) -> dict[str, float]:
    """Every number a report may state about a run, computed here from the run's data."""
    scenario = load_scenario(name, SMALL)
    df = simulate(scenario, seed=seed)
    model = MovementModel(scenario, rng=seed)
    for _ in range(scenario.model.steps):
        model.step()
    final = df.iloc[-1]
    waits = model.decision_times + model.missed_waits
    assert final["decision_latency"] == pytest.approx(np.mean(waits))  # model and frame agree
    wins_at = df.index[df["wins"] > 0]
    seat_at = df.index[df["seat_at_table"] > 0]
    peak_power_week = df["power"].idxmax()
    numbers = {
        "steps": scenario.model.steps,
        "wins": final["wins"],
        "first_win_week": wins_at[0] if len(wins_at) else None,
        "seat_week": seat_at[0] if len(seat_at) else None,
        "seat_after_wins": scenario.decision_maker.seat_after_wins,
        "peak_power": df["power"].max(),
        "peak_power_week": peak_power_week,
        "resistance_then": df.loc[peak_power_week, "resistance"],
        "missed": final["missed_opportunities"],
        "opened": len(model.decision_times)
        + model.missed
        + sum(not o.decided for o in model.opportunities),
        "mean_decision_weeks": np.mean(model.decision_times) if model.decision_times else None,
        "deadline_weeks": scenario.campaign.deadline_weeks,
        "mean_missed_wait": np.mean(model.missed_waits) if model.missed_waits else None,
        "tasks_dropped": final["tasks_dropped"],
        "tasks_duplicated": final["tasks_duplicated"],
        "members_start": df["members"].iloc[0],
        "members_end": final["members"],
        "community": scenario.community.members,
        "leaders_end": final["leaders"],
        "peak_misinformed": df["misinformed_share"].max(),
        "peak_misinformed_week": df["misinformed_share"].idxmax(),
        "misinformed_end": final["misinformed_share"],
        "rejecting_true_end": final["rejecting_true_share"],
        "truth_discernment_end": final["truth_discernment"],
        "peak_burnout": df["burnout_share"].max(),
        "peak_burnout_week": df["burnout_share"].idxmax(),
        "long_run_weeks": min(52, len(df)),
        "long_run_power": long_run_power(df),
        "influence_gini": final["influence_gini"],
    }
    # The table's cells (percentages where the label says percent).
    numbers |= {
        "power": final["power"],
        "durable_power": final["durable_power"],
        "missed_opportunities": final["missed_opportunities"],
        "decision_latency": final["decision_latency"],
        "active": final["active"],
        "members": final["members"],
        "leaders": final["leaders"],
        "turnout_total": df["turnout"].sum(),
    }
    return numbers


def assert_shown(text: str, value: float) -> None:
    """``text`` is ``value`` rounded to the decimals ``text`` shows (``1,234``, ``5.6%``)."""
    number = text.replace(",", "").rstrip("%")
    decimals = len(number.partition(".")[2])
    assert float(number) == pytest.approx(value, abs=0.5 * 10**-decimals + 1e-9), (text, value)


def test_report_is_one_html_file_whose_numbers_are_the_runs(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    args = ["report", "balanced", "bureaucracy", "--seed", "3", *SMALL_ARGS, "--out", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    parser = _ReportParser()
    parser.feed(out.read_text(encoding="utf-8"))
    parser.close()

    # Figures are embedded and decode: a comparison, then power and measures per scenario.
    assert len(parser.images) == 1 + 2 * 2
    for src in parser.images:
        assert src.startswith("data:image/png;base64,")
        with Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))) as image:
            image.verify()

    expected = {name: _expected_numbers(name, 3) for name in ("balanced", "bureaucracy")}
    text = out.read_text(encoding="utf-8")
    sections = {name: text[text.index(f"<section><h2>{name}:") :] for name in expected}
    table = text[text.index("<table>") : text.index("</table>")]
    checked = 0
    for key, raw, shown in parser.numbers:
        if ":" in key:  # the comparison: long_run_power:NAME, wins:NAME, missed:NAME
            measure, name = key.split(":")
            want = expected[name][measure]
        elif f'data-key="{key}" data-value="{raw}"' in table:
            continue  # table cells are checked below, column by column
        else:
            owner = next(
                n
                for n in expected
                if f'data-key="{key}" data-value="{raw}"' in sections[n].split("</section>")[0]
            )
            want = expected[owner][key]
        if key.split(":")[0] in PERCENT_KEYS:
            assert float(raw) == pytest.approx(want)
            assert_shown(shown, 100 * want)
        else:
            assert float(raw) == pytest.approx(want), key
            assert_shown(shown, want)
        checked += 1
    assert checked >= 2 * 12

    # The table: one column per scenario, in the order given.
    rows = re.findall(r"<tr><th>[^<]*</th>(.*?)</tr>", table[table.index("<tbody>") :])
    assert len(rows) == len(REPORTED)
    for row in rows:
        cells = re.findall(r'data-key="([^"]+)" data-value="([^"]+)">([^<]+)<', row)
        for (key, raw, shown), name in zip(cells, expected, strict=True):
            want = expected[name][key]
            assert float(raw) == pytest.approx(want), (key, name)
            percent = key in ("peak_misinformed", "peak_burnout")  # shares shown as percent
            assert_shown(shown, 100 * want if percent else want)


def _report_numbers(runner: CliRunner, tmp_path: Path, name: str) -> dict[str, tuple]:
    """Every tagged number of a report of ``name`` (seed 2, small): key -> (raw, shown)."""
    out = tmp_path / f"{name}.html"
    result = runner.invoke(main, ["report", name, "--seed", "2", *SMALL_ARGS, "--out", str(out)])
    assert result.exit_code == 0, result.output
    parser = _ReportParser()
    parser.feed(out.read_text(encoding="utf-8"))
    parser.close()
    return {key: (raw, shown) for key, raw, shown in parser.numbers}


def test_report_states_the_truth_numbers_when_the_evidence_is_in_play(
    runner: CliRunner, tmp_path: Path
) -> None:
    numbers = _report_numbers(runner, tmp_path, "truth-under-attack")
    expected = _expected_numbers("truth-under-attack", 2)
    for key in ("rejecting_true_end", "truth_discernment_end"):
        raw, shown = numbers[key]
        assert float(raw) == pytest.approx(expected[key])
        assert_shown(shown, 100 * expected[key] if key in PERCENT_KEYS else expected[key])
    assert "rejecting_true_end" not in _report_numbers(runner, tmp_path, "balanced")


def test_report_runs_match_simulate_and_count_every_moment() -> None:
    scenario = load_scenario("leaderless", {**SMALL, "campaign.opportunity_rate": 0.5})
    (record,) = record_runs([scenario], [2])
    pd.testing.assert_frame_equal(record.frame, simulate(scenario, seed=2))
    model = CountingModel(scenario, rng=2)
    model.run_for(scenario.model.steps)
    decisions = record.decisions
    assert record.opened == model.opened > 5
    assert len(decisions.decision_weeks) == len(model.decision_times)
    assert len(decisions.missed_waits) == record.frame["missed_opportunities"].iloc[-1]


def test_report_names_ties_as_ties() -> None:
    scenario = load_scenario("balanced", SMALL)
    records = record_runs([scenario, scenario.model_copy(update={"name": "twin"})], [1, 1])
    text = " ".join(str(s) for s in compare_sentences(records))
    assert "every run alike" in text
    assert "the most" not in text


def _renamed(record, name: str, **columns: float):
    """``record`` under another name, with whole columns of its frame set to a value."""
    frame = record.frame.assign(**columns)
    scenario = record.scenario.model_copy(update={"name": name})
    return dataclasses.replace(record, scenario=scenario, frame=frame)


def test_report_names_a_tie_for_first_place_and_in_the_power_ranking() -> None:
    (record,) = record_runs([load_scenario("balanced", SMALL)], [1])
    records = [
        _renamed(record, "alpha", wins=8, power=0.2, durable_power=0.0),
        _renamed(record, "beta", wins=8, power=0.2, durable_power=0.0),
        _renamed(record, "gamma", wins=3, power=0.1, durable_power=0.0),
    ]
    ranking, most, _ = (re.sub(r"<[^>]+>", "", str(s)) for s in compare_sentences(records))
    assert "alpha and beta, tied (0.200 each), then gamma (0.100)" in ranking
    assert most.startswith("Most wins: alpha and beta, tied (8 each)")
    assert "alpha (8)" not in most
    ranking, *_ = (re.sub(r"<[^>]+>", "", str(s)) for s in compare_sentences(records[:2]))
    assert ranking == (
        "By long-run collective power the runs are tied: alpha and beta hold 0.200 each."
    )


def _drawn(plot: Callable[..., object], *args: object) -> Figure:
    """The figure ``plot(*args)`` draws, caught before it is saved."""
    captured: list[Figure] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("movementsim.teaching.figures.save_figure",
                      lambda fig, path: captured.append(fig) or [])
        plot(*args)
    (figure,) = captured
    return figure


def test_the_run_power_figure_draws_the_resistance_and_durable_power_on_its_own_axis(
    tmp_path: Path,
) -> None:
    frame = simulate(load_scenario("leaderless", SMALL), seed=1)
    pressure, durable = _drawn(plot_power, frame, tmp_path / "power", "leaderless").axes
    lines = {line.get_label(): line for line in pressure.get_lines()}
    resistance = lines[RESISTANCE_LABEL]
    assert np.array_equal(resistance.get_ydata(), frame["resistance"].to_numpy())
    assert "durable power (banked by wins)" not in lines
    durable_lines = [line.get_label() for line in durable.get_lines()]
    assert "durable power (banked by wins)" in durable_lines
    assert "durable power" in durable.get_ylabel()
    assert "share of the community" not in durable.get_ylabel().replace("\n", " ")
    assert "share of the\ncommunity acting" in pressure.get_ylabel()
    # Each win sits on the resistance it cleared (the week before's), not on the week's
    # power, which the win has spent.
    frame = simulate(load_scenario("balanced", {"community.members": 200}), seed=1)
    pressure = _drawn(plot_power, frame, tmp_path / "power", "balanced").axes[0]
    lines = {line.get_label(): line for line in pressure.get_lines()}
    win_weeks = frame.index[frame["wins"].diff().fillna(0) > 0]
    assert len(win_weeks) > 0
    stars = lines[WIN_LABEL]
    assert np.array_equal(stars.get_xdata(), win_weeks.to_numpy())
    before = frame["resistance"].shift(1).loc[win_weeks].to_numpy()
    assert np.array_equal(stars.get_ydata(), before)


def test_the_comparison_power_figure_names_each_axis_and_draws_each_resistance(
    tmp_path: Path,
) -> None:
    weeks = pd.RangeIndex(5)

    def band(values: list[float]) -> pd.DataFrame:
        return pd.DataFrame({"mean": values, "ci_low": values, "ci_high": values}, index=weeks)

    bands = {
        name: {"power": band([0.0, 0.05, 0.1, 0.05, 0.0]), "durable_power": band([0, 0, 2, 3, 5.5]),
               "resistance": band([0.12] * 5)}
        for name in ("a", "b")
    }
    power_axis, durable_axis = _drawn(
        plot_comparison_power, bands, {}, tmp_path / "power", "two"
    ).axes
    labels = [line.get_label() for line in power_axis.get_lines()]
    assert labels.count(f"a: {RESISTANCE_LABEL}") == 1 and f"b: {RESISTANCE_LABEL}" in labels
    assert "share of the" not in durable_axis.get_ylabel()
    assert durable_axis.get_ylim()[1] >= 5.5


#: Wordings replaced by "moments missed", the one name people read for the measure
#: ``missed_opportunities`` (the column name in data files stays).
OLD_MISSED_WORDINGS = re.compile(r"missed opportunit|missed moments|moments to act missed", re.I)


def test_moments_missed_is_the_one_name_people_read() -> None:
    root = Path(__file__).resolve().parent.parent
    sources = [
        *(root / "movementsim").rglob("*.py"),
        *(root / "movementsim").rglob("*.j2"),
        *(root / "docs").glob("*.md"),
        root / "README.md",
    ]
    found = [
        f"{path.relative_to(root)}: {match.group()}"
        for path in sources
        for match in OLD_MISSED_WORDINGS.finditer(path.read_text("utf-8"))
    ]
    assert not found


@pytest.mark.parametrize(("name", "shown"), [("balanced", False), ("truth-under-attack", True)])
def test_the_run_figure_shows_rejection_of_the_truth_only_where_evidence_is_held(
    tmp_path: Path, name: str, shown: bool
) -> None:
    frame = simulate(load_scenario(name, SMALL), seed=1)
    svg = next(p for p in plot_measures(frame, tmp_path / "measures", name) if p.suffix == ".svg")
    assert ("reject the true evidence" in svg.read_text(encoding="utf-8")) is shown


def test_watch_for_says_checked_only_for_a_bundled_scenario_as_shipped(tmp_path: Path) -> None:
    assert watch_for_basis(load_scenario("leaderless")) == WATCH_FOR_BASIS
    assert watch_for_basis(load_scenario("leaderless", {"model.seed": 7})) == WATCH_FOR_BASIS
    changed = load_scenario("leaderless", {"community.members": 300})
    assert watch_for_basis(changed) != WATCH_FOR_BASIS
    own = tmp_path / "mine.toml"
    own.write_text('name = "mine"\nwatch_for = "Watch it win."\n', encoding="utf-8")
    text = explain_scenario(load_scenario(str(own)))
    assert "checked over seeds" not in text and "Watch it win." in text


def test_the_report_says_what_a_seat_takes_from_each_decision_maker() -> None:
    from movementsim.teaching.report import _seat_takes

    def plain(text: object) -> str:
        return re.sub(r"<[^>]+>", "", str(text))

    assert plain(_seat_takes(load_scenario("balanced", {"decision_maker.seat_after_wins": 5}))
                 ) == "a seat takes 5 wins"
    many = load_scenario("many-issues", {"decision_makers.landlord.seat_after_wins": 1})
    assert plain(_seat_takes(many)) == (
        "a seat takes 1 against landlord, 3 against city council, 3 against utility"
    )
    same = load_scenario("many-issues", {"decision_maker.seat_after_wins": 2})
    assert plain(_seat_takes(same)) == "a seat takes 2 wins against one decision-maker"


def test_explain_help_names_every_mechanism() -> None:
    from click.testing import CliRunner

    from movementsim.cli import main

    text = " ".join(CliRunner().invoke(main, ["explain", "--help"]).output.split())
    for mechanism in MECHANISMS:
        assert mechanism.name in text
    assert f"(1 to {len(MECHANISMS)})" in text


def test_count_panels_have_whole_ticks_even_when_every_count_is_zero(tmp_path: Path) -> None:
    frame = simulate(load_scenario("leaderless", SMALL), seed=1).astype(float)
    frame["wins"] = 0.0  # read back from a CSV: floats, and nothing won yet
    figure = _drawn(plot_measures, frame, tmp_path / "measures", "leaderless")
    panels = [ax for ax in figure.axes if ax.get_visible() and ax.get_lines()]
    wins = [ax for ax in panels if "wins" in [line.get_label() for line in ax.get_lines()]]
    assert wins
    for ax in wins:
        ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
        assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks)
