"""Opportunities and decisions: moments to act open with deadlines; the movement must decide.

An opportunity (a policy window, a threat, a hearing) opens with a deadline. The
movement must decide under its decision rule, pass its approval layers, then spread
the call before the moment comes. A decision that misses its deadline is a missed
opportunity. That structure consists of explicit rules about who decides is Freeman
(1972); the objection model, the meeting capacity and the pyramid of sign-offs are our
own modelling assumptions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from movementsim.model.agents import ACTIVE, BELIEVER, REJECTS, People
from movementsim.model.parameters import CampaignParams, DecisionsParams
from movementsim.model.structure import Governance

#: Rules under which an assembly decides (everyone active in scope takes part).
ASSEMBLY_RULES = ("consensus", "majority")


@dataclass
class Opportunity:
    """A moment to act and the movement's progress on it."""

    opened: int
    deadline: int
    subcommunity: int  # -1: the whole community is concerned
    decided_locally: bool
    rule: str  # the decision rule this moment is decided by
    deciders: np.ndarray  # mask of people taking part in the decision
    work_left: float  # objections still to work through
    layers: int  # sign-offs it needs in all
    layers_left: int  # sign-offs still needed
    deliberated: bool = False
    decided_at: int = -1
    informed: np.ndarray | None = field(default=None, repr=False)  # heard the call
    asked: np.ndarray | None = field(default=None, repr=False)  # asked directly
    issue: int = 0  # the issue of the campaign it belongs to
    target: int = 0  # the decision-maker it presses
    joint: int = -1  # the coalition moment it belongs to (-1: the organization acts alone)

    @property
    def decided(self) -> bool:
        return self.decided_at >= 0


def draw_moment(
    week: int,
    params: CampaignParams,
    n_subcommunities: int,
    rng: np.random.Generator,
    among: tuple[int, ...] = (),
) -> tuple[int, int]:
    """A moment that opens this week: (deadline week, subcommunity or -1).

    A local moment concerns one subcommunity: one of ``among`` (where the issue hits),
    or any of them when ``among`` is empty.
    """
    lead = 1 + int(rng.poisson(params.deadline_weeks - 1))
    local = rng.random() < params.local_share and n_subcommunities > 1
    if not local:
        return week + lead, -1
    if among:
        return week + lead, int(among[int(rng.integers(len(among)))])
    return week + lead, int(rng.integers(n_subcommunities))


def choose_how_to_decide(
    governance: Governance, is_local: bool, rng: np.random.Generator
) -> tuple[str, bool, int]:
    """The rule a moment is decided by, whether its local team decides it alone, and the
    sign-offs it needs.

    A local moment is decided by its team with the chance ``local_autonomy``; a team
    deciding alone meets as an assembly (by majority, unless the rule drawn is
    consensus) and needs no sign-off.
    """
    rule = governance.draw_rule(rng)
    autonomy = governance.local_autonomy
    local = is_local and (autonomy >= 1 or (autonomy > 0 and rng.random() < autonomy))
    if local:
        return (rule if rule in ASSEMBLY_RULES else "majority"), True, 0
    return rule, False, governance.draw_layers(rng)


def decision_participants(
    people: People, rule: str, scope: np.ndarray, board_seats: int
) -> np.ndarray:
    """Mask of who decides, by the decision rule.

    Consensus and majority: every active member and leader in scope (an assembly).
    Board: the ``board_seats`` longest-serving leaders. Single leader: the
    longest-serving leader.
    """
    if rule in ASSEMBLY_RULES:
        return ((people.engagement >= ACTIVE) | people.is_leader) & scope
    leaders = np.flatnonzero(people.is_leader)
    seniority = leaders[np.lexsort((leaders, -people.tenure[leaders]))]
    chosen = seniority[: board_seats if rule == "board" else 1]
    mask = np.zeros(people.size, dtype=bool)
    mask[chosen] = True
    return mask


def deliberation_work(
    people: People,
    deciders: np.ndarray,
    rule: str,
    params: DecisionsParams,
    rng: np.random.Generator,
) -> float:
    """Objections to work through before the rule lets the movement decide.

    Each participant objects with a chance that starts at a base (people differ about
    tactics even when they share the goal) and grows with their distance from the
    shared narrative and with believing a false claim or rejecting the movement's
    evidence; co-opted leaders always object.
    Consensus must resolve every objection; majority must hear them (at
    ``hearing_share`` of the work) and resolve only enough to leave no more than
    ``majority_share`` of the participants objecting; a board works by consensus among
    its few members; a single leader decides alone, unless co-opted (a co-opted leader
    always objects, and alone they never decide). Infinite when nobody can decide.
    """
    rows = np.flatnonzero(deciders)
    if rows.size == 0:
        return math.inf
    disagreement = (
        params.base_disagreement
        + params.misalignment_objection * (1 - people.alignment[rows])
        + params.misinformed_objection
        * ((people.belief[rows] == BELIEVER) | (people.evidence[rows] == REJECTS))
    )
    disagreement = np.where(people.coopted[rows], 1.0, disagreement)
    objections = int((rng.random(rows.size) < disagreement).sum())
    if rule == "majority":
        allowed = math.floor(params.majority_share * rows.size)
        return params.hearing_share * objections + max(0, objections - allowed)
    if rule == "single_leader":
        return math.inf if people.coopted[rows].any() else 0.0
    return float(objections)  # consensus, and a board's consensus among its seats


def approval_capacity(
    people: People, layers: int, leader_capacity: int, pyramid: float
) -> list[int]:
    """Sign-offs each approval layer can give per week: each layer up has ``pyramid``
    times fewer leaders (at least one), each signing off ``leader_capacity`` a week."""
    leaders = int((people.is_leader & ~people.coopted).sum())
    if leaders == 0:
        return [0] * layers
    return [
        leader_capacity * max(1, int(leaders // pyramid**layer))
        for layer in range(1, layers + 1)
    ]
