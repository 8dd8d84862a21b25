"""Tasks: every action needs tasks done, and each is owned once, twice or not at all.

With clear roles a task has exactly one owner; without them people self-assign, so some
tasks are dropped and others done twice (Freeman 1972: delegate specific authority to
specific people). Only leaders and people ready to lead can own tasks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from movementsim.model.agents import READY_TO_LEAD, People
from movementsim.model.parameters import CampaignParams

#: The kinds of task every action needs (one of each at least): a definition, not a
#: parameter.
TASK_KINDS = ("outreach", "logistics", "media", "care")
MIN_TASKS = len(TASK_KINDS)


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
    turnout: int,
    owners_available: int,
    role_clarity: float,
    params: CampaignParams,
    rng: np.random.Generator,
) -> TaskOutcome:
    """Who owns each of an action's tasks.

    One task serves ``people_per_task`` participants (four at least, one of each kind).
    With probability ``role_clarity`` a task is assigned to exactly one owner; otherwise
    people self-assign and a Poisson(``self_assign_rate``) number take it up (none:
    dropped; two or more: duplicated, wasted effort). Owners (leaders and those ready to
    lead among the participants) can carry ``tasks_per_owner`` tasks each; tasks beyond
    that capacity are dropped.
    """
    needed = max(MIN_TASKS, math.ceil(turnout / params.people_per_task))
    clear = rng.random(needed) < role_clarity
    owners = np.where(clear, 1, rng.poisson(params.self_assign_rate, needed))
    over_capacity = np.cumsum(owners) > params.tasks_per_owner * owners_available
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


def task_owners_available(people: People, acting: np.ndarray) -> int:
    """Leaders (not co-opted) and members ready to lead who are taking part."""
    able = (people.is_leader & ~people.coopted) | (people.engagement >= READY_TO_LEAD)
    return int((able & acting).sum())


