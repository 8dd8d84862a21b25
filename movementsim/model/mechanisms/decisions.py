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

from movementsim.model.agents import ACTIVE, BELIEVER, People
from movementsim.model.parameters import CampaignParams
from movementsim.model.structure import Governance

BASE_DISAGREEMENT = 0.1
HEARING_SHARE = 1 / 3  # under majority rule objections need only be heard, at 3x the pace
BOARD_SIZE = 9  # seats on a board that decides


@dataclass
class Opportunity:
    """A moment to act and the movement's progress on it."""

    opened: int
    deadline: int
    subcommunity: int  # -1: the whole community is concerned
    decided_locally: bool
    deciders: np.ndarray  # mask of people taking part in the decision
    work_left: float  # objections still to work through
    layers_left: int  # sign-offs still needed
    deliberated: bool = False
    decided_at: int = -1
    informed: np.ndarray | None = field(default=None, repr=False)  # heard the call
    asked: np.ndarray | None = field(default=None, repr=False)  # asked directly

    @property
    def decided(self) -> bool:
        return self.decided_at >= 0


def draw_opportunity(
    week: int, params: CampaignParams, n_subcommunities: int, rng: np.random.Generator
) -> tuple[int, int] | None:
    """Whether a moment opens this week: returns (deadline week, subcommunity or -1)."""
    if rng.random() >= params.opportunity_rate:
        return None
    lead = 1 + int(rng.poisson(params.deadline_weeks - 1))
    local = rng.random() < params.local_share and n_subcommunities > 1
    return week + lead, int(rng.integers(n_subcommunities)) if local else -1


def decision_participants(
    people: People, governance: Governance, scope: np.ndarray, decided_locally: bool
) -> np.ndarray:
    """Mask of who decides, by the decision rule.

    Consensus and majority: every active member in scope (an assembly). Board: up to
    nine longest-serving leaders. Single leader: the longest-serving leader. A local
    team with autonomy decides in its own assembly.
    """
    active = (people.engagement >= ACTIVE) & scope
    rule = governance.decision_rule
    if decided_locally or rule in ("consensus", "majority"):
        return active | (people.is_leader & scope)
    leaders = np.flatnonzero(people.is_leader)
    seniority = leaders[np.lexsort((leaders, -people.tenure[leaders]))]
    chosen = seniority[: BOARD_SIZE if rule == "board" else 1]
    mask = np.zeros(people.size, dtype=bool)
    mask[chosen] = True
    return mask


def deliberation_work(
    people: People, deciders: np.ndarray, rule: str, rng: np.random.Generator
) -> float:
    """Objections to work through before the rule lets the movement decide.

    Each participant objects with a chance that starts at a base (people differ about
    tactics even when they share the goal) and grows with their distance from the
    shared narrative and with believing a false claim; co-opted leaders always object.
    Consensus must resolve every objection; majority must hear them (faster) and
    resolve only enough to leave no more than half the participants objecting; a board
    works by consensus among its few members; a single leader decides alone.
    """
    rows = np.flatnonzero(deciders)
    if rows.size == 0:
        return math.inf
    disagreement = (
        BASE_DISAGREEMENT
        + 0.5 * (1 - people.alignment[rows])
        + 0.4 * (people.belief[rows] == BELIEVER)
    )
    disagreement = np.where(people.coopted[rows], 1.0, disagreement)
    objections = int((rng.random(rows.size) < disagreement).sum())
    if rule == "consensus":
        return float(objections)
    if rule == "majority":
        return HEARING_SHARE * objections + max(0, objections - rows.size // 2)
    if rule == "board":
        return float(objections)
    return 0.0


def approval_capacity(people: People, governance: Governance, leader_capacity: int) -> list[int]:
    """Sign-offs each approval layer can give per week (fewer people sit higher up)."""
    leaders = int((people.is_leader & ~people.coopted).sum())
    if leaders == 0:
        return [0] * governance.approval_layers
    return [
        leader_capacity * max(1, leaders // 3**layer)
        for layer in range(1, governance.approval_layers + 1)
    ]


