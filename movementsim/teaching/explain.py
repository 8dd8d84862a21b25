"""Plain-language explanations of the model, its fourteen mechanisms and its scenarios.

Written for students: what the model is about, what each mechanism does, which scenario
parameters (``section.key``) change it, and where the idea comes from. The mechanisms
follow the submodels of docs/model.md (section 3.3) in the same order and with the same
titles, parameters and sources; ``tests/test_teaching.py`` checks that they agree.
Parameter meanings, defaults and ranges are read from
:func:`movementsim.parameters.parameter_rows`, never written twice.
"""

from __future__ import annotations

import difflib
import math
import textwrap
from dataclasses import dataclass

from movementsim.model.parameters import SECTIONS, IssueParams, Scenario, parameter_rows
from movementsim.model.scenario import (
    bundled_names,
    list_scenarios,
    load_scenario,
    scenario_to_dict,
)
from movementsim.model.structure import Governance, resolve_governance
from movementsim.model.validation import looks_like_path, show

WIDTH = 88

MODEL_IDEA = """\
A community shares a problem (broken heat, unsafe work, a closing clinic) and a \
decision-maker holds power over it (a landlord, an employer, an official). Every person \
in the community is an agent who climbs, or slips down, the ladder bystander, supporter, \
active, ready to lead. Some take on a leader role. Each week (one step) moments to act \
open with a deadline; the movement must decide, spread the call, turn up and do the \
work of an action. Pressure on the decision-maker builds with each action and fades \
without one; when it beats the decision-maker's resistance they concede: a win, which \
banks durable power. Short of that, the decision-maker stalls, co-opts a leader, spreads \
a false claim or represses.

The question is how the way the movement governs itself shapes the power it builds. One \
dial, structure.level, runs from 0 (no formal structure at all) through 0.5 \
(semi-structured, elected and rotating leaders) to 1 (a rigid hierarchy). The dial never \
touches power: it only sets rules (who decides, how many sign-offs a decision needs, \
who owns a task, how leaders are chosen and whether they can be removed). Power comes \
out of what people do under those rules, through the fourteen mechanisms below.\
"""


@dataclass(frozen=True)
class Mechanism:
    """One of the model's fourteen mechanisms (a submodel of docs/model.md, section 3.3).

    Attributes:
        name: the short name to ask for it by (``movementsim explain decisions``).
        number: its submodel number in docs/model.md (3.3.1 is 1).
        title: the submodel's title in docs/model.md.
        summary: what it does, in one line.
        what: what it does, in plain words.
        parameters: the scenario parameters (``section.key``) that change it directly.
        rules: the governance rules (fields of :class:`~movementsim.model.structure.Governance`,
            set by ``structure.level``) that change it.
        functions: the code that implements it (``module.function`` in
            :mod:`movementsim.model.mechanisms`, or a method of the model or an agent).
        source: where the idea comes from, and what is our own assumption.
    """

    name: str
    number: int
    title: str
    summary: str
    what: str
    parameters: tuple[str, ...]
    rules: tuple[str, ...]
    functions: tuple[str, ...]
    source: str


