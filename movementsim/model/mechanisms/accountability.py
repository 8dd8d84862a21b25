"""Accountability: leaders' aims drift with time in office; elections and voice check them.

Leaders' aims drift from members' (the iron law of oligarchy, Michels 1911), faster once
co-opted, and their teams lose engagement for it. Every decision gives some people a say
and shuts others out; without formal structure the best-connected capture the say
(Freeman 1972).
"""

from __future__ import annotations

import numpy as np

from movementsim.model.agents import ACTIVE, People
from movementsim.model.network import TieNetwork
from movementsim.model.structure import Governance

AIM_DRIFT_PER_WEEK = 0.004  # Michels: distance from members grows with time in office
COOPTED_DRIFT_PER_WEEK = 0.02
DRIFT_DISENGAGEMENT = 0.012  # weekly engagement loss on a team, per unit of leader drift
COOPTED_MISALIGNMENT = 0.03  # weekly alignment loss on a co-opted leader's team
SHUT_OUT_COST = 0.04  # engagement an engaged member loses per decision they had no voice in
INFLUENCE_MEMORY = 0.98  # weekly decay of the record of who has had a say


def drift_and_accountability(people: People) -> None:
    """A week in office: leaders' aims drift, and their teams feel it.

    Drift grows with tenure (faster once co-opted); team members of a drifted leader
    lose engagement, and those of a co-opted leader lose alignment with the plan.
    """
    leaders = people.is_leader
    people.tenure[leaders] += 1
    drift = np.where(people.coopted, COOPTED_DRIFT_PER_WEEK, AIM_DRIFT_PER_WEEK)
    people.aim_gap[leaders] = np.minimum(people.aim_gap[leaders] + drift[leaders], 1.0)
    on_team = people.team_of >= 0
    team_leader = people.team_of[on_team]
    people.lower_engagement(on_team, DRIFT_DISENGAGEMENT * people.aim_gap[team_leader])
    people.alignment[on_team] -= COOPTED_MISALIGNMENT * people.coopted[team_leader]
    np.clip(people.alignment, 0, 1, out=people.alignment)


def record_decision(
    people: People,
    ties: TieNetwork,
    governance: Governance,
    deciders: np.ndarray,
    scope: np.ndarray,
) -> None:
    """Who had a say in a decision, and the cost to engaged members who had none.

    ``deciders`` is the mask of people who formally took part. With informal leadership
    the best-connected capture the decision (Freeman's tyranny of structurelessness):
    informal leaders get full say, their friends some, everyone else a token one. With
    elected leaders, members who did not decide still had a voice through their vote,
    weakened by how far their leaders have drifted; appointed leaders give them none.
    Engaged members in scope lose engagement in proportion to the voice they lacked.
    """
    say = np.zeros(people.size)
    voice = np.zeros(people.size)
    if governance.leader_selection == "informal":
        elite = deciders & people.is_leader
        friends = deciders & ~elite & (ties.count_among_ties(elite) > 0)
        say[deciders] = 0.05
        say[friends] = 0.3
        say[elite] = 1.0
        voice[deciders] = 0.3
        voice[friends] = 0.6
        voice[elite] = 1.0
    else:
        say[deciders] = 1.0
        voice[deciders] = 1.0
        if governance.leader_selection == "elected":
            leaders = people.is_leader
            drift = people.aim_gap[leaders].mean() if leaders.any() else 0.0
            electorate = scope & people.members & ~deciders
            say[electorate] = 0.02
            voice[electorate] = 0.6 * (1 - drift)
    if say.sum() > 0:
        people.influence += say / say.sum()
    engaged = scope & (people.engagement >= ACTIVE)
    people.lower_engagement(engaged, SHUT_OUT_COST * (1 - voice[engaged]))


