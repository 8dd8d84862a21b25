"""Coalitions: organizations of one community that fight together on a shared issue.

Each organization decides by its own structure. How the coalition decides to act on a
moment is a structure too (``coalition.rule``): with none each organization decides and
acts on its own; by consensus the coalition acts only if every partner decided in time;
by vote if the partners that decided hold a majority of the partners' members (the rest
are called anyway); with a lead organization when the lead decides (the others are
always called). A joint action is one threshold cascade over everyone the partners
called, on the one community network (Granovetter 1978), and it presses one joint
demand. Organizations acting apart press demands of their own, which the decision-maker
weighs one at a time: their pressure does not add up (our modelling assumption, and the
reason in this model why a coalition wins what its partners apart do not; the joint
cascade itself brings no more people than the partners bring apart).

Partners' commitment moves with how the coalition treats them (our modelling
assumptions, after the coalition literature: Van Dyke & McCammon 2010; Levi & Murphy
2006): a partner called on a decision it did not take loses commitment, the more the
less the issue is its own; one whose issue the others turn out for gains it
(solidarity); partners that were called and sent nobody cost everyone who came
(free-riding). Below ``exit_commitment`` a partner leaves for good and acts alone. A
decision-maker can split a coalition by a side deal (divide and rule): it co-opts a
leader of the least committed partner, which then leaves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from movementsim.model.agents import People
from movementsim.model.parameters import CoalitionParams


@dataclass(frozen=True)
class JointCall:
    """Whom a coalition moment calls, by partner index in the moment's order."""

    go: bool  #: the coalition acts
    called: tuple[bool, ...]  #: partners called to act
    overruled: tuple[bool, ...]  #: partners called on a decision they did not take


def decide_together(
    rule: str, decided: list[bool], sizes: list[int], lead: int
) -> JointCall:
    """Whether the coalition acts on a moment, and whom it calls.

    ``decided`` says which partners decided in time, ``sizes`` their members, ``lead``
    the lead's position (rule ``lead``; it alone decides). Consensus needs every partner;
    a vote needs the partners that decided to hold more than half of all the partners'
    members.
    """
    k = len(decided)
    if rule == "consensus":
        go = all(decided)
        called = tuple([go] * k)
    elif rule == "vote":
        total = sum(sizes)
        go = total > 0 and 2 * sum(s for s, d in zip(sizes, decided, strict=True) if d) > total
        called = tuple([go] * k)
    else:  # lead
        go = decided[lead]
        called = tuple([go] * k)
    overruled = tuple(c and not d for c, d in zip(called, decided, strict=True))
    return JointCall(go, called, overruled)


def interest(people: People, grievance: np.ndarray) -> float:
    """How much an issue is an organization's own: its members' mean grievance about it
    (0 with no members)."""
    members = people.members
    return float(grievance[members].mean()) if members.any() else 0.0


def update_commitment(
    commitment: np.ndarray,
    called: np.ndarray,
    overruled: np.ndarray,
    turned_out: np.ndarray,
    interests: np.ndarray,
    params: CoalitionParams,
) -> None:
    """After a joint action, in place: overruled partners lose commitment by
    ``overruled_cost * (1 - interest)``; each partner others turned out for gains
    ``solidarity_gain * interest``; every partner that turned out loses ``free_ride_cost``
    for each called partner that sent nobody. Interests are relative to the most
    interested partner (so the issue is fully the own of at least one)."""
    top = interests.max()
    relative = interests / top if top > 0 else np.zeros_like(interests)
    commitment[overruled] -= params.overruled_cost * (1 - relative[overruled])
    others_came = np.array(
        [turned_out[np.arange(turned_out.size) != k].any() for k in range(turned_out.size)]
    )
    helped = called & others_came
    commitment[helped] += params.solidarity_gain * relative[helped]
    free_riders = int((called & ~turned_out).sum())
    commitment[turned_out] -= params.free_ride_cost * free_riders
    np.clip(commitment, 0.0, 1.0, out=commitment)