MECHANISMS: tuple[Mechanism, ...] = (
    Mechanism(
        name="decisions",
        number=1,
        title="Opportunities and decisions",
        summary="moments to act open with deadlines; the movement must decide in time",
        what="Now and then a moment to act opens, with a deadline. When it opens, the "
        "rules settle how it will be decided: by which rule, drawn from the mix the "
        "structure level sets (consensus or majority of an open assembly, the board of "
        "longest-serving leaders, or a single leader), whether its local team may decide "
        "it alone, and how many sign-offs it needs. An assembly or the board works "
        "through objections in a weekly meeting of limited length, shared with the other "
        "moments before it; a single leader decides alone but only so many times a "
        "week. Then the decision climbs its sign-offs, one a week, with fewer leaders to "
        "sign off higher up. A moment not decided by its deadline is missed.",
        parameters=(
            "campaign.opportunity_rate",
            "campaign.deadline_weeks",
            "campaign.local_share",
            "campaign.meeting_capacity",
            "campaign.leader_capacity",
            "campaign.sign_off_pyramid",
            "community.subcommunities",
            "decisions.base_disagreement",
            "decisions.misalignment_objection",
            "decisions.misinformed_objection",
            "decisions.hearing_share",
            "decisions.majority_share",
            "strategy.organizing_share",
            "mobilization.broadcast_reach",
        ),
        rules=(
            "rule_weights",
            "board_seats",
            "approval_layers",
            "local_autonomy",
            "selection_weights",
        ),
        functions=(
            "seat.decision_comes_up",
            "decisions.draw_moment",
            "decisions.choose_how_to_decide",
            "decisions.decision_participants",
            "decisions.deliberation_work",
            "decisions.approval_capacity",
            "MovementModel._progress_decisions",
            "MovementModel._decide",
        ),
        source="That structure consists of explicit rules about who decides is Freeman "
        "(1972). The mixture of rules, the objection model, the meeting capacity and the "
        "pyramid of sign-offs are our own modelling assumptions.",
    ),
    Mechanism(
        name="tasks",
        number=2,
        title="Tasks",
        summary="an action's tasks are owned, dropped or duplicated",
        what="Every action needs tasks done: outreach, logistics, media and care. With "
        "clear roles a task has exactly one owner; without them people self-assign, so "
        "some tasks are dropped and others done twice. Only leaders and people ready to "
        "lead can own tasks, and each can carry only so many; tasks beyond that are "
        "dropped.",
        parameters=(
            "campaign.people_per_task",
            "campaign.tasks_per_owner",
            "campaign.self_assign_rate",
        ),
        rules=("role_clarity",),
        functions=("tasks.task_owners_available", "tasks.assign_tasks"),
        source="Role clarity formalizes Freeman's (1972) principles of delegating specific "
        "authority to specific people. Self-assignment and the owners' capacity are our "
        "own modelling assumptions.",
    ),
    Mechanism(
        name="mobilization",
        number=3,
        title="Mobilization",
        summary="the call to act spreads; people join when enough of their ties act",
        what="A decided call to act is broadcast to members (mobilizing), travels down "
        "formal lines (an elected or appointed leader asks their whole team) and spreads "
        "by word of mouth along ties, one step a week, until the day of the action. On "
        "the day, of those who heard and are free, the committed core (leaders, and "
        "whoever took the decision) acts outright; everyone else joins once enough of "
        "their ties are acting: the share they need (their threshold) is lower for the "
        "engaged and aggrieved and for those asked directly, higher for the tired and "
        "when acting is repressed.",
        parameters=(
            "mobilization.engagement_weight",
            "mobilization.grievance_weight",
            "mobilization.neutral_engagement",
            "mobilization.neutral_grievance",
            "mobilization.ask_effect",
            "mobilization.broadcast_reach",
            "mobilization.fatigue_weight",
            "mobilization.word_of_mouth",
            "strategy.organizing_share",
            "community.threshold_mean",
            "community.threshold_sd",
            "community.availability_mean",
            "community.availability_sd",
            "community.grievance_mean",
            "community.grievance_sd",
        ),
        rules=(
            "team_coverage",
            "span_of_control",
            "selection_weights",
            "rule_weights",
            "board_seats",
        ),
        functions=(
            "mobilization.team_calls",
            "mobilization.pass_the_word",
            "mobilization.effective_threshold",
            "mobilization.free_this_week",
            "mobilization.threshold_cascade",
            "MovementModel.mobilize",
        ),
        source="Thresholds and the cascade: Granovetter (1978). Repression as a cost of "
        "acting in the spirit of Epstein (2002); clustered ties: Centola (2010); broadcast "
        "calls as mobilizing: Han (2014); the weight of the direct ask: McAlevey (2016). The "
        "threshold shifts, the broadcast's reach and word of mouth are our own modelling "
        "assumptions.",
    ),
    Mechanism(
        name="impact",
        number=4,
        title="Impact",
        summary="turnout, coordination, coherence and skill make pressure",
        what="An action puts pressure on the decision-maker in proportion to the share of "
        "the community that turns up, multiplied by the share of its tasks done, the "
        "share of participants who are on message and not misinformed, and their skill, "
        "and scaled up when the media work was done. Acting tires people (less when the "
        "care work was done) and deepens their commitment.",
        parameters=(
            "campaign.skill_floor",
            "campaign.coherence_alignment",
            "campaign.media_amplification",
            "campaign.acting_fatigue",
            "campaign.care_task_relief",
            "campaign.acting_commitment",
        ),
        rules=(),
        functions=("impact.action_impact", "impact.after_action", "MovementModel._act"),
        source="That the number of participants matters: Chenoweth and Stephan (2011); "
        "organizational and strategic capacity: Andrews et al. (2010) and Ganz (2009). "
        "The product of turnout, coordination, coherence and skill is our own modelling "
        "assumption.",
    ),
    Mechanism(
        name="response",
        number=5,
        title="Decision-maker response",
        summary="the decision-maker concedes, or stalls, co-opts, misinforms, represses, "
        "discredits",
        what="Pressure builds with each action and fades each week. When it beats the "
        "decision-maker's resistance they concede: a win, which banks durable power, lifts "
        "morale and makes the next win harder. After several wins the movement gets a "
        "seat at the table (wins come cheaper and last longer) until a long spell passes "
        "without a win. Pressure that falls short is answered with delay, co-optation of "
        "a leader, a false claim, repression, or a story calling the movement's evidence "
        "false; with every response weight at 0 it is "
        "not answered. Co-optation works best on drifted leaders, when leaders are few, "
        "and on informal or appointed leaders; elected leaders are harder to win over, "
        "the more so when term limits rotate them.",
        parameters=(
            "decision_maker.resistance",
            "decision_maker.resistance_growth",
            "decision_maker.pressure_decay",
            "decision_maker.delay",
            "decision_maker.cooptation",
            "decision_maker.misinformation",
            "decision_maker.repression",
            "decision_maker.discrediting",
            "decision_maker.delay_fade",
            "decision_maker.cooptation_strength",
            "decision_maker.misinformation_boost",
            "decision_maker.repression_step",
            "decision_maker.repression_fade",
            "decision_maker.seat_after_wins",
            "decision_maker.seat_discount",
            "decision_maker.seat_lapse_weeks",
            "decision_maker.durable_decay",
            "decision_maker.seat_durable_decay",
            "decision_maker.win_morale",
            "decision_maker.win_momentum",
            "decision_maker.momentum_decay",
            "information.seed_share",
            "information.discredit_reach",
            "leadership.elected_accountability",
            "leadership.cooptation_exposure",
            "leadership.cooptation_targeting",
            "leadership.drift_exposure",
            "leadership.full_rotation_terms",
            "leadership.unrotated_accountability",
        ),
        rules=("selection_weights", "term_limit"),
        functions=(
            "DecisionMaker.feel",
            "DecisionMaker.concede_if_beaten",
            "DecisionMaker.choose_response",
            "MovementModel._decision_maker_responds",
            "response.respond",
            "response.attempt_cooptation",
        ),
        source="The repertoire of responses and the seat at the table are our own "
        "modelling assumptions. Co-optation being easier for unaccountable leaders follows "
        "Freeman (1972) and Michels (1911); repression as a cost of acting loosely "
        "follows Epstein (2002).",
    ),
    Mechanism(
        name="information",
        number=6,
        title="Information",
        summary="true and false claims: telling them apart takes discernment, not doubt",
        what="Now and then a false claim starts, or the decision-maker starts one. People "
        "who hear it from believers may believe it; people who hear from fact-checkers "
        "may become fact-checkers; believers may check it; everyone eventually forgets. "
        "The movement's own evidence about the problem is true: leaders present it to "
        "their teams, it passes along ties, and the decision-maker may discredit it. "
        "Without discernment a person errs both ways, believing false claims and "
        "rejecting true ones; blanket scepticism lowers belief in both. A drifted leader "
        "is believed less, a co-opted one repeats the decision-maker's line. Believing a "
        "false claim or rejecting the evidence erodes agreement with the movement's plan; "
        "accepting the evidence restores some.",
        parameters=(
            "information.false_claim_rate",
            "information.seed_share",
            "information.spreading_rate",
            "information.gullibility",
            "information.forgetting_rate",
            "information.fact_check_rate",
            "information.trust_erosion",
            "information.checker_discernment",
            "information.evidence_rate",
            "information.evidence_alignment",
            "information.discredit_rate",
            "information.discredit_reach",
            "community.discernment_mean",
            "community.discernment_sd",
            "community.scepticism",
        ),
        rules=(),
        functions=(
            "information.launch_false_claim",
            "information.spread_false_claims",
            "information.present_evidence",
            "information.spread_evidence",
            "information.discredit_evidence",
        ),
        source="Tambuscio, Ruffo, Flammini and Menczer (2015): the believer and "
        "fact-checker model and its equations. Discernment (belief in true minus belief in "
        "false claims) can be trained: Guess et al. (2020), Basol et al. (2020); many "
        "trainings raise scepticism instead: Modirrousta-Galian and Higham (2023).",
    ),
    Mechanism(
        name="leadership",
        number=7,
        title="Relationships and leader development",
        summary="leaders arise, hold one-on-ones and train members",
        what="Leaders arise in three ways at once, in the shares the structure level "
        "sets. Where formal structure leaves room, the best-connected of those ready to "
        "lead are recognized as informal leaders; the more of the leadership is formal, "
        "the fewer informal leaders there are (formal seats crowd them out). Members "
        "elect leaders to formal seats for terms, and term limits make them rotate; the "
        "leadership appoints loyal people to the other formal seats. Formal seats come "
        "with teams. In the time care work leaves them, leaders hold one-on-ones, which "
        "build ties (some across subcommunity lines) and raise engagement, and they train "
        "members, which raises skill and either discernment (telling true claims from "
        "false) or, with training that teaches only doubt, blanket scepticism.",
        parameters=(
            "strategy.organizing_share",
            "strategy.care_share",
            "strategy.one_on_ones_per_leader",
            "strategy.one_on_one_engagement",
            "strategy.one_on_one_alignment",
            "strategy.outreach_share",
            "strategy.one_on_one_fatigue",
            "strategy.bridging_share",
            "strategy.training_rate",
            "strategy.training_focus",
            "strategy.trainees_per_leader",
            "strategy.development_boost",
            "leadership.informal_elite_share",
            "leadership.election_drift_penalty",
            "leadership.election_coopted_penalty",
            "leadership.incumbency_advantage",
            "leadership.election_noise",
            "leadership.by_election_weeks",
            "leadership.team_review_weeks",
        ),
        rules=(
            "selection_weights",
            "team_coverage",
            "span_of_control",
            "term_length",
            "term_limit",
        ),
        functions=(
            "MovementModel._update_leadership",
            "leadership.step_down_exhausted",
            "leadership.recognize_informal_leaders",
            "leadership.hold_election",
            "leadership.appoint_to_vacancies",
            "leadership.assign_teams",
            "leadership.one_on_ones",
            "leadership.train",
        ),
        source="One-on-ones, training and developing leaders: Han (2014), McAlevey (2016), "
        "Andrews et al. (2010), Ganz (2009). Informal leaders from the friendship network, "
        "and rotation: Freeman (1972). Bridging ties: Fang, Lee and Schilling (2010). "
        "Trainable discernment: Guess et al. (2020), Basol et al. (2020); training that "
        "raises scepticism instead: Modirrousta-Galian and Higham (2023). The mixture of "
        "the three ways leaders arise is our own modelling assumption.",
    ),
    Mechanism(
        name="accountability",
        number=8,
        title="Accountability",
        summary="leaders drift; elections and voice keep them in check",
        what="The longer leaders hold office, the further their aims drift from their "
        "members' (faster once co-opted), and their teams lose engagement for it. Only "
        "elections, and the rotation term limits force, remove a drifted or co-opted "
        "leader. Every decision gives some people a say and shuts others out: engaged "
        "members with no voice lose engagement. Where informal leaders are among the "
        "deciders, they capture the say (their friends keep a little); members who did "
        "not decide keep some voice through the leaders they elected, the more so the "
        "more of the leaders are elected and the less those have drifted.",
        parameters=(
            "accountability.aim_drift",
            "accountability.coopted_drift",
            "accountability.drift_disengagement",
            "accountability.coopted_misalignment",
            "accountability.shut_out_cost",
            "accountability.influence_memory",
            "accountability.capture_say",
            "accountability.capture_friend_say",
            "accountability.capture_voice",
            "accountability.capture_friend_voice",
            "accountability.electorate_voice",
            "accountability.electorate_say",
        ),
        rules=(
            "rule_weights",
            "board_seats",
            "selection_weights",
            "team_coverage",
            "span_of_control",
            "term_limit",
        ),
        functions=("accountability.drift_and_accountability", "accountability.record_decision"),
        source="Leaders' aims drifting with time in office: Michels (1911). The informal "
        "elite of the best-connected, and leaders answering to those who elect them: "
        "Freeman (1972).",
    ),
    Mechanism(
        name="care",
        number=9,
        title="Fatigue and regenerative support",
        summary="acting tires people; care work helps them recover",
        what="Acting tires people, less so when the action's care tasks were done, and "
        "one-on-ones tire the leaders who hold them. Fatigue fades every week, much "
        "faster for people care work reaches: through a team, a leader role, or a leader "
        "among their ties. Care takes its share of leaders' time first. Burnt-out people "
        "lose engagement, and fatigue makes acting harder.",
        parameters=(
            "care.base_recovery",
            "care.care_recovery",
            "care.burnout",
            "care.burnout_disengagement",
            "strategy.care_share",
            "strategy.organizing_share",
            "strategy.one_on_ones_per_leader",
            "strategy.one_on_one_fatigue",
        ),
        rules=("team_coverage", "span_of_control", "selection_weights"),
        functions=("care.fatigue_and_care",),
        source="Our own modelling assumption: the project's references give no source for "
        "fatigue, burnout or care work.",
    ),
    Mechanism(
        name="membership",
        number=10,
        title="Membership",
        summary="people join through their ties; engagement slowly ebbs",
        what="People join through their ties: a bystander with active ties may be drawn "
        "in, more so after wins and under a mobilizing strategy's broad asks. A new "
        "member starts a little above the supporter rung, more so the harder the problem "
        "hits them, but never above what their life allows. Engagement slowly ebbs for "
        "everyone, more slowly for leaders, team members, people with many active ties "
        "and people the problem hits hard. People who fall below the supporter rung have "
        "left the movement; they can rejoin.",
        parameters=(
            "strategy.recruitment_rate",
            "strategy.organizing_share",
            "membership.new_member_lift",
            "membership.drift_away",
            "membership.leader_drift_pace",
            "membership.team_drift_pace",
            "membership.active_ties_shield",
            "membership.grievance_shield",
        ),
        rules=("team_coverage", "span_of_control", "selection_weights"),
        functions=("membership.recruit_and_drift",),
        source="What sustains commitment (a leader role, a team, active ties): Andrews et "
        "al. (2010) and McAlevey (2016); broad asks of mobilizing: Han (2014).",
    ),
    Mechanism(
        name="agenda",
        number=11,
        title="Issues and the agenda",
        summary="issues arise and fade; the movement chooses which to fight next",
        what="A community has several problems (issues). Each arises in some week, hits "
        "some neighbourhoods hard and the rest a little, is held by one or more "
        "decision-makers, and fades after a while unless it is won first (a few "
        "concessions win it). When the movement runs fewer campaigns than it can, it "
        "chooses the next issue the way it decides anything: an assembly of active "
        "members, the board or the single leader, drawn from the mix the structure level "
        "sets. Those choosing score each live issue by organizing practice's criteria: "
        "how widely members feel it, how deeply the choosers feel it, and how winnable it "
        "looks. Every campaign beyond the first takes a share of leaders' organizing "
        "time. A new issue starts from the target's own resistance, lower for every issue "
        "the target has already lost to this movement. A scenario without issues has one "
        "endless shared problem, the one-target model.",
        parameters=(
            "agenda.at_once",
            "agenda.extra_campaign_time",
            "agenda.wide_weight",
            "agenda.deep_weight",
            "agenda.winnable_weight",
            "agenda.felt_at",
            "decision_maker.beaten_discount",
        ),
        rules=("rule_weights", "board_seats"),
        functions=(
            "agenda.draw_issues",
            "agenda.choose_issue",
            "MovementModel._run_agenda",
            "DecisionMaker.face_new_issue",
            "MovementModel._win",
        ),
        source="Choosing issues that are widely felt, deeply felt and winnable is organizing "
        "practice, as the Midwest Academy manual teaches it (Bobo et al. (2010)). The "
        "scoring, the time campaigns take and the discount a beaten target gives are our "
        "own modelling assumptions.",
    ),
    Mechanism(
        name="power_mapping",
        number=12,
        title="Power mapping",
        summary="research finds who can grant the demand; pressing the wrong target wastes it",
        what="When a campaign starts on a new issue, the movement does not know who can "
        "grant it; it presses its first guess, the most visible decision-maker being the "
        "likeliest. Pressure on a decision-maker who does not hold the issue is wasted. "
        "Each week some leaders (instead of their one-on-ones) and some skilled members "
        "research, and may find the real holder. The finding counts once it reaches those "
        "who direct the campaign: an assembly hears every researcher, a board or a single "
        "leader only their own teams. The campaign then turns to the right target and "
        "starts its pressure again.",
        parameters=(
            "power_mapping.leader_share",
            "power_mapping.member_share",
            "power_mapping.skill_floor",
            "power_mapping.find_rate",
            "decision_maker.visibility",
        ),
        rules=("rule_weights", "team_coverage", "span_of_control"),
        functions=(
            "power_mapping.first_guess",
            "power_mapping.research",
            "power_mapping.most_visible",
            "MovementModel._map_power",
        ),
        source="Power mapping as the first step of a campaign is organizing practice "
        "(Bobo et al. (2010); McAlevey (2016)). The research chances and how a finding travels "
        "are our own modelling assumptions.",
    ),
    Mechanism(
        name="seat",
        number=13,
        title="A seat at the table",
        summary="wins earn a seat: early notice of decisions, cheaper wins, and co-optation",
        what="Each decision-maker takes decisions on its own calendar (a council that meets "
        "monthly) or as they come. A movement that has won often enough from it gets a "
        "seat at its table, and keeps it while the wins go on and its banked power holds. "
        "With a seat it is consulted before every decision: it hears of a decision weeks "
        "earlier (more time to decide and mobilize) and needs less pressure to win, "
        "and its banked power fades more slowly. Without one it hears of some decisions "
        "too late to act. But each consultation is also a chance for the decision-maker "
        "to win one of the movement's leaders over, and leaders nobody can vote out are "
        "the easiest to win.",
        parameters=(
            "decision_maker.seat_after_wins",
            "decision_maker.seat_lapse_weeks",
            "decision_maker.seat_keep_power",
            "decision_maker.decision_every",
            "campaign.opportunity_rate",
            "decision_maker.seat_discount",
            "decision_maker.seat_durable_decay",
            "decision_maker.notice_weeks",
            "decision_maker.unnoticed_share",
            "decision_maker.consultation_cooptation",
            "decision_maker.cooptation_strength",
        ),
        rules=("selection_weights", "term_limit"),
        functions=(
            "seat.seated",
            "seat.hear_of_decision",
            "seat.tried_at_the_table",
            "MovementModel._open_opportunities",
        ),
        source="A place at the table before decisions are made is the goal of durable "
        "power in organizing practice (McAlevey 2016); its risk, leaders drawn into the "
        "circle they were meant to press, follows Michels (1911). The notice, the discount "
        "and the chance of co-optation are our own modelling assumptions.",
    ),
    Mechanism(
        name="coalition",
        number=14,
        title="Coalitions",
        summary="organizations decide together (or not) and act as one",
        what="Several organizations may work in one community, each organizing its own "
        "people (some belong to two) under its own structure, with its own leaders. "
        "Partners fighting the same issue form a coalition, which decides how to act on "
        "a moment by its own rule: by consensus every partner must decide in time; by "
        "vote the partners that decided must speak for most members, and the others are "
        "called anyway; with a lead organization the lead decides for all. A joint action "
        "is one cascade over every partner's people, pressing one joint demand; "
        "organizations acting apart each press a demand of their own, and the "
        "decision-maker weighs one demand at a time, so theirs do not add up. A partner "
        "called on a decision it did not take loses "
        "commitment, the more the less the issue is its own; partners the others turn out "
        "for gain it; partners that send nobody cost those who came. A partner whose "
        "commitment falls too low leaves, and a decision-maker can buy one out with a side "
        "deal, by winning over one of its leaders.",
        parameters=(
            "coalition.rule",
            "coalition.lead",
            "coalition.initial_commitment",
            "coalition.overruled_cost",
            "coalition.solidarity_gain",
            "coalition.free_ride_cost",
            "coalition.exit_commitment",
            "decision_maker.side_deal",
            "decision_maker.cooptation_strength",
        ),
        rules=(),
        functions=(
            "coalition.decide_together",
            "coalition.update_commitment",
            "MovementModel._act_jointly",
            "MovementModel._offer_side_deal",
        ),
        source="Coalitions between organizations, their costs and why they break: Van "
        "Dyke and McCammon (2010), Levi and Murphy (2006). The joint cascade follows "
        "Granovetter (1978). The rules, commitment and its changes are our own modelling "
        "assumptions.",
    ),
)

