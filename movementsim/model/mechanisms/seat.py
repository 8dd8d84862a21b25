"""A seat at the table: being consulted before a decision-maker decides.

A movement earns a seat with a decision-maker by winning (``seat_after_wins``
concessions from it) and keeps it while its power holds: the seat is lost after
``seat_lapse_weeks`` without a concession, or as soon as the movement's banked (durable)
power falls below ``seat_keep_power`` times the decision-maker's own resistance (power
that has faded). Each decision-maker takes its decisions on its own calendar (every
``decision_every`` weeks) or, without one, at random (:func:`decision_comes_up`). With a seat the
movement is consulted before a decision: it hears of the moment ``notice_weeks`` earlier
(a longer deadline) and needs less pressure (``seat_discount``). Without a seat it may
hear too late to act (``unnoticed_share``). The seat brings its leaders close to the
decision-maker: each consultation comes, with chance ``consultation_cooptation``, with
an attempt to co-opt one of them (:func:`response.attempt_cooptation`). Durable power,
too, fades more slowly while the movement has a seat anywhere. These are our own
modelling assumptions, after the organizing goal of a place at the table and Michels
(1911) on its risk.
"""

from __future__ import annotations

import numpy as np

from movementsim.model.agents import DecisionMaker


def seated(decision_maker: DecisionMaker, week: int, banked: float) -> bool:
    """Whether the movement, with ``banked`` durable power, has a seat at this
    decision-maker's table in ``week``."""
    params = decision_maker.params
    return (
        decision_maker.wins >= params.seat_after_wins
        and week - decision_maker.last_win < params.seat_lapse_weeks
        and banked >= params.seat_keep_power * params.resistance
    )


def decision_comes_up(
    decision_maker: DecisionMaker, week: int, rate: float, rng: np.random.Generator
) -> bool:
    """Whether one of this decision-maker's decisions comes up in ``week``: on its
    calendar (every ``decision_every`` weeks, from week ``decision_every``), or, without
    one, with chance ``rate`` (``campaign.opportunity_rate``)."""
    every = decision_maker.params.decision_every
    if every > 0:
        return week > 0 and week % every == 0
    return bool(rng.random() < rate)


def hear_of_decision(
    decision_maker: DecisionMaker, has_seat: bool, deadline: int, rng: np.random.Generator
) -> int | None:
    """The week by which the movement must act on a decision that comes up, or None if it
    does not hear of it in time.

    With a seat it is consulted: it hears ``notice_weeks`` earlier, so it has that much
    longer. Without one, a share ``unnoticed_share`` of decisions come to its knowledge
    too late (no chance is drawn when that share is 0).
    """
    params = decision_maker.params
    if has_seat:
        return deadline + params.notice_weeks
    if params.unnoticed_share > 0 and rng.random() < params.unnoticed_share:
        return None
    return deadline


def tried_at_the_table(decision_maker: DecisionMaker, rng: np.random.Generator) -> bool:
    """Whether a consultation comes with an attempt to co-opt a leader (no chance is drawn
    when ``consultation_cooptation`` is 0)."""
    chance = decision_maker.params.consultation_cooptation
    return chance > 0 and rng.random() < chance
