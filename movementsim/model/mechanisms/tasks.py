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

TASK_KINDS = ("outreach", "logistics", "media", "care")
MIN_TASKS = len(TASK_KINDS)
TASKS_PER_OWNER = 2


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


def task_owners_available(people: People, acting: np.ndarray) -> int:
    """Leaders (not co-opted) and members ready to lead who are taking part."""
    able = (people.is_leader & ~people.coopted) | (people.engagement >= READY_TO_LEAD)
    return int((able & acting).sum())