_BY_NAME = {mechanism.name: mechanism for mechanism in MECHANISMS}


class UnknownTopic(ValueError):
    """A name that is neither a bundled scenario, a scenario file nor a mechanism."""


def _fill(text: str, indent: str = "") -> str:
    return textwrap.fill(
        " ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent
    )


def _paragraphs(text: str, indent: str = "") -> str:
    return "\n\n".join(_fill(part, indent) for part in text.split("\n\n") if part.strip())


def _parameter_lines(keys: tuple[str, ...]) -> list[str]:
    rows = {row["key"]: row for row in parameter_rows()}
    lines = []
    for key in keys:
        row = rows[key]
        line = f"{key} (default {row['default']}, {row['allowed']}): {row['meaning']}"
        lines.append(textwrap.fill(line, WIDTH, initial_indent="  ", subsequent_indent="      "))
    return lines


def explain_model() -> str:
    """The model's idea and a one-line summary of each mechanism, with how to go further."""
    lines = ["movementsim: how structure shapes a movement's power", "", _paragraphs(MODEL_IDEA)]
    lines += ["", "The fourteen mechanisms (movementsim explain NAME for one of them):", ""]
    width = max(len(m.name) for m in MECHANISMS)
    for m in MECHANISMS:
        lines.append(
            textwrap.fill(
                f"{m.name:<{width}}  {m.summary}",
                WIDTH,
                initial_indent="  ",
                subsequent_indent=" " * (width + 4),
            )
        )
    names = ", ".join(name for name, _ in list_scenarios())
    lines += [
        "",
        _fill(f"Scenarios to explain (movementsim explain NAME): {names}."),
        "",
        "The full description, with every rule and parameter: docs/model.md.",
    ]
    return "\n".join(lines)


