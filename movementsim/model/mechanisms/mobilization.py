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
from movementsim.model.parameters import MobilizationParams


def effective_threshold(
    people: People,
    cost_of_acting: float,
    params: MobilizationParams,
    grievance: np.ndarray | None = None,
) -> np.ndarray:
    """Share of one's ties that must be acting before one joins.

    The drawn threshold, lowered by engagement and grievance above their neutral values
    (committed, aggrieved people need less social proof; by ``engagement_weight`` and
    ``grievance_weight``), raised by fatigue (by ``fatigue_weight``) and by the cost of
    repression (Epstein
    2002: risk deters). With the neutral values and no fatigue or repression it is the
    threshold as drawn: Granovetter's model. ``grievance`` is about the issue acted on
    (default: the community's shared problem, ``people.grievance``).
    """
    grievance = people.grievance if grievance is None else grievance
    return (
        people.threshold
        - params.engagement_weight * (people.engagement - params.neutral_engagement)
        - params.grievance_weight * (grievance - params.neutral_grievance)
        + params.fatigue_weight * people.fatigue
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
    ties: TieNetwork,
    people: People,
    informed: np.ndarray,
    params: MobilizationParams,
    rng: np.random.Generator,
) -> np.ndarray:
    """One week of word of mouth: each informed tie passes the call on as engaged as they are.

    The chance to hear is 1 - exp(-word_of_mouth x the sum of informed ties' engagement):
    engaged people talk about the action, bystanders rarely do.
    """
    exposure = params.word_of_mouth * ties.count_among_ties(informed * people.engagement)
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
