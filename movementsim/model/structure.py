"""Governance: how the structure level, a continuous dial, sets the movement's rules.

``structure.level`` runs from 0 (no formal structure at all) to 1 (a rigid hierarchy).
It never touches power: it only sets *rules* (who decides, how many sign-offs, who
coordinates whom, who owns a task, how leaders arise and rotate). Every rule moves
smoothly with the level, without jumps or kinks, so that nearby levels give nearby
rules (blends between anchors ease in and out, as ``smoothstep`` does):

- **who decides**: a mix of decision rules, as shares of the decisions taken (each
  decision draws its rule): consensus of an open assembly at 0, majority of an assembly
  at 0.25, an elected board at 0.5, a single leader at 1, and blends between;
- **sign-offs**: ``max_approval_layers * level^2`` expected sign-offs per decision (a
  decision needs the whole number below or above it, at random, so that the mean is
  exact);
- **formal lines**: the share of members on a leader's team grows from 0 at level 0
  to everyone at 0.5; a team has ``min_span`` members at level 0, ``max_span`` at 1;
- **role clarity**: from ``min_role_clarity`` to ``max_role_clarity``;
- **how leaders arise**: a mix of leader seats: informal (the best-connected, nobody
  chose them) at 0, elected at 0.5, appointed by the leadership at 1, and blends
  between;
- **rotation**: the term limit is ``rotation_terms / (1 - level)`` terms (2 at 0, 4 at
  0.5, none at 1), a fractional limit applied at random so that the mean is exact;
- **local autonomy**: the chance a local moment may be decided by its local team alone,
  1 up to level 0.4, easing down to 0 at 0.8.

Freeman (1972) is the source for structure being explicit rules; the anchors and the
shapes between them are our own modelling choice, shown in docs/model.md as a table
and a figure. Researchers can set any rule explicitly; it then overrides the level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from movementsim.model.parameters import DECISION_RULES, LEADER_SELECTIONS, StructureParams

#: Levels at which each decision rule alone is in force (consensus, majority, board,
#: single leader); between two anchors the rules blend by :func:`smoothstep`.
RULE_ANCHORS = (0.0, 0.25, 0.5, 1.0)
#: (level, shares of informal, elected, appointed leader seats), blended by smoothstep.
SELECTION_ANCHORS = (
    (0.0, (1.0, 0.0, 0.0)),
    (0.5, (0.0, 1.0, 0.0)),
    (1.0, (0.0, 0.0, 1.0)),
)
#: Level from which every member is on a leader's team.
FULL_COVERAGE_LEVEL = 0.5
#: Local autonomy is full up to the first level and gone from the second.
AUTONOMY_RAMP = (0.4, 0.8)
#: Weeks in a leader's term (yearly elections) unless ``structure.term_length`` says
#: otherwise.
TERM_LENGTH = 52

INFORMAL, ELECTED, APPOINTED = range(3)


@dataclass(frozen=True)
class Governance:
    """The resolved rules a movement runs under (no value left implicit).

    Attributes:
        rule_weights: shares of decisions taken by each rule of ``DECISION_RULES``.
        board_seats: members of the board that decides the board's decisions.
        approval_layers: expected sign-offs a decision not taken locally needs.
        team_coverage: share of members on a leader's team (formal lines).
        span_of_control: members one leader coordinates.
        role_clarity: chance that a coordinated task is assigned to exactly one owner.
        selection_weights: shares of leader seats that are informal, elected, appointed.
        term_length: weeks between elections.
        term_limit: consecutive terms an elected leader may serve (inf: no limit).
        local_autonomy: chance a local moment may be decided by its team alone.
    """

    rule_weights: tuple[float, float, float, float]
    board_seats: int
    approval_layers: float
    team_coverage: float
    span_of_control: int
    role_clarity: float
    selection_weights: tuple[float, float, float]
    term_length: int
    term_limit: float
    local_autonomy: float

    @property
    def max_layers(self) -> int:
        """The most sign-offs any decision may need."""
        return math.ceil(self.approval_layers)

    def draw_rule(self, rng: np.random.Generator) -> str:
        """The rule one decision is taken by (one draw when the rules are mixed)."""
        weights = np.asarray(self.rule_weights)
        if (weights == 1).any():
            return DECISION_RULES[int(np.argmax(weights))]
        return DECISION_RULES[int(rng.choice(len(weights), p=weights / weights.sum()))]

    def draw_layers(self, rng: np.random.Generator) -> int:
        """Sign-offs one decision needs: the expected number, rounded up or down at random."""
        return stochastic_round(self.approval_layers, rng)

    def formal_seats(self, members: int, ready_to_lead: int) -> int:
        """Formal leader seats: one per team (a span of the members formal lines cover),
        at least one; with no formal lines at all (``span_of_control`` 0), one for each
        member ready to lead."""
        if self.span_of_control <= 0:
            return max(1, ready_to_lead)
        return max(1, math.ceil(self.team_coverage * members / self.span_of_control))

    def seats_by_selection(self, members: int, ready_to_lead: int) -> tuple[int, int]:
        """Formal seats that are elected and appointed (their shares, rounded to sum)."""
        seats = self.formal_seats(members, ready_to_lead)
        _, elected, appointed = self.selection_weights
        formal = elected + appointed
        if formal <= 0:  # formal_seats is at least 1
            return 0, 0
        elected_seats = round(seats * elected / formal)
        return elected_seats, seats - elected_seats

    @property
    def informal_share(self) -> float:
        """How far informal leadership is allowed: 1 with no formal seats, 0 with only them."""
        return self.selection_weights[INFORMAL]

    @property
    def elected_share(self) -> float:
        return self.selection_weights[ELECTED]

    def describe(self) -> dict[str, str]:
        """The rules in words, for tables and explanations."""
        rules = ", ".join(
            f"{name.replace('_', ' ')} {weight:.0%}"
            for name, weight in zip(DECISION_RULES, self.rule_weights, strict=True)
            if weight > 0
        )
        selection = ", ".join(
            f"{name} {weight:.0%}"
            for name, weight in zip(LEADER_SELECTIONS, self.selection_weights, strict=True)
            if weight > 0
        )
        limit = "none" if math.isinf(self.term_limit) else f"{self.term_limit:.2g}"
        return {
            "who decides": rules,
            "sign-offs": f"{self.approval_layers:.2f}",
            "on a team": f"{self.team_coverage:.0%}",
            "span": str(self.span_of_control),
            "role clarity": f"{self.role_clarity:.2f}",
            "leaders": selection,
            "term limit": limit,
            "local autonomy": f"{self.local_autonomy:.0%}",
        }


def stochastic_round(value: float, rng: np.random.Generator) -> int:
    """``value`` rounded down or up at random, so that the mean is ``value``."""
    whole = math.floor(value)
    if value == whole:
        return whole  # no draw: a whole number keeps the random stream as it was
    return whole + int(rng.random() < value - whole)


def smoothstep(t: float) -> float:
    """0 at t <= 0, 1 at t >= 1, and 3t^2 - 2t^3 between: a ramp without kinks."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3 - 2 * t)