def explain_mechanism(name: str) -> str:
    """What one mechanism does, the parameters and rules that change it, and its source."""
    m = _BY_NAME[name]
    lines = [f"{m.title} (mechanism {m.number} of {len(MECHANISMS)}: {m.name})", ""]
    lines += [_fill(m.what), ""]
    if m.parameters:
        lines += ["Parameters (set them with --set KEY=VALUE):", *_parameter_lines(m.parameters)]
    else:
        lines.append("Parameters: none directly.")
    if m.rules:
        lines += [
            "",
            _fill(
                "Structure rules it depends on (set by structure.level; see docs/model.md, "
                f"section 4): {', '.join(m.rules)}."
            ),
        ]
    lines += ["", _fill(f"Source: {m.source}"), ""]
    lines.append(
        _fill(
            f"In the code: {', '.join(m.functions)}. Details: docs/model.md, "
            f"section 3.3.{m.number}."
        )
    )
    return "\n".join(lines)


def changed_parameters(scenario: Scenario) -> list[tuple[str, object, object]]:
    """The scenario's parameters that differ from the defaults: (key, value, default)."""
    ours, defaults = scenario_to_dict(scenario), scenario_to_dict(Scenario())
    changed = []
    for section in SECTIONS:
        for key, value in ours.get(section, {}).items():
            default = defaults[section].get(key)
            if value != default:
                changed.append((f"{section}.{key}", value, default))
    return changed


