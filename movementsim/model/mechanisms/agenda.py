"""The agenda: community issues arise and fade, and the movement chooses which to fight.

Each issue hits some subcommunities hard (their grievance about it) and the others
less (``spillover``); it is held by one or more decision-makers, arises in a given week
and fades ``lasts`` weeks later unless it is won first (``concessions`` concessions from
those who hold it). When the movement has fewer campaigns than ``agenda.at_once``, it
chooses its next issue the way it decides anything: by a rule drawn from its structure
(an assembly of the active members, the board, or the single leader), each scoring the
live issues by organizing practice's criteria: how widely the issue is felt among
members, how deeply those choosing feel it, and how winnable it looks (the active share
of the community against the resistance of the decision-maker they think holds it).
Who chooses therefore decides which grievances count. The criteria are organizing
practice's; the scoring is our own modelling assumption.

A scenario without ``[[issues]]`` has one endless issue, the community's shared problem
(everyone's drawn grievance), held by every decision-maker: the one-target model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from movementsim.model.agents import ACTIVE, People
from movementsim.model.arithmetic import plain_sum
from movementsim.model.mechanisms.decisions import decision_participants
from movementsim.model.parameters import AgendaParams, CommunityParams, IssueParams
from movementsim.model.structure import Governance


@dataclass
class Issue:
    """A community problem during a run."""

    name: str
    arises: int
    fades: float  # first week it is no longer alive, unless won before (inf: never)
    holders: tuple[int, ...]  # indices of the decision-makers who can grant it
    needed: float  # concessions that win it (infinite: an endless issue)
    grievance: np.ndarray  # how hard it hits each person (0..1)
    subcommunities: tuple[int, ...]  # where it hits hard (empty: everywhere)
    concessions: int = 0
    won_at: int = -1

    def alive(self, week: int) -> bool:
        return self.arises <= week < self.fades and self.won_at < 0


@dataclass
class Campaign:
    """The movement's fight on one issue against the decision-maker it presses.

    ``body`` is who directs the campaign (those who chose it); ``mapped`` says whether
    research has found who holds power over the issue (until then ``target`` is a guess);
    ``pressure`` is the pressure its actions hold on the target over this demand (several
    campaigns against one decision-maker each build their own). Organizations that act
    apart, outside a coalition, each press a demand of their own: ``apart`` holds their
    pressure, by organization index, and it does not add up with the others'.
    """

    issue: int
    target: int
    mapped: bool
    started: int
    body: np.ndarray
    pressure: float = 0.0
    apart: dict[int, float] = field(default_factory=dict)

    @property
    def total_pressure(self) -> float:
        """The pressure of the joint demand and of every demand pressed apart."""
        return self.pressure + plain_sum(self.apart.values())


def the_shared_problem(people: People, targets: int) -> Issue:
    """The one endless issue of a scenario without ``[[issues]]``: everyone's grievance,
    held by every decision-maker."""
    return Issue(
        name="the shared problem",
        arises=0,
        fades=math.inf,
        holders=tuple(range(targets)),
        needed=math.inf,
        grievance=people.grievance,
        subcommunities=(),
    )


def draw_issues(
    issues: tuple[IssueParams, ...],
    holders: list[tuple[int, ...]],
    people: People,
    community: CommunityParams,
    rng: np.random.Generator,
) -> list[Issue]:
    """The scenario's issues, with each person's grievance about each drawn.

    Those an issue hits hard (its subcommunities, or everyone) feel it around its
    ``grievance``, spread as the community's grievance is (``community.grievance_sd``);
    the others feel ``spillover`` of that.
    """
    drawn = []
    for params, held_by in zip(issues, holders, strict=True):
        hit = (
            np.isin(people.subcommunity, params.subcommunities)
            if params.subcommunities
            else np.ones(people.size, dtype=bool)
        )
        felt = np.clip(rng.normal(params.grievance, community.grievance_sd, people.size), 0, 1)
        drawn.append(
            Issue(
                name=params.name,
                arises=params.arises,
                fades=params.arises + params.lasts,
                holders=held_by,
                needed=float(params.concessions),
                grievance=np.where(hit, felt, params.spillover * felt),
                subcommunities=params.subcommunities,
            )
        )
    return drawn


def choose_issue(
    people: People,
    governance: Governance,
    issues: list[Issue],
    candidates: list[int],
    looks_like: dict[int, float],
    params: AgendaParams,
    rng: np.random.Generator,
) -> tuple[int, np.ndarray]:
    """The next issue to campaign on, and who chose it (the campaign's body).

    The choosers are drawn by the structure's decision rule
    (:func:`~movementsim.model.mechanisms.decisions.decision_participants`); with nobody
    to choose, the members do. ``looks_like`` maps each candidate issue to the resistance
    of the decision-maker the movement believes holds it. Ties go to the issue listed
    first.
    """
    rule = governance.draw_rule(rng)
    everyone = np.ones(people.size, dtype=bool)
    body = decision_participants(people, rule, everyone, governance.board_seats)
    members = people.members
    if not body.any():
        body = members if members.any() else everyone
    active_share = float((people.engagement >= ACTIVE).mean())
    best, best_score = candidates[0], -math.inf
    for index in candidates:
        grievance = issues[index].grievance
        wide = float((grievance[members] >= params.felt_at).mean()) if members.any() else 0.0
        deep = float(grievance[body].mean())
        winnable = active_share / (active_share + looks_like[index]) if active_share else 0.0
        score = (
            params.wide_weight * wide
            + params.deep_weight * deep
            + params.winnable_weight * winnable
        )
        if score > best_score:
            best, best_score = index, score
    return best, body
