"""What the model measures every week (the columns of :func:`movementsim.simulate`).

Each reporter reads the model's state; none computes power from structure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from movementsim.agents import ACTIVE, BELIEVER
from movementsim.organizing import BURNOUT

if TYPE_CHECKING:
    from movementsim.model import MovementModel


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
    return float((model.people.fatigue[members] >= BURNOUT).mean())


def _active(model: MovementModel) -> int:
    return int((model.people.engagement >= ACTIVE).sum())


def _latency(model: MovementModel) -> float:
    waits = model.decision_times + model.missed_waits
    return float(np.mean(waits)) if waits else float("nan")


def _resistance(model: MovementModel) -> float:
    return model.decision_maker.effective_resistance(model.seat_at_table)


def _leader_drift(model: MovementModel) -> float:
    leaders = model.people.is_leader
    return float(model.people.aim_gap[leaders].mean()) if leaders.any() else 0.0


def _bridged_share(model: MovementModel) -> float:
    members = _members(model)
    if not members.any():
        return 0.0
    adjacency = model.ties.adjacency
    groups = model.people.subcommunity
    rows = np.repeat(np.arange(adjacency.shape[0]), np.diff(adjacency.indptr))
    crossing = groups[rows] != groups[adjacency.indices]
    bridged = np.bincount(rows[crossing], minlength=groups.size) > 0
    return float(bridged[members].mean())


Reporter = Callable[["MovementModel"], float]

#: Measure name -> (description, reporter). Order is the column order.
MEASURES: dict[str, tuple[str, Reporter]] = {
    "power": (
        "pressure the movement currently holds on the decision-maker (share of the community "
        "acting, weighted by coordination, coherence and skill; fades without action)",
        lambda m: m.decision_maker.pressure,
    ),
    "durable_power": (
        "power banked by wins (the resistance each win overcame), decaying slowly",
        lambda m: m.durable_power,
    ),
    "members": ("people at least on the supporter rung", lambda m: int(_members(m).sum())),
    "active": ("people on the active rung or above", _active),
    "leaders": ("people holding a leader role", lambda m: int(m.people.is_leader.sum())),
    "mean_engagement": (
        "mean engagement of the whole community",
        lambda m: float(m.people.engagement.mean()),
    ),
    "decision_latency": (
        "mean weeks from a moment opening to a decision (missed ones counted at their deadline)",
        _latency,
    ),
    "missed_opportunities": ("moments that passed undecided (cumulative)", lambda m: m.missed),
    "tasks_dropped": ("action tasks nobody owned (cumulative)", lambda m: m.tasks_dropped),
    "tasks_duplicated": (
        "extra owners on already-owned tasks (cumulative)",
        lambda m: m.tasks_duplicated,
    ),
    "misinformed_share": (
        "share of the community believing the current false claim",
        lambda m: float((m.people.belief == BELIEVER).mean()),
    ),
    "influence_gini": (
        "concentration of recent say in decisions among members (Gini)",
        lambda m: gini(m.people.influence[_members(m)]),
    ),
    "burnout_share": ("share of members burnt out (fatigue at or above 0.8)", _burnout_share),
    "wins": ("concessions won (cumulative)", lambda m: m.wins),
    "seat_at_table": (
        "1 while the movement is consulted before decisions",
        lambda m: int(m.seat_at_table),
    ),
    "turnout": ("participations in actions this week", lambda m: m.turnout),
    "resistance": ("pressure the decision-maker needs before conceding", _resistance),
    "leader_drift": ("mean distance of leaders' aims from members' (0 to 1)", _leader_drift),
    "coopted_leaders": (
        "leaders co-opted by the decision-maker",
        lambda m: int((m.people.is_leader & m.people.coopted).sum()),
    ),
    "bridged_share": (
        "share of members with at least one tie across subcommunity lines",
        _bridged_share,
    ),
    "structure_level": (
        "the structure level in force (it can change on a schedule)",
        lambda m: m.structure.level,
    ),
}