def describe_rules(gov: Governance) -> list[str]:
    """The governance rules in plain words, one line each."""
    words = gov.describe()
    limit = (
        "no term limit"
        if math.isinf(gov.term_limit)
        else f"at most {gov.term_limit:.2g} terms in a row on average"
    )
    lines = [
        f"who decides: {words['who decides']} of the decisions",
        f"sign-offs a decision needs: {gov.approval_layers:.2g} on average",
        "members on a leader's team: "
        + (
            f"{gov.team_coverage:.0%}, up to {gov.span_of_control} each"
            if gov.team_coverage > 0 and gov.span_of_control > 0
            else "none (no formal lines)"
        ),
        f"chance a task has exactly one owner: {100 * gov.role_clarity:.0f}%",
        f"leaders: {words['leaders']} of the seats"
        + (f"; elected for {gov.term_length} weeks, {limit}" if gov.elected_share else ""),
        f"local teams may act alone on local moments: {gov.local_autonomy:.0%} of the time",
    ]
    return lines


#: What a bundled scenario's "what to watch for" rests on: each claim in it is checked
#: over seeds 0 to 9 by tests/test_scenario_claims.py, so a single run may differ.
WATCH_FOR_BASIS = "on average over many runs, checked over seeds 0 to 9; one run can differ"
#: What any other scenario's (a user's file, or a bundled one with changed settings) rests on.
WATCH_FOR_UNCHECKED = "as its author wrote it: movementsim's tests check it only for the " \
    "bundled scenarios as shipped"


