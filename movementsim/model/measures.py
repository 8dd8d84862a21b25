"""What the model measures every week (the columns of :func:`movementsim.simulate`).

Each reporter reads the model's state; none computes power from structure. Every
measure declares its kind, because the columns mix three (Covasim names them by
prefix; we keep the names users know and say the kind here and in docs/model.md):

- ``stock``: a state at the end of the week (``members``, ``power``);
- ``flow``: what happened during the week (``turnout``);
- ``cumulative``: a count since week 0 (``wins``, ``missed_opportunities``).

``low`` and ``high`` bound the values a measure can take (None: no bound), ``integer``
says it counts something, and ``percent`` that it is a share people read as a percentage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from movementsim.model.agents import ACCEPTS, ACTIVE, BELIEVER, REJECTS
from movementsim.model.arithmetic import plain_sum
from movementsim.model.mechanisms import seat

if TYPE_CHECKING:
    from movementsim.model.agents import DecisionMaker
    from movementsim.model.model import MovementModel


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0: equal, near 1: one holds all)."""
    if values.size == 0 or values.sum() <= 0:
        return 0.0
    ordered = np.sort(values)
    n = ordered.size
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * ordered).sum()) / (n * ordered.sum()) - (n + 1) / n)


def _members(model: MovementModel) -> np.ndarray:
    return model.people.members


def _burnout_share(model: MovementModel) -> float:
    members = _members(model)
    if not members.any():
        return 0.0
    return float((model.people.fatigue[members] >= model.params.care.burnout).mean())


def _active(model: MovementModel) -> int:
    return int((model.people.engagement >= ACTIVE).sum())


def _latency(model: MovementModel) -> float:
    waits = model.decision_times + model.missed_waits
    return float(np.mean(waits)) if waits else float("nan")


def _target(model: MovementModel) -> DecisionMaker:
    """The decision-maker the first campaign presses (the first one when none is under way)."""
    return model.decision_makers[model.campaigns[0].target if model.campaigns else 0]


def _resistance(model: MovementModel) -> float:
    target = _target(model)
    return target.effective_resistance(seat.seated(target, model.steps, model.durable_power))


def _leader_drift(model: MovementModel) -> float:
    roles = [org.people for org in model.organizations]
    gaps = np.concatenate([view.aim_gap[view.is_leader] for view in roles])
    return float(gaps.mean()) if gaps.size else 0.0


def _bridged_share(model: MovementModel) -> float:
    members = _members(model)
    if not members.any():
        return 0.0
    bridged = model.ties.bridged(model.people.subcommunity)
    return float(bridged[members].mean())


def _truth_discernment(model: MovementModel) -> float:
    """Among members, the share accepting the movement's (true) evidence minus the share
    believing the current false claim (Guess et al. 2020)."""
    members = _members(model)
    if not members.any():
        return 0.0
    people = model.people
    believe_true = (people.evidence[members] == ACCEPTS).mean()
    believe_false = (people.belief[members] == BELIEVER).mean()
    return float(believe_true - believe_false)


Reporter = Callable[["MovementModel"], float]


@dataclass(frozen=True)
class Measure:
    """One weekly measure: what it means, how it is read off the model, and its range."""

    description: str
    reporter: Reporter
    kind: str  # "stock", "flow" or "cumulative"
    low: float | None = 0.0
    high: float | None = None
    integer: bool = False
    percent: bool = False
    #: A count of people: never more than the community's ``community.members``, which a
    #: static ``high`` cannot say (:func:`measure_high` gives the bound for a scenario).
    of_people: bool = False


def _count(description: str, reporter: Reporter, kind: str = "stock") -> Measure:
    return Measure(description, reporter, kind, integer=True)


def _people(description: str, reporter: Reporter) -> Measure:
    return Measure(description, reporter, "stock", integer=True, of_people=True)


def measure_high(name: str, people: int | None = None) -> float | None:
    """The largest value a measure can take, in a community of ``people`` (None: unknown,
    and a count of people then has no upper bound)."""
    measure = MEASURES[name]
    if measure.of_people:
        return None if people is None else float(people)
    return measure.high


def _share(description: str, reporter: Reporter) -> Measure:
    return Measure(description, reporter, "stock", high=1.0)


