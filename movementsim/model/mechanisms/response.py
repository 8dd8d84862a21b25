"""The decision-maker's response to pressure that falls short: delay, co-opt, misinform, repress.

The :class:`~movementsim.model.agents.DecisionMaker` feels pressure and concedes when it
beats resistance; otherwise it picks one of these responses. The repertoire is our own
modelling assumption; co-optation being easier for unaccountable leaders follows
Freeman (1972) and Michels (1911); repression as a cost of acting loosely follows
Epstein (2002).
"""

from __future__ import annotations

import numpy as np

from movementsim.model.agents import People
from movementsim.model.structure import Governance

ACCOUNTABILITY = {"elected": 0.6}  # how much harder a leader is to co-opt, by selection


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


