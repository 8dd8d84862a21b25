"""Leadership: who leads, whom they coordinate, how their aims drift, who holds them to account.

How leaders arise is a structural rule (Freeman 1972; Michels 1911):

* informal: with no formal structure, the best-connected of those ready to lead simply
  become leaders, and nobody can remove them;
* elected: members elect leaders for terms; drifted or co-opted incumbents lose, term
  limits force rotation;
* appointed: in a hierarchy the leadership fills its own vacancies, choosing by loyalty
  (ties to existing leaders), and nobody below can remove anyone.

Leaders' aims drift from members' with time in office (the iron law of oligarchy);
members whose leaders have drifted, or who are shut out of decisions, lose
engagement; decision-makers co-opt leaders, more easily when leaders are few and
unaccountable.
"""

from __future__ import annotations

import math

import numpy as np

from movementsim.agents import ACTIVE, READY_TO_LEAD, People
from movementsim.network import TieNetwork
from movementsim.structure import Governance

AIM_DRIFT_PER_WEEK = 0.004  # Michels: distance from members grows with time in office
COOPTED_DRIFT_PER_WEEK = 0.02
DRIFT_DISENGAGEMENT = 0.012  # weekly engagement loss on a team, per unit of leader drift
COOPTED_MISALIGNMENT = 0.03  # weekly alignment loss on a co-opted leader's team
ACCOUNTABILITY = {"elected": 0.6}  # how much harder a leader is to co-opt, by selection
SHUT_OUT_COST = 0.04  # engagement an engaged member loses per decision they had no voice in
INFLUENCE_MEMORY = 0.98  # weekly decay of the record of who has had a say
BOARD_SIZE = 9
INFORMAL_ELITE_PERCENTILE = 75  # the best-connected quarter of members


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


def drift_and_accountability(people: People) -> None:
    """A week in office: leaders' aims drift, and their teams feel it.

    Drift grows with tenure (faster once co-opted); team members of a drifted leader
    lose engagement, and those of a co-opted leader lose alignment with the plan.
    """
    leaders = people.is_leader
    people.tenure[leaders] += 1
    drift = np.where(people.coopted, COOPTED_DRIFT_PER_WEEK, AIM_DRIFT_PER_WEEK)
    people.aim_gap[leaders] = np.minimum(people.aim_gap[leaders] + drift[leaders], 1.0)
    on_team = people.team_of >= 0
    team_leader = people.team_of[on_team]
    people.lower_engagement(on_team, DRIFT_DISENGAGEMENT * people.aim_gap[team_leader])
    people.alignment[on_team] -= COOPTED_MISALIGNMENT * people.coopted[team_leader]
    np.clip(people.alignment, 0, 1, out=people.alignment)


def attempt_cooptation(
    people: People, governance: Governance, strength: float, rng: np.random.Generator
) -> int:
    """A decision-maker tries to co-opt one leader; returns their row, or -1 on failure.

    Drifted leaders are targeted first. Success is likelier when leaders are few (each
    is known and matters) and unaccountable: elected leaders with term limits are the
    hardest to win over, elected leaders who can stay for ever less so (Michels: an
    election nobody contests holds little to account), appointed or informal leaders
    the easiest (nobody below can remove them).
    """
    leaders = np.flatnonzero(people.is_leader & ~people.coopted)
    if leaders.size == 0:
        return -1
    weights = 0.2 + people.aim_gap[leaders]
    target = int(rng.choice(leaders, p=weights / weights.sum()))
    accountable = ACCOUNTABILITY.get(governance.leader_selection, 0.0)
    if governance.leader_selection == "elected" and governance.term_limit == 0:
        accountable /= 2
    exposure = min(1.0, 5 / leaders.size + people.aim_gap[target])
    chance = strength * (1 - accountable) * exposure
    if rng.random() < chance:
        people.coopted[target] = True
        return target
    return -1


def record_decision(
    people: People,
    ties: TieNetwork,
    governance: Governance,
    deciders: np.ndarray,
    scope: np.ndarray,
) -> None:
    """Who had a say in a decision, and the cost to engaged members who had none.

    ``deciders`` is the mask of people who formally took part. With informal leadership
    the best-connected capture the decision (Freeman's tyranny of structurelessness):
    informal leaders get full say, their friends some, everyone else a token one. With
    elected leaders, members who did not decide still had a voice through their vote,
    weakened by how far their leaders have drifted; appointed leaders give them none.
    Engaged members in scope lose engagement in proportion to the voice they lacked.
    """
    say = np.zeros(people.size)
    voice = np.zeros(people.size)
    if governance.leader_selection == "informal":
        elite = deciders & people.is_leader
        friends = deciders & ~elite & (ties.count_among_ties(elite) > 0)
        say[deciders] = 0.05
        say[friends] = 0.3
        say[elite] = 1.0
        voice[deciders] = 0.3
        voice[friends] = 0.6
        voice[elite] = 1.0
    else:
        say[deciders] = 1.0
        voice[deciders] = 1.0
        if governance.leader_selection == "elected":
            leaders = people.is_leader
            drift = people.aim_gap[leaders].mean() if leaders.any() else 0.0
            electorate = scope & people.members & ~deciders
            say[electorate] = 0.02
            voice[electorate] = 0.6 * (1 - drift)
    if say.sum() > 0:
        people.influence += say / say.sum()
    engaged = scope & (people.engagement >= ACTIVE)
    people.lower_engagement(engaged, SHUT_OUT_COST * (1 - voice[engaged]))
