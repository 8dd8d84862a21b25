"""An organization of the community: whom it organizes, the rules it runs under, its
leaders, and what became of its moments to act.

Today's scenarios have one organization, which organizes everyone; its view of the
people is the community itself, so everything runs exactly as it did before
organizations existed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from movementsim.model.agents import People
from movementsim.model.mechanisms.decisions import Opportunity
from movementsim.model.parameters import StructureParams
from movementsim.model.structure import Governance, resolve_governance


@dataclass(eq=False)
class Organization:
    """One organization.

    Attributes:
        name: how the scenario names it.
        index: its position among the model's organizations.
        people: its view of the community (:meth:`People.organization_view`): every
            person's state shared, its own leader roles and teams, ``base`` whom it
            organizes.
        structure: the structure in force; ``governance`` its rules.
        structure_adopted: the week the structure in force was adopted.
        schedule: week -> structure adopted that week.
        opportunities: its moments to act not yet acted on or missed.
        decision_times: weeks from opening to decision, per decided moment.
        missed_waits: weeks from opening to deadline, per missed moment.
        missed, tasks_done, tasks_dropped, tasks_duplicated: counts since week 0.
        kind: what it is; issues: the issues it fights for (indices; None: every issue).
        contribution: the pressure its members' actions have put on decision-makers,
        fading like a campaign's (concessions do not use it up); impact: what its
        members' actions added this week; turnout: its members acting this week.
    """

    name: str
    index: int
    people: People
    structure: StructureParams
    schedule: dict[int, StructureParams]
    kind: str = "organization"
    issues: tuple[int, ...] | None = None
    governance: Governance = field(init=False)
    structure_adopted: int = 0
    opportunities: list[Opportunity] = field(default_factory=list)
    decision_times: list[int] = field(default_factory=list)
    missed_waits: list[int] = field(default_factory=list)
    missed: int = 0
    tasks_done: int = 0
    tasks_dropped: int = 0
    tasks_duplicated: int = 0
    contribution: float = 0.0
    impact: float = 0.0
    turnout: int = 0

    def __post_init__(self) -> None:
        self.governance = resolve_governance(self.structure)

    def follow_schedule(self, week: int) -> None:
        """Adopt a new structure when the schedule says so.

        Adoption resets the election calendar (an elected structure holds its first
        election in the week it is adopted), and decisions already climbing sign-offs
        need at most the layers the new rules have.
        """
        if week not in self.schedule:
            return
        self.structure = self.schedule[week]
        self.governance = resolve_governance(self.structure)
        self.structure_adopted = week
        for opp in self.opportunities:
            opp.layers_left = min(opp.layers_left, self.governance.max_layers)

    def fights_for(self, issue: int) -> bool:
        """Whether it takes part in campaigns on ``issue``."""
        return self.issues is None or issue in self.issues
