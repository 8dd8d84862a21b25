"""Organizations and coalitions: each test would fail if its rule were broken or removed
(movementsim.model.organization, movementsim.model.mechanisms.coalition and the
model's joint moments); the scenario claims are in test_scenario_claims.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from movementsim import load_scenario, simulate
from movementsim.model.mechanisms import coalition
from movementsim.model.model import MovementModel
from movementsim.model.parameters import CoalitionParams, Scenario

PARAMS = CoalitionParams()


def three(rule: str = "vote", **extra: object) -> Scenario:
    """Three organizations over four subcommunities (the south, 3, in two of them)."""
    return load_scenario("coalition-wins", {"coalition.rule": rule, **extra})


def test_one_organization_is_the_community_itself():
    model = MovementModel(load_scenario("balanced"), rng=0)
    (org,) = model.organizations
    assert org.people is model.people and org.people.base.all()


def test_organizations_share_people_and_keep_their_own_leaders():
    model = MovementModel(three(), rng=1)
    model.run_for(30)
    tenants, congregation, workers = model.organizations
    # Person state is shared: a change through one view is seen in every other.
    congregation.people.engagement[5] = 0.99
    assert tenants.people.engagement[5] == 0.99 == model.people.engagement[5]
    # Roles are not: each organization's leaders are among the people it organizes.
    for org in model.organizations:
        assert org.people.is_leader.any()
        assert not (org.people.is_leader & ~org.people.base).any()
    # People of the south (subcommunity 3) belong to two organizations.
    south = model.people.subcommunity == 3
    assert (congregation.people.base & workers.people.base)[south].all()
    assert not (tenants.people.base & congregation.people.base).any()


def test_an_organizations_call_brings_out_only_the_people_it_organizes():
    model = MovementModel(three("none"), rng=2)
    frames = model.run_for(80)
    rows = model.organization_measures()
    assert frames["turnout"].sum() > 0
    tenants = rows[rows["organization"] == "tenants"]
    # The tenants' union organizes one subcommunity of four: its members never exceed it.
    assert tenants["members"].max() <= (model.people.subcommunity == 0).sum()


@pytest.mark.parametrize(
    ("rule", "decided", "go", "overruled"),
    [
        ("consensus", [True, True, True], True, [False] * 3),
        ("consensus", [True, True, False], False, [False] * 3),
        ("vote", [True, True, False], True, [False, False, True]),  # 300 + 600 of 1500
        ("vote", [True, False, False], False, [False] * 3),
        ("lead", [False, True, False], True, [True, False, True]),
        ("lead", [True, False, True], False, [False] * 3),
    ],
)
def test_how_a_coalition_decides(rule, decided, go, overruled):
    call = coalition.decide_together(rule, decided, [300, 600, 600], lead=1)
    assert call.go is go
    assert list(call.overruled) == overruled
    assert all(call.called) is go


def test_commitment_falls_when_overruled_on_another_partners_issue_and_rises_with_solidarity():
    commitment = np.array([0.5, 0.5, 0.5])
    called = np.array([True, True, True])
    overruled = np.array([False, False, True])
    turned_out = np.array([True, True, True])
    interests = np.array([0.8, 0.8, 0.2])  # the issue is hardly the third partner's own
    coalition.update_commitment(commitment, called, overruled, turned_out, interests, PARAMS)
    assert commitment[2] < 0.5 - 0.5 * PARAMS.overruled_cost  # overruled, little interest
    assert commitment[0] > 0.5 and commitment[1] > 0.5  # the others came for their issue


def test_free_riders_cost_those_who_came():
    commitment = np.array([0.5, 0.5, 0.5])
    called = np.array([True, True, True])
    turned_out = np.array([True, True, False])
    coalition.update_commitment(
        commitment, called, np.zeros(3, dtype=bool), turned_out, np.array([1.0, 1.0, 1.0]),
        CoalitionParams(solidarity_gain=0.0),
    )
    np.testing.assert_allclose(commitment, [0.5 - PARAMS.free_ride_cost] * 2 + [0.5])


def test_partners_that_lose_commitment_leave_and_then_act_apart():
    scenario = three("lead", **{"coalition.overruled_cost": 1.0,
                                "coalition.solidarity_gain": 0.0,
                                "coalition.exit_commitment": 0.999})
    model = MovementModel(scenario, rng=3)
    frame = model.run_for(150)
    # Overruled at full cost, a partner less interested than the most interested one
    # drops below the exit line at its first joint action, and from then acts apart.
    assert frame["coalition_size"].iloc[-1] < 3
    assert model.commitment[0] == 1.0  # the lead is never overruled
    left = [org for org in model.organizations if not model.in_coalition[org.index]]
    assert all(opp.joint < 0 for org in left for opp in org.opportunities)


def test_a_joint_action_draws_more_than_any_partner_apart():
    """The same moments: acting together brings more people to one action than any
    partner's own action brings when they act side by side."""
    together = simulate(three("vote"), seed=4)
    apart_model = MovementModel(three("none"), rng=4)
    apart_model.run_for(260)
    apart = apart_model.organization_measures()
    best_apart = apart.groupby("step")["turnout"].max()
    assert together["coalition_turnout"].max() > best_apart.max()


def test_a_side_deal_takes_the_least_committed_partner_out():
    model = MovementModel(three(**{"decision_maker.side_deal": 1.0,
                                   "decision_maker.cooptation_strength": 1.0}), rng=5)
    model.run_for(40)
    model.commitment[:] = [0.9, 0.4, 0.9]
    model.in_coalition[:] = True
    for org in model.organizations:  # exposed leaders, nobody protected by elections
        org.people.selection[org.people.is_leader] = 0
    before = model.side_deals
    for _ in range(20):
        model._offer_side_deal(model.decision_maker)
        if model.side_deals > before:
            break
    assert model.side_deals == before + 1
    assert list(model.in_coalition) == [True, False, True]


def test_the_organization_output_has_a_row_per_week_and_organization():
    model = MovementModel(three(), rng=6)
    model.run_for(10)
    rows = model.organization_measures()
    assert isinstance(rows, pd.DataFrame)
    assert len(rows) == 11 * 3
    assert set(rows["organization"]) == {"tenants", "congregation", "workers"}
    assert (rows["power"] >= 0).all() and rows["commitment"].between(0, 1).all()
