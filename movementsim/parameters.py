"""Every scenario parameter: its section, type, default, allowed range and meaning.

A scenario is a set of frozen dataclasses, one per TOML section. Each field carries
its documentation in ``metadata`` so that the loader can validate it, the CLI can
explain it and ``docs/model.md`` can tabulate it from one source of truth.

Fields of :class:`StructureParams` other than ``level`` default to ``None``: the
value is then implied by ``level`` (see :mod:`movementsim.structure`). Setting one
explicitly overrides what the level implies.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

DECISION_RULES = ("consensus", "majority", "board", "single_leader")
LEADER_SELECTIONS = ("informal", "elected", "appointed")


def param(
    default: Any,
    doc: str,
    *,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[str, ...] | None = None,
    kind: type | None = None,
) -> Any:
    """A dataclass field that documents itself (default, range or choices, meaning)."""
    return field(
        default=default,
        metadata={"doc": doc, "low": low, "high": high, "choices": choices, "kind": kind},
    )


@dataclass(frozen=True)
class ModelParams:
    """Size and duration of a run."""

    steps: int = param(260, "weeks to simulate (one step is one week)", low=1, high=100_000)
    seed: int = param(0, "seed used when none is given on the command line", low=0, high=2**63 - 1)


@dataclass(frozen=True)
class CommunityParams:
    """The people who share the problem, and the ties between them."""

    members: int = param(
        1000, "people who share the problem (Member agents)", low=10, high=2_000_000
    )
    subcommunities: int = param(
        4, "neighbourhoods or identity groups the community is divided into", low=1, high=100
    )
    mean_ties: float = param(8.0, "average number of social ties per person", low=2, high=60)
    cross_tie_share: float = param(
        0.05, "share of initial ties that cross subcommunity lines", low=0, high=1
    )
    founders: float = param(
        0.015, "share of people in the founding core (engaged, skilled, aligned)", low=0, high=0.5
    )
    initial_engagement: float = param(
        0.15, "mean starting engagement (0..1; 0.25 is the supporter rung)", low=0, high=1
    )
    availability_mean: float = param(
        0.5, "mean of the most engagement people's lives allow (work, care, health)",
        low=0.05, high=1,
    )
    grievance_mean: float = param(
        0.6, "mean of how hard the problem hits people (beta distributed)", low=0.01, high=0.99
    )
    grievance_sd: float = param(0.2, "spread of grievance", low=0.01, high=0.45)
    threshold_mean: float = param(
        0.25,
        "mean participation threshold: share of one's ties already acting one needs to see "
        "before joining (Granovetter 1978)",
        low=0,
        high=1,
    )
    threshold_sd: float = param(0.15, "spread of participation thresholds", low=0, high=0.5)
    discernment_mean: float = param(
        0.45, "mean ability to tell true from false claims", low=0, high=1
    )
    skill_mean: float = param(0.2, "mean organizing skill at the start", low=0, high=1)


@dataclass(frozen=True)
class StructureParams:
    """How the movement governs itself. ``None`` means: implied by ``level``."""

    level: float = param(
        0.5, "0 = no formal structure at all, 1 = a rigid hierarchy", low=0, high=1
    )
    decision_rule: str | None = param(
        None, "who decides on an action", choices=DECISION_RULES, kind=str
    )
    approval_layers: int | None = param(
        None, "sign-offs a decision needs before the movement may act", low=0, high=10, kind=int
    )
    span_of_control: int | None = param(
        None,
        "members one leader coordinates through a formal line (0 = no formal lines)",
        low=0,
        high=500,
        kind=int,
    )
    role_clarity: float | None = param(
        None, "chance that a task is assigned to exactly one owner", low=0, high=1, kind=float
    )
    leader_selection: str | None = param(
        None, "how leaders arise", choices=LEADER_SELECTIONS, kind=str
    )
    term_length: int | None = param(
        None, "weeks between leader elections", low=4, high=520, kind=int
    )
    term_limit: int | None = param(
        None, "consecutive terms a leader may serve (0 = no limit)", low=0, high=50, kind=int
    )
    local_autonomy: bool | None = param(
        None, "may local teams act on small opportunities without approval", kind=bool
    )


@dataclass(frozen=True)
class CampaignParams:
    """The environment: moments to act, and what acting takes."""

    opportunity_rate: float = param(
        0.12, "chance per week that a moment to act opens (the tempo)", low=0, high=1
    )
    deadline_weeks: float = param(
        6.0, "mean weeks from a moment opening to the moment it must be acted on", low=1, high=52
    )
    local_share: float = param(
        0.5, "share of moments that are local (a team may take them alone)", low=0, high=1
    )
    meeting_capacity: int = param(
        12, "objections one weekly meeting can work through", low=1, high=1000
    )
    leader_capacity: int = param(
        2, "decisions one leader can sign off per week", low=1, high=50
    )
    people_per_task: int = param(
        20, "participants one task (outreach, logistics, media, care) serves", low=1, high=1000
    )
    media_amplification: float = param(
        0.5, "extra pressure when the media task is done well", low=0, high=5
    )


@dataclass(frozen=True)
class DecisionMakerParams:
    """Who holds power over the problem, and how they respond to pressure."""

    resistance: float = param(
        0.12, "pressure (share of the community acting, weighted) needed for a concession",
        low=0.001, high=10,
    )
    resistance_growth: float = param(
        0.15, "relative rise in resistance after each concession", low=0, high=5
    )
    pressure_decay: float = param(
        0.2, "share of pressure that fades each week (only new actions renew it)", low=0, high=1
    )
    delay: float = param(
        0.2, "weight of stalling (letting pressure fade) among responses to pressure",
        low=0, high=1,
    )
    cooptation: float = param(
        0.3, "weight of co-opting leaders among responses to pressure", low=0, high=1
    )
    misinformation: float = param(
        0.3, "weight of spreading false claims among responses", low=0, high=1
    )
    repression: float = param(
        0.2, "weight of raising the cost of acting among responses", low=0, high=1
    )
    seat_after_wins: int = param(
        3, "wins after which the movement gets a seat at the table", low=1, high=100
    )


@dataclass(frozen=True)
class InformationParams:
    """False claims (after Tambuscio et al. 2015)."""

    false_claim_rate: float = param(
        0.03, "chance per week that a false claim starts on its own", low=0, high=1
    )
    seed_share: float = param(
        0.02, "share of people who hear a new false claim first", low=0, high=1
    )
    spreading_rate: float = param(
        0.5,
        "weekly chance that someone exposed to believers or fact-checkers among their ties "
        "takes a side (beta)",
        low=0,
        high=1,
    )
    gullibility: float = param(
        0.5, "credibility of false claims to people of zero discernment (alpha)", low=0, high=1
    )
    forgetting_rate: float = param(
        0.1, "weekly chance a believer or fact-checker forgets the claim (p_forget)", low=0, high=1
    )
    fact_check_rate: float = param(
        0.1, "weekly chance a believer checks the claim, times discernment (p_verify)",
        low=0, high=1,
    )


@dataclass(frozen=True)
class StrategyParams:
    """How the movement spends its leaders' time (Han 2014; McAlevey 2016)."""

    organizing_share: float = param(
        0.6,
        "0 = pure mobilizing (broadcast calls), 1 = pure organizing (one-on-ones, training)",
        low=0,
        high=1,
    )
    one_on_ones_per_leader: float = param(
        14.0,
        "one-on-ones a leader would hold per week with all their time on organizing",
        low=0,
        high=50,
    )
    training_rate: float = param(
        0.05, "weekly skill and discernment gain of a trained member", low=0, high=1
    )
    care_share: float = param(
        0.3,
        "share of leaders' effort spent on regenerative support (care work), taken from "
        "organizing time",
        low=0,
        high=1,
    )
    bridging_share: float = param(
        0.3,
        "share of one-on-ones deliberately held across subcommunity lines",
        low=0,
        high=1,
    )
    recruitment_rate: float = param(
        0.02, "weekly chance that each active tie draws a bystander in (it also scales "
        "mobilizing's broad asks)", low=0, high=1
    )


