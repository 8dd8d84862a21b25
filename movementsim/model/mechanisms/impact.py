"""Impact: the pressure an action puts on the decision-maker, and what acting does to people.

That the number of participants matters follows Chenoweth and Stephan (2011);
organizational and strategic capacity, Andrews et al. (2010) and Ganz (2009). The
product of turnout, coordination, coherence and skill is our own modelling assumption.
"""

from __future__ import annotations

import numpy as np

from movementsim.model.agents import BELIEVER, REJECTS, People
from movementsim.model.mechanisms.tasks import TaskOutcome
from movementsim.model.parameters import CampaignParams


def action_impact(
    people: People, acting: np.ndarray, tasks: TaskOutcome, params: CampaignParams
) -> float:
    """Pressure an action puts on the decision-maker.

    Turnout (as a share of the community) times coordination (share of tasks done),
    narrative coherence (share of participants aligned at least ``coherence_alignment``,
    not believing the current false claim and not rejecting the movement's evidence)
    and skill (``skill_floor`` plus the participants' mean skill), amplified by
    ``media_amplification`` when the media work was done.
    """
    turnout = int(acting.sum())
    if turnout == 0:
        return 0.0
    coherent = (
        (people.alignment[acting] >= params.coherence_alignment)
        & (people.belief[acting] != BELIEVER)
        & (people.evidence[acting] != REJECTS)
    )
    skill = float(people.skill[acting].mean())
    return (
        turnout / people.size
        * tasks.coordination
        * float(coherent.mean())
        * (params.skill_floor + skill)
        * (1 + params.media_amplification * tasks.media_done)
    )


def after_action(
    people: People, acting: np.ndarray, tasks: TaskOutcome, params: CampaignParams
) -> None:
    """Acting tires people (less when care work was done) and deepens commitment."""
    relief = 1 - params.care_task_relief * tasks.care_done
    people.fatigue[acting] += params.acting_fatigue * relief
    np.clip(people.fatigue, 0, 1, out=people.fatigue)
    people.raise_engagement(acting, params.acting_commitment)