def watch_for_basis(scenario: Scenario) -> str:
    """What a scenario's "what to watch for" rests on: checked over seeds only for a
    bundled scenario with its own settings (any seed: the check averages over seeds)."""
    if scenario.name not in bundled_names():
        return WATCH_FOR_UNCHECKED

    def any_seed(s: Scenario) -> Scenario:
        return s.model_copy(update={"model": s.model.model_copy(update={"seed": 0})})

    shipped = any_seed(load_scenario(scenario.name))
    return WATCH_FOR_BASIS if any_seed(scenario) == shipped else WATCH_FOR_UNCHECKED


def explain_scenario(scenario: Scenario, how_to_load: str | None = None) -> str:
    """A scenario for students: narrative, what to watch for, its settings and rules."""
    title = scenario.title or scenario.name
    lines = [f"{scenario.name}: {title}", ""]
    if scenario.narrative:
        lines += [_paragraphs(scenario.narrative), ""]
    if scenario.watch_for:
        heading = f"What to watch for ({watch_for_basis(scenario)}):"
        lines += [heading, _paragraphs(scenario.watch_for, "  "), ""]
    changed = changed_parameters(scenario)
    if changed:
        lines.append("Its settings (different from the defaults):")
        meanings = {row["key"]: row["meaning"] for row in parameter_rows()}
        for key, value, default in changed:
            was = "implied by level" if default is None else default
            lines.append(
                textwrap.fill(
                    f"{key} = {value} (default {was}): {meanings.get(key, '')}",
                    WIDTH,
                    initial_indent="  ",
                    subsequent_indent="      ",
                )
            )
    else:
        lines.append("Its settings: all parameters at their defaults.")
    lines += ["", f"The rules it runs under (structure level {scenario.structure.level:g}):"]
    lines += [f"  {line}" for line in describe_rules(resolve_governance(scenario.structure))]
    for change in scenario.schedule:
        changed_gov = resolve_governance(change.structure)
        words = changed_gov.describe()
        lines.append(
            _fill(
                f"From week {change.week}: structure level {change.structure.level:g} "
                f"(decided by {words['who decides']}; {changed_gov.approval_layers:.2g} "
                f"sign-offs; leaders {words['leaders']})."
            )
        )
    lines += _targets_and_issues(scenario)
    lines += [
        "",
        _fill(
            f"Size and length: {scenario.community.members:,} people in "
            f"{scenario.community.subcommunities} subcommunities, {scenario.model.steps} "
            "weeks."
        ),
    ]
    if scenario.questions:
        lines += ["", "Questions to discuss:"]
        lines += [
            textwrap.fill(q, WIDTH, initial_indent=f"  {i}. ", subsequent_indent="     ")
            for i, q in enumerate(scenario.questions, 1)
        ]
    lines += ["", f"Try it: movementsim run {how_to_load or scenario.name}"]
    return "\n".join(lines)


