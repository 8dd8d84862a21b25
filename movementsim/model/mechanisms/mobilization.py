"""Mobilization: who hears a call to act, and who then joins (Granovetter 1978).

A call travels three ways: broadcast to members (mobilizing), down leaders' formal
lines (a leader asks their whole team) and by word of mouth along ties, one hop a
week. Those asked directly (broadcast or team) need less social proof to join. Whoever
has heard the call joins when the share of their ties already acting reaches their
effective threshold. With no
structure, a complete network and every other effect at its neutral value this is
exactly Granovetter's threshold model (tests/test_mechanisms.py checks his example).
"""

from __future__ import annotations

import numpy as np

from movementsim.model.agents import People
from movementsim.model.network import TieNetwork

# Engagement and grievance at these values leave a threshold as drawn; above them
# people need fewer acting ties to join, below them more.
# Being asked directly (by one's team leader, or by a broadcast call) lowers the share of
# acting ties one needs to see: our assumption, after the weight organizers put on "the
# ask" (McAlevey 2016; Han 2014).
ASK_EFFECT = 0.15
BROADCAST_REACH = 0.7  # share of members a pure-mobilizing broadcast call reaches
NEUTRAL_ENGAGEMENT = 0.5
NEUTRAL_GRIEVANCE = 0.5
GRIEVANCE_WEIGHT = 0.5


def effective_threshold(people: People, cost_of_acting: float) -> np.ndarray:
    """Share of one's ties that must be acting before one joins.

    The drawn threshold, lowered one-for-one by engagement above neutral and by half as
    much by grievance above neutral (committed, aggrieved people need less social proof),
    raised by fatigue and by the cost of repression (Epstein 2002: risk deters).
    """
    return (
        people.threshold
        - (people.engagement - NEUTRAL_ENGAGEMENT)
        - GRIEVANCE_WEIGHT * (people.grievance - NEUTRAL_GRIEVANCE)
        + people.fatigue
        + cost_of_acting
    )


def free_this_week(people: People, rng: np.random.Generator) -> np.ndarray:
    """Who can come this week at all: each person is free with probability equal to their
    availability (work shifts, care duties and health keep the others away)."""
    return rng.random(people.size) < people.availability


def threshold_cascade(
    ties: TieNetwork,
    informed: np.ndarray,
    threshold: np.ndarray,
    already_acting: np.ndarray | None = None,
) -> np.ndarray:
    """Granovetter's cascade: informed people join while their tie share clears their threshold.

    Rounds repeat until nobody new joins (the equilibrium of the threshold model); once
    acting, a person stays acting for this action.
    """
    acting = np.zeros(ties.n, dtype=bool) if already_acting is None else already_acting.copy()
    while True:
        share = ties.share_among_ties(acting)
        joining = informed & ~acting & (share >= threshold - 1e-12)
        if not joining.any():
            return acting
        acting |= joining


def pass_the_word(
    ties: TieNetwork, people: People, informed: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """One week of word of mouth: each informed tie passes the call on as engaged as they are.

    The chance to hear is 1 - exp(-sum of informed ties' engagement): engaged people talk
    about the action, bystanders rarely do.
    """
    exposure = ties.count_among_ties(informed * people.engagement)
    hears = rng.random(ties.n) < -np.expm1(-exposure)
    return informed | hears


def team_calls(people: People, informed: np.ndarray) -> np.ndarray:
    """Formal lines: the members whose (informed, not co-opted) leader asks them to come."""
    team = people.team_of
    on_team = team >= 0
    telling = informed & people.is_leader & ~people.coopted
    told = np.zeros_like(informed)
    told[on_team] = telling[team[on_team]]
    return told
