"""Organizations and coalitions: each test would fail if its rule were broken or removed
(movementsim.model.organization, movementsim.model.mechanisms.coalition and the
model's joint moments); the scenario claims are in test_scenario_claims.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from movementsim import load_scenario
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


class WatchedModel(MovementModel):
    """Records, for every action an organization takes on its own, who acted."""

    def _act(self, org, opp):  # noqa: ANN001, ANN202 - a test double
        self._acting_org = org
        return super()._act(org, opp)

    def mobilize(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        acting = super().mobilize(*args, **kwargs)
        org = getattr(self, "_acting_org", None)
        if org is not None:
            self.outsiders_acting = getattr(self, "outsiders_acting", 0) + int(
                (acting & ~org.people.base).sum()
            )
            self.acted_apart = getattr(self, "acted_apart", 0) + int(acting.sum())
            self._acting_org = None
        return acting


def test_an_organizations_call_brings_out_only_the_people_it_organizes():
    model = WatchedModel(three("none"), rng=2)
    model.run_for(80)
    assert model.acted_apart > 0
    assert model.outsiders_acting == 0


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
    # drops below the exit line at its first joint action, and from then acts apart:
    # moments of its own, a demand of its own.
    assert frame["coalition_size"].iloc[-1] < 3
    assert model.commitment[0] == 1.0  # the lead is never overruled
    left = [org for org in model.organizations if not model.in_coalition[org.index]]
    model.run_for(60)
    opened = [opp for org in left for opp in org.opportunities]
    assert opened and all(opp.joint < 0 for opp in opened)
    assert any(index in campaign.apart for campaign in model.campaigns
               for index in (org.index for org in left))


def test_a_joint_demand_adds_up_and_demands_pressed_apart_do_not():
    """Our assumption (submodel 14): a decision-maker weighs one demand at a time. Two
    partners' pressure on the joint demand adds up and beats a resistance neither beats
    alone; the same pressure pressed apart, one demand each, does not."""
    def concedes(joint: float, apart: dict[int, float]) -> bool:
        model = MovementModel(three("vote", **{"decision_maker.resistance": 1.0}), rng=4)
        campaign = model.campaigns[0]
        campaign.pressure, campaign.apart = joint, dict(apart)
        model._apart = {}
        before = model.wins
        model._decision_makers_respond({campaign.issue: 0.0})
        return model.wins > before

    decay = 1 - load_scenario("coalition-wins").decision_maker.pressure_decay
    assert concedes(joint=1.2 / decay, apart={})
    assert not concedes(joint=0.0, apart={0: 0.6 / decay, 1: 0.6 / decay})
    assert concedes(joint=0.0, apart={0: 1.2 / decay})


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
    assert (rows["contribution"] >= 0).all() and rows["commitment"].between(0, 1).all()
