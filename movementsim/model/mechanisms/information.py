"""True and false claims: the movement's evidence, the decision-maker's falsehoods, and
who can tell them apart.

Two kinds of claim circulate. **False claims** (rumours, planted stories) follow
Tambuscio, Ruffo, Flammini & Menczer (2015): everyone is susceptible (S), a believer (B)
or a fact-checker (F) about the current false claim. Each week a susceptible person
with n_B believing and n_F fact-checking ties becomes a believer with probability

    beta * n_B (1 + alpha) / (n_B (1 + alpha) + n_F (1 - alpha))

and a fact-checker with probability

    beta * n_F (1 - alpha) / (n_B (1 + alpha) + n_F (1 - alpha)),

where beta is the spreading rate and alpha the claim's credibility to them: the
scenario's gullibility scaled down by their discernment and by their scepticism. A
believer checks the claim and turns fact-checker with probability p_verify times their
doubt (discernment, or failing it scepticism); believers and fact-checkers forget back
to susceptible with probability p_forget. With no scepticism this is Tambuscio's model.

The **movement's evidence** about the problem (its research, testimony, the records) is
true. When the movement presents it (``evidence_rate`` above 0) leaders hold it and
present it to the members of their teams, who accept or reject it, and it passes along
ties by the same dynamics with the roles turned round: accepting is now the correct
side. Stories (a media campaign, or the decision-maker's response) call it false.
Telling true from false needs discernment, not doubt: a person of discernment d and
scepticism s judges a true claim credible with probability (1 - s)(1 + d) / 2. With no
discernment it is a coin toss, so the undiscerning err both ways, believing false claims
and rejecting true ones (cynicism); scepticism lowers belief in both (Guess et al. 2020
measure discernment as belief in true claims minus belief in false ones; Modirrousta-
Galian & Higham 2023 find that many "inoculation" trainings raise scepticism rather than
discernment). Trust in the source matters: a leader whose aims have drifted from
members' is believed less, and a co-opted leader repeats the decision-maker's line.

The shared narrative holds on these beliefs: believing a false claim or rejecting the
movement's evidence erodes alignment by ``trust_erosion`` a week; accepting the
evidence restores ``evidence_alignment`` of the gap to full alignment.
"""

from __future__ import annotations

import numpy as np

from movementsim.model.agents import (
    ACCEPTS,
    ACTIVE,
    BELIEVER,
    FACT_CHECKER,
    NO_VIEW,
    REJECTS,
    SUSCEPTIBLE,
    People,
)
from movementsim.model.network import TieNetwork
from movementsim.model.parameters import InformationParams


def true_claim_credibility(people: People) -> np.ndarray:
    """Each person's chance of judging a true claim credible: (1 - s)(1 + d) / 2."""
    return (1 - people.scepticism) * (1 + people.discernment) / 2


def doubt(people: People) -> np.ndarray:
    """Each person's readiness to question what they are told: discernment, or failing
    it blanket scepticism: d + s (1 - d)."""
    return people.discernment + people.scepticism * (1 - people.discernment)


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


