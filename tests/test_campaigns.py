"""Several decision-makers, issues over time, power mapping and a seat at the table.

Each test would fail if its mechanism were broken or removed; the first checks that a
one-target scenario behaves exactly as it did before these mechanisms existed.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from movementsim.model import MovementModel, load_scenario, simulate
from movementsim.model.agents import ACTIVE
from movementsim.model.mechanisms import agenda, power_mapping, seat
from movementsim.model.parameters import AgendaParams, PowerMappingParams, Scenario
from movementsim.model.structure import governance_from_level

PUBLISHED = Path(__file__).resolve().parent.parent / "docs" / "figures"


def scenario(**data: object) -> Scenario:
    """A small scenario from nested plain data (as a TOML file would give)."""
    base = {"community": {"members": 200, "subcommunities": 2}}
    return Scenario.model_validate({**base, **data})


TWO_TARGETS = {
    "decision_makers": [
        {"name": "landlord", "visibility": 1000.0, "issues": []},
        {"name": "council", "visibility": 0.001, "issues": ["rent"]},
    ],
    "issues": [{"name": "rent", "grievance": 0.9}],
    "campaign": {"opportunity_rate": 0.5},
    "decision_maker": {"resistance": 0.02},
}


# -- one target, as before ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["balanced", "leaderless", "bureaucracy"])
def test_a_one_target_scenario_reproduces_the_published_run_exactly(name: str) -> None:
    """Today's behaviour: the published single runs (made before several decision-makers
    existed) come out again, bit for bit, for the same seed."""
    published = pd.read_csv(PUBLISHED / name / "timeseries.csv", index_col="step")
    frame = simulate(load_scenario(name), seed=0)
    np.testing.assert_array_equal(frame[published.columns].to_numpy(), published.to_numpy())


def test_one_decision_maker_as_a_table_is_the_same_as_the_section() -> None:
    section = scenario(decision_maker={"resistance": 0.05}, model={"steps": 80})
    table = scenario(
        decision_maker={"resistance": 0.05},
        decision_makers=[{"name": "landlord"}],
        model={"steps": 80},
    )
    a, b = simulate(section, seed=3), simulate(table, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert a["wins"].iloc[-1] > 0 and (a["active_campaign"] == 0).all()


# -- power mapping: pressure on the wrong target is wasted ----------------------------------


def test_pressure_on_a_decision_maker_who_does_not_hold_the_issue_is_wasted() -> None:
    blind = scenario(**TWO_TARGETS, power_mapping={"leader_share": 0.0, "member_share": 0.0},
                     model={"steps": 120})
    model = MovementModel(blind, rng=0)
    model.run_for(120)
    landlord, council = model.decision_makers
    assert model.campaigns[0].target == landlord.index and not model.campaigns[0].mapped
    assert model.measures()["power"].max() > 10 * landlord.params.resistance
    assert landlord.wins == council.wins == model.wins == 0

    mapping = scenario(**TWO_TARGETS, power_mapping={"leader_share": 1.0, "find_rate": 1.0},
                       model={"steps": 120})
    model = MovementModel(mapping, rng=0)
    model.run_for(120)
    assert model.mapped_issues == {0}
    assert model.decision_makers[1].wins > 0 and model.decision_makers[0].wins == 0
    assert model.issues_won == 1


def test_research_reaches_an_assembly_but_a_lone_leader_only_through_their_team() -> None:
    model = MovementModel(scenario(**TWO_TARGETS), rng=0)
    people = model.people
    params = PowerMappingParams(leader_share=0.0, member_share=1.0, skill_floor=0.0,
                                find_rate=1.0)
    people.skill[:] = 1.0
    people.engagement[:] = ACTIVE  # everyone a member, nobody on a team, no leader
    people.is_leader[:] = False
    people.team_of[:] = -1
    assembly = agenda.Campaign(0, 0, False, 0, body=np.ones(people.size, dtype=bool))
    assert power_mapping.research(people, assembly, params, model.rng)[0]
    lone = np.zeros(people.size, dtype=bool)
    lone[0] = True
    people.engagement[0] = 0.0  # the lone leader is not among the researching members
    alone = agenda.Campaign(0, 0, False, 0, body=lone)
    assert not power_mapping.research(people, alone, params, model.rng)[0]
    people.team_of[1:20] = 0  # a team reports to the leader
    assert power_mapping.research(people, alone, params, model.rng)[0]


def test_researching_leaders_hold_no_one_on_ones() -> None:
    model = MovementModel(scenario(**TWO_TARGETS), rng=0)
    params = PowerMappingParams(leader_share=1.0)
    campaign = model.campaigns[0]
    _, researching = power_mapping.research(model.people, campaign, params, model.rng)
    leaders = model.people.is_leader & ~model.people.coopted
    assert leaders.any() and np.array_equal(researching, leaders)


def test_the_first_guess_follows_visibility() -> None:
    model = MovementModel(scenario(**TWO_TARGETS), rng=0)
    guesses = [power_mapping.first_guess(model.decision_makers, model.rng) for _ in range(50)]
    assert guesses.count(0) == 50  # the landlord is a million times as visible


# -- the agenda ---------------------------------------------------------------------------


def two_issue_people(model: MovementModel) -> None:
    """Subcommunity 0 is hit hard by issue 0, everyone a little by issue 1."""
    people = model.people
    hard = people.subcommunity == 0
    model.issues[0].grievance = np.where(hard, 1.0, 0.0)
    model.issues[1].grievance = np.full(people.size, 0.55)
    people.engagement[:] = ACTIVE


def test_who_chooses_decides_which_grievance_counts() -> None:
    data = {
        **TWO_TARGETS,
        "decision_makers": [{"name": "council", "issues": ["local", "wide"]}],
        "issues": [{"name": "local", "subcommunities": [0]}, {"name": "wide"}],
    }
    model = MovementModel(scenario(**data), rng=0)
    two_issue_people(model)
    people = model.people
    criteria = AgendaParams(wide_weight=1.0, deep_weight=2.0, winnable_weight=0.0)
    looks = {0: 0.1, 1: 0.1}
    # An assembly of everyone: the issue felt by all (0.55 each: 1 + 2 x 0.55) wins over
    # one felt fully by half (0.5 + 2 x 0.5).
    assembly = governance_from_level(0.0)
    chosen, body = agenda.choose_issue(people, assembly, model.issues, [0, 1], looks,
                                       criteria, model.rng)
    assert chosen == 1 and body.sum() == people.size
    # A single leader from subcommunity 0 picks their own issue (0.5 + 2 x 1).
    people.is_leader[:] = False
    leader = int(np.flatnonzero(people.subcommunity == 0)[0])
    people.is_leader[leader] = True
    chosen, body = agenda.choose_issue(people, governance_from_level(1.0), model.issues,
                                       [0, 1], looks, criteria, model.rng)
    assert chosen == 0 and np.flatnonzero(body).tolist() == [leader]


def test_an_issue_is_won_after_its_concessions_and_the_next_one_is_taken_up() -> None:
    data = {
        **TWO_TARGETS,
        "decision_makers": [{"name": "council", "issues": ["rent", "repairs"]}],
        "issues": [{"name": "rent", "concessions": 2}, {"name": "repairs", "arises": 30}],
        "model": {"steps": 200},
    }
    frame = simulate(scenario(**data), seed=1)
    first = frame.index[frame["issues_won"] >= 1][0]
    assert frame["wins"].loc[first] == 2  # two concessions won the first issue
    assert frame["issues_won"].iloc[-1] == 2 and frame["targets_won"].iloc[-1] == 1
    campaigns = frame["active_campaign"]
    assert campaigns.iloc[1] in (0, 1) and campaigns.iloc[-1] == -1


def test_an_issue_not_won_fades_and_its_campaign_ends() -> None:
    data = {
        **TWO_TARGETS,
        "decision_makers": [{"name": "council", "issues": ["rent"], "resistance": 10.0}],
        "issues": [{"name": "rent", "arises": 5, "lasts": 20}],
        "model": {"steps": 40},
    }
    frame = simulate(scenario(**data), seed=0)
    campaigns = frame["active_campaign"].to_numpy()
    assert (campaigns[:5] == -1).all() and (campaigns[6:25] == 0).all()
    assert (campaigns[26:] == -1).all() and frame["issues_won"].iloc[-1] == 0


def test_spread_thin_runs_every_issue_at_once() -> None:
    data = {
        **TWO_TARGETS,
        "decision_makers": [{"name": "council", "issues": ["a", "b", "c"]}],
        "issues": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
        "agenda": {"at_once": 3},
    }
    model = MovementModel(scenario(**data), rng=0)
    assert sorted(c.issue for c in model.campaigns) == [0, 1, 2]
    one = MovementModel(scenario(**{**data, "agenda": {"at_once": 1}}), rng=0)
    assert len(one.campaigns) == 1


# -- a beaten decision-maker, and the seat -------------------------------------------------


def test_a_beaten_decision_maker_resists_less_at_the_next_issue() -> None:
    model = MovementModel(scenario(**TWO_TARGETS), rng=0)
    council = model.decision_makers[1]
    base = council.params.resistance
    council.resistance = 5 * base  # grown through concessions on the last issue
    council.face_new_issue()
    assert council.resistance == base  # never lost an issue: its own resistance
    council.issues_lost = 2
    council.face_new_issue()
    assert math.isclose(council.resistance, base * (1 - council.params.beaten_discount) ** 2)


def test_a_seat_is_earned_by_wins_and_lost_when_they_stop() -> None:
    model = MovementModel(scenario(**TWO_TARGETS), rng=0)
    council = model.decision_makers[1]
    needed = council.params.seat_after_wins
    council.wins, council.last_win = needed - 1, 10
    assert not seat.seated(council, 11, banked=0.0)
    council.wins = needed
    assert seat.seated(council, 11, banked=0.0)  # seat_keep_power 0: banked power not needed
    assert not seat.seated(council, 10 + council.params.seat_lapse_weeks, banked=0.0)


def test_a_seat_is_kept_by_banked_power_and_lost_when_it_fades() -> None:
    data = {**TWO_TARGETS, "decision_maker": {"resistance": 0.02, "seat_keep_power": 2.0}}
    council = MovementModel(scenario(**data), rng=0).decision_makers[1]
    council.wins, council.last_win = council.params.seat_after_wins, 10
    assert seat.seated(council, 11, banked=0.04)
    assert not seat.seated(council, 11, banked=0.039)


def test_a_decision_maker_with_a_calendar_decides_on_it() -> None:
    data = {**TWO_TARGETS, "model": {"steps": 60}, "campaign": {"opportunity_rate": 1.0}}
    data["decision_makers"] = [
        {"name": "landlord", "visibility": 1000.0, "issues": [], "decision_every": 5},
        {"name": "council", "visibility": 0.001, "issues": ["rent"], "decision_every": 7},
    ]
    model = MovementModel(scenario(**data), rng=0)
    opened: set[tuple[int, int]] = set()
    for _ in range(60):
        model.step()
        opened |= {(opp.opened, opp.target) for opp in model.opportunities}
    # The landlord is pressed first (the guess), then the council (once mapped).
    assert {target for _, target in opened} == {0, 1}
    for week, target in opened:
        assert week > 0 and week % (5 if target == 0 else 7) == 0, (week, target)
    council = sorted(week for week, target in opened if target == 1)
    assert council == list(range(council[0], 60, 7))  # none skipped once pressed


def test_with_one_decision_maker_there_is_nothing_to_map() -> None:
    data = {"issues": [{"name": "rent"}, {"name": "repairs", "arises": 5}],
            "decision_maker": {"visibility": 1.0}}
    model = MovementModel(scenario(**data), rng=0)
    assert model.mapped_issues == {0, 1} and model.campaigns[0].mapped


def test_a_new_campaign_does_not_reset_what_another_campaign_faces() -> None:
    data = {**TWO_TARGETS, "agenda": {"at_once": 2},
            "issues": [{"name": "rent"}, {"name": "repairs", "arises": 3}]}
    data["decision_makers"] = [{"name": "council", "issues": ["rent", "repairs"]}]
    model = MovementModel(scenario(**data), rng=0)
    council = model.decision_makers[0]
    model.step()
    council.resistance = 3.0  # grown through concessions on the first issue
    for _ in range(3):
        model.step()
    assert len(model.campaigns) == 2 and council.resistance == 3.0


def test_the_choice_weighs_the_resistance_a_new_issue_would_meet() -> None:
    model = MovementModel(scenario(**TWO_TARGETS), rng=0)
    council = model.decision_makers[1]
    council.resistance, council.issues_lost = 5.0, 1  # grown on an issue it lost
    fresh = council.params.resistance * (1 - council.params.beaten_discount)
    pressed = [c for c in model.campaigns if c.target == council.index]
    expected = council.resistance if pressed else fresh
    assert math.isclose(model._resistance_ahead(council.index, model.steps), expected)


def test_with_a_seat_the_movement_hears_earlier_and_risks_cooptation() -> None:
    data = {**TWO_TARGETS, "decision_maker": {"notice_weeks": 4, "unnoticed_share": 1.0,
                                              "consultation_cooptation": 1.0}}
    model = MovementModel(scenario(**data), rng=0)
    council = model.decision_makers[1]
    assert seat.hear_of_decision(council, True, 20, model.rng) == 24
    assert seat.hear_of_decision(council, False, 20, model.rng) is None
    assert seat.tried_at_the_table(council, model.rng)
    quiet = MovementModel(scenario(**TWO_TARGETS), rng=0).decision_makers[1]
    assert not any(seat.tried_at_the_table(quiet, model.rng) for _ in range(100))


def test_consultations_bring_cooptation_when_the_decision_maker_tries() -> None:
    data = {**TWO_TARGETS, "decision_makers": [{"name": "council", "issues": ["rent"]}],
            "issues": [{"name": "rent", "concessions": 1000}], "model": {"steps": 150}}
    tempting = {**data, "decision_maker": {**data["decision_maker"],
                                           "consultation_cooptation": 1.0,
                                           "cooptation_strength": 1.0}}
    plain, tried = simulate(scenario(**data), seed=0), simulate(scenario(**tempting), seed=0)
    assert plain["consulted_decisions"].iloc[-1] > 0
    assert tried["coopted_leaders"].sum() > plain["coopted_leaders"].sum()


def test_consulted_decisions_count_the_moments_heard_with_a_seat() -> None:
    data = {**TWO_TARGETS, "decision_makers": [{"name": "council", "issues": ["rent"]}],
            "issues": [{"name": "rent", "concessions": 1000}], "model": {"steps": 150}}
    frame = simulate(scenario(**data), seed=0)
    seated = frame["seat_at_table"].to_numpy() == 1
    assert seated.any() and frame["consulted_decisions"].iloc[-1] > 0
    # Nothing is consulted before the first week with a seat.
    first = int(np.argmax(seated))
    assert frame["consulted_decisions"].iloc[:first].max() == 0


def test_people_act_on_how_hard_the_issue_hits_them() -> None:
    model = MovementModel(scenario(**TWO_TARGETS), rng=0)
    everyone = np.ones(model.people.size, dtype=bool)
    nobody = np.zeros(model.people.size, dtype=bool)
    turnout = {}
    for level in (0.0, 1.0):
        model.rng = np.random.default_rng(5)
        grievance = np.full(model.people.size, level)
        turnout[level] = model.mobilize(everyone, nobody, grievance=grievance).sum()
    assert turnout[1.0] > turnout[0.0]
