"""The agents: members of the community, the leaders among them, and decision-makers.

Member state lives in numpy arrays owned by the model (:class:`People`, one array per
attribute), so that every mechanism is vectorized over members and ties. A
:class:`Member` is a Mesa agent whose attributes read and write its row; a
:class:`Leader` is the role a member takes on, with its own row-indexed state.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from movementsim.model.parameters import LEADER_SELECTIONS

if TYPE_CHECKING:
    from movementsim.model.organization import Organization
    from movementsim.model.parameters import CommunityParams, DecisionMakerParams

# The engagement ladder (Han 2014): bystander < SUPPORTER <= supporter < ACTIVE <= active
# < READY_TO_LEAD <= ready to lead.
SUPPORTER, ACTIVE, READY_TO_LEAD = 0.25, 0.5, 0.75

# Belief about the current false claim (Tambuscio et al. 2015).
SUSCEPTIBLE, BELIEVER, FACT_CHECKER = 0, 1, 2

# View of the movement's own evidence about the problem, a true claim.
NO_VIEW, ACCEPTS, REJECTS = 0, 1, 2


@dataclass(slots=True)
class People:
    """Everyone's state, one numpy array per attribute, indexed by member row.

    ``slots`` makes a misspelt attribute an error instead of a new array (Covasim's
    ``lock()``). Mechanisms change the arrays in place and never rebind them, so that an
    organization's view (:meth:`organization_view`) shares every person's state.
    """

    grievance: np.ndarray  #: how hard the problem hits them (0..1)
    engagement: np.ndarray  #: the ladder: bystander, supporter, active, ready to lead (0..1)
    availability: np.ndarray  #: the most engagement one's life allows (work, care, health)
    threshold: np.ndarray  #: share of ties acting they need to see before joining (0..1)
    skill: np.ndarray  #: organizing skill (0..1)
    discernment: np.ndarray  #: ability to tell true from false claims (0..1)
    scepticism: np.ndarray  #: blanket doubt of every claim, true or false (0..1)
    belief: np.ndarray  #: SUSCEPTIBLE, BELIEVER or FACT_CHECKER about the current false claim
    evidence: np.ndarray  #: NO_VIEW, ACCEPTS or REJECTS the movement's (true) evidence
    fatigue: np.ndarray  #: tiredness from acting (0..1); burnt out from care.burnout
    alignment: np.ndarray  #: agreement with the shared narrative and plan (0..1)
    subcommunity: np.ndarray  #: neighbourhood or identity group
    standing: np.ndarray  #: uniform draw: the informal standing that lets one be recognized
    influence: np.ndarray  #: recent say in the movement's decisions (decays)
    # The leader role, by member row (meaningful where is_leader is set).
    is_leader: np.ndarray  #: holds a leader role now
    selection: np.ndarray  #: how the role was obtained: INFORMAL, ELECTED or APPOINTED (-1: none)
    tenure: np.ndarray  #: weeks in the current run of terms
    terms_served: np.ndarray  #: consecutive terms served
    aim_gap: np.ndarray  #: how far a leader's aims have drifted from members' (0..1)
    coopted: np.ndarray  #: co-opted by a decision-maker
    team_of: np.ndarray  #: row of the leader whose team one is on, or -1
    barred_until: np.ndarray  #: week until which a term-limited leader may not stand again
    #: whom the organization organizes (everyone, unless this is an organization's view)
    base: np.ndarray

    @classmethod
    def draw(
        cls, params: CommunityParams, subcommunity: np.ndarray, rng: np.random.Generator
    ) -> People:
        """Draw a community from the scenario's distributions."""
        n = subcommunity.size
        availability = _beta(params.availability_mean, params.availability_sd, n, rng)
        # Nobody starts more engaged than their life allows.
        engagement = np.minimum(
            _beta(params.initial_engagement, params.initial_engagement_sd, n, rng), availability
        )
        return cls(
            grievance=_beta(params.grievance_mean, params.grievance_sd, n, rng),
            engagement=engagement,
            availability=availability,
            threshold=np.clip(rng.normal(params.threshold_mean, params.threshold_sd, n), 0, 1),
            skill=_beta(params.skill_mean, params.skill_sd, n, rng),
            discernment=_beta(params.discernment_mean, params.discernment_sd, n, rng),
            scepticism=np.full(n, params.scepticism),
            belief=np.zeros(n, dtype=np.int8),
            evidence=np.zeros(n, dtype=np.int8),
            fatigue=np.zeros(n),
            alignment=_beta(params.alignment_mean, params.alignment_sd, n, rng),
            subcommunity=subcommunity,
            standing=rng.random(n),
            influence=np.zeros(n),
            **_no_roles(n),
            base=np.ones(n, dtype=bool),
        )

    def organization_view(self, base: np.ndarray) -> People:
        """The community as one organization sees it: the same people (every person's
        state shared, changed in place by whoever changes it), the organization's own
        leader roles and teams (none yet), and ``base``, whom it organizes."""
        return replace(self, **_no_roles(self.size), base=base)

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
        """Mask of the people it organizes at least on the supporter rung: its members."""
        return (self.engagement >= SUPPORTER) & self.base


def _no_roles(n: int) -> dict[str, np.ndarray]:
    """The leader-role arrays of ``n`` people, none of whom holds a role."""
    return {
        "is_leader": np.zeros(n, dtype=bool),
        "selection": np.full(n, -1, dtype=np.int8),
        "tenure": np.zeros(n, dtype=np.int32),
        "terms_served": np.zeros(n, dtype=np.int32),
        "aim_gap": np.zeros(n),
        "coopted": np.zeros(n, dtype=bool),
        "team_of": np.full(n, -1, dtype=np.int64),
        "barred_until": np.zeros(n, dtype=np.int64),
    }