def _targets_and_issues(scenario: Scenario) -> list[str]:
    """Who holds power over which issue, and when each issue arises and how long it lasts."""
    lines = []
    if scenario.decision_makers:
        lines += ["", "Decision-makers (who holds power over what):"]
        for target in scenario.decision_makers:
            calendar = (
                f", decides every {target.decision_every} weeks" if target.decision_every else ""
            )
            lines.append(
                textwrap.fill(
                    f"{target.name} ({target.kind}): resistance {target.resistance:g}, "
                    f"visibility {target.visibility:g}{calendar}; holds "
                    + (", ".join(target.issues) or "no issue"),
                    WIDTH,
                    initial_indent="  ",
                    subsequent_indent="      ",
                )
            )
    if scenario.issues:
        lines += ["", "Issues (the community's problems over time):"]
        for issue in scenario.issues:
            where = (
                "subcommunities " + ", ".join(str(g) for g in issue.subcommunities)
                if issue.subcommunities else "everyone"
            )
            endless = issue.lasts == IssueParams.model_fields["lasts"].default
            lasts = "" if endless else f" for {issue.lasts} weeks"
            lines.append(
                textwrap.fill(
                    f"{issue.name}: arises in week {issue.arises}{lasts}, hits {where} "
                    f"(grievance {issue.grievance:g}); won after {issue.concessions} "
                    f"concession{'s' if issue.concessions != 1 else ''}",
                    WIDTH,
                    initial_indent="  ",
                    subsequent_indent="      ",
                )
            )
    return lines


