"""Leadership: who leads, whom they coordinate, and how leaders develop others.

How leaders arise is a structural rule (Freeman 1972; Michels 1911):

* informal: with no formal structure, the best-connected of those ready to lead simply
  become leaders, and nobody can remove them;
* elected: members elect leaders for terms; drifted or co-opted incumbents lose, term
  limits force rotation;
* appointed: in a hierarchy the leadership fills its own vacancies, choosing by loyalty
  (ties to existing leaders), and nobody below can remove anyone.

Formal structure gives leaders teams. In the time care work leaves them, leaders hold
one-on-ones (which build ties and raise engagement) and train members (Han 2014;
McAlevey 2016; Andrews et al. 2010; Ganz 2009).
"""

from __future__ import annotations

import math

import numpy as np

from movementsim.model.agents import ACTIVE, READY_TO_LEAD, People
from movementsim.model.network import TieNetwork, other_group, random_in_group
from movementsim.model.parameters import StrategyParams
from movementsim.model.structure import Governance

INFORMAL_ELITE_PERCENTILE = 75  # the best-connected quarter of members
ONE_ON_ONE_ENGAGEMENT = 0.3  # share of the distance to full engagement one conversation closes
ONE_ON_ONE_ALIGNMENT = 0.15
OUTREACH = 0.5  # of conversations within one's subcommunity, the share with someone new
ONE_ON_ONE_FATIGUE = 0.01  # organizing is work: each conversation tires the organizer a little
TRAINEES_PER_LEADER = 7  # members a leader can train in a week, with all their time
DEVELOPMENT_BOOST = 0.05  # engagement a trained member gains: leaders develop leaders


def seat_count(people: People, governance: Governance) -> int:
    """Leader seats a formal structure provides: one per span of members (at least one)."""
    members = int(people.members.sum())
    if governance.span_of_control <= 0:
        return max(1, int((people.engagement >= READY_TO_LEAD).sum()))
    return max(1, math.ceil(members / governance.span_of_control))


def step_down(people: People, rows: np.ndarray) -> None:
    """Leaders at ``rows`` give up the role; their drift and co-optation go with it."""
    people.is_leader[rows] = False
    people.tenure[rows] = 0
    people.terms_served[rows] = 0
    people.aim_gap[rows] = 0.0
    people.coopted[rows] = False


def take_up(people: People, rows: np.ndarray) -> None:
    people.is_leader[rows] = True
    people.tenure[rows] = 0
    people.terms_served[rows] = 1


def step_down_exhausted(people: People) -> None:
    """Leaders who have fallen below the active rung (burnout, drift away) give up the role."""
    step_down(people, np.flatnonzero(people.is_leader & (people.engagement < ACTIVE)))


def recognize_informal_leaders(people: People, ties: TieNetwork) -> None:
    """With no formal structure, the best-connected people ready to lead become leaders.

    Nobody elects or removes them (Freeman's informal elite): they remain leaders
    while they stay engaged.
    """
    ready = people.engagement >= READY_TO_LEAD
    if not ready.any():
        return
    degree = ties.degree
    cutoff = np.percentile(degree[people.members], INFORMAL_ELITE_PERCENTILE)
    take_up(people, np.flatnonzero(ready & ~people.is_leader & (degree >= cutoff)))


def hold_election(
    people: People, governance: Governance, rng: np.random.Generator, *, full: bool, week: int
) -> None:
    """Members elect leaders among those ready to lead.

    A full election puts every seat up for a vote: term-limited incumbents step down and
    may not stand again for a term (rotation); the others stand again, and voters
    prefer skilled candidates who share their aims, so drifted or co-opted incumbents
    lose. A by-election (``full=False``) only fills empty seats.
    """
    if full and governance.term_limit > 0:
        limited = people.is_leader & (people.terms_served >= governance.term_limit)
        people.barred_until[limited] = week + governance.term_length
        step_down(people, np.flatnonzero(limited))
    seats = seat_count(people, governance)
    incumbents = people.is_leader.copy()
    ready = (
        (people.engagement >= READY_TO_LEAD) & ~incumbents & (people.barred_until <= week)
    )
    if full:
        candidates = np.flatnonzero(ready | incumbents)
        open_seats = seats
    else:
        candidates = np.flatnonzero(ready)
        open_seats = seats - int(incumbents.sum())
    if open_seats <= 0 or candidates.size == 0:
        return
    score = (
        people.skill[candidates]
        + people.alignment[candidates]
        - 2 * people.aim_gap[candidates]
        - 1.0 * people.coopted[candidates]
        + 0.1 * incumbents[candidates]
        + rng.normal(0, 0.1, candidates.size)
    )
    winners = candidates[np.argsort(-score, kind="stable")[:open_seats]]
    if full:
        losers = np.setdiff1d(np.flatnonzero(incumbents), winners)
        step_down(people, losers)
        reelected = winners[incumbents[winners]]
        people.terms_served[reelected] += 1
        take_up(people, winners[~incumbents[winners]])
    else:
        take_up(people, winners)


def appoint_to_vacancies(people: People, ties: TieNetwork, governance: Governance) -> None:
    """In a hierarchy the leadership fills its own vacancies, choosing by loyalty.

    Candidates are active members; the ones with the most ties to current leaders are
    chosen (ties of loyalty, not members' votes), engagement breaking ties.
    """
    open_seats = seat_count(people, governance) - int(people.is_leader.sum())
    if open_seats <= 0:
        return
    candidates = np.flatnonzero((people.engagement >= ACTIVE) & ~people.is_leader)
    if candidates.size == 0:
        return
    loyalty = ties.count_among_ties(people.is_leader)[candidates]
    score = loyalty + people.engagement[candidates]
    take_up(people, candidates[np.argsort(-score, kind="stable")[:open_seats]])


def assign_teams(people: People, governance: Governance, rng: np.random.Generator) -> None:
    """Give each member a leader to coordinate them, up to the span of control.

    Members are placed with leaders of their own subcommunity first, then with any
    leader who has room; members beyond every leader's span have no formal line.
    """
    people.team_of[:] = -1
    span = governance.span_of_control
    leaders = np.flatnonzero(people.is_leader)
    if span <= 0 or leaders.size == 0:
        return
    members = rng.permutation(np.flatnonzero(people.members & ~people.is_leader))
    spare_slots = []
    for group in np.unique(people.subcommunity[leaders]):
        group_members = members[people.subcommunity[members] == group]
        slots = np.tile(leaders[people.subcommunity[leaders] == group], span)
        placed = min(group_members.size, slots.size)
        people.team_of[group_members[:placed]] = slots[:placed]
        spare_slots.append(slots[placed:])
    rest = members[people.team_of[members] < 0]
    slots = np.concatenate(spare_slots)
    placed = min(rest.size, slots.size)
    people.team_of[rest[:placed]] = slots[:placed]


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


