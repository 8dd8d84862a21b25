"""False claims and fact-checking, after Tambuscio, Ruffo, Flammini & Menczer (2015).

Everyone is susceptible (S), a believer (B) or a fact-checker (F) about the current
false claim. Each week a susceptible person with n_B believing and n_F fact-checking
ties becomes a believer with probability

    beta * n_B (1 + alpha) / (n_B (1 + alpha) + n_F (1 - alpha))

and a fact-checker with probability

    beta * n_F (1 - alpha) / (n_B (1 + alpha) + n_F (1 - alpha)),

where beta is the spreading rate and alpha the claim's credibility to them (here the
scenario's gullibility scaled down by their discernment). A believer checks the claim
and turns fact-checker with probability p_verify times their discernment; believers
and fact-checkers forget back to susceptible with probability p_forget. Believing a
false claim erodes alignment with the shared narrative by ``trust_erosion`` a week
(trust fails).
"""

from __future__ import annotations

import numpy as np

from movementsim.model.agents import ACTIVE, BELIEVER, FACT_CHECKER, SUSCEPTIBLE, People
from movementsim.model.network import TieNetwork
from movementsim.model.parameters import InformationParams


def launch_false_claim(
    people: People, share: float, params: InformationParams, rng: np.random.Generator
) -> np.ndarray:
    """Seed a new false claim: a share of susceptible people hear it first and believe it.

    Leaders and active members who can tell true from false (discernment above
    ``checker_discernment``) start out as fact-checkers: they are the community's defence.
    """
    susceptible = people.belief == SUSCEPTIBLE
    seeded = susceptible & (rng.random(people.size) < share)
    people.belief[seeded] = BELIEVER
    checkers = (
        (people.belief == SUSCEPTIBLE)
        & (people.discernment > params.checker_discernment)
        & (people.is_leader | (people.engagement >= ACTIVE))
    )
    people.belief[checkers] = FACT_CHECKER
    return seeded


def spread_false_claims(
    ties: TieNetwork, people: People, params: InformationParams, rng: np.random.Generator
) -> None:
    """One week of susceptible-believer-fact-checker dynamics (all transitions at once)."""
    belief = people.belief
    n_believers = ties.count_among_ties(belief == BELIEVER)
    n_checkers = ties.count_among_ties(belief == FACT_CHECKER)
    alpha = params.gullibility * (1 - people.discernment)
    pull_b = n_believers * (1 + alpha)
    pull_f = n_checkers * (1 - alpha)
    total = pull_b + pull_f
    p_believe = np.divide(params.spreading_rate * pull_b, total, out=np.zeros_like(total),
                          where=total > 0)
    p_check = np.divide(params.spreading_rate * pull_f, total, out=np.zeros_like(total),
                        where=total > 0)

    draw = rng.random(people.size)
    susceptible = belief == SUSCEPTIBLE
    believer = belief == BELIEVER
    checker = belief == FACT_CHECKER
    forget = rng.random(people.size) < params.forgetting_rate
    verify = rng.random(people.size) < params.fact_check_rate * people.discernment

    new = belief.copy()
    new[susceptible & (draw < p_believe)] = BELIEVER
    new[susceptible & (draw >= p_believe) & (draw < p_believe + p_check)] = FACT_CHECKER
    new[believer & verify] = FACT_CHECKER
    new[believer & ~verify & forget] = SUSCEPTIBLE
    new[checker & forget] = SUSCEPTIBLE
    people.belief[:] = new

    believing = people.belief == BELIEVER
    people.alignment[believing] = np.maximum(
        people.alignment[believing] - params.trust_erosion, 0.0
    )
