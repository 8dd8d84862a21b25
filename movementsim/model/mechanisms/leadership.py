"""Leadership: who leads, whom they coordinate, and how leaders develop others.

How leaders arise is a structural rule (Freeman 1972; Michels 1911), and the structure
level mixes three ways, as shares of the leader seats (see
:mod:`movementsim.model.structure`):

* informal: where formal structure leaves room, the best-connected of those ready to
  lead simply become leaders, and nobody can remove them;
* elected: members elect leaders to formal seats for terms; drifted or co-opted
  incumbents lose, term limits force rotation;
* appointed: the leadership fills its own formal seats, choosing by loyalty (ties to
  existing leaders), and nobody below can remove anyone.

Formal seats come with teams (formal lines). In the time care work leaves them,
leaders hold one-on-ones (which build ties and raise engagement) and train members
(Han 2014; McAlevey 2016; Andrews et al. 2010; Ganz 2009).
"""

from __future__ import annotations

import math

import numpy as np

from movementsim.model.agents import ACTIVE, READY_TO_LEAD, People
from movementsim.model.network import TieNetwork, other_group, random_in_group
from movementsim.model.parameters import LeadershipParams, StrategyParams
from movementsim.model.structure import (
    APPOINTED,
    ELECTED,
    INFORMAL,
    Governance,
    stochastic_round,
)


def step_down(people: People, rows: np.ndarray) -> None:
    """Leaders at ``rows`` give up the role; their drift and co-optation go with it."""
    people.is_leader[rows] = False
    people.selection[rows] = -1
    people.tenure[rows] = 0
    people.terms_served[rows] = 0
    people.aim_gap[rows] = 0.0
    people.coopted[rows] = False


def take_up(people: People, rows: np.ndarray, selection: int) -> None:
    """People at ``rows`` take up a leader role, obtained by ``selection``."""
    people.is_leader[rows] = True
    people.selection[rows] = selection
    people.tenure[rows] = 0
    people.terms_served[rows] = 1


def step_down_exhausted(people: People) -> None:
    """Leaders who have fallen below the active rung (burnout, drift away) give up the role."""
    step_down(people, np.flatnonzero(people.is_leader & (people.engagement < ACTIVE)))


def recognize_informal_leaders(
    people: People, ties: TieNetwork, allowed: float, params: LeadershipParams
) -> None:
    """Where formal structure leaves room, the best-connected people ready to lead become
    leaders.

    Nobody elects or removes them (Freeman's informal elite): they remain leaders while
    they stay engaged. Those eligible are ready to lead and among the best-connected
    ``informal_elite_share`` of members. ``allowed`` (1 with no formal structure, 0 with
    fully formal leadership) is the share of the eligible whose informal standing
    (a uniform draw per person, made once) lets them be recognized: formal roles leave
    less room for informal ones.
    """
    if allowed <= 0:
        return
    ready = (
        (people.engagement >= READY_TO_LEAD) & ~people.is_leader & (people.standing < allowed)
        & people.base
    )
    if not ready.any():
        return
    degree = ties.degree
    cutoff = np.percentile(degree[people.members], 100 * (1 - params.informal_elite_share))
    take_up(people, np.flatnonzero(ready & (degree >= cutoff)), INFORMAL)


def hold_election(
    people: People,
    governance: Governance,
    seats: int,
    params: LeadershipParams,
    rng: np.random.Generator,
    *,
    full: bool,
    week: int,
) -> None:
    """Members elect leaders to the ``seats`` elected seats, among those ready to lead.

    A full election puts every elected seat up for a vote: term-limited incumbents step
    down and may not stand again for a term (rotation); the others stand again, and
    voters prefer skilled candidates who share their aims, so drifted or co-opted
    incumbents lose; informal leaders may stand as well, and one who wins holds an
    elected seat from then on. A by-election (``full=False``) only fills empty elected
    seats. Appointed leaders, and informal leaders who do not win, keep their roles.
    """
    incumbents = people.is_leader & (people.selection == ELECTED)
    if full and math.isfinite(governance.term_limit):
        limit = stochastic_round(governance.term_limit, rng)
        limited = incumbents & (people.terms_served >= limit)
        people.barred_until[limited] = week + governance.term_length
        step_down(people, np.flatnonzero(limited))
        incumbents &= ~limited
    ready = (
        (people.engagement >= READY_TO_LEAD) & ~people.is_leader & (people.barred_until <= week)
        & people.base
    )
    if full:
        # Informal leaders may stand too: winning turns their standing into a seat.
        informal = people.is_leader & (people.selection == INFORMAL)
        candidates = np.flatnonzero(ready | incumbents | informal)
        open_seats = seats
    else:
        candidates = np.flatnonzero(ready)
        open_seats = seats - int(incumbents.sum())
    if candidates.size == 0 or (open_seats <= 0 and not full):
        return
    score = (
        people.skill[candidates]
        + people.alignment[candidates]
        - params.election_drift_penalty * people.aim_gap[candidates]
        - params.election_coopted_penalty * people.coopted[candidates]
        + params.incumbency_advantage * incumbents[candidates]
        + rng.normal(0, params.election_noise, candidates.size)
    )
    winners = candidates[np.argsort(-score, kind="stable")[:open_seats]]
    if full:
        step_down(people, np.setdiff1d(np.flatnonzero(incumbents), winners))
        reelected = winners[incumbents[winners]]
        people.terms_served[reelected] += 1
        take_up(people, winners[~incumbents[winners]], ELECTED)
    else:
        take_up(people, winners, ELECTED)


