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
TrainingFocus = Literal["discernment", "scepticism"]
CoalitionRule = Literal["none", "consensus", "vote", "lead"]
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
    mean_ties: float = param(
        8.0, "average number of social ties per person", low=2, high=60,
        source="Centola (2010): costly behaviour spreads along clustered ties",
    )
    cross_tie_share: float = param(
        0.05, "share of initial ties that cross subcommunity lines", low=0, high=1
    )
    rewiring: float = param(
        0.1, "share of initial ties rewired at random inside a subcommunity (a small world)",
        low=0, high=1, source="Watts and Strogatz (1998)",
    )
    founders: float = param(
        0.015, "share of people in the founding core (engaged, skilled, aligned)", low=0, high=0.5
    )
    founder_availability: float = param(
        0.9, "the least availability a founder has", low=0, high=1
    )
    founder_engagement: float = param(
        0.85, "a founder's starting engagement (capped by availability)", low=0, high=1
    )
    founder_skill: float = param(0.5, "the least organizing skill a founder has", low=0, high=1)
    founder_alignment: float = param(
        0.8, "a founder's agreement with the shared narrative", low=0, high=1
    )
    initial_engagement: float = param(
        0.15, "mean starting engagement (0..1; 0.25 is the supporter rung)", low=0, high=1
    )
    initial_engagement_sd: float = param(
        0.12, "spread of starting engagement", low=0.01, high=0.45
    )
    availability_mean: float = param(
        0.5, "mean of the most engagement people's lives allow (work, care, health)",
        low=0.05, high=1,
    )
    availability_sd: float = param(0.2, "spread of availability", low=0.01, high=0.45)
    grievance_mean: float = param(
        0.6, "mean of how hard the problem hits people (beta distributed)", low=0.01, high=0.99
    )
    grievance_sd: float = param(0.2, "spread of grievance", low=0.01, high=0.45)
    threshold_mean: float = param(
        0.25,
        "mean participation threshold: share of one's ties already acting one needs to see "
        "before joining",
        low=0,
        high=1,
        source="Granovetter (1978)",
    )
    threshold_sd: float = param(
        0.15, "spread of participation thresholds", low=0, high=0.5, source="Granovetter (1978)"
    )
    discernment_mean: float = param(
        0.45, "mean ability to tell true from false claims", low=0, high=1
    )
    discernment_sd: float = param(0.15, "spread of discernment", low=0.01, high=0.45)
    scepticism: float = param(
        0.0,
        "everyone's blanket doubt of every claim at the start, true or false, whoever makes "
        "it (0: none)",
        low=0,
        high=1,
        source="our assumption, after Modirrousta-Galian & Higham (2023)",
    )
    skill_mean: float = param(0.2, "mean organizing skill at the start", low=0, high=1)
    skill_sd: float = param(0.1, "spread of organizing skill", low=0.01, high=0.45)
    alignment_mean: float = param(
        0.5, "mean agreement with the shared narrative and plan at the start", low=0.01, high=0.99
    )
    alignment_sd: float = param(0.15, "spread of alignment", low=0.01, high=0.45)


class StructureParams(Section):
    """How the movement governs itself: the dial, its shape, and rules set by hand.

    ``level`` sets every rule (see :mod:`movementsim.model.structure`); a rule given
    explicitly (not ``None``) overrides what the level implies.
    """

    level: float = param(
        0.5, "0 = no formal structure at all, 1 = a rigid hierarchy", low=0, high=1,
        source="Freeman (1972): structure is a set of explicit rules",
    )
    decision_rule: DecisionRule | None = param(
        None, "who decides every action (None: a mix of rules set by level)"
    )
    approval_layers: int | None = param(
        None, "sign-offs every decision needs before the movement may act", low=0, high=10
    )
    span_of_control: int | None = param(
        None,
        "members one leader coordinates through a formal line (0 = no formal lines)",
        low=0,
        high=500,
    )
    role_clarity: float | None = param(
        None, "chance that a coordinated task is assigned to exactly one owner", low=0, high=1
    )
    leader_selection: LeaderSelection | None = param(
        None, "how every leader arises (None: a mix of ways set by level)"
    )
    term_length: int | None = param(None, "weeks between leader elections", low=4, high=520)
    term_limit: int | None = param(
        None, "consecutive terms a leader may serve (0 = no limit)", low=0, high=50
    )
    local_autonomy: bool | None = param(
        None, "may local teams act on local moments without approval"
    )
    max_approval_layers: float = param(
        4.0, "the dial's shape: sign-offs a decision needs at level 1 (level^2 of it below)",
        low=0, high=10,
    )
    board_seats: int = param(
        9, "the dial's shape: members of the board that decides delegated decisions",
        low=1, high=100,
    )
    min_span: int = param(
        8, "the dial's shape: members one leader coordinates at level 0", low=1, high=500
    )
    max_span: int = param(
        48, "the dial's shape: members one leader coordinates at level 1", low=1, high=500
    )
    min_role_clarity: float = param(
        0.1, "the dial's shape: role clarity at level 0", low=0, high=1
    )
    max_role_clarity: float = param(
        0.95, "the dial's shape: role clarity at level 1", low=0, high=1
    )
    rotation_terms: float = param(
        2.0, "the dial's shape: term limit at level 0 (it grows as 1 / (1 - level))",
        low=1, high=50, source="Freeman (1972): rotation of tasks among individuals",
    )