def _take_sides(
    ties: TieNetwork,
    right: np.ndarray,
    wrong: np.ndarray,
    credibility: np.ndarray,
    spreading_rate: float,
    draw: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Tambuscio's exposure step: with n_R ties on the ``right`` side and n_W on the
    ``wrong`` one, and ``credibility`` alpha of the wrong side, the chances of joining
    the wrong side and the right side, applied to one uniform ``draw`` each."""
    n_wrong = ties.count_among_ties(wrong)
    n_right = ties.count_among_ties(right)
    pull_wrong = n_wrong * (1 + credibility)
    pull_right = n_right * (1 - credibility)
    total = pull_wrong + pull_right
    p_wrong = np.divide(spreading_rate * pull_wrong, total, out=np.zeros_like(total),
                        where=total > 0)
    p_right = np.divide(spreading_rate * pull_right, total, out=np.zeros_like(total),
                        where=total > 0)
    joins_wrong = draw < p_wrong
    joins_right = ~joins_wrong & (draw < p_wrong + p_right)
    return joins_wrong, joins_right


def spread_false_claims(
    ties: TieNetwork, people: People, params: InformationParams, rng: np.random.Generator
) -> None:
    """One week of susceptible-believer-fact-checker dynamics (all transitions at once)."""
    belief = people.belief
    alpha = params.gullibility * (1 - people.discernment) * (1 - people.scepticism)
    draw = rng.random(people.size)
    believes, checks = _take_sides(
        ties, belief == FACT_CHECKER, belief == BELIEVER, alpha, params.spreading_rate, draw
    )
    susceptible = belief == SUSCEPTIBLE
    believer = belief == BELIEVER
    checker = belief == FACT_CHECKER
    forget = rng.random(people.size) < params.forgetting_rate
    verify = rng.random(people.size) < params.fact_check_rate * doubt(people)

    new = belief.copy()
    new[susceptible & believes] = BELIEVER
    new[susceptible & checks] = FACT_CHECKER
    new[believer & verify] = FACT_CHECKER
    new[believer & ~verify & forget] = SUSCEPTIBLE
    new[checker & forget] = SUSCEPTIBLE
    people.belief[:] = new

    believing = people.belief == BELIEVER
    people.alignment[believing] = np.maximum(
        people.alignment[believing] - params.trust_erosion, 0.0
    )


def evidence_in_play(people: People) -> bool:
    """Whether anyone holds a view of the movement's evidence (if not, the week draws no
    random numbers for it: the single-false-claim model stays as it was)."""
    return bool((people.evidence != NO_VIEW).any())


def present_evidence(
    people: People, params: InformationParams, rng: np.random.Generator
) -> None:
    """Leaders hold the movement's evidence (co-opted ones reject it) and present it to
    the members of their teams who hold no view, each with chance ``evidence_rate`` a
    week. A member accepts it with their true-claim credibility times their trust in the
    leader (one minus the leader's aim gap), and otherwise rejects it."""
    leading = people.is_leader & ~people.coopted
    people.evidence[leading] = ACCEPTS
    people.evidence[people.is_leader & people.coopted] = REJECTS
    leader = people.team_of
    on_team = leader >= 0
    taught = np.zeros(people.size, dtype=bool)
    taught[on_team] = leading[leader[on_team]]
    taught &= (people.evidence == NO_VIEW) & (rng.random(people.size) < params.evidence_rate)
    rows = np.flatnonzero(taught)
    trust = 1 - people.aim_gap[leader[rows]]
    accepts = rng.random(rows.size) < true_claim_credibility(people)[rows] * trust
    people.evidence[rows] = np.where(accepts, ACCEPTS, REJECTS)


def spread_evidence(
    ties: TieNetwork, people: People, params: InformationParams, rng: np.random.Generator
) -> None:
    """One week of word of mouth about the evidence: Tambuscio's dynamics with accepting
    as the right side, the wrong side's credibility 1 - 2 (1 - s)(1 + d) / 2; rejecters
    check the record and accept it with chance p_verify times discernment without doubt,
    d (1 - s); views fade back to none with p_forget. Then the narrative: rejecting the
    evidence erodes alignment, accepting it restores some."""
    evidence = people.evidence
    rejection_credibility = 1 - 2 * true_claim_credibility(people)
    draw = rng.random(people.size)
    rejects, accepts = _take_sides(
        ties, evidence == ACCEPTS, evidence == REJECTS, rejection_credibility,
        params.spreading_rate, draw,
    )
    no_view = evidence == NO_VIEW
    accepting = evidence == ACCEPTS
    rejecting = evidence == REJECTS
    forget = rng.random(people.size) < params.forgetting_rate
    verify = rng.random(people.size) < (
        params.fact_check_rate * people.discernment * (1 - people.scepticism)
    )

    new = evidence.copy()
    new[no_view & accepts] = ACCEPTS
    new[no_view & rejects] = REJECTS
    new[rejecting & verify] = ACCEPTS
    new[rejecting & ~verify & forget] = NO_VIEW
    new[accepting & forget] = NO_VIEW
    people.evidence[:] = new

    rejecting = people.evidence == REJECTS
    people.alignment[rejecting] = np.maximum(
        people.alignment[rejecting] - params.trust_erosion, 0.0
    )
    accepting = people.evidence == ACCEPTS
    people.alignment[accepting] += params.evidence_alignment * (1 - people.alignment[accepting])


def discredit_evidence(
    people: People, params: InformationParams, rng: np.random.Generator
) -> np.ndarray:
    """A story calls the movement's evidence false: a share ``discredit_reach`` of people
    hear it, and each who does not already reject the evidence comes to reject it unless
    they judge the evidence credible (their true-claim credibility). Evidence the movement
    does not present (``evidence_rate`` 0) cannot be discredited: nobody turns, and no
    random number is drawn. Returns who turned."""
    if params.evidence_rate == 0:
        return np.zeros(people.size, dtype=bool)
    heard = (people.evidence != REJECTS) & (rng.random(people.size) < params.discredit_reach)
    rows = np.flatnonzero(heard)
    turned = rows[rng.random(rows.size) >= true_claim_credibility(people)[rows]]
    people.evidence[turned] = REJECTS
    mask = np.zeros(people.size, dtype=bool)
    mask[turned] = True
    return mask


# Where a person stands on the two kinds of claim, as pictures colour it.
NO_VIEW_YET, ONLY_TRUE_VIEWS, BELIEVES_FALSE, REJECTS_TRUE, ERRS_BOTH_WAYS = 0, 1, 2, 3, 4


def truth_view(people: People) -> np.ndarray:
    """Each person's stand on true and false claims: ERRS_BOTH_WAYS while believing the
    current false claim and rejecting the movement's evidence; BELIEVES_FALSE or
    REJECTS_TRUE while doing one of them; otherwise ONLY_TRUE_VIEWS if they accept the
    evidence or have checked the false claim; otherwise NO_VIEW_YET."""
    believes_false = people.belief == BELIEVER
    rejects_true = people.evidence == REJECTS
    view = np.full(people.size, NO_VIEW_YET, dtype=np.int8)
    view[(people.evidence == ACCEPTS) | (people.belief == FACT_CHECKER)] = ONLY_TRUE_VIEWS
    view[rejects_true] = REJECTS_TRUE
    view[believes_false] = BELIEVES_FALSE
    view[believes_false & rejects_true] = ERRS_BOTH_WAYS
    return view
