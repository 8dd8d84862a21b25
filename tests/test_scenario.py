"""Scenario loading: bundled files, TOML paths, overrides and every kind of bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from movementsim.model.parameters import SECTIONS, Scenario, section_class
from movementsim.model.scenario import (
    ScenarioError,
    bundled_names,
    list_scenarios,
    load_scenario,
    parse_assignment,
    scenario_to_dict,
)
from movementsim.model.structure import resolve_governance

BUNDLED = {"balanced": 0.5, "leaderless": 0.0, "bureaucracy": 1.0}


def write(tmp_path: Path, text: str, name: str = "x.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_bundled_scenarios_load_with_text_and_level(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.name == name
    assert scenario.structure.level == BUNDLED[name]
    assert scenario.title and scenario.narrative
    assert scenario.description and "\n" not in scenario.description


def test_every_bundled_scenario_is_listed_with_its_description() -> None:
    listed = dict(list_scenarios())
    assert set(BUNDLED) <= set(listed)
    for name, description in listed.items():
        assert load_scenario(name).description == description


def test_a_file_sets_only_what_it_names(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "T"\n[community]\nmembers = 300\nmean_ties = 5\n')
    scenario = load_scenario(path)
    assert scenario.name == "x"  # the file's stem when the file gives no name
    assert scenario.community.members == 300
    assert scenario.community.mean_ties == 5.0 and isinstance(scenario.community.mean_ties, float)
    assert scenario.structure == Scenario().structure
    assert load_scenario(str(path)) == scenario


def test_overrides_apply_after_the_file() -> None:
    scenario = load_scenario(
        "balanced", {"structure.level": 0.2, "community.members": 5000, "title": "New"}
    )
    assert scenario.structure.level == 0.2
    assert scenario.community.members == 5000
    assert scenario.title == "New"
    assert load_scenario("balanced").structure.level == 0.5


def test_optional_structure_rules_take_explicit_values() -> None:
    scenario = load_scenario(
        "balanced",
        {"structure.decision_rule": "consensus", "structure.local_autonomy": False},
    )
    assert scenario.structure.decision_rule == "consensus"
    assert scenario.structure.local_autonomy is False


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"structure.levl": 0.3}, ["structure.levl", "did you mean 'structure.level'"]),
        ({"community.level": 0.3}, ["community.level", "did you mean 'structure.level'"]),
        ({"structur.level": 0.3}, ["structur.level", "did you mean 'structure.level'"]),
        ({"level": 0.3}, ["'level'", "did you mean 'structure.level'"]),
    ],
)
def test_unknown_keys_are_named_with_a_suggestion(overrides: dict, expected: list[str]) -> None:
    with pytest.raises(ScenarioError, match="unknown key") as err:
        load_scenario("balanced", overrides)
    for text in expected:
        assert text in str(err.value)


def test_unknown_key_in_a_file_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[structure]\nlevl = 0.3\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert str(err.value) == (
        f"scenario '{path}': unknown key 'structure.levl' (did you mean 'structure.level'?)"
    )


def test_unknown_section_suggests_the_closest(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"unknown key 'comunity' \(did you mean 'community'"):
        load_scenario(write(tmp_path, "[comunity]\nmembers = 10\n"))


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("community.members", 50.5, ["community.members = 50.5", "whole number"]),
        ("community.members", True, ["community.members = true", "whole number"]),
        ("structure.level", "high", ['structure.level = "high"', "a number"]),
        ("structure.level", False, ["structure.level = false", "a number"]),
        ("structure.local_autonomy", 1, ["structure.local_autonomy = 1", "true or false"]),
        ("structure.approval_layers", 1.0, ["structure.approval_layers = 1.0", "whole number"]),
        ("structure.decision_rule", 3, ["structure.decision_rule = 3", "string"]),
        ("title", 3, ["title = 3", "string"]),
    ],
)
def test_wrong_types_name_field_value_and_expected_type(key: str, value, expected) -> None:
    with pytest.raises(ScenarioError, match="wrong type|must be a string") as err:
        load_scenario("balanced", {key: value})
    for text in expected:
        assert text in str(err.value)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("structure.level", 1.5, "structure.level = 1.5 is out of range: allowed 0 to 1"),
        ("structure.level", -0.1, "structure.level = -0.1 is out of range: allowed 0 to 1"),
        ("structure.approval_layers", 11, "approval_layers = 11 is out of range: allowed 0 to 10"),
        ("model.steps", 0, "model.steps = 0 is out of range: allowed 1 to"),
    ],
)
def test_out_of_range_names_field_value_and_range(key: str, value, expected: str) -> None:
    with pytest.raises(ScenarioError) as err:
        load_scenario("balanced", {key: value})
    assert expected in str(err.value)


def test_out_of_range_message_explains_the_dial() -> None:
    with pytest.raises(ScenarioError) as err:
        load_scenario("balanced", {"structure.level": 1.5})
    assert "no formal structure" in str(err.value) and "rigid hierarchy" in str(err.value)


def test_non_finite_numbers_are_rejected() -> None:
    with pytest.raises(ScenarioError, match="structure.level = nan"):
        load_scenario("balanced", {"structure.level": float("nan")})


def test_bad_choice_lists_the_allowed_values() -> None:
    with pytest.raises(ScenarioError) as err:
        load_scenario("balanced", {"structure.decision_rule": "vote"})
    message = str(err.value)
    assert 'structure.decision_rule = "vote"' in message
    for choice in ("consensus", "majority", "board", "single_leader"):
        assert choice in message


def test_toml_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, "[structure\nlevel = 1\n")
    with pytest.raises(ScenarioError, match=r"x\.toml': not valid TOML.*line 1"):
        load_scenario(path)


def test_section_that_is_not_a_table(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"'structure' must be a table \(\[structure\]"):
        load_scenario(write(tmp_path, "structure = 0.5\n"))


def test_multi_line_description_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="description must be one line"):
        load_scenario(write(tmp_path, 'description = """two\nlines"""\n'))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "missing.toml")


def test_unknown_bundled_name_lists_the_bundled_names() -> None:
    with pytest.raises(ScenarioError) as err:
        load_scenario("balancd")
    message = str(err.value)
    assert "did you mean 'balanced'" in message
    for name in BUNDLED:
        assert name in message


def test_scenario_error_is_a_value_error() -> None:
    assert issubclass(ScenarioError, ValueError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("structure.level=0.2", ("structure.level", 0.2)),
        ("community.members=5000", ("community.members", 5000)),
        ("structure.local_autonomy=true", ("structure.local_autonomy", True)),
        ("structure.decision_rule=board", ("structure.decision_rule", "board")),
        ('title="A union"', ("title", "A union")),
        (" structure.level = 1 ", ("structure.level", 1)),
        ("title=a = b", ("title", "a = b")),
    ],
)
def test_parse_assignment_types_values_like_toml(text: str, expected: tuple) -> None:
    key, value = parse_assignment(text)
    assert (key, value) == expected
    assert type(value) is type(expected[1])


@pytest.mark.parametrize("text", ["structure.level", "=0.2", ""])
def test_parse_assignment_needs_key_and_value(text: str) -> None:
    with pytest.raises(ScenarioError, match="KEY=VALUE"):
        parse_assignment(text)


def test_scenario_to_dict_is_plain_json_without_none() -> None:
    scenario = load_scenario("balanced")
    data = scenario_to_dict(scenario)
    assert json.loads(json.dumps(data)) == data
    assert set(SECTIONS) <= set(data)
    # the rules implied by the level are None, so left out; the dial's shape is kept
    implied = {"decision_rule", "approval_layers", "span_of_control", "role_clarity",
               "leader_selection", "term_length", "term_limit", "local_autonomy"}
    assert data["structure"]["level"] == 0.5
    assert not implied & set(data["structure"]), data["structure"]
    assert data["structure"]["board_seats"] == scenario.structure.board_seats
    assert data["community"]["members"] == scenario.community.members


def test_every_parameter_round_trips_through_overrides() -> None:
    """Setting each parameter to its own default is accepted (the schema validates itself)."""
    defaults = scenario_to_dict(Scenario())
    overrides = {
        f"{section}.{name}": defaults[section][name]
        for section in SECTIONS
        for name in section_class(section).model_fields
        if name in defaults[section]
    }
    assert load_scenario("balanced", overrides).community == Scenario().community


def test_schedule_changes_accumulate_in_week_order(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        "[structure]\nlevel = 0.0\n"
        "[[schedule]]\nweek = 80\napproval_layers = 3\n"
        "[[schedule]]\nweek = 40\nlevel = 0.5\n",
        encoding="utf-8",
    )
    scenario = load_scenario(path)
    assert [change.week for change in scenario.schedule] == [40, 80]
    assert scenario.schedule[0].structure.level == 0.5
    assert scenario.schedule[1].structure.level == 0.5
    assert scenario.schedule[1].structure.approval_layers == 3


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("[[schedule]]\nlevel = 0.5\n", "schedule.week"),
        ("[[schedule]]\nweek = 4\nlevl = 0.5\n", "did you mean 'structure.level'"),
        ("[[schedule]]\nweek = 4\nlevel = 2.0\n", "allowed 0 to 1"),
        ("[[schedule]]\nweek = 4\n[[schedule]]\nweek = 4\n", "two changes in week 4"),
        ('[[schedule]]\nweek = "x"\n[[schedule]]\nweek = 1.5\n', "schedule.week"),
        ("[community]\nmembers = 10\nsubcommunities = 20\n", "allowed 1 to 5"),
        ('questions = "one"\n', "list of strings"),
    ],
)
def test_bad_schedule_or_questions_are_named(tmp_path: Path, table: str, expected: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(ScenarioError, match=expected):
        load_scenario(path)


TWO_TARGETS = """\
[community]
members = 60
subcommunities = 3
[decision_maker]
resistance = 0.2
seat_after_wins = 5
durable_decay = 0.02
[[decision_makers]]
name = "landlord"
kind = "landlord"
issues = ["rent"]
[[decision_makers]]
name = "council"
kind = "city council"
issues = ["repairs"]
resistance = 0.5
[[issues]]
name = "rent"
subcommunities = [0, 1]
grievance = 0.7
[[issues]]
name = "repairs"
arises = 20
"""


def test_decision_makers_and_issues_load_inherit_and_take_overrides_by_name(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, TWO_TARGETS)
    scenario = load_scenario(path)
    landlord, council = scenario.decision_makers
    assert (landlord.name, landlord.kind, landlord.issues) == ("landlord", "landlord", ("rent",))
    assert (council.name, council.kind, council.issues) == ("council", "city council",
                                                            ("repairs",))
    # a key left out comes from [decision_maker]; a key set in the table wins
    assert landlord.resistance == 0.2 and council.resistance == 0.5
    assert landlord.seat_after_wins == council.seat_after_wins == 5
    assert landlord.pressure_decay == scenario.decision_maker.pressure_decay
    rent, repairs = scenario.issues
    assert (rent.name, rent.subcommunities, rent.grievance) == ("rent", (0, 1), 0.7)
    assert (repairs.name, repairs.arises, repairs.subcommunities) == ("repairs", 20, ())

    changed = load_scenario(
        path, {"decision_makers.council.resistance": 0.3, "issues.rent.grievance": 0.8}
    )
    assert changed == scenario.model_copy(
        update={
            "decision_makers": (landlord, council.model_copy(update={"resistance": 0.3})),
            "issues": (rent.model_copy(update={"grievance": 0.8}), repairs),
        }
    )
    # an override of [decision_maker] reaches every table that leaves the key out
    moved = load_scenario(path, {"decision_maker.resistance": 0.4})
    assert [t.resistance for t in moved.decision_makers] == [0.4, 0.5]


_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "thousand": 1000,
}


def _numbers_in(text: str) -> set[float]:
    """The numbers a text states, in digits or in words ("a thousand", "four")."""
    found = {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}
    words = re.findall(r"[a-z]+", text.lower())
    return found | {float(_NUMBER_WORDS[w]) for w in words if w in _NUMBER_WORDS}


def _settable_numbers(scenario) -> dict[str, float]:
    """Numbers that follow parameters a trainer sets with --set or --steps (1 is left
    out: "one" is in every text, as in one-on-ones)."""
    governance = resolve_governance(scenario.structure)
    numbers = {
        "community.members": scenario.community.members,
        "community.subcommunities": scenario.community.subcommunities,
        "model.steps": scenario.model.steps,
        "model.steps in years": scenario.model.steps / 52,
        "structure.level": scenario.structure.level,
        "campaign.deadline_weeks": scenario.campaign.deadline_weeks,
        "sign-offs (from structure)": round(governance.approval_layers, 1),
    }
    return {key: float(value) for key, value in numbers.items() if value != 1}


@pytest.mark.parametrize("name", bundled_names())
def test_scenario_texts_state_no_number_that_a_parameter_sets(name: str) -> None:
    """A scenario's words do not state what --set can change: "A thousand tenants"
    would be false under --set community.members=300."""
    scenario = load_scenario(name)
    settable = _settable_numbers(scenario)
    # How many organizations, decision-makers or issues the file lists, --set cannot change.
    tables = {len(scenario.organizations), len(scenario.decision_makers), len(scenario.issues)}
    for field in ("title", "description", "narrative", "watch_for"):
        stated = _numbers_in(getattr(scenario, field)) - tables
        stale = {key: value for key, value in settable.items() if value in stated}
        assert not stale, (name, field, stale)