#: Measure name -> :class:`Measure`. Order is the column order.
MEASURES: dict[str, Measure] = {
    "power": Measure(
        "pressure the movement currently holds on decision-makers, over every campaign (share of "
        "the community acting, weighted by coordination, coherence and skill; fades without "
        "action); read at the end of the week, after a win has used up the pressure it took",
        lambda m: plain_sum(c.total_pressure for c in m.campaigns),
        "stock",
    ),
    "durable_power": Measure(
        "power banked by wins (the resistance each win overcame), decaying slowly",
        lambda m: m.durable_power,
        "stock",
    ),
    "members": _people("people at least on the supporter rung", lambda m: int(_members(m).sum())),
    "active": _people("people on the active rung or above", _active),
    "leaders": _people(
        "people holding a leader role (in any organization)",
        lambda m: int(m.everyone.is_leader.sum()),
    ),
    "mean_engagement": _share(
        "mean engagement of the whole community", lambda m: float(m.people.engagement.mean())
    ),
    "decision_latency": Measure(
        "mean weeks from a moment opening to a decision (missed ones counted at their "
        "deadline), over the run so far",
        _latency,
        "cumulative",
    ),
    "missed_opportunities": _count(
        "moments that passed undecided (cumulative)", lambda m: m.missed, "cumulative"
    ),
    "tasks_done": _count(
        "action tasks that had an owner (cumulative)", lambda m: m.tasks_done, "cumulative"
    ),
    "tasks_dropped": _count(
        "action tasks nobody owned (cumulative)", lambda m: m.tasks_dropped, "cumulative"
    ),
    "tasks_duplicated": _count(
        "extra owners on already-owned tasks (cumulative)",
        lambda m: m.tasks_duplicated,
        "cumulative",
    ),
    "misinformed_share": Measure(
        "share of the community believing the current false claim",
        lambda m: float((m.people.belief == BELIEVER).mean()),
        "stock",
        high=1.0,
        percent=True,
    ),
    "rejecting_true_share": Measure(
        "share of the community rejecting the movement's evidence about the problem, a true "
        "claim (cynicism; 0 while no evidence has been presented or attacked)",
        lambda m: float((m.people.evidence == REJECTS).mean()),
        "stock",
        high=1.0,
        percent=True,
    ),
    "truth_discernment": Measure(
        "among members, the share accepting the movement's (true) evidence minus the share "
        "believing the current false claim (-1 to 1; Guess et al. 2020)",
        _truth_discernment,
        "stock",
        low=-1.0,
        high=1.0,
    ),
    "influence_gini": _share(
        "concentration of recent say in decisions among members (Gini)",
        lambda m: gini(m.people.influence[_members(m)]),
    ),
    "burnout_share": Measure(
        "share of members burnt out (fatigue at or above care.burnout)",
        _burnout_share,
        "stock",
        high=1.0,
        percent=True,
    ),
    "wins": _count("concessions won (cumulative)", lambda m: m.wins, "cumulative"),
    "seat_at_table": Measure(
        "1 while the movement has a seat at a decision-maker's table (consulted before "
        "decisions)",
        lambda m: int(m.seat_at_table),
        "stock",
        high=1.0,
        integer=True,
    ),
    "turnout": _count("participations in actions this week", lambda m: m.turnout, "flow"),
    "resistance": Measure(
        "pressure the decision-maker the first campaign presses needs before conceding",
        _resistance,
        "stock",
    ),
    "leader_drift": _share("mean distance of leaders' aims from members' (0 to 1)", _leader_drift),
    "coopted_leaders": _count(
        "leader roles co-opted by a decision-maker (in every organization)",
        lambda m: sum(int((o.people.is_leader & o.people.coopted).sum()) for o in m.organizations),
    ),
    "bridged_share": _share(
        "share of members with at least one tie across subcommunity lines", _bridged_share
    ),
    "structure_level": _share(
        "the structure level in force (it can change on a schedule)", lambda m: m.structure.level
    ),
    "targets_won": _count(
        "decision-makers that have conceded at least once so far",
        lambda m: m.targets_won,
        "cumulative",
    ),
    "issues_won": _count("issues won so far", lambda m: m.issues_won, "cumulative"),
    "consulted_decisions": _count(
        "decisions the movement was consulted on before they were taken (it had a seat)",
        lambda m: m.consulted,
        "cumulative",
    ),
    "active_campaign": Measure(
        "index of the issue the first campaign under way is about, in the order of "
        "[[issues]] from 0 (-1: none; 0: the shared problem of a scenario without issues)",
        lambda m: m.active_campaign,
        "stock",
        low=-1.0,
        integer=True,
    ),
    "coalition_size": _count(
        "organizations still in the coalition (0 with one organization, and once fewer than "
        "two remain; a partner that leaves does not come back)",
        lambda m: int(m.in_coalition.sum()),
    ),
    "coalition_partners": _count(
        "coalition partners that turned out together in a joint action this week (0 with one "
        "organization)",
        lambda m: m.coalition_partners,
        "flow",
    ),
    "coalition_turnout": _count(
        "people acting in the coalition's joint actions this week (each once, whatever "
        "organizations they belong to)",
        lambda m: m.coalition_turnout,
        "flow",
    ),
}