def explain(topic: str | None = None) -> str:
    """The explanation of ``topic``: nothing (the model), a mechanism or a scenario.

    A mechanism is named by its short name (``decisions``) or its number (``1`` to
    ``13``); a scenario by its bundled name or the path to a TOML file. Raises
    :class:`UnknownTopic`, naming the closest known name, for anything else, and
    :class:`~movementsim.ScenarioError` for a scenario file that cannot be loaded.
    """
    if topic is None:
        return explain_model()
    if topic in _BY_NAME:
        return explain_mechanism(topic)
    if topic.isascii() and topic.isdigit() and len(topic) <= 3 and 1 <= int(topic) <= len(
        MECHANISMS
    ):
        return explain_mechanism(MECHANISMS[int(topic) - 1].name)
    scenarios = [name for name, _ in list_scenarios()]
    if topic in scenarios or looks_like_path(topic):
        return explain_scenario(load_scenario(topic), topic)
    known = [*_BY_NAME, *scenarios]
    close = difflib.get_close_matches(topic.lower()[:100], known, n=1, cutoff=0.5)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise UnknownTopic(
        f"'{show(topic)[1:-1]}' is neither a scenario nor a mechanism{hint}; scenarios: "
        f"{', '.join(scenarios)}; mechanisms: {', '.join(_BY_NAME)}"
    )
