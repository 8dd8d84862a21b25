"""Fatigue and regenerative support: acting tires people, care work helps them recover.

Our own modelling assumption: the project's references give no source for fatigue,
burnout or care work.
"""

from __future__ import annotations

from movementsim.model.agents import People
from movementsim.model.network import TieNetwork
from movementsim.model.parameters import StrategyParams

BASE_RECOVERY = 0.04
CARE_RECOVERY = 0.25
BURNOUT = 0.8
BURNOUT_DISENGAGEMENT = 0.03


def fatigue_and_care(people: People, ties: TieNetwork, params: StrategyParams) -> None:
    """Fatigue fades, faster for those whom care work reaches; burnout lowers engagement.

    Care reaches members on a team or with a leader among their ties (regenerative
    support needs someone to provide it).
    """
    caring = people.is_leader & ~people.coopted
    supported = (people.team_of >= 0) | caring | (ties.count_among_ties(caring) > 0)
    recovery = BASE_RECOVERY + CARE_RECOVERY * params.care_share * supported
    people.fatigue *= 1 - recovery
    people.lower_engagement(people.fatigue >= BURNOUT, BURNOUT_DISENGAGEMENT)


