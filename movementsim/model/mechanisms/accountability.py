"""Accountability: leaders' aims drift with time in office; elections and voice check them.

Leaders' aims drift from members' (the iron law of oligarchy, Michels 1911), faster once
co-opted, and their teams lose engagement for it. Every decision gives some people a say
and shuts others out; where informal leaders take part, the best-connected capture the
say (Freeman 1972); members who elected the leaders keep a voice through their vote.
"""

from __future__ import annotations

import numpy as np

from movementsim.model.agents import ACTIVE, People
from movementsim.model.mechanisms.decisions import ASSEMBLY_RULES
from movementsim.model.network import TieNetwork
from movementsim.model.parameters import AccountabilityParams
from movementsim.model.structure import ELECTED, INFORMAL


def drift_and_accountability(people: People, params: AccountabilityParams) -> None:
    """A week in office: leaders' aims drift, and their teams feel it.

    Drift grows by ``aim_drift`` a week (``coopted_drift`` once co-opted); team members of
    a drifted leader lose engagement, and those of a co-opted leader lose alignment with
    the plan.
    """
    leaders = people.is_leader
    people.tenure[leaders] += 1
    drift = np.where(people.coopted, params.coopted_drift, params.aim_drift)
    people.aim_gap[leaders] = np.minimum(people.aim_gap[leaders] + drift[leaders], 1.0)
    on_team = people.team_of >= 0
    team_leader = people.team_of[on_team]
    people.lower_engagement(on_team, params.drift_disengagement * people.aim_gap[team_leader])
    people.alignment[on_team] -= params.coopted_misalignment * people.coopted[team_leader]
    np.clip(people.alignment, 0, 1, out=people.alignment)


def record_decision(
    people: People,
    ties: TieNetwork,
    deciders: np.ndarray,
    scope: np.ndarray,
    rule: str,
    params: AccountabilityParams,
) -> None:
    """Who had a say in a decision, and the cost to engaged members who had none.

    ``deciders`` is the mask of people who formally took part, under ``rule``. Where
    informal leaders take part in an assembly (consensus or majority), the best-connected
    capture the decision (Freeman's tyranny of structurelessness): informal leaders get
    full say, their friends some, everyone else a token one. Otherwise (no informal
    leader there, or a board or single leader deciding) every decider has full say.
    Members in scope who did not decide still have a voice through the leaders they
    elected: as much as the share of
    leaders who were elected, weakened by how far those leaders have drifted. Engaged
    members in scope lose engagement in proportion to the voice they lacked.
    """
    say = np.zeros(people.size)
    voice = np.zeros(people.size)
    elite = deciders & people.is_leader & (people.selection == INFORMAL)
    if rule in ASSEMBLY_RULES and elite.any():
        friends = deciders & ~elite & (ties.count_among_ties(elite) > 0)
        say[deciders] = params.capture_say
        say[friends] = params.capture_friend_say
        say[elite] = 1.0
        voice[deciders] = params.capture_voice
        voice[friends] = params.capture_friend_voice
        voice[elite] = 1.0
    else:
        say[deciders] = 1.0
        voice[deciders] = 1.0
    elected = people.is_leader & (people.selection == ELECTED)
    if elected.any():
        elected_share = elected.sum() / people.is_leader.sum()
        drift = people.aim_gap[elected].mean()
        electorate = scope & people.members & ~deciders
        say[electorate] = params.electorate_say * elected_share
        voice[electorate] = params.electorate_voice * elected_share * (1 - drift)
    if say.sum() > 0:
        people.influence += say / say.sum()
    engaged = scope & (people.engagement >= ACTIVE)
    people.lower_engagement(engaged, params.shut_out_cost * (1 - voice[engaged]))