def appoint_to_vacancies(people: People, ties: TieNetwork, seats: int) -> None:
    """The leadership fills its ``seats`` appointed seats, choosing by loyalty.

    Candidates are active members; the ones with the most ties to current leaders are
    chosen (ties of loyalty, not members' votes), engagement breaking ties.
    """
    open_seats = seats - int((people.is_leader & (people.selection == APPOINTED)).sum())
    if open_seats <= 0:
        return
    candidates = np.flatnonzero((people.engagement >= ACTIVE) & ~people.is_leader & people.base)
    if candidates.size == 0:
        return
    loyalty = ties.count_among_ties(people.is_leader)[candidates]
    score = loyalty + people.engagement[candidates]
    take_up(people, candidates[np.argsort(-score, kind="stable")[:open_seats]], APPOINTED)


def assign_teams(people: People, governance: Governance, rng: np.random.Generator) -> None:
    """Give members a leader to coordinate them: the formal lines.

    Only leaders in formal (elected or appointed) seats have teams, of up to
    ``span_of_control`` members each, and only a share ``team_coverage`` of members is
    placed (drawn at random). Members are placed with leaders of their own subcommunity
    first, then with any formal leader who has room.
    """
    people.team_of[:] = -1
    span = governance.span_of_control
    leaders = np.flatnonzero(people.is_leader & (people.selection != INFORMAL))
    if span <= 0 or leaders.size == 0 or governance.team_coverage <= 0:
        return
    members = rng.permutation(np.flatnonzero(people.members & ~people.is_leader))
    members = members[: math.ceil(governance.team_coverage * members.size - 1e-9)]
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


def organizing_time(params: StrategyParams, campaign_time: float = 1.0) -> float:
    """Share of leaders' time left for one-on-ones and training.

    The strategy mix splits effort between organizing and mobilizing, and care work
    (regenerative support) takes its own share first; ``campaign_time`` is the share left
    by running more than one campaign at once (1 with one campaign).
    """
    return params.organizing_share * (1 - params.care_share) * campaign_time


def one_on_ones(
    people: People,
    ties: TieNetwork,
    params: StrategyParams,
    rng: np.random.Generator,
    busy: np.ndarray | None = None,
    campaign_time: float = 1.0,
) -> None:
    """Leaders hold one-on-ones: each builds a tie and raises engagement and alignment.

    A share ``bridging_share`` of conversations is held with someone from another
    subcommunity (organizing brings people together across lines); of the rest, a share
    ``outreach_share`` reach someone new in the leader's own subcommunity and the others
    deepen one of the leader's existing ties. Each conversation closes a share of the
    partner's gap to full engagement (``one_on_one_engagement`` times
    ``one_on_one_skill_floor`` plus the organizer's skill) and alignment, and adds
    ``one_on_one_fatigue`` to the organizer. Leaders ``busy`` elsewhere this week (power
    mapping) hold none; ``campaign_time`` is what several campaigns at once leave of
    their organizing time (:func:`organizing_time`).
    """
    free = people.is_leader & ~people.coopted
    leaders = np.flatnonzero(free if busy is None else free & ~busy)
    if leaders.size == 0:
        return
    counts = rng.poisson(
        params.one_on_ones_per_leader * organizing_time(params, campaign_time), leaders.size
    )
    hosts = np.repeat(leaders, counts)
    if hosts.size == 0:
        return
    groups = people.subcommunity
    draw = rng.random(hosts.size)
    across = draw < params.bridging_share
    outreach = ~across & (
        draw < params.bridging_share + (1 - params.bridging_share) * params.outreach_share
    )
    partners = _random_tie(ties, hosts, rng)
    strangers = across | outreach | (partners < 0)
    target_group = np.where(across, other_group(groups, hosts, rng), groups[hosts])
    partners[strangers] = random_in_group(groups, target_group[strangers], rng)
    talking = partners != hosts  # an organizer drawn to talk with themself skips a slot
    hosts, partners = hosts[talking], partners[talking]
    skill = params.one_on_one_skill_floor + people.skill[hosts]
    gain = params.one_on_one_engagement * skill
    gap = np.maximum(people.availability[partners] - people.engagement[partners], 0.0)
    np.add.at(people.engagement, partners, gain * gap)
    np.minimum(people.engagement, people.availability, out=people.engagement)
    np.add.at(
        people.alignment, partners,
        params.one_on_one_alignment * (1 - people.alignment[partners]),
    )
    np.clip(people.alignment, 0, 1, out=people.alignment)
    np.add.at(people.fatigue, hosts, params.one_on_one_fatigue)
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
    people: People,
    ties: TieNetwork,
    params: StrategyParams,
    rng: np.random.Generator,
    campaign_time: float = 1.0,
) -> None:
    """Leaders train members: skill rises, and so does what the training focuses on
    (``training_focus``: discernment, or blanket scepticism), and trainees step up the
    ladder.

    A leader trains up to ``trainees_per_leader`` (times their organizing time) members
    of their team, or, with no team (an informal leader), of their own ties.
    """
    leading = people.is_leader & ~people.coopted
    if not leading.any():
        return
    capacity = params.trainees_per_leader * organizing_time(params, campaign_time)
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
    taught = people.discernment if params.training_focus == "discernment" else people.scepticism
    taught[trained] += rate * (1 - taught[trained])
    people.raise_engagement(trained, params.development_boost)