def _blend(anchors: tuple[tuple[float, tuple[float, ...]], ...], level: float) -> tuple:
    """Weight vectors blended between (level, weights) anchors, easing in and out of each
    anchor (:func:`smoothstep`), so that the rules change without kinks."""
    for (low, below), (high, above) in zip(anchors, anchors[1:], strict=False):
        if level <= high:
            s = smoothstep((level - low) / (high - low))
            return tuple((1 - s) * a + s * b for a, b in zip(below, above, strict=True))
    return anchors[-1][1]


def governance_from_level(level: float, params: StructureParams | None = None) -> Governance:
    """The rules a structure level implies, with the dial's shape from ``params``."""
    shape = params if params is not None else StructureParams()
    rule_anchors = tuple(
        (anchor, tuple(1.0 if i == j else 0.0 for j in range(len(DECISION_RULES))))
        for i, anchor in enumerate(RULE_ANCHORS)
    )
    low, high = AUTONOMY_RAMP
    return Governance(
        rule_weights=_blend(rule_anchors, level),
        board_seats=shape.board_seats,
        approval_layers=shape.max_approval_layers * level**2,
        team_coverage=smoothstep(level / FULL_COVERAGE_LEVEL),
        span_of_control=round(shape.min_span + (shape.max_span - shape.min_span) * level),
        role_clarity=shape.min_role_clarity
        + (shape.max_role_clarity - shape.min_role_clarity) * level,
        selection_weights=_blend(SELECTION_ANCHORS, level),
        term_length=TERM_LENGTH,
        term_limit=math.inf if level >= 1 else shape.rotation_terms / (1 - level),
        local_autonomy=smoothstep((high - level) / (high - low)),
    )


def resolve_governance(params: StructureParams) -> Governance:
    """Rules implied by ``params.level``, with every explicitly set rule taking precedence."""
    implied = governance_from_level(params.level, params)
    explicit: dict[str, object] = {}
    if params.decision_rule is not None:
        explicit["rule_weights"] = _one_hot(DECISION_RULES, params.decision_rule)
    if params.leader_selection is not None:
        explicit["selection_weights"] = _one_hot(LEADER_SELECTIONS, params.leader_selection)
    if params.approval_layers is not None:
        explicit["approval_layers"] = float(params.approval_layers)
    if params.span_of_control is not None:
        explicit["span_of_control"] = params.span_of_control
        explicit["team_coverage"] = 1.0 if params.span_of_control > 0 else 0.0
    if params.role_clarity is not None:
        explicit["role_clarity"] = params.role_clarity
    if params.term_length is not None:
        explicit["term_length"] = params.term_length
    if params.term_limit is not None:
        explicit["term_limit"] = math.inf if params.term_limit == 0 else float(params.term_limit)
    if params.local_autonomy is not None:
        explicit["local_autonomy"] = 1.0 if params.local_autonomy else 0.0
    return Governance(**{**implied.__dict__, **explicit})


def _one_hot(names: tuple[str, ...], chosen: str) -> tuple[float, ...]:
    return tuple(1.0 if name == chosen else 0.0 for name in names)