def _beta(mean: float, sd: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """Beta-distributed values in (0, 1) with the given mean and standard deviation."""
    mean = min(max(mean, 1e-3), 1 - 1e-3)
    variance = min(sd**2, mean * (1 - mean) * 0.99)
    common = mean * (1 - mean) / variance - 1
    return rng.beta(mean * common, (1 - mean) * common, n)


class Column:
    """An agent attribute stored in row ``agent.row`` of the arrays of ``agent.people``."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, agent: Any, owner: type | None = None) -> Any:
        if agent is None:
            return self
        return getattr(agent.people, self.name)[agent.row]

    def __set__(self, agent: Any, value: Any) -> None:
        getattr(agent.people, self.name)[agent.row] = value


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
    scepticism = Column()
    belief = Column()
    evidence = Column()
    fatigue = Column()
    alignment = Column()
    subcommunity = Column()

    def __init__(self, model: mesa.Model, row: int) -> None:
        super().__init__(model)
        self.row = row
        self.people: People = model.people

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

    The role's state (how it was obtained, tenure, drift of aims, co-optation) lives in
    the arrays of its organization's view of the people; ``selection`` reads as
    "informal", "elected" or "appointed".
    """

    tenure = Column()
    terms_served = Column()
    aim_gap = Column()
    coopted = Column()

    def __init__(self, model: mesa.Model, row: int, organization: Organization) -> None:
        super().__init__(model)
        self.row = row
        self.organization = organization
        self.people: People = organization.people

    @property
    def selection(self) -> str:
        """How the role was obtained: "informal", "elected" or "appointed" ("" if the
        member no longer holds it)."""
        code = int(self.people.selection[self.row])
        return LEADER_SELECTIONS[code] if code >= 0 else ""

    @property
    def member(self) -> Member:
        return self.model.member_agents[self.row]


class DecisionMaker(mesa.Agent):
    """Who holds power over a problem (a landlord, a city council, an employer, a utility).

    Pressure from the movement's actions on each of its demands (a campaign's pressure)
    builds up and fades; when it beats the decision-maker's resistance they concede (a
    win), otherwise they answer with one of delay, co-optation, false claims,
    repression, discrediting the movement's evidence or a side deal with one coalition
    partner, weighted by the scenario
    (:mod:`movementsim.model.mechanisms.response`). With every weight at 0 it never
    answers: it only concedes or waits. A decision-maker that has conceded often enough
    gives the movement a seat at its table (:mod:`movementsim.model.mechanisms.seat`).

    Attributes:
        name, kind: how the scenario names it (``[[decision_makers]]``).
        index: its position among the model's decision-makers.
        wins: concessions it has made to the movement; ``last_win`` the week of the last.
        issues_lost: issues it has conceded in full.
    """

    RESPONSES = ("delay", "coopt", "misinform", "repress", "discredit", "side_deal")

    def __init__(
        self,
        model: mesa.Model,
        params: DecisionMakerParams,
        name: str = "decision-maker",
        kind: str = "decision-maker",
        index: int = 0,
    ) -> None:
        super().__init__(model)
        self.params = params
        self.name = name
        self.kind = kind
        self.index = index
        self.resistance = params.resistance
        self.repression = 0.0
        self.wins = 0
        self.last_win = -(10**9)
        self.issues_lost = 0

    def feel(self, pressure: float, impact: float) -> float:
        """A demand's pressure a week later: it fades without action and builds with it."""
        return pressure * (1 - self.params.pressure_decay) + impact

    def fade_repression(self) -> None:
        """The cost of acting it imposed fades week by week."""
        self.repression *= self.params.repression_fade

    def effective_resistance(self, seat_at_table: bool) -> float:
        """A seat at the table (consulted before deciding) lowers what a win costs."""
        return self.resistance * (self.params.seat_discount if seat_at_table else 1.0)

    def concede_if_beaten(self, pressure: float, seat_at_table: bool) -> float:
        """Concede when a demand's ``pressure`` beats resistance; returns the resistance
        overcome (0 if none), which the concession uses up from that pressure."""
        needed = self.effective_resistance(seat_at_table)
        if pressure < needed:
            return 0.0
        self.resistance *= 1 + self.params.resistance_growth
        return needed

    def new_issue_resistance(self) -> float:
        """The resistance a new issue meets: its own, lowered for each issue it has
        already lost to this movement (a beaten opponent resists less; one never faced
        does not)."""
        return self.params.resistance * (1 - self.params.beaten_discount) ** self.issues_lost

    def face_new_issue(self) -> None:
        """Start a new issue from :meth:`new_issue_resistance`."""
        self.resistance = self.new_issue_resistance()

    def choose_response(self, rng: np.random.Generator) -> str | None:
        """Answer pressure that fell short: delay, co-opt, misinform, repress, discredit or
        offer a coalition partner a side deal (None: every weight is 0, so it does not
        answer)."""
        p = self.params
        weights = np.array(
            [p.delay, p.cooptation, p.misinformation, p.repression, p.discrediting, p.side_deal]
        )
        if weights.sum() <= 0:
            return None
        return self.RESPONSES[int(rng.choice(len(weights), p=weights / weights.sum()))]
