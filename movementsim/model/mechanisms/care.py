"""Fatigue and regenerative support: acting tires people, care work helps them recover.

Our own modelling assumption: the project's references give no source for fatigue,
burnout or care work.
"""

from __future__ import annotations

import numpy as np

from movementsim.model.agents import People
from movementsim.model.network import TieNetwork
from movementsim.model.parameters import CareParams, StrategyParams


def fatigue_and_care(
    people: People, ties: TieNetwork, strategy: StrategyParams, params: CareParams
) -> None:
    """Fatigue fades, faster for those whom care work reaches; burnout lowers engagement.

    Fatigue fades by ``base_recovery`` a week, plus ``care_recovery`` times the strategy's
    ``care_share`` for members care reaches: those on a team, leaders, and people with a
    leader among their ties (regenerative support needs someone to provide it). People
    at or above ``burnout`` lose ``burnout_disengagement`` of engagement a week.
    """
    caring = people.is_leader & ~people.coopted
    supported = (people.team_of >= 0) | caring | (ties.count_among_ties(caring) > 0)
    recovery = params.base_recovery + params.care_recovery * strategy.care_share * supported
    people.fatigue *= 1 - np.minimum(recovery, 1.0)
    people.lower_engagement(people.fatigue >= params.burnout, params.burnout_disengagement)
