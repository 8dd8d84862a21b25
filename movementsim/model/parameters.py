"""Every scenario parameter: its section, type, default, allowed range, meaning and source.

A scenario is a tree of frozen pydantic models, one per TOML section. Each field
carries its range (``ge``/``le``), its meaning (``description``) and where its value
comes from (``source``: a citation, or "our assumption"), so that the loader validates
it, the command line explains it and ``docs/model.md`` tabulates it from this one
source of truth. Validation happens once, when a scenario is built (strict types: a
whole number is not a float, ``1`` is not ``true``; no NaN or infinity); the model then
trusts what it is given.

Fields of :class:`StructureParams` other than ``level`` default to ``None``: the
value is then implied by ``level`` (see :mod:`movementsim.model.structure`). Setting
one explicitly overrides what the level implies.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

DECISION_RULES = ("consensus", "majority", "board", "single_leader")
LEADER_SELECTIONS = ("informal", "elected", "appointed")

DecisionRule = Literal["consensus", "majority", "board", "single_leader"]
LeaderSelection = Literal["informal", "elected", "appointed"]

#: The source of a number that no reference gives: a modelling choice, documented as such.
ASSUMPTION = "our assumption"


class ParameterRuleError(ValueError):
    """A rule between parameters is broken; the message names the fields and the fix."""


def param(
    default: Any,
    doc: str,
    *,
    low: float | None = None,
    high: float | None = None,
    source: str = ASSUMPTION,
) -> Any:
    """A field that documents itself: default, allowed range, meaning and source."""
    return Field(default, ge=low, le=high, description=doc, json_schema_extra={"source": source})


class Section(BaseModel):
    """One TOML section: frozen, strict, and no key it does not define."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)

class ModelParams(Section):
    """Size and duration of a run."""

    steps: int = param(260, "weeks to simulate (one step is one week)", low=1, high=100_000)
    seed: int = param(0, "seed used when none is given on the command line", low=0, high=2**63 - 1)


class CommunityParams(Section):
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


class StructureParams(Section):
    """How the movement governs itself. ``None`` means: implied by ``level``."""

    level: float = param(
        0.5, "0 = no formal structure at all, 1 = a rigid hierarchy", low=0, high=1,
        source="Freeman (1972): structure is a set of explicit rules",
    )
    decision_rule: DecisionRule | None = param(None, "who decides on an action")
    approval_layers: int | None = param(
        None, "sign-offs a decision needs before the movement may act", low=0, high=10
    )
    span_of_control: int | None = param(
        None,
        "members one leader coordinates through a formal line (0 = no formal lines)",
        low=0,
        high=500,
    )
    role_clarity: float | None = param(
        None, "chance that a task is assigned to exactly one owner", low=0, high=1
    )
    leader_selection: LeaderSelection | None = param(None, "how leaders arise")
    term_length: int | None = param(None, "weeks between leader elections", low=4, high=520)
    term_limit: int | None = param(
        None, "consecutive terms a leader may serve (0 = no limit)", low=0, high=50
    )
    local_autonomy: bool | None = param(
        None, "may local teams act on small opportunities without approval"
    )


class CampaignParams(Section):
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


class DecisionMakerParams(Section):
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


class InformationParams(Section):
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


class StrategyParams(Section):
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


class StructureChange(Section):
    """From ``week`` on, the movement runs under ``structure`` (a schedule entry)."""

    week: int = Field(ge=0, description="week the change takes effect")
    structure: StructureParams


class Scenario(BaseModel):
    """A named scenario: every parameter of a run, grouped by section.

    ``schedule`` lists changes of structure during the run, in week order: structure
    decided early or late, a movement that formalizes as it grows.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)

    name: str = "custom"
    title: str = ""
    description: str = ""
    narrative: str = ""
    watch_for: str = ""
    questions: tuple[str, ...] = ()
    model: ModelParams = ModelParams()
    community: CommunityParams = CommunityParams()
    structure: StructureParams = StructureParams()
    campaign: CampaignParams = CampaignParams()
    decision_maker: DecisionMakerParams = DecisionMakerParams()
    information: InformationParams = InformationParams()
    strategy: StrategyParams = StrategyParams()
    schedule: tuple[StructureChange, ...] = ()

    @model_validator(mode="after")
    def _rules_between_parameters(self) -> Scenario:
        community = self.community
        if community.subcommunities * 2 > community.members:
            raise ParameterRuleError(
                f"community.subcommunities = {community.subcommunities} is too many for "
                f"community.members = {community.members}: allowed 1 to "
                f"{community.members // 2} (every subcommunity needs at least two people)"
            )
        weeks = [change.week for change in self.schedule]
        if weeks != sorted(set(weeks)):
            raise ParameterRuleError("schedule: changes must be in week order, one per week")
        return self


#: The scenario's texts for people (not parameters).
TEXT_FIELDS: tuple[str, ...] = ("name", "title", "description", "narrative", "watch_for")

#: Names of the parameter sections, in the order the docs and TOML files list them.
SECTIONS: tuple[str, ...] = tuple(
    name
    for name, info in Scenario.model_fields.items()
    if isinstance(info.annotation, type) and issubclass(info.annotation, Section)
)


def section_class(section: str) -> type[Section]:
    """The model class of a parameter section (``"community"`` -> :class:`CommunityParams`)."""
    return Scenario.model_fields[section].annotation


def field_range(info: Any) -> tuple[float | None, float | None]:
    """The ``ge``/``le`` bounds a field declares (None where it declares none)."""
    low = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in info.metadata if hasattr(m, "le")), None)
    return low, high


def field_choices(info: Any) -> tuple[str, ...]:
    """The allowed strings of a choice field (``Literal[...]`` or ``Literal[...] | None``)."""
    for arg in (info.annotation, *get_args(info.annotation)):
        if getattr(arg, "__origin__", None) is Literal:
            return get_args(arg)
    return ()


def field_kind(info: Any) -> type:
    """The plain type of a field: ``float``, ``int``, ``bool`` or ``str``."""
    if field_choices(info):
        return str
    for arg in (info.annotation, *get_args(info.annotation)):
        if arg in (bool, int, float, str):
            return arg
    return object


def parameter_rows() -> list[dict[str, str]]:
    """Every parameter as plain text: key, type, default, allowed values, meaning, source.

    Used by the docs' parameter tables and by the command line's explanations.
    """
    rows = []
    for section in SECTIONS:
        for name, info in section_class(section).model_fields.items():
            choices = field_choices(info)
            low, high = field_range(info)
            if choices:
                allowed = ", ".join(choices)
            elif low is not None:
                allowed = f"{_number(low)} to {_number(high)}"
            else:
                allowed = "true or false"
            default = "implied by level" if info.default is None else repr(info.default)
            rows.append(
                {
                    "key": f"{section}.{name}",
                    "type": field_kind(info).__name__,
                    "default": default.strip("'"),
                    "allowed": allowed,
                    "meaning": info.description or "",
                    "source": (info.json_schema_extra or {}).get("source", ASSUMPTION),
                }
            )
    return rows


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"