class DecisionsParams(Section):
    """How an assembly or a board works through disagreement before it decides."""

    base_disagreement: float = param(
        0.1, "chance a decider objects even when fully aligned (tactics differ)", low=0, high=1
    )
    misalignment_objection: float = param(
        0.5, "extra chance of objecting per unit of distance from the shared narrative",
        low=0, high=1,
    )
    misinformed_objection: float = param(
        0.4,
        "extra chance of objecting while believing a false claim or rejecting the "
        "movement's evidence",
        low=0,
        high=1,
    )
    hearing_share: float = param(
        0.333,
        "work to hear an objection that need not be resolved (majority rule), as a share of "
        "resolving it",
        low=0, high=1,
    )
    majority_share: float = param(
        0.5, "share of deciders who may still object when a majority decides", low=0, high=1
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
    sign_off_pyramid: float = param(
        3.0, "each approval layer up has this many times fewer leaders", low=1, high=20
    )
    people_per_task: int = param(
        20, "participants one task (outreach, logistics, media, care) serves", low=1, high=1000
    )
    tasks_per_owner: int = param(
        2, "tasks one owner (a leader or someone ready to lead) can carry", low=1, high=50
    )
    self_assign_rate: float = param(
        1.0, "mean volunteers for a task nobody assigned (Poisson)", low=0, high=10
    )
    media_amplification: float = param(
        0.5, "extra pressure when the media task is done well", low=0, high=5
    )
    coherence_alignment: float = param(
        0.5, "alignment a participant needs to be on message", low=0, high=1
    )
    skill_floor: float = param(
        0.5, "impact multiplier of a participant with no skill (skill adds to it)", low=0, high=2
    )
    acting_fatigue: float = param(
        0.15, "fatigue an action adds to each participant", low=0, high=1
    )
    care_task_relief: float = param(
        0.5, "share of an action's fatigue its care task takes away when done", low=0, high=1
    )
    acting_commitment: float = param(
        0.04, "share of the gap to full engagement an action closes for participants",
        low=0, high=1,
    )


class MobilizationParams(Section):
    """Who joins an action: the threshold cascade and what shifts the threshold."""

    engagement_weight: float = param(
        1.0, "how much engagement above neutral lowers one's threshold", low=0, high=5
    )
    grievance_weight: float = param(
        0.5, "how much grievance above neutral lowers one's threshold", low=0, high=5
    )
    neutral_engagement: float = param(
        0.5, "engagement that leaves a threshold as drawn", low=0, high=1
    )
    neutral_grievance: float = param(
        0.5, "grievance that leaves a threshold as drawn", low=0, high=1
    )
    ask_effect: float = param(
        0.15, "how much being asked directly lowers one's threshold", low=0, high=1,
        source="our assumption, after McAlevey (2016) and Han (2014) on the ask",
    )
    fatigue_weight: float = param(
        1.0, "how much fatigue raises one's threshold", low=0, high=5
    )
    word_of_mouth: float = param(
        1.0, "weekly rate at which an informed tie passes a call on, per unit of their "
        "engagement", low=0, high=10,
    )
    broadcast_reach: float = param(
        0.7, "share of members a pure-mobilizing broadcast call reaches", low=0, high=1,
        source="our assumption, after Han (2014) on mobilizing",
    )


class DecisionMakerParams(Section):
    """Who holds power over the problem, how they respond to pressure, what a win does."""

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
    discrediting: float = param(
        0.0,
        "weight of discrediting the movement's true evidence among responses (a media "
        "campaign calling it false)",
        low=0,
        high=1,
    )
    side_deal: float = param(
        0.0,
        "weight of offering one coalition partner a deal of its own among responses "
        "(divide and rule: it works by co-opting one of the partner's leaders, and the "
        "partner then leaves the coalition)",
        low=0,
        high=1,
    )
    repression: float = param(
        0.2, "weight of raising the cost of acting among responses", low=0, high=1
    )
    delay_fade: float = param(
        0.7, "share of pressure left after the decision-maker stalls", low=0, high=1
    )
    cooptation_strength: float = param(
        0.8, "chance a co-optation attempt on a fully exposed, unaccountable leader succeeds",
        low=0, high=1, source="our assumption, after Michels (1911)",
    )
    misinformation_boost: float = param(
        2.0, "how many times more widely a deliberate false claim is seeded", low=0, high=20
    )
    repression_step: float = param(
        0.15, "rise in everyone's threshold after repression", low=0, high=1,
        source="our assumption, after Epstein (2002): risk deters",
    )
    repression_fade: float = param(
        0.8, "weekly share of the cost of repression that remains", low=0, high=1
    )
    seat_after_wins: int = param(
        3, "wins after which the movement gets a seat at the table", low=1, high=100
    )
    notice_weeks: int = param(
        0, "extra weeks of notice of a decision while the movement has a seat (it is "
        "consulted before the decision)", low=0, high=52,
    )
    unnoticed_share: float = param(
        0.0, "share of decisions a movement without a seat hears of too late to act",
        low=0, high=1,
    )
    consultation_cooptation: float = param(
        0.0, "chance that being consulted (with a seat) comes with an attempt to co-opt one "
        "of the movement's leaders", low=0, high=1,
        source="our assumption, after Michels (1911)",
    )
    visibility: float = param(
        1.0, "weight of this decision-maker as the movement's first guess of whom to "
        "target, before power mapping", low=0.001, high=1000,
    )
    beaten_discount: float = param(
        0.2, "share of its resistance a decision-maker gives up at the movement's next "
        "issue for each issue it has lost to it", low=0, high=1,
    )
    seat_discount: float = param(
        0.7, "share of resistance left while the movement is consulted first", low=0, high=1
    )
    seat_lapse_weeks: int = param(
        104, "weeks without a win after which the seat is lost", low=1, high=10_000
    )
    seat_keep_power: float = param(
        0.0, "banked (durable) power the movement must keep to hold its seat, as a multiple "
        "of this decision-maker's own resistance (0: the seat is lost only by "
        "seat_lapse_weeks without a win)", low=0, high=100,
    )
    decision_every: int = param(
        0, "weeks between this decision-maker's scheduled decisions (0: none scheduled; a "
        "decision comes up at random with chance campaign.opportunity_rate each week)",
        low=0, high=520,
    )
    durable_decay: float = param(
        0.01, "weekly share of banked (durable) power lost", low=0, high=1
    )
    seat_durable_decay: float = param(
        0.005, "weekly share of durable power lost while the movement has a seat", low=0, high=1
    )
    win_morale: float = param(
        0.05, "share of the gap to full engagement a win closes for every member", low=0, high=1
    )
    win_momentum: float = param(
        1.0, "momentum a win gives: recruitment runs this many times faster right after it",
        low=0, high=10,
    )
    momentum_decay: float = param(
        0.9, "weekly share of a win's momentum (faster recruitment) that remains", low=0, high=1
    )


class InformationParams(Section):
    """True and false claims: false claims after Tambuscio et al. (2015), and the
    movement's own evidence, a true claim."""

    false_claim_rate: float = param(
        0.03, "chance per week that a false claim starts on its own", low=0, high=1
    )
    seed_share: float = param(
        0.02, "share of people who hear a new false claim first", low=0, high=1
    )
    spreading_rate: float = param(
        0.5,
        "weekly chance that someone exposed to believers or fact-checkers among their ties "
        "takes a side (beta); the same for the movement's evidence",
        low=0,
        high=1,
        source="Tambuscio et al. (2015)",
    )
    gullibility: float = param(
        0.5, "credibility of false claims to people of zero discernment and scepticism (alpha)",
        low=0, high=1,
        source="Tambuscio et al. (2015)",
    )
    forgetting_rate: float = param(
        0.1, "weekly chance a believer or fact-checker forgets the claim (p_forget), and "
        "anyone their view of the movement's evidence", low=0, high=1,
        source="Tambuscio et al. (2015)",
    )
    fact_check_rate: float = param(
        0.1, "weekly chance a believer checks the claim, times their doubt (p_verify); a "
        "rejecter of the evidence checks it at this rate times discernment without scepticism",
        low=0, high=1, source="Tambuscio et al. (2015)",
    )
    trust_erosion: float = param(
        0.04, "weekly loss of alignment while believing a false claim or rejecting the "
        "movement's evidence", low=0, high=1
    )
    checker_discernment: float = param(
        0.5, "discernment above which engaged members start as fact-checkers", low=0, high=1
    )
    evidence_rate: float = param(
        0.0,
        "weekly chance a leader presents the movement's evidence about the problem (a true "
        "claim) to a member of their team who holds no view of it (0: no evidence, only "
        "false claims spread)",
        low=0,
        high=1,
    )
    discredit_rate: float = param(
        0.0,
        "weekly chance a story calling the movement's evidence false runs (planted or on its "
        "own), besides the decision-maker's discrediting response",
        low=0,
        high=1,
    )
    discredit_reach: float = param(
        0.2,
        "share of the community a story discrediting the movement's evidence reaches (local "
        "media, leaflets)",
        low=0,
        high=1,
    )
    evidence_alignment: float = param(
        0.03,
        "share of the gap to full alignment with the shared narrative closed each week "
        "while accepting the movement's evidence",
        low=0,
        high=1,
    )


class StrategyParams(Section):
    """How the movement spends its leaders' time (Han 2014; McAlevey 2016)."""

    organizing_share: float = param(
        0.6,
        "0 = pure mobilizing (broadcast calls), 1 = pure organizing (one-on-ones, training)",
        low=0,
        high=1,
        source="Han (2014): mobilizing and organizing",
    )
    one_on_ones_per_leader: float = param(
        14.0,
        "one-on-ones a leader would hold per week with all their time on organizing",
        low=0,
        high=50,
    )
    one_on_one_engagement: float = param(
        0.3, "share of the gap to full engagement a one-on-one closes (times 0.5 + skill)",
        low=0, high=1, source="our assumption, after McAlevey (2016)",
    )
    one_on_one_skill_floor: float = param(
        0.5, "a one-on-one's effect with an unskilled organizer (skill adds to it)", low=0,
        high=2,
    )
    one_on_one_alignment: float = param(
        0.15, "share of the gap to full alignment a one-on-one closes", low=0, high=1
    )
    outreach_share: float = param(
        0.5, "of one-on-ones within one's subcommunity, the share with someone new", low=0,
        high=1,
    )
    one_on_one_fatigue: float = param(
        0.01, "fatigue each one-on-one adds to the organizer", low=0, high=1
    )
    training_rate: float = param(
        0.05, "weekly skill gain of a trained member, and gain in what the training focuses on",
        low=0, high=1,
    )
    training_focus: TrainingFocus = param(
        "discernment",
        "what training teaches about claims: discernment (telling true from false) or "
        "scepticism (doubting every claim: 'debunk everything')",
        source="Guess et al. (2020); Modirrousta-Galian & Higham (2023)",
    )
    trainees_per_leader: float = param(
        7.0, "members a leader can train in a week with all their time", low=0, high=100
    )
    development_boost: float = param(
        0.05, "share of the gap to full engagement training closes (leaders develop leaders)",
        low=0, high=1, source="our assumption, after Han (2014)",
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
        source="our assumption, after Fang, Lee and Schilling (2010)",
    )
    recruitment_rate: float = param(
        0.02, "weekly chance that each active tie draws a bystander in (it also scales "
        "mobilizing's broad asks)", low=0, high=1
    )


class LeadershipParams(Section):
    """How leaders are recognized, elected and appointed, and how hard they are to co-opt."""

    informal_elite_share: float = param(
        0.25, "share of best-connected members among whom informal leaders arise", low=0.01,
        high=1, source="Freeman (1972): the informal elite of friends",
    )
    election_drift_penalty: float = param(
        2.0, "how much a candidate's drift from members' aims costs them votes", low=0, high=10
    )
    election_coopted_penalty: float = param(
        1.0, "how much being co-opted costs a candidate votes", low=0, high=10
    )
    incumbency_advantage: float = param(
        0.1, "votes an incumbent gains by standing again", low=0, high=10
    )
    election_noise: float = param(
        0.1, "spread of the other reasons people vote as they do", low=0, high=10
    )
    by_election_weeks: int = param(
        13, "weeks between by-elections that fill empty elected seats", low=1, high=520
    )
    team_review_weeks: int = param(
        4, "weeks between re-forming teams as membership changes", low=1, high=520
    )
    elected_accountability: float = param(
        0.6, "how much harder elected leaders with rotation are to co-opt (0 to 1)", low=0,
        high=1, source="our assumption, after Freeman (1972) and Michels (1911)",
    )
    cooptation_exposure: float = param(
        5.0, "leaders below which each is fully exposed to co-optation", low=0, high=1000
    )
    drift_exposure: float = param(
        1.0, "how much a leader's aim gap adds to their exposure to co-optation",
        low=0, high=10,
    )
    full_rotation_terms: float = param(
        2.0, "a term limit of this many terms or fewer counts as full rotation (for "
        "co-optation)", low=1, high=100,
    )
    unrotated_accountability: float = param(
        0.5, "share of elected leaders' protection from co-optation left with no term limit",
        low=0, high=1, source="our assumption, after Michels (1911)",
    )
    cooptation_targeting: float = param(
        0.2, "weight of a leader as a co-optation target, before their drift adds to it",
        low=0.001, high=10,
    )


class AccountabilityParams(Section):
    """Drift of leaders' aims, and the say and voice members have in decisions."""

    aim_drift: float = param(
        0.004, "weekly drift of a leader's aims from members'", low=0, high=1,
        source="Michels (1911): the iron law of oligarchy",
    )
    coopted_drift: float = param(
        0.02, "weekly drift of a co-opted leader's aims", low=0, high=1
    )
    drift_disengagement: float = param(
        0.012, "weekly engagement a team member loses per unit of their leader's drift",
        low=0, high=1,
    )
    coopted_misalignment: float = param(
        0.03, "weekly alignment a co-opted leader's team loses", low=0, high=1
    )
    shut_out_cost: float = param(
        0.04, "engagement an engaged member loses per decision they had no voice in",
        low=0, high=1,
    )
    influence_memory: float = param(
        0.98, "weekly share of the record of who had a say that remains", low=0, high=1
    )
    capture_say: float = param(
        0.05, "say of an ordinary participant when informal leaders capture a decision",
        low=0, high=1, source="our assumption, after Freeman (1972)",
    )
    capture_friend_say: float = param(
        0.3, "say of an informal leader's friend in a captured decision", low=0, high=1
    )
    capture_voice: float = param(
        0.3, "voice an ordinary participant feels in a captured decision", low=0, high=1
    )
    capture_friend_voice: float = param(
        0.6, "voice an informal leader's friend feels in a captured decision", low=0, high=1
    )
    electorate_voice: float = param(
        0.6, "voice a member feels through the leaders they elect (less their drift)",
        low=0, high=1,
    )
    electorate_say: float = param(
        0.02, "say a member has through the leaders they elect", low=0, high=1
    )


class CareParams(Section):
    """Fatigue, burnout and regenerative support."""

    base_recovery: float = param(
        0.04, "weekly share of fatigue that fades without care", low=0, high=1
    )
    care_recovery: float = param(
        0.25, "extra weekly recovery, times care_share, for those care reaches", low=0, high=1
    )
    burnout: float = param(0.8, "fatigue at which a person is burnt out", low=0.01, high=1)
    burnout_disengagement: float = param(
        0.03, "weekly engagement a burnt-out person loses", low=0, high=1
    )


class MembershipParams(Section):
    """Joining through ties, and the slow ebb of engagement."""

    drift_away: float = param(
        0.015, "weekly share of engagement lost to the rest of life", low=0, high=1
    )
    leader_drift_pace: float = param(
        0.25, "pace of that ebb for a leader, relative to others", low=0, high=1,
        source="our assumption, after Andrews et al. (2010) and McAlevey (2016)",
    )
    team_drift_pace: float = param(
        0.5, "pace of that ebb on a team, relative to others", low=0, high=1
    )
    active_ties_shield: float = param(
        0.5, "how much having every tie active slows the ebb", low=0, high=1
    )
    drift_base: float = param(
        1.5, "pace of the ebb for someone the problem does not hit at all", low=0, high=5
    )
    grievance_shield: float = param(
        1.0, "how much grievance slows the ebb (pace times drift_base minus this times "
        "grievance, never below 0)", low=0, high=5,
    )
    new_member_lift: float = param(
        0.05, "engagement above the supporter rung a new member starts with, times grievance",
        low=0, high=0.75,
    )


#: Keys of ``[decision_maker]`` that belong to the movement, not to one decision-maker:
#: a ``[[decision_makers]]`` table may not set them.
MOVEMENT_KEYS: tuple[str, ...] = (
    "durable_decay", "seat_durable_decay", "win_morale", "win_momentum", "momentum_decay",
)


class TargetParams(DecisionMakerParams):
    """One of several decision-makers (a ``[[decision_makers]]`` table).

    Every key of ``[decision_maker]`` that belongs to a decision-maker (not the
    movement-wide :data:`MOVEMENT_KEYS`) may be set; a key left out takes its value from
    ``[decision_maker]``.
    """

    name: str = Field(min_length=1, max_length=80, description="a name for this decision-maker")
    kind: str = param(
        "decision-maker", "what it is (a landlord, a city council, an employer, a utility)"
    )
    issues: tuple[str, ...] = param((), "names of the issues it holds power over")


class IssueParams(Section):
    """A community problem (an ``[[issues]]`` table): who it hits, when, who can fix it."""

    name: str = Field(min_length=1, max_length=80, description="a name for this issue")
    arises: int = param(0, "week the issue arises", low=0, high=100_000)
    lasts: int = param(
        100_000, "weeks the issue stays alive if not won before it fades", low=1, high=100_000
    )
    subcommunities: tuple[int, ...] = param(
        (), "subcommunities it hits hard (numbered from 0; none listed: everyone)"
    )
    grievance: float = param(
        0.6, "mean grievance about the issue of those it hits hard", low=0, high=1
    )
    spillover: float = param(
        0.3, "share of that grievance felt by those it does not hit hard", low=0, high=1
    )
    concessions: int = param(
        2, "concessions from those who hold power over it that win the issue", low=1,
        high=1000,
    )


class AgendaParams(Section):
    """Which issue the movement campaigns on next (organizing practice's criteria)."""

    at_once: int = param(
        1, "campaigns the movement runs at the same time", low=1, high=100
    )
    extra_campaign_time: float = param(
        0.25, "how much each campaign beyond the first weighs on leaders' organizing time "
        "(with k campaigns, one-on-ones and training keep 1 / (1 + this x (k - 1)))",
        low=0, high=10,
    )
    wide_weight: float = param(
        1.0, "weight of how widely an issue is felt (share of members who feel it)", low=0,
        high=10, source="our assumption, after organizing practice: widely felt",
    )
    deep_weight: float = param(
        1.0, "weight of how deeply those choosing feel it (their mean grievance)", low=0,
        high=10, source="our assumption, after organizing practice: deeply felt",
    )
    winnable_weight: float = param(
        1.0, "weight of how winnable it looks (active share against the target's "
        "resistance)", low=0, high=10,
        source="our assumption, after organizing practice: winnable",
    )
    felt_at: float = param(
        0.5, "grievance at which a member counts as feeling an issue", low=0, high=1
    )


class PowerMappingParams(Section):
    """Finding out who can grant the demand before pressing the wrong target."""

    leader_share: float = param(
        0.2, "chance a leader spends a week researching an unmapped campaign's target "
        "(instead of holding one-on-ones)", low=0, high=1,
    )
    member_share: float = param(
        0.05, "chance a skilled member spends a week researching it", low=0, high=1
    )
    skill_floor: float = param(
        0.4, "skill a member needs to research", low=0, high=1
    )
    find_rate: float = param(
        0.1, "chance a week of research by a fully skilled person finds who holds power",
        low=0, high=1,
    )


class OrganizationParams(Section):
    """One organization of the community (an ``[[organizations]]`` table).

    Whom it organizes, the structure it runs under, the issues it fights for.
    """

    name: str = Field(min_length=1, max_length=80, description="a name for this organization")
    kind: str = param(
        "organization", "what it is (a tenants' union, a faith group, a workers' centre)"
    )
    subcommunities: tuple[int, ...] = param(
        (), "subcommunities whose people it organizes (numbered from 0; none listed: "
        "everyone); people of a subcommunity two organizations list belong to both"
    )
    structure: StructureParams | None = param(
        None, "its own structure, a table like [structure] (none: the scenario's [structure])"
    )
    issues: tuple[str, ...] = param(
        (), "names of the [[issues]] it fights for (none listed: every issue)"
    )


class CoalitionParams(Section):
    """How organizations act together (used with two or more [[organizations]])."""

    rule: CoalitionRule = param(
        "vote",
        "how the coalition decides to act on a moment: none (each organization decides "
        "and acts on its own), consensus (every partner must decide in time), vote (the "
        "partners that decided in time hold a majority of the partners' members; the rest "
        "are called anyway), lead (the lead organization decides for all)",
    )
    lead: str = param("", "the lead organization's name (rule = lead; empty: the first)")
    initial_commitment: float = param(
        1.0,
        "each partner's commitment to the coalition at the start: the chance it passes a "
        "coalition call on to each of its members",
        low=0,
        high=1,
    )
    overruled_cost: float = param(
        0.1,
        "commitment a partner loses when called to act on a decision it did not take, times "
        "how little the issue is its own (1 - its interest)",
        low=0,
        high=1,
    )
    solidarity_gain: float = param(
        0.05,
        "commitment a partner gains when the others turn out on an issue that is its own, "
        "times its interest",
        low=0,
        high=1,
    )
    free_ride_cost: float = param(
        0.05,
        "commitment each partner that turned out loses for every partner called that sent "
        "nobody",
        low=0,
        high=1,
    )
    exit_commitment: float = param(
        0.3, "commitment below which a partner leaves the coalition for good", low=0, high=1
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
    decisions: DecisionsParams = DecisionsParams()
    campaign: CampaignParams = CampaignParams()
    mobilization: MobilizationParams = MobilizationParams()
    decision_maker: DecisionMakerParams = DecisionMakerParams()
    information: InformationParams = InformationParams()
    strategy: StrategyParams = StrategyParams()
    leadership: LeadershipParams = LeadershipParams()
    accountability: AccountabilityParams = AccountabilityParams()
    care: CareParams = CareParams()
    membership: MembershipParams = MembershipParams()
    agenda: AgendaParams = AgendaParams()
    power_mapping: PowerMappingParams = PowerMappingParams()
    coalition: CoalitionParams = CoalitionParams()
    organizations: tuple[OrganizationParams, ...] = ()
    decision_makers: tuple[TargetParams, ...] = ()
    issues: tuple[IssueParams, ...] = ()
    schedule: tuple[StructureChange, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _arrays_of_tables(cls, data: Any) -> Any:
        """TOML's arrays (lists) become tuples; a ``[[decision_makers]]`` table takes every
        key it leaves out from ``[decision_maker]`` and may not set a movement-wide key."""
        if not isinstance(data, dict):
            return data
        data = {
            **data,
            **{
                key: tuple(_lists_to_tuples(entry) for entry in data[key])
                for key in ("decision_makers", "issues", "organizations")
                if isinstance(data.get(key), list)
            },
        }
        base = data.get("decision_maker", {})
        if not isinstance(data.get("decision_makers"), tuple) or not isinstance(base, dict):
            return data
        targets = []
        for number, entry in enumerate(data["decision_makers"], start=1):
            if not isinstance(entry, dict):
                targets.append(entry)
                continue
            for key in MOVEMENT_KEYS:
                if key in entry:
                    raise ParameterRuleError(
                        f"decision_makers #{number}: '{key}' belongs to the whole movement: "
                        f"set it in [decision_maker], not in a [[decision_makers]] table"
                    )
            inherited = {k: v for k, v in base.items() if k not in MOVEMENT_KEYS}
            targets.append({**inherited, **entry})
        return {**data, "decision_makers": tuple(targets)}

    @model_validator(mode="after")
    def _rules_between_parameters(self) -> Scenario:
        community = self.community
        if community.subcommunities * 2 > community.members:
            raise ParameterRuleError(
                f"community.subcommunities = {community.subcommunities} is too many for "
                f"community.members = {community.members}: allowed 1 to "
                f"{community.members // 2} (every subcommunity needs at least two people)"
            )
        _check_targets_and_issues(self)
        _check_organizations(self)
        weeks = [change.week for change in self.schedule]
        if weeks != sorted(set(weeks)):
            raise ParameterRuleError("schedule: changes must be in week order, one per week")
        return self


def _lists_to_tuples(entry: Any) -> Any:
    """A table's list values as tuples (the schema's strict types want tuples)."""
    if not isinstance(entry, dict):
        return entry
    return {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}


def _check_targets_and_issues(scenario: Scenario) -> None:
    """Names are unique and every issue named exists, is held by someone, and hits
    subcommunities that exist."""
    targets = [t.name for t in scenario.decision_makers]
    issues = [i.name for i in scenario.issues]
    for kind, names in (("decision_makers", targets), ("issues", issues)):
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ParameterRuleError(f"{kind}: the name '{repeated[0]}' is used twice")
    for target in scenario.decision_makers:
        _check_issue_names(f"decision_makers '{target.name}'", target.issues, issues)
    if targets:
        for issue in issues:
            if not any(issue in t.issues for t in scenario.decision_makers):
                raise ParameterRuleError(
                    f"issues '{issue}': no decision-maker holds power over it; list it in "
                    f"the issues of one of: {', '.join(targets)}"
                )
    count = scenario.community.subcommunities
    for issue in scenario.issues:
        outside = [g for g in issue.subcommunities if not 0 <= g < count]
        if outside:
            raise ParameterRuleError(
                f"issues '{issue.name}': subcommunities lists {outside[0]}; allowed 0 to "
                f"{count - 1} (community.subcommunities = {count})"
            )


def _check_issue_names(owner: str, named: tuple[str, ...], issues: list[str]) -> None:
    """Every name an ``[[organizations]]`` or ``[[decision_makers]]`` table lists in its
    ``issues`` is the name of an ``[[issues]]`` table."""
    for issue in named:
        if issue not in issues:
            known = ", ".join(issues) or "none: add [[issues]] tables"
            raise ParameterRuleError(
                f"{owner}: issues lists '{issue}', which is not an issue; the [[issues]] "
                f"are: {known}"
            )


def _check_organizations(scenario: Scenario) -> None:
    """Names are unique; subcommunities and issues named exist; the lead is one of them;
    side deals need partners to split."""
    names = [o.name for o in scenario.organizations]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ParameterRuleError(f"organizations: the name '{repeated[0]}' is used twice")
    count = scenario.community.subcommunities
    issues = [i.name for i in scenario.issues]
    for org in scenario.organizations:
        outside = [g for g in org.subcommunities if not 0 <= g < count]
        if outside:
            raise ParameterRuleError(
                f"organizations '{org.name}': subcommunities lists {outside[0]}; allowed 0 "
                f"to {count - 1} (community.subcommunities = {count})"
            )
        _check_issue_names(f"organizations '{org.name}'", org.issues, issues)
    lead = scenario.coalition.lead
    if lead and lead not in names:
        known = ", ".join(names) or "none: add [[organizations]] tables"
        raise ParameterRuleError(
            f"coalition.lead = '{lead}' is not an organization; the [[organizations]] are: "
            f"{known}"
        )
    if names and scenario.schedule:
        raise ParameterRuleError(
            "schedule: a structure schedule changes the one organization's structure; with "
            "[[organizations]] give each its own structure instead"
        )
    if names and issues:
        for issue in issues:
            if not any(not o.issues or issue in o.issues for o in scenario.organizations):
                raise ParameterRuleError(
                    f"issues '{issue}': no organization fights for it; list it in the issues "
                    f"of one of: {', '.join(names)} (or list none: every issue)"
                )
    deals = [scenario.decision_maker, *scenario.decision_makers]
    if len(names) < 2 and any(dm.side_deal > 0 for dm in deals):
        raise ParameterRuleError(
            "decision_maker.side_deal > 0 needs a coalition to split: two or more "
            "[[organizations]]"
        )


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
                allowed = f"{format_number(low)} to {format_number(high)}"
            elif field_kind(info) is str:
                allowed = "any text"
            else:
                allowed = "true or false"
            default = "implied by level" if info.default is None else repr(info.default)
            if info.default == "":
                default = '""'  # an empty text, shown as one
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


def format_number(value: float) -> str:
    """A bound as the parameter tables show it: whole numbers with thousands separators."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"
