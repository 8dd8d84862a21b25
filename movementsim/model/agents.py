"""The agents: members of the community, the leaders among them, and decision-makers.

Member state lives in numpy arrays owned by the model (:class:`People`, one array per
attribute), so that every mechanism is vectorized over members and ties. A
:class:`Member` is a Mesa agent whose attributes read and write its row; a
:class:`Leader` is the role a member takes on, with its own row-indexed state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

if TYPE_CHECKING:
    from movementsim.model.parameters import CommunityParams

# The engagement ladder (Han 2014): bystander < SUPPORTER <= supporter < ACTIVE <= active
# < READY_TO_LEAD <= ready to lead.
SUPPORTER, ACTIVE, READY_TO_LEAD = 0.25, 0.5, 0.75

# Belief about the current false claim (Tambuscio et al. 2015).
SUSCEPTIBLE, BELIEVER, FACT_CHECKER = 0, 1, 2


@dataclass
class People:
    """Everyone's state, one numpy array per attribute, indexed by member row."""

    grievance: np.ndarray  #: how hard the problem hits them (0..1)
    engagement: np.ndarray  #: the ladder: bystander, supporter, active, ready to lead (0..1)
    availability: np.ndarray  #: the most engagement one's life allows (work, care, health)
    threshold: np.ndarray  #: share of ties acting they need to see before joining (0..1)
    skill: np.ndarray  #: organizing skill (0..1)
    discernment: np.ndarray  #: ability to tell true from false claims (0..1)
    belief: np.ndarray  #: SUSCEPTIBLE, BELIEVER or FACT_CHECKER about the current claim
    fatigue: np.ndarray  #: tiredness from acting (0..1); burnout above 0.8
    alignment: np.ndarray  #: agreement with the shared narrative and plan (0..1)
    subcommunity: np.ndarray  #: neighbourhood or identity group
    influence: np.ndarray  #: recent say in the movement's decisions (decays)
    # The leader role, by member row (meaningful where is_leader is set).
    is_leader: np.ndarray  #: holds a leader role now
    tenure: np.ndarray  #: weeks in the current run of terms
    terms_served: np.ndarray  #: consecutive terms served
    aim_gap: np.ndarray  #: how far a leader's aims have drifted from members' (0..1)
    coopted: np.ndarray  #: co-opted by a decision-maker
    team_of: np.ndarray  #: row of the leader whose team one is on, or -1
    barred_until: np.ndarray  #: week until which a term-limited leader may not stand again

    @classmethod
    def draw(
        cls, params: CommunityParams, subcommunity: np.ndarray, rng: np.random.Generator
    ) -> People:
        """Draw a community from the scenario's distributions."""
        n = subcommunity.size
        availability = _beta(params.availability_mean, 0.2, n, rng)
        # Nobody starts more engaged than their life allows.
        engagement = np.minimum(_beta(params.initial_engagement, 0.12, n, rng), availability)
        return cls(
            grievance=_beta(params.grievance_mean, params.grievance_sd, n, rng),
            engagement=engagement,
            availability=availability,
            threshold=np.clip(rng.normal(params.threshold_mean, params.threshold_sd, n), 0, 1),
            skill=_beta(params.skill_mean, 0.1, n, rng),
            discernment=_beta(params.discernment_mean, 0.15, n, rng),
            belief=np.zeros(n, dtype=np.int8),
            fatigue=np.zeros(n),
            alignment=_beta(0.5, 0.15, n, rng),
            subcommunity=subcommunity,
            influence=np.zeros(n),
            is_leader=np.zeros(n, dtype=bool),
            tenure=np.zeros(n, dtype=np.int32),
            terms_served=np.zeros(n, dtype=np.int32),
            aim_gap=np.zeros(n),
            coopted=np.zeros(n, dtype=bool),
            team_of=np.full(n, -1, dtype=np.int64),
            barred_until=np.zeros(n, dtype=np.int64),
        )

    def raise_engagement(self, where: np.ndarray, fraction: float | np.ndarray) -> None:
        """Close ``fraction`` of the gap between engagement and what one's life allows."""
        gap = np.maximum(self.availability[where] - self.engagement[where], 0.0)
        self.engagement[where] += fraction * gap

    def lower_engagement(self, where: np.ndarray, amount: float | np.ndarray) -> None:
        """Lose engagement (never below zero)."""
        self.engagement[where] = np.maximum(self.engagement[where] - amount, 0.0)

    @property
    def size(self) -> int:
        return self.engagement.size

    @property
    def members(self) -> np.ndarray:
        """Mask of people at least on the supporter rung: the movement's members."""
        return self.engagement >= SUPPORTER


