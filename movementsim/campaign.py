"""The campaign: moments to act, deciding on them, the tasks an action needs, and its impact.

An opportunity (a policy window, a threat, a hearing) opens with a deadline. The
movement must decide under its decision rule, pass its approval layers, then spread
the call before the moment comes. A decision that misses its deadline is a missed
opportunity. An action needs tasks done; whether each is owned once, twice or not at
all follows from role clarity and owners' capacity. Its pressure comes from turnout,
coordination, narrative coherence and skill, amplified by media.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from movementsim.agents import ACTIVE, BELIEVER, READY_TO_LEAD, People
from movementsim.leadership import BOARD_SIZE
from movementsim.parameters import CampaignParams
from movementsim.structure import Governance

TASK_KINDS = ("outreach", "logistics", "media", "care")
MIN_TASKS = len(TASK_KINDS)
TASKS_PER_OWNER = 2
BASE_DISAGREEMENT = 0.1
HEARING_SHARE = 1 / 3  # under majority rule objections need only be heard, at 3x the pace
BROADCAST_REACH = 0.7  # share of members a pure-mobilizing broadcast call reaches
ACTING_FATIGUE = 0.15
ACTING_COMMITMENT = 0.04


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


@dataclass
class TaskOutcome:
    """How an action's tasks were covered."""

    needed: int
    done: int
    dropped: int
    duplicated: int
    media_done: float
    care_done: float

    @property
    def coordination(self) -> float:
        return self.done / self.needed if self.needed else 0.0


def assign_tasks(
    turnout: int, owners_available: int, role_clarity: float, people_per_task: int,
    rng: np.random.Generator,
) -> TaskOutcome:
    """Who owns each of an action's tasks.

    With probability ``role_clarity`` a task is assigned to exactly one owner; otherwise
    people self-assign and a Poisson(1) number take it up (none: dropped; two or more:
    duplicated, wasted effort). Owners (leaders and those ready to lead among the
    participants) can carry two tasks each; tasks beyond that capacity are dropped.
    """
    needed = max(MIN_TASKS, math.ceil(turnout / people_per_task))
    clear = rng.random(needed) < role_clarity
    owners = np.where(clear, 1, rng.poisson(1.0, needed))
    over_capacity = np.cumsum(owners) > TASKS_PER_OWNER * owners_available
    owners[over_capacity] = 0
    kinds = np.arange(needed) % MIN_TASKS
    done = owners > 0
    return TaskOutcome(
        needed=needed,
        done=int(done.sum()),
        dropped=int((~done).sum()),
        duplicated=int(np.maximum(owners - 1, 0).sum()),
        media_done=float(done[kinds == TASK_KINDS.index("media")].mean()),
        care_done=float(done[kinds == TASK_KINDS.index("care")].mean()),
    )


def action_impact(
    people: People, acting: np.ndarray, tasks: TaskOutcome, media_amplification: float
) -> float:
    """Pressure an action puts on the decision-maker.

    Turnout (as a share of the community) times coordination (share of tasks done),
    narrative coherence (share of participants aligned and not misinformed) and skill,
    amplified when the media work was done.
    """
    turnout = int(acting.sum())
    if turnout == 0:
        return 0.0
    coherent = (people.alignment[acting] >= 0.5) & (people.belief[acting] != BELIEVER)
    skill = float(people.skill[acting].mean())
    return (
        turnout / people.size
        * tasks.coordination
        * float(coherent.mean())
        * (0.5 + skill)
        * (1 + media_amplification * tasks.media_done)
    )


def task_owners_available(people: People, acting: np.ndarray) -> int:
    """Leaders (not co-opted) and members ready to lead who are taking part."""
    able = (people.is_leader & ~people.coopted) | (people.engagement >= READY_TO_LEAD)
    return int((able & acting).sum())


def after_action(people: People, acting: np.ndarray, tasks: TaskOutcome) -> None:
    """Acting tires people (less when care work was done) and deepens commitment."""
    people.fatigue[acting] += ACTING_FATIGUE * (1 - 0.5 * tasks.care_done)
    np.clip(people.fatigue, 0, 1, out=people.fatigue)
    people.raise_engagement(acting, ACTING_COMMITMENT)