@dataclass(frozen=True)
class StructureChange:
    """From ``week`` on, the movement runs under ``structure`` (a schedule entry)."""

    week: int
    structure: StructureParams


@dataclass(frozen=True)
class Scenario:
    """A named scenario: every parameter of a run, grouped by section.

    ``schedule`` lists changes of structure during the run, in week order: structure
    decided early or late, a movement that formalizes as it grows.
    """

    name: str = "custom"
    title: str = ""
    description: str = ""
    narrative: str = ""
    watch_for: str = ""
    questions: tuple[str, ...] = ()
    model: ModelParams = field(default_factory=ModelParams)
    community: CommunityParams = field(default_factory=CommunityParams)
    structure: StructureParams = field(default_factory=StructureParams)
    campaign: CampaignParams = field(default_factory=CampaignParams)
    decision_maker: DecisionMakerParams = field(default_factory=DecisionMakerParams)
    information: InformationParams = field(default_factory=InformationParams)
    strategy: StrategyParams = field(default_factory=StrategyParams)
    schedule: tuple[StructureChange, ...] = ()


#: The scenario's texts for people (not parameters).
TEXT_FIELDS: tuple[str, ...] = ("name", "title", "description", "narrative", "watch_for")

#: Names of the parameter sections, in the order the docs and TOML files list them.
SECTIONS: tuple[str, ...] = tuple(
    f.name
    for f in fields(Scenario)
    if f.name not in (*TEXT_FIELDS, "questions", "schedule")
)


def parameter_rows() -> list[dict[str, str]]:
    """Every parameter as plain text: key, type, default, allowed values, meaning.

    Used by the docs' parameter table and by the command line's explanations.
    """
    rows = []
    for section in SECTIONS:
        section_type = Scenario.__dataclass_fields__[section].default_factory
        for f in fields(section_type):
            meta = f.metadata
            kind = meta["kind"] or type(f.default)
            if meta["choices"]:
                allowed = ", ".join(meta["choices"])
            elif meta["low"] is not None:
                allowed = f"{_number(meta['low'])} to {_number(meta['high'])}"
            else:
                allowed = "true or false"
            default = "implied by level" if f.default is None else repr(f.default)
            rows.append(
                {
                    "key": f"{section}.{f.name}",
                    "type": kind.__name__,
                    "default": default.strip("'"),
                    "allowed": allowed,
                    "meaning": meta["doc"],
                }
            )
    return rows


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"