def _beta(mean: float, sd: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """Beta-distributed values in (0, 1) with the given mean and standard deviation."""
    mean = min(max(mean, 1e-3), 1 - 1e-3)
    variance = min(sd**2, mean * (1 - mean) * 0.99)
    common = mean * (1 - mean) / variance - 1
    return rng.beta(mean * common, (1 - mean) * common, n)


class Column:
    """An agent attribute stored in row ``agent.row`` of a model-owned array."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, agent: Any, owner: type | None = None) -> Any:
        if agent is None:
            return self
        return getattr(agent.model.people, self.name)[agent.row]

    def __set__(self, agent: Any, value: Any) -> None:
        getattr(agent.model.people, self.name)[agent.row] = value


class Member(mesa.Agent):
    """A person hit by the community's shared problem.

    Every attribute reads and writes this member's row of the model's arrays, so an
    agent-level view and the vectorized mechanisms always agree.
    """

    grievance = Column()
    engagement = Column()
    availability = Column()
    threshold = Column()
    skill = Column()
    discernment = Column()
    belief = Column()
    fatigue = Column()
    alignment = Column()
    subcommunity = Column()

    def __init__(self, model: mesa.Model, row: int) -> None:
        super().__init__(model)
        self.row = row

    @property
    def rung(self) -> str:
        """Where this member stands on the engagement ladder."""
        value = self.engagement
        if value >= READY_TO_LEAD:
            return "ready to lead"
        if value >= ACTIVE:
            return "active"
        if value >= SUPPORTER:
            return "supporter"
        return "bystander"


class Leader(mesa.Agent):
    """A member who has taken responsibility: holds one-on-ones, trains, owns tasks, decides.

    ``selection`` records how the role was obtained (informal, elected, appointed);
    the role's state (tenure, drift of aims, co-optation) lives in the model's arrays.
    """

    tenure = Column()
    terms_served = Column()
    aim_gap = Column()
    coopted = Column()

    def __init__(self, model: mesa.Model, row: int, selection: str) -> None:
        super().__init__(model)
        self.row = row
        self.selection = selection

    @property
    def member(self) -> Member:
        return self.model.member_agents[self.row]


class DecisionMaker(mesa.Agent):
    """Who holds power over the problem (an official, a landlord, an employer).

    Pressure from the movement's actions builds up and fades; when it beats the
    decision-maker's resistance they concede (a win), otherwise they answer with one
    of delay, co-optation, false claims or repression, weighted by the scenario.
    """

    RESPONSES = ("delay", "coopt", "misinform", "repress")
    REPRESSION_FADE = 0.8  # weekly share of the cost of repression that remains
    SEAT_DISCOUNT = 0.7  # share of resistance left when the movement is consulted first

    def __init__(
        self,
        model: mesa.Model,
        resistance: float,
        resistance_growth: float,
        pressure_decay: float,
        response_weights: dict[str, float],
    ) -> None:
        super().__init__(model)
        self.resistance = resistance
        self.resistance_growth = resistance_growth
        self.pressure_decay = pressure_decay
        self.response_weights = response_weights
        self.pressure = 0.0
        self.repression = 0.0

    def feel(self, impact: float) -> None:
        """Pressure fades without action and builds with it."""
        self.pressure = self.pressure * (1 - self.pressure_decay) + impact
        self.repression *= self.REPRESSION_FADE

    def effective_resistance(self, seat_at_table: bool) -> float:
        """A seat at the table (consulted before deciding) lowers what a win costs."""
        return self.resistance * (self.SEAT_DISCOUNT if seat_at_table else 1.0)

    def concede_if_beaten(self, seat_at_table: bool) -> float:
        """Concede when pressure beats resistance; returns the resistance overcome (0 if none)."""
        needed = self.effective_resistance(seat_at_table)
        if self.pressure < needed:
            return 0.0
        self.pressure -= needed
        self.resistance *= 1 + self.resistance_growth
        return needed

    def choose_response(self, rng: np.random.Generator) -> str:
        """Answer pressure that fell short: delay, co-opt, misinform or repress."""
        weights = np.array([self.response_weights[r] for r in self.RESPONSES], dtype=float)
        if weights.sum() <= 0:
            return "delay"
        return self.RESPONSES[int(rng.choice(len(weights), p=weights / weights.sum()))]
