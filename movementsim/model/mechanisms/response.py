"""The decision-maker's answer to pressure that falls short: delay, co-opt, misinform,
repress, or discredit the movement's evidence.

The :class:`~movementsim.model.agents.DecisionMaker` feels pressure and concedes when it
beats resistance; otherwise it picks one of these responses, weighted by the scenario.
The repertoire is our own modelling assumption; co-optation being easier for
unaccountable leaders follows Freeman (1972) and Michels (1911); repression as a cost of
acting loosely follows Epstein (2002).
"""

from __future__ import annotations

import math

import numpy as np

from movementsim.model.agents import DecisionMaker, People
from movementsim.model.mechanisms import information
from movementsim.model.mechanisms.agenda import Campaign
from movementsim.model.parameters import InformationParams, LeadershipParams
from movementsim.model.structure import ELECTED, Governance


def respond(
    choice: str,
    decision_maker: DecisionMaker,
    people: People,
    governance: Governance,
    leadership: LeadershipParams,
    info: InformationParams,
    rng: np.random.Generator,
    campaigns: list[Campaign] | None = None,
) -> None:
    """Carry out the decision-maker's ``choice`` of response.

    Delay lets the pressure of the ``campaigns`` pressing this decision-maker fade to
    ``delay_fade`` of itself; co-optation tries to win over
    one leader; misinformation seeds a false claim
    ``misinformation_boost`` times as widely as one that starts on its own; repression
    raises everyone's threshold by ``repression_step`` (the cost of acting, which then
    fades); discrediting calls the movement's evidence false to a share
    ``discredit_reach`` of the community.
    """
    params = decision_maker.params
    if choice == "delay":
        for campaign in campaigns or ():
            campaign.pressure *= params.delay_fade
            for index in campaign.apart:
                campaign.apart[index] *= params.delay_fade
    elif choice == "coopt":
        attempt_cooptation(people, governance, params.cooptation_strength, leadership, rng)
    elif choice == "misinform":
        information.launch_false_claim(
            people, info.seed_share * params.misinformation_boost, info, rng
        )
    elif choice == "discredit":
        information.discredit_evidence(people, info, rng)
    else:
        decision_maker.repression += params.repression_step


def attempt_cooptation(
    people: People,
    governance: Governance,
    strength: float,
    params: LeadershipParams,
    rng: np.random.Generator,
) -> int:
    """A decision-maker tries to co-opt one leader; returns their row, or -1 on failure.

    Leaders are targeted with weight ``cooptation_targeting`` plus their drift: drifted
    leaders first. Success is likelier when leaders are few (each
    is known and matters: fully exposed below ``cooptation_exposure`` leaders; drift
    adds ``drift_exposure`` times the leader's aim gap) and unaccountable: elected
    leaders are ``elected_accountability`` harder to win over when term limits rotate
    them every ``full_rotation_terms`` terms or sooner, ``unrotated_accountability`` of
    that without any limit (Michels: an election nobody contests holds little to
    account); appointed or informal leaders are the easiest (nobody below can remove
    them).
    """
    leaders = np.flatnonzero(people.is_leader & ~people.coopted)
    if leaders.size == 0:
        return -1
    weights = params.cooptation_targeting + people.aim_gap[leaders]
    target = int(rng.choice(leaders, p=weights / weights.sum()))
    accountable = 0.0
    if people.selection[target] == ELECTED:
        rotation = 0.0 if math.isinf(governance.term_limit) else min(
            1.0, params.full_rotation_terms / governance.term_limit
        )
        kept = params.unrotated_accountability
        accountable = params.elected_accountability * (kept + (1 - kept) * rotation)
    exposure = min(
        1.0,
        params.cooptation_exposure / leaders.size
        + params.drift_exposure * people.aim_gap[target],
    )
    chance = strength * (1 - accountable) * exposure
    if rng.random() < chance:
        people.coopted[target] = True
        return target
    return -1
