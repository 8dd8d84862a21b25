"""Impact: the pressure an action puts on the decision-maker, and what acting does to people.

That the number of participants matters follows Chenoweth and Stephan (2011);
organizational and strategic capacity, Andrews et al. (2010) and Ganz (2009). The
product of turnout, coordination, coherence and skill is our own modelling assumption.
"""

from __future__ import annotations

import numpy as np

from movementsim.model.agents import BELIEVER, People
from movementsim.model.mechanisms.tasks import TaskOutcome

ACTING_FATIGUE = 0.15
ACTING_COMMITMENT = 0.04


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


def after_action(people: People, acting: np.ndarray, tasks: TaskOutcome) -> None:
    """Acting tires people (less when care work was done) and deepens commitment."""
    people.fatigue[acting] += ACTING_FATIGUE * (1 - 0.5 * tasks.care_done)
    np.clip(people.fatigue, 0, 1, out=people.fatigue)
    people.raise_engagement(acting, ACTING_COMMITMENT)


