"""Membership: people join through their ties, and engagement slowly ebbs.

What sustains commitment (a leader role, a team, active ties): Andrews et al. (2010)
and McAlevey (2016); the broad asks of mobilizing: Han (2014).
"""

from __future__ import annotations

import numpy as np

from movementsim.model.agents import ACTIVE, SUPPORTER, People
from movementsim.model.network import TieNetwork
from movementsim.model.parameters import MembershipParams, StrategyParams


def recruit_and_drift(
    people: People,
    ties: TieNetwork,
    strategy: StrategyParams,
    params: MembershipParams,
    momentum: float,
    rng: np.random.Generator,
) -> None:
    """Engaged members draw in their ties; everyone's engagement slowly ebbs.

    A bystander with k active ties joins (reaches the supporter rung) with probability
    1 - (1 - r)^k, if their life allows them to be a member at all; r is the recruitment
    rate, raised by momentum after wins. Mobilizing's broad asks add a chance
    r x (1 - organizing_share) x grievance, ties or not. A new member starts
    ``new_member_lift`` times their grievance above the supporter rung, never above what
    their life allows. Engagement ebbs by ``drift_away`` of itself a week, at a pace
    slowed by holding a leader role, being on a team, active ties and grievance; those
    who drift below the supporter rung have left.
    """
    active_ties = ties.count_among_ties(people.engagement >= ACTIVE)
    rate = min(strategy.recruitment_rate * (1 + momentum), 0.99)
    through_ties = -np.expm1(np.log1p(-rate) * active_ties)
    # Mobilizing's broad asks (lists, media, rallies) reach bystanders with no active tie,
    # the more so the harder the problem hits them (Han 2014: transactional recruitment).
    broad_ask = rate * (1 - strategy.organizing_share) * people.grievance
    chance = 1 - (1 - through_ties) * (1 - broad_ask)
    joins = (
        (people.engagement < SUPPORTER)
        & (people.availability >= SUPPORTER)
        & people.base  # only people some organization organizes join one
        & (rng.random(people.size) < chance)
    )
    people.engagement[joins] = np.minimum(
        SUPPORTER + params.new_member_lift * people.grievance[joins], people.availability[joins]
    )
    # Engagement ebbs in proportion to itself, faster for those the problem hits less.
    # What sustains commitment (Andrews et al. 2010; McAlevey 2016): holding a leader role,
    # regular contact in a team, and ties who are active.
    role = np.where(
        people.is_leader,
        params.leader_drift_pace,
        np.where(people.team_of >= 0, params.team_drift_pace, 1.0),
    )
    pace = (
        role
        * (1 - params.active_ties_shield * ties.share_among_ties(people.engagement >= ACTIVE))
        * np.maximum(params.drift_base - params.grievance_shield * people.grievance, 0.0)
    )
    people.lower_engagement(slice(None), params.drift_away * people.engagement * pace)
