"""Organizing work between actions: relationships, training, care, recruitment.

Organizing (one-on-ones, training, developing leaders) builds lasting capacity;
mobilizing (broadcast calls) reaches many people shallowly (Han 2014; McAlevey 2016).
The strategy mix decides how leaders spend their week.
"""

from __future__ import annotations

import numpy as np

from movementsim.agents import ACTIVE, SUPPORTER, People
from movementsim.network import TieNetwork, other_group, random_in_group
from movementsim.parameters import StrategyParams

ONE_ON_ONE_ENGAGEMENT = 0.3  # share of the distance to full engagement one conversation closes
ONE_ON_ONE_ALIGNMENT = 0.15
OUTREACH = 0.5  # of conversations within one's subcommunity, the share with someone new
ONE_ON_ONE_FATIGUE = 0.01  # organizing is work: each conversation tires the organizer a little
TRAINEES_PER_LEADER = 7  # members a leader can train in a week, with all their time
DEVELOPMENT_BOOST = 0.05  # engagement a trained member gains: leaders develop leaders
BASE_RECOVERY = 0.04
CARE_RECOVERY = 0.25
BURNOUT = 0.8
BURNOUT_DISENGAGEMENT = 0.03
DRIFT_AWAY = 0.015  # weekly share of engagement lost to the rest of life


def organizing_time(params: StrategyParams) -> float:
    """Share of leaders' time left for one-on-ones and training.

    The strategy mix splits effort between organizing and mobilizing, and care work
    (regenerative support) takes its own share first.
    """
    return params.organizing_share * (1 - params.care_share)


def one_on_ones(
    people: People, ties: TieNetwork, params: StrategyParams, rng: np.random.Generator
) -> None:
    """Leaders hold one-on-ones: each builds a tie and raises engagement and alignment.

    A share ``bridging_share`` of conversations is held with someone from another
    subcommunity (organizing brings people together across lines); of the rest, half
    reach someone new in the leader's own subcommunity (outreach) and half deepen one
    of the leader's existing ties. Each conversation adds a little to the organizer's
    fatigue.
    """
    leaders = np.flatnonzero(people.is_leader & ~people.coopted)
    if leaders.size == 0:
        return
    counts = rng.poisson(params.one_on_ones_per_leader * organizing_time(params), leaders.size)
    hosts = np.repeat(leaders, counts)
    if hosts.size == 0:
        return
    groups = people.subcommunity
    draw = rng.random(hosts.size)
    across = draw < params.bridging_share
    outreach = ~across & (draw < params.bridging_share + (1 - params.bridging_share) * OUTREACH)
    partners = _random_tie(ties, hosts, rng)
    strangers = across | outreach | (partners < 0)
    target_group = np.where(across, other_group(groups, hosts, rng), groups[hosts])
    partners[strangers] = random_in_group(groups, target_group[strangers], rng)
    talking = partners != hosts  # an organizer drawn to talk with themself skips a slot
    hosts, partners = hosts[talking], partners[talking]
    gain = ONE_ON_ONE_ENGAGEMENT * (0.5 + people.skill[hosts])
    gap = np.maximum(people.availability[partners] - people.engagement[partners], 0.0)
    np.add.at(people.engagement, partners, gain * gap)
    np.minimum(people.engagement, people.availability, out=people.engagement)
    np.add.at(people.alignment, partners, ONE_ON_ONE_ALIGNMENT * (1 - people.alignment[partners]))
    np.clip(people.alignment, 0, 1, out=people.alignment)
    np.add.at(people.fatigue, hosts, ONE_ON_ONE_FATIGUE)
    np.minimum(people.fatigue, 1.0, out=people.fatigue)
    ties.add_ties(hosts, partners)


def _random_tie(ties: TieNetwork, people: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One tie of each person, uniformly at random (-1 for someone with no ties)."""
    adjacency = ties.adjacency
    start = adjacency.indptr[people]
    degree = adjacency.indptr[people + 1] - start
    pick = start + (rng.random(people.size) * degree).astype(np.int64)
    return np.where(degree > 0, adjacency.indices[np.minimum(pick, adjacency.nnz - 1)], -1)


def train(
    people: People, ties: TieNetwork, params: StrategyParams, rng: np.random.Generator
) -> None:
    """Leaders train members: skill and discernment rise, and trainees step up the ladder.

    A leader trains members of their team, or, with no formal lines, their own ties.
    """
    leading = people.is_leader & ~people.coopted
    if not leading.any():
        return
    capacity = TRAINEES_PER_LEADER * organizing_time(params)
    on_team = people.team_of >= 0
    team_size = np.bincount(people.team_of[on_team], minlength=people.size)
    chance = np.zeros(people.size)
    trained_by_team = on_team.copy()
    trained_by_team[on_team] &= leading[people.team_of[on_team]]
    sizes = team_size[people.team_of[trained_by_team]]
    chance[trained_by_team] = np.minimum(1.0, capacity / np.maximum(sizes, 1))
    # Without a team, a leader trains their own ties.
    untied = leading & (team_size == 0)
    if untied.any():
        degree = ties.degree
        per_tie = np.divide(capacity, degree, out=np.zeros(people.size), where=degree > 0)
        reach = ties.adjacency @ (untied * per_tie)
        chance = np.maximum(chance, np.minimum(1.0, reach))
    trained = (rng.random(people.size) < chance) & people.members & ~people.is_leader
    rate = params.training_rate
    people.skill[trained] += rate * (1 - people.skill[trained])
    people.discernment[trained] += rate * (1 - people.discernment[trained])
    people.raise_engagement(trained, DEVELOPMENT_BOOST)


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


def recruit_and_drift(
    people: People, ties: TieNetwork, params: StrategyParams, momentum: float,
    rng: np.random.Generator,
) -> None:
    """Engaged members draw in their ties; everyone's engagement slowly ebbs.

    A bystander with k active ties joins (reaches the supporter rung) with probability
    1 - (1 - r)^k, if their life allows them to be a member at all; r is the recruitment
    rate, raised by momentum after wins. Mobilizing's broad asks add a chance
    r x (1 - organizing_share) x grievance, ties or not.
    Engagement ebbs in proportion to itself unless organizing renews it; those who drift
    below the supporter rung have left.
    """
    active_ties = ties.count_among_ties(people.engagement >= ACTIVE)
    rate = min(params.recruitment_rate * (1 + momentum), 0.99)
    through_ties = -np.expm1(np.log1p(-rate) * active_ties)
    # Mobilizing's broad asks (lists, media, rallies) reach bystanders with no active tie,
    # the more so the harder the problem hits them (Han 2014: transactional recruitment).
    broad_ask = rate * (1 - params.organizing_share) * people.grievance
    chance = 1 - (1 - through_ties) * (1 - broad_ask)
    joins = (
        (people.engagement < SUPPORTER)
        & (people.availability >= SUPPORTER)
        & (rng.random(people.size) < chance)
    )
    people.engagement[joins] = SUPPORTER + 0.05 * people.grievance[joins]
    # Engagement ebbs in proportion to itself, faster for those the problem hits less.
    # What sustains commitment (Andrews et al. 2010; McAlevey 2016): holding a leader role
    # (a quarter of the pace), regular contact in a team (half), and ties who are active.
    pace = (
        np.where(people.is_leader, 0.25, np.where(people.team_of >= 0, 0.5, 1.0))
        * (1 - 0.5 * ties.share_among_ties(people.engagement >= ACTIVE))
        * (1.5 - people.grievance)
    )
    people.lower_engagement(slice(None), DRIFT_AWAY * people.engagement * pace)

