"""The movement model: one step is one week of organizing, deciding, acting and responding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import mesa
import numpy as np
import pandas as pd

from movementsim.model.agents import (
    ACTIVE,
    READY_TO_LEAD,
    DecisionMaker,
    Leader,
    Member,
    People,
)
from movementsim.model.arithmetic import plain_sum
from movementsim.model.measures import MEASURES
from movementsim.model.mechanisms import (
    accountability,
    agenda,
    care,
    coalition,
    decisions,
    impact,
    information,
    leadership,
    membership,
    mobilization,
    power_mapping,
    response,
    seat,
    tasks,
)
from movementsim.model.network import TieNetwork, assign_subcommunities, community_edges
from movementsim.model.organization import Organization
from movementsim.model.parameters import Scenario, StructureParams
from movementsim.model.structure import ELECTED, Governance


@dataclass(frozen=True)
class DecisionRecord:
    """The model's record of its moments to act, at the end of a run.

    Attributes:
        decision_weeks: for each decided moment, the weeks from opening to decision.
        missed_waits: for each missed moment, the weeks from opening to its deadline.
        undecided_open: moments still undecided (and not yet missed) at the end.
        governance: the rules in force at the end.
    """

    decision_weeks: tuple[int, ...]
    missed_waits: tuple[int, ...]
    undecided_open: int
    governance: Governance

    @property
    def opened(self) -> int:
        """Moments to act that opened during the run."""
        return len(self.decision_weeks) + len(self.missed_waits) + self.undecided_open


class MovementModel(mesa.Model):
    """A community organizing against decision-makers, under a configurable structure.

    With one decision-maker and no ``[[issues]]`` the movement fights one endless issue
    against one target; with ``[[decision_makers]]`` and ``[[issues]]`` it chooses its
    campaigns (:mod:`~movementsim.model.mechanisms.agenda`), maps who holds power
    (:mod:`~movementsim.model.mechanisms.power_mapping`) and may win seats at their
    tables (:mod:`~movementsim.model.mechanisms.seat`).

    Args:
        scenario: every parameter of the run (defaults: the ``balanced`` defaults of
            :class:`~movementsim.model.parameters.Scenario`).
        rng: seed or numpy Generator; all randomness flows from it.
        ties: optional prebuilt network (tests use a complete graph).
    """

    def __init__(
        self,
        scenario: Scenario | None = None,
        *,
        rng: int | np.random.Generator | None = None,
        ties: TieNetwork | None = None,
    ) -> None:
        super().__init__(rng=rng)
        # The movementsim scenario is kept as ``params``: Mesa 3.5 and later use
        # ``Model.scenario`` for their own scenario object.
        self.params = scenario if scenario is not None else Scenario()
        community = self.params.community
        groups = assign_subcommunities(community.members, community.subcommunities)
        if ties is None:
            src, dst = community_edges(
                groups,
                community.mean_ties,
                community.cross_tie_share,
                self.rng,
                rewiring=community.rewiring,
            )
            ties = TieNetwork(community.members, src, dst)
        self.ties = ties
        self.people = People.draw(community, groups, self.rng)
        self._seed_founders()
        self.organizations = self._create_organizations()
        coalition_params = self.params.coalition
        self.commitment = np.full(len(self.organizations), coalition_params.initial_commitment)
        # Partners of the coalition: every organization, if there are two or more and they
        # decide together at all (rule none: no coalition).
        self.in_coalition = np.full(
            len(self.organizations),
            len(self.organizations) > 1 and coalition_params.rule != "none",
        )
        self._joint_moments: dict[int, list[int]] = {}  # moment -> its partners' indices
        self._next_joint = 0
        self.coalition_partners = 0  # partners that turned out in a joint action this week
        self.coalition_turnout = 0  # people acting in joint actions this week
        self.side_deals = 0
        self._joint_tasks = [0, 0, 0]  # done, dropped, duplicated in joint actions
        self._apart: dict[tuple[int, int], float] = {}  # this week's impact pressed apart
        self._member_agents: list[Member] | None = None  # built when first asked for
        self.leader_agents: dict[tuple[int, int], Leader] = {}  # (organization, row)
        self.decision_makers = self._create_decision_makers()

        self.wins = 0
        self.last_win = -(10**9)
        self.durable_power = 0.0
        self.momentum = 0.0
        self.turnout = 0
        self.issues_won = 0
        self.consulted = 0  # decisions the movement was consulted on before they were taken
        self.mapped_issues: set[int] = set()  # issues whose holders research has found
        for org in self.organizations:
            org.follow_schedule(week=0)
            self._update_leadership(org, week=0)
        # Issues and the first campaign come last, so that a scenario without [[issues]]
        # draws exactly the random numbers it drew before they existed.
        self.issues, self.campaigns = self._set_agenda()
        self._run_agenda(week=0)

        self.datacollector = mesa.DataCollector(
            model_reporters={name: measure.reporter for name, measure in MEASURES.items()}
        )
        self.datacollector.collect(self)
        self._organization_rows: list[dict[str, object]] = []
        self._record_organizations()

    # -- the members as Mesa agents --------------------------------------------------------

    @property
    def member_agents(self) -> list[Member]:
        """Every person as a Mesa :class:`~movementsim.model.agents.Member`, by row.

        Built the first time anyone asks (here, or through ``agents``, ``agents_by_type``
        or ``agent_types``): no mechanism needs them, since every rule works on the
        arrays they are views of, so a run that never asks does not pay for one object
        per person (at 100,000 members about a second and 50 MB on our machine).
        """
        return self._build_member_agents()

    def _build_member_agents(self) -> list[Member]:
        if self._member_agents is None:
            self._member_agents = [Member(self, row) for row in range(self.people.size)]
        return self._member_agents

    @property
    def agents(self) -> mesa.agent.AgentSet:
        """All agents (Mesa's accessor), the members among them."""
        self._build_member_agents()
        return super().agents

    @property
    def agents_by_type(self) -> dict[type[mesa.Agent], mesa.agent.AgentSet]:
        """The agents by class (Mesa's accessor), ``Member`` among them."""
        self._build_member_agents()
        return super().agents_by_type

    @property
    def agent_types(self) -> list[type]:
        """The agents' classes (Mesa's accessor), ``Member`` among them."""
        self._build_member_agents()
        return super().agent_types

    # -- set-up --------------------------------------------------------------------------

    def _seed_founders(self) -> None:
        """The founding core: a few engaged, skilled people who share the narrative."""
        community = self.params.community
        count = int(round(community.founders * self.people.size))
        if count == 0:
            return
        people = self.people
        founders = self.rng.choice(people.size, size=count, replace=False)
        people.availability[founders] = np.maximum(
            people.availability[founders], community.founder_availability
        )
        people.engagement[founders] = np.minimum(
            community.founder_engagement, people.availability[founders]
        )
        people.skill[founders] = np.maximum(people.skill[founders], community.founder_skill)
        people.alignment[founders] = community.founder_alignment

    def _create_organizations(self) -> list[Organization]:
        """The ``[[organizations]]``, each with its view of the people; or one organization
        organizing everyone, whose view is the community itself."""
        schedule = {change.week: change.structure for change in self.params.schedule}
        tables = self.params.organizations
        if not tables:
            return [Organization("movement", 0, self.people, self.params.structure, schedule)]
        issue_names = [issue.name for issue in self.params.issues]
        organizations = []
        for index, table in enumerate(tables):
            base = (
                np.isin(self.people.subcommunity, table.subcommunities)
                if table.subcommunities else np.ones(self.people.size, dtype=bool)
            )
            organizations.append(
                Organization(
                    table.name, index, self.people.organization_view(base),
                    table.structure or self.params.structure, {}, table.kind,
                    tuple(issue_names.index(n) for n in table.issues) if table.issues else None,
                )
            )
        # The community's members are those some organization organizes.
        self.people.base[:] = np.any([org.people.base for org in organizations], axis=0)
        return organizations

    def _create_decision_makers(self) -> list[DecisionMaker]:
        """The ``[[decision_makers]]``, or the one ``[decision_maker]``."""
        targets = self.params.decision_makers
        if not targets:
            return [DecisionMaker(self, self.params.decision_maker)]
        return [
            DecisionMaker(self, target, target.name, target.kind, index)
            for index, target in enumerate(targets)
        ]

    def _set_agenda(self) -> tuple[list[agenda.Issue], list[agenda.Campaign]]:
        """The issues of the run and the campaigns under way at the start."""
        targets = self.params.decision_makers
        if not self.params.issues:
            # One endless issue held by every decision-maker: the most visible is pressed.
            problem = agenda.the_shared_problem(self.people, len(self.decision_makers))
            target = power_mapping.most_visible(self.decision_makers, problem.holders)
            body = np.ones(self.people.size, dtype=bool)
            return [problem], [agenda.Campaign(0, target, True, 0, body)]
        holders = [
            tuple(i for i, t in enumerate(targets) if issue.name in t.issues) if targets
            else (0,)
            for issue in self.params.issues
        ]
        issues = agenda.draw_issues(
            self.params.issues, holders, self.people, self.params.community, self.rng
        )
        if len(self.decision_makers) == 1:
            # With one decision-maker there is nobody else to press: nothing to find out.
            self.mapped_issues.update(range(len(issues)))
        return issues, []

    # -- the weekly schedule -------------------------------------------------------------

    @property
    def decision_maker(self) -> DecisionMaker:
        """The first (with one target, the only) decision-maker."""
        return self.decision_makers[0]

    @property
    def seat_at_table(self) -> bool:
        """Whether the movement has a seat at any decision-maker's table
        (:func:`seat.seated`: earned by wins, lost when they stop or banked power fades)."""
        return any(seat.seated(dm, self.steps, self.durable_power) for dm in self.decision_makers)

    @property
    def targets_won(self) -> int:
        """Decision-makers that have conceded at least once."""
        return sum(dm.wins > 0 for dm in self.decision_makers)

    @property
    def active_campaign(self) -> int:
        """Index of the issue of the first campaign under way (-1: none)."""
        return self.campaigns[0].issue if self.campaigns else -1

    @property
    def organization(self) -> Organization:
        """The first (with one organization, the only) organization."""
        return self.organizations[0]

    @property
    def everyone(self) -> People:
        """The community with every organization's roles at once (read-only use): a
        leader is one who leads any organization (co-opted if co-opted in every one they
        lead), on a team if on any. With one organization, its own view."""
        if len(self.organizations) == 1:
            return self.organization.people
        views = [org.people for org in self.organizations]
        is_leader = np.any([v.is_leader for v in views], axis=0)
        free = np.any([v.is_leader & ~v.coopted for v in views], axis=0)
        team_of = np.full(self.people.size, -1, dtype=np.int64)
        aim_gap = np.zeros(self.people.size)
        selection = np.full(self.people.size, -1, dtype=np.int8)
        for view in reversed(views):  # the first organization's role wins
            on = view.team_of >= 0
            team_of[on] = view.team_of[on]
            lead = view.is_leader
            aim_gap[lead] = np.maximum(aim_gap[lead], view.aim_gap[lead])
            selection[lead] = view.selection[lead]
        return replace(
            self.people, is_leader=is_leader, coopted=is_leader & ~free, team_of=team_of,
            aim_gap=aim_gap, selection=selection,
        )

    @property
    def structure(self) -> StructureParams:
        """The structure in force in the first organization."""
        return self.organization.structure

    @property
    def governance(self) -> Governance:
        """The rules in force in the first organization."""
        return self.organization.governance

    @property
    def opportunities(self) -> list[decisions.Opportunity]:
        """Every organization's moments to act not yet acted on or missed."""
        return [opp for org in self.organizations for opp in org.opportunities]

    @property
    def decision_times(self) -> list[int]:
        """Weeks from opening to decision of every decided moment, organization by
        organization."""
        return [weeks for org in self.organizations for weeks in org.decision_times]

    @property
    def missed_waits(self) -> list[int]:
        """Weeks from opening to deadline of every missed moment."""
        return [weeks for org in self.organizations for weeks in org.missed_waits]

    @property
    def missed(self) -> int:
        """Moments that passed undecided, in every organization."""
        return sum(org.missed for org in self.organizations)

    @property
    def tasks_done(self) -> int:
        return sum(org.tasks_done for org in self.organizations) + self._joint_tasks[0]

    @property
    def tasks_dropped(self) -> int:
        return sum(org.tasks_dropped for org in self.organizations) + self._joint_tasks[1]

    @property
    def tasks_duplicated(self) -> int:
        return sum(org.tasks_duplicated for org in self.organizations) + self._joint_tasks[2]

    def _partners(self, issue: int) -> list[Organization]:
        """The organizations that fight for ``issue``."""
        return [org for org in self.organizations if org.fights_for(issue)]

    def step(self) -> None:
        """One week, mechanisms in the order of docs/model.md's schedule."""
        week = self.steps
        for org in self.organizations:
            org.follow_schedule(week)
            self._update_leadership(org, week)
        self._run_agenda(week)
        researching = self._map_power()
        self._open_opportunities(week)
        for org in self.organizations:
            self._progress_decisions(org, week)
        pressure = self._mobilize_and_act(week)
        self._decision_makers_respond(pressure)
        self._spread_information()
        self._organize(researching)
        self.ties.commit()
        self.datacollector.collect(self)
        self._record_organizations()

    def _update_leadership(self, org: Organization, week: int) -> None:
        """In ``org``: leaders step down when exhausted; informal leaders are recognized,
        elections and appointments fill the formal seats; teams are re-formed when
        leaders change (and every ``team_review_weeks``)."""
        people, gov, params = org.people, org.governance, self.params.leadership
        before = people.is_leader.copy()
        leadership.step_down_exhausted(people)
        weeks_in_force = week - org.structure_adopted
        elected_seats, appointed_seats = gov.seats_by_selection(
            int(people.members.sum()), int((people.engagement >= READY_TO_LEAD).sum())
        )
        leadership.recognize_informal_leaders(people, self.ties, gov.informal_share, params)
        if gov.elected_share > 0 or (people.selection == ELECTED).any():
            if weeks_in_force % gov.term_length == 0:
                leadership.hold_election(
                    people, gov, elected_seats, params, self.rng, full=True, week=week
                )
            elif weeks_in_force % params.by_election_weeks == 0:
                leadership.hold_election(
                    people, gov, elected_seats, params, self.rng, full=False, week=week
                )
        if appointed_seats:
            leadership.appoint_to_vacancies(people, self.ties, appointed_seats)
        changed = not np.array_equal(before, people.is_leader)
        if changed or weeks_in_force % params.team_review_weeks == 0:
            leadership.assign_teams(people, gov, self.rng)
        if changed:
            self._sync_leader_agents(org)

    def _sync_leader_agents(self, org: Organization) -> None:
        current = {(org.index, row) for row in np.flatnonzero(org.people.is_leader).tolist()}
        held = {key for key in self.leader_agents if key[0] == org.index}
        for key in sorted(held - current):
            self.leader_agents.pop(key).remove()
        for key in sorted(current - held):
            self.leader_agents[key] = Leader(self, key[1], org)

    def _run_agenda(self, week: int) -> None:
        """Campaigns on issues won or faded end; while fewer than ``agenda.at_once`` are
        under way, the movement chooses its next issue (:func:`agenda.choose_issue`)."""
        if not self.params.issues:
            return
        self.campaigns = [c for c in self.campaigns if self.issues[c.issue].alive(week)]
        fought = {c.issue for c in self.campaigns}
        candidates = [
            i for i, issue in enumerate(self.issues) if issue.alive(week) and i not in fought
        ]
        while candidates and len(self.campaigns) < self.params.agenda.at_once:
            believed = {i: self._believed_target(i) for i in candidates}
            looks_like = {i: self._resistance_ahead(t, week) for i, t in believed.items()}
            chosen, body = agenda.choose_issue(
                self.organization.people, self.governance, self.issues, candidates, looks_like,
                self.params.agenda, self.rng,
            )
            target = believed[chosen]
            self._turn_to(target)
            self.campaigns.append(
                agenda.Campaign(chosen, target, chosen in self.mapped_issues, week, body)
            )
            candidates.remove(chosen)

    def _resistance_ahead(self, target: int, week: int) -> float:
        """The resistance a new campaign against ``target`` would meet: a fresh issue's
        (lower against a beaten opponent), or what it resists now if other campaigns
        already press it; a seat at its table lowers it."""
        dm = self.decision_makers[target]
        resistance = dm.resistance if self._pressing(target) else dm.new_issue_resistance()
        has_seat = seat.seated(dm, week, self.durable_power)
        return resistance * (dm.params.seat_discount if has_seat else 1.0)

    def _turn_to(self, target: int) -> None:
        """A campaign turns to ``target``: a fresh issue for it, unless other campaigns
        already press it (their resistance stands)."""
        if not self._pressing(target):
            self.decision_makers[target].face_new_issue()

    def _pressing(self, target: int) -> list[agenda.Campaign]:
        """The campaigns under way that press decision-maker ``target``, in order of starting."""
        return [c for c in self.campaigns if c.target == target]

    def _believed_target(self, issue: int) -> int:
        """Whom the movement would press on ``issue``: its holder once mapped, else a guess."""
        if issue in self.mapped_issues:
            return power_mapping.most_visible(self.decision_makers, self.issues[issue].holders)
        return power_mapping.first_guess(self.decision_makers, self.rng)

    def _map_power(self) -> np.ndarray | None:
        """Research on campaigns whose target is a guess; returns the leaders who spent the
        week on it (None when no campaign needs research)."""
        unmapped = [c for c in self.campaigns if not c.mapped]
        if not unmapped:
            return None
        researching = np.zeros(self.people.size, dtype=bool)
        for campaign in unmapped:
            found, leaders = power_mapping.research(
                self.everyone, campaign, self.params.power_mapping, self.rng
            )
            researching |= leaders
            if found:
                self.mapped_issues.add(campaign.issue)
                campaign.mapped = True
                holder = power_mapping.most_visible(
                    self.decision_makers, self.issues[campaign.issue].holders
                )
                if holder != campaign.target:
                    # Pressure on the wrong target was wasted: the fight starts again.
                    campaign.pressure = 0.0
                    campaign.apart.clear()
                    self._turn_to(holder)
                    campaign.target = holder
        return researching

    def _open_opportunities(self, week: int) -> None:
        """Each decision-maker takes decisions on its own calendar. With a seat at its
        table the movement is consulted on every one of them (and risks co-optation
        there); those of a campaign's target are moments for the movement to act, if it
        hears of them in time (:func:`seat.hear_of_decision`)."""
        for dm in self.decision_makers:
            pressing = self._pressing(dm.index)
            # A decision is about one of the demands pressed on this decision-maker.
            campaign = (
                pressing[int(self.rng.integers(len(pressing)))] if len(pressing) > 1
                else pressing[0] if pressing else None
            )
            among = self.issues[campaign.issue].subcommunities if campaign else ()
            rate = self.params.campaign.opportunity_rate
            if not seat.decision_comes_up(dm, week, rate, self.rng):
                continue
            drawn = decisions.draw_moment(
                week, self.params.campaign, self.params.community.subcommunities, self.rng,
                among=among,
            )
            has_seat = seat.seated(dm, week, self.durable_power)
            if has_seat:
                self.consulted += 1
                if seat.tried_at_the_table(dm, self.rng):
                    org = self._worked_on()
                    response.attempt_cooptation(
                        org.people, org.governance, dm.params.cooptation_strength,
                        self.params.leadership, self.rng,
                    )
            if campaign is None:
                continue
            deadline = seat.hear_of_decision(dm, has_seat, drawn[0], self.rng)
            if deadline is not None:
                self._open_opportunity(week, deadline, drawn[1], campaign)

    def _open_opportunity(
        self, week: int, deadline: int, group: int, campaign: agenda.Campaign
    ) -> None:
        """A moment to act on ``campaign`` opens for the organizations that fight for its
        issue. Partners in a coalition (two or more, unless ``coalition.rule`` is none)
        get one joint moment: each decides it by its own rules, or only the lead does;
        the others, and partners outside the coalition, each get a moment of their own."""
        partners = self._partners(campaign.issue)
        rule = self.params.coalition.rule
        joined = [org for org in partners if self.in_coalition[org.index]]
        if rule == "none" or len(joined) < 2:
            joined = []
        joint = -1
        if joined:
            joint = self._next_joint
            self._next_joint += 1
            self._joint_moments[joint] = [org.index for org in joined]
            if rule == "lead":
                joined = [self._lead(joined)]
        for org in partners:
            if org in joined:
                self._open_in(org, week, deadline, group, campaign, joint)
            elif not self.in_coalition[org.index] or joint < 0:
                self._open_in(org, week, deadline, group, campaign, -1)

    def _lead(self, partners: list[Organization]) -> Organization:
        """The partner that decides for the coalition (rule ``lead``): the named lead if
        it is still a partner, else the first."""
        named = [org for org in partners if org.name == self.params.coalition.lead]
        return named[0] if named else partners[0]

    def _open_in(
        self, org: Organization, week: int, deadline: int, group: int,
        campaign: agenda.Campaign, joint: int,
    ) -> None:
        """A moment to act opens in ``org``, to be decided by its rules."""
        gov = org.governance
        rule, local, layers = decisions.choose_how_to_decide(gov, group >= 0, self.rng)
        deciders = decisions.decision_participants(
            org.people, rule, self._scope(org, group if local else -1), gov.board_seats
        )
        org.opportunities.append(
            decisions.Opportunity(
                opened=week,
                deadline=deadline,
                subcommunity=group,
                decided_locally=local,
                rule=rule,
                deciders=deciders,
                work_left=decisions.deliberation_work(
                    org.people, deciders, rule, self.params.decisions, self.rng
                ),
                layers=layers,
                layers_left=layers,
                issue=campaign.issue,
                target=campaign.target,
                joint=joint,
            )
        )

    @staticmethod
    def _scope(org: Organization, group: int) -> np.ndarray:
        """Whom a moment of ``org`` concerns: those it organizes in one subcommunity, or
        all of them (``group`` -1)."""
        if group < 0:
            return org.people.base.copy()
        return org.people.base & (org.people.subcommunity == group)

    def _progress_decisions(self, org: Organization, week: int) -> None:
        """In ``org``, meetings work through objections; decisions then climb the
        approval layers.

        Each assembly (the movement's, and each local team's) and the board meet once a
        week and can work through ``meeting_capacity`` objections in all, oldest
        opportunity first; a single leader decides alone, up to ``leader_capacity``
        decisions a week.
        """
        params = self.params.campaign
        layers = max((opp.layers for opp in org.opportunities), default=0)
        layer_capacity = decisions.approval_capacity(
            org.people, layers, params.leader_capacity, params.sign_off_pyramid
        )
        top_leader_budget = params.leader_capacity
        meeting_time: dict[object, float] = {}
        for opp in org.opportunities:
            if opp.decided or opp.opened >= week:
                continue
            if not opp.deliberated:
                if opp.rule == "single_leader":
                    # The single leader decides alone, but only so many decisions a week.
                    if top_leader_budget == 0 or not np.isfinite(opp.work_left):
                        continue
                    top_leader_budget -= 1
                else:
                    if not np.isfinite(opp.work_left):
                        continue  # nobody can decide it: it waits for its deadline
                    body = "board" if opp.rule == "board" else (
                        opp.subcommunity if opp.decided_locally else -1
                    )
                    available = meeting_time.setdefault(body, params.meeting_capacity)
                    used = min(available, opp.work_left)
                    meeting_time[body] = available - used
                    opp.work_left -= used
                    if opp.work_left > 0:
                        continue
                opp.deliberated = True
                if opp.layers_left > 0:
                    continue  # sign-offs start next week
            elif opp.layers_left > 0:
                layer = opp.layers - opp.layers_left
                if layer_capacity[layer] == 0:
                    continue
                layer_capacity[layer] -= 1
                opp.layers_left -= 1
                if opp.layers_left > 0:
                    continue
            self._decide(org, opp, week)

    def _decide(self, org: Organization, opp: decisions.Opportunity, week: int) -> None:
        people = org.people
        opp.decided_at = week
        org.decision_times.append(week - opp.opened)
        scope = self._scope(org, opp.subcommunity)
        accountability.record_decision(
            people, self.ties, opp.deciders, scope, opp.rule, self.params.accountability
        )
        leading = people.is_leader & ~people.coopted & scope
        reach = self.params.mobilization.broadcast_reach
        broadcast = (1 - self.params.strategy.organizing_share) * reach
        heard = scope & people.members & (self.rng.random(people.size) < broadcast)
        informed = opp.deciders | leading | heard
        told = mobilization.team_calls(people, informed)
        opp.informed = informed | told
        opp.asked = heard | told

    def _mobilize_and_act(self, week: int) -> dict[int, float]:
        """Spread decided calls; act on the ones whose moment has come; drop missed ones.
        Returns the pressure this week's actions put on each issue's demand."""
        pressure = {c.issue: 0.0 for c in self.campaigns}
        self.turnout = 0
        self.coalition_partners = 0
        self.coalition_turnout = 0
        self._acted_for = np.full(self.people.size, -1)  # the issue each person acted on
        self._apart = {}  # (issue, organization) -> impact of those acting apart
        due: dict[int, dict[int, decisions.Opportunity]] = {}  # joint moments at deadline
        for org in self.organizations:
            org.impact = 0.0
            org.turnout = 0
            remaining = []
            for opp in org.opportunities:
                if opp.joint >= 0 and week >= opp.deadline:
                    due.setdefault(opp.joint, {})[org.index] = opp
                elif opp.decided and week < opp.deadline:
                    heard = mobilization.pass_the_word(
                        self.ties, org.people, opp.informed, self.params.mobilization, self.rng
                    )
                    told = mobilization.team_calls(org.people, heard)
                    opp.informed = heard | told
                    opp.asked |= told
                    remaining.append(opp)
                elif opp.decided:
                    self._act_alone(org, opp, pressure)
                elif week >= opp.deadline:
                    self._miss(org, opp, week)
                else:
                    remaining.append(opp)
            org.opportunities = remaining
        for joint in sorted(due):
            opps = due[joint]
            issue = next(iter(opps.values())).issue
            impact = self._resolve_joint_moment(joint, opps, week, pressure)
            if issue in pressure:
                pressure[issue] += impact
        decay = self.params.decision_maker.pressure_decay
        for org in self.organizations:
            org.contribution = org.contribution * (1 - decay) + org.impact
        return pressure

    def _act_alone(
        self, org: Organization, opp: decisions.Opportunity, pressure: dict[int, float]
    ) -> None:
        """``org`` acts on a moment of its own. With one organization its pressure goes to
        the campaign's demand; with several, to a demand of its own (``Campaign.apart``)."""
        impact = self._act(org, opp)
        org.impact += impact
        if opp.issue not in pressure:  # a campaign that has ended takes no pressure
            return
        if len(self.organizations) == 1:
            pressure[opp.issue] += impact
        else:
            key = (opp.issue, org.index)
            self._apart[key] = self._apart.get(key, 0.0) + impact

    @staticmethod
    def _miss(org: Organization, opp: decisions.Opportunity, week: int) -> None:
        org.missed += 1
        org.missed_waits.append(week - opp.opened)

    def _resolve_joint_moment(
        self,
        joint: int,
        opps: dict[int, decisions.Opportunity],
        week: int,
        pressure: dict[int, float],
    ) -> float:
        """A coalition moment's deadline: the partners' decisions are combined by
        ``coalition.rule`` (:func:`coalition.decide_together`); if the coalition acts,
        everyone it calls acts together. Partners that had not decided missed the moment.
        Returns the pressure the joint action put on the issue (0 if none)."""
        partners = [self.organizations[i] for i in self._joint_moments.pop(joint)]
        for index, opp in opps.items():
            if not opp.decided:
                self._miss(self.organizations[index], opp, week)
        # A partner that left the coalition since the moment opened acts apart on what it
        # decided; the coalition decides with those still in it.
        for org in [org for org in partners if not self.in_coalition[org.index]]:
            opp = opps.get(org.index)
            if opp is not None and opp.decided:
                self._act_alone(org, opp, pressure)
        partners = [org for org in partners if self.in_coalition[org.index]]
        if not partners:
            return 0.0
        decided = [org.index in opps and opps[org.index].decided for org in partners]
        sizes = [int(org.people.members.sum()) for org in partners]
        lead = partners.index(self._lead(partners))
        call = coalition.decide_together(self.params.coalition.rule, decided, sizes, lead)
        if not call.go:
            return 0.0
        issue = next(iter(opps.values())).issue
        return self._act_jointly(partners, opps, call, issue)

    def _act_jointly(
        self,
        partners: list[Organization],
        opps: dict[int, decisions.Opportunity],
        call: coalition.JointCall,
        issue: int,
    ) -> float:
        """A joint action: each called partner passes the call to its members as far as
        it is committed (a partner that decided brings those it informed; one that did
        not, its leaders and their teams); then one threshold cascade over everyone called,
        on the community network. Commitments move afterwards
        (:func:`coalition.update_commitment`)."""
        people, params = self.people, self.params.campaign
        informed = np.zeros(people.size, dtype=bool)
        asked = np.zeros(people.size, dtype=bool)
        committed = np.zeros(people.size, dtype=bool)
        called = np.array(call.called)
        for position, org in enumerate(partners):
            if not called[position]:
                continue
            view = org.people
            leading = view.is_leader & ~view.coopted
            opp = opps.get(org.index)
            if opp is not None and opp.decided:
                heard, asked_here, core = opp.informed, opp.asked, leading | opp.deciders
            else:
                told = mobilization.team_calls(view, leading)
                heard, asked_here, core = leading | told, told, leading
            passes = (self.rng.random(people.size) < self.commitment[org.index]) & view.base
            informed |= heard & passes
            asked |= asked_here & passes
            committed |= core & passes
        acted = self._acted_for
        free = (acted < 0) | (acted == issue)
        acting = self.mobilize(informed & free, committed, asked, self.issues[issue].grievance)
        acted[acting] = issue
        came = np.array([(acting & org.people.base).sum() for org in partners])
        turned_out = called & (came > 0)
        interests = np.array(
            [coalition.interest(org.people, self.issues[issue].grievance) for org in partners]
        )
        commitment = self.commitment[[org.index for org in partners]]
        coalition.update_commitment(
            commitment, called, np.array(call.overruled), turned_out, interests,
            self.params.coalition,
        )
        for org, value in zip(partners, commitment, strict=True):
            self.commitment[org.index] = value
            if value < self.params.coalition.exit_commitment:
                self._leave(org)
        turnout = int(acting.sum())
        if turnout == 0:
            return 0.0
        owners = np.zeros(people.size, dtype=bool)
        for org in partners:
            view = org.people
            owners |= (view.is_leader & ~view.coopted) | (view.engagement >= READY_TO_LEAD)
        clarity = float(
            np.average([org.governance.role_clarity for org in partners], weights=came + 1e-12)
        )
        owned = tasks.assign_tasks(
            turnout, int((owners & acting).sum()), clarity, params, self.rng
        )
        self._joint_tasks[0] += owned.done
        self._joint_tasks[1] += owned.dropped
        self._joint_tasks[2] += owned.duplicated
        self.turnout += turnout
        self.coalition_turnout += turnout
        self.coalition_partners = max(self.coalition_partners, int(turned_out.sum()))
        pressure = impact.action_impact(people, acting, owned, params)
        impact.after_action(people, acting, owned, params)
        for org, count in zip(partners, came, strict=True):
            org.turnout += int(count)
            org.impact += pressure * count / came.sum()
        return pressure

    def run_for(self, weeks: int, progress: Callable[[int], None] | None = None) -> pd.DataFrame:
        """Step ``weeks`` times, calling ``progress`` with the weeks done after each, and
        return the measures so far (:meth:`measures`)."""
        for done in range(1, weeks + 1):
            self.step()
            if progress is not None:
                progress(done)
        return self.measures()

    def measures(self) -> pd.DataFrame:
        """Every measure, one row per week since the start (index ``step``)."""
        frame = self.datacollector.get_model_vars_dataframe()
        frame.index.name = "step"
        return frame

    def _record_organizations(self) -> None:
        for org in self.organizations:
            view = org.people
            self._organization_rows.append(
                {
                    "step": self.steps,
                    "organization": org.name,
                    "members": int(view.members.sum()),
                    "leaders": int(view.is_leader.sum()),
                    "turnout": org.turnout,
                    "contribution": org.contribution,
                    "commitment": float(self.commitment[org.index]),
                    "in_coalition": bool(self.in_coalition[org.index]),
                }
            )

    def organization_measures(self) -> pd.DataFrame:
        """Each organization's week: members (of those it organizes), leaders, turnout of
        its members, its contribution (the pressure its members' actions have put on
        decision-makers, a joint action's shared in proportion to the members acting,
        fading like a campaign's pressure but not used up by concessions: what it brought,
        not what remains), its commitment to the coalition and whether it is still in it.
        One row per week and organization."""
        return pd.DataFrame(self._organization_rows)

    def decision_record(self) -> DecisionRecord:
        """What became of the moments to act so far (see :class:`DecisionRecord`)."""
        return DecisionRecord(
            decision_weeks=tuple(int(w) for w in self.decision_times),
            missed_waits=tuple(int(w) for w in self.missed_waits),
            undecided_open=sum(not opp.decided for opp in self.opportunities),
            governance=self.governance,
        )

    def mobilize(
        self,
        informed: np.ndarray,
        committed: np.ndarray,
        asked: np.ndarray | None = None,
        grievance: np.ndarray | None = None,
    ) -> np.ndarray:
        """Who acts: of the informed who are free this week, the committed core (leaders,
        deciders) acts outright and the rest join by the threshold cascade; those asked
        directly need less social proof, and those the issue hits harder (``grievance``,
        default everyone's grievance about the shared problem) less too. The cost of acting
        is every decision-maker's repression."""
        people, params = self.people, self.params.mobilization
        repression = plain_sum(dm.repression for dm in self.decision_makers)
        threshold = mobilization.effective_threshold(people, repression, params, grievance)
        if asked is not None:
            threshold = threshold - params.ask_effect * asked
        can_come = informed & mobilization.free_this_week(people, self.rng)
        return mobilization.threshold_cascade(self.ties, can_come, threshold, can_come & committed)

    def _act(self, org: Organization, opp: decisions.Opportunity) -> float:
        people, params = org.people, self.params.campaign
        # A person's week of action goes to one campaign: whoever acted on another issue
        # this week does not come (with one campaign this never happens).
        acted = self._acted_for
        free = (acted < 0) | (acted == opp.issue)
        committed = (people.is_leader & ~people.coopted) | opp.deciders
        # An organization's call brings out the people it organizes (word of mouth may
        # carry it further, but others do not answer it).
        acting = self.mobilize(
            opp.informed & free & people.base, committed, opp.asked,
            self.issues[opp.issue].grievance,
        )
        acted[acting] = opp.issue
        turnout = int(acting.sum())
        if turnout == 0:
            return 0.0
        owned = tasks.assign_tasks(
            turnout,
            tasks.task_owners_available(people, acting),
            org.governance.role_clarity,
            params,
            self.rng,
        )
        org.tasks_done += owned.done
        org.tasks_dropped += owned.dropped
        org.tasks_duplicated += owned.duplicated
        org.turnout += turnout
        self.turnout += turnout
        pressure = impact.action_impact(people, acting, owned, params)
        impact.after_action(people, acting, owned, params)
        return pressure

    def _decision_makers_respond(self, impact: dict[int, float]) -> None:
        """Each campaign's pressure on its target builds and fades; a target who holds the
        campaign's issue concedes when that pressure beats their resistance (a win banks
        durable power and lifts morale); a target pressed this week who conceded nothing
        answers (:func:`response.respond`). Pressure on a decision-maker who does not hold
        the issue is wasted."""
        params, week = self.params.decision_maker, self.steps
        seats = [seat.seated(dm, week, self.durable_power) for dm in self.decision_makers]
        wins: list[tuple[DecisionMaker, agenda.Campaign, float]] = []
        for campaign in self.campaigns:
            dm = self.decision_makers[campaign.target]
            campaign.pressure = dm.feel(campaign.pressure, impact[campaign.issue])
            for org in self._partners(campaign.issue) if len(self.organizations) > 1 else ():
                added = self._apart.get((campaign.issue, org.index), 0.0)
                campaign.apart[org.index] = dm.feel(campaign.apart.get(org.index, 0.0), added)
            if dm.index not in self.issues[campaign.issue].holders:
                continue
            # The joint demand first, then each demand pressed apart: one concession a week.
            won = dm.concede_if_beaten(campaign.pressure, seats[dm.index])
            if won > 0:
                campaign.pressure -= won
                wins.append((dm, campaign, won))
                continue
            for index, held in campaign.apart.items():
                won = dm.concede_if_beaten(held, seats[dm.index])
                if won > 0:
                    campaign.apart[index] -= won
                    wins.append((dm, campaign, won))
                    break
        for dm in self.decision_makers:
            dm.fade_repression()
        self.durable_power *= 1 - (
            params.seat_durable_decay if any(seats) else params.durable_decay
        )
        self.momentum *= params.momentum_decay
        for dm, campaign, won in wins:
            self._win(dm, campaign, won, week)
        for dm in self.decision_makers:
            pressing = self._pressing(dm.index)
            pressed = plain_sum(impact[c.issue] for c in pressing) + plain_sum(
                added for (issue, _), added in self._apart.items()
                if any(c.issue == issue for c in pressing)
            )
            if pressed > 0 and not any(w[0] is dm for w in wins):
                choice = dm.choose_response(self.rng)
                if choice == "side_deal":
                    self._offer_side_deal(dm)
                elif choice is not None:
                    # Co-optation works on one organization's leaders; the other answers
                    # reach everyone.
                    org = self._worked_on() if choice == "coopt" else self.organization
                    people = org.people if choice == "coopt" else self.everyone
                    response.respond(
                        choice, dm, people, org.governance, self.params.leadership,
                        self.params.information, self.rng, campaigns=pressing,
                    )

    def _worked_on(self) -> Organization:
        """The organization whose leaders a decision-maker works on: with several, one
        drawn in proportion to its leaders not yet co-opted."""
        if len(self.organizations) == 1:
            return self.organization
        free = np.array(
            [(o.people.is_leader & ~o.people.coopted).sum() for o in self.organizations],
            dtype=float,
        )
        if free.sum() == 0:
            return self.organization
        return self.organizations[int(self.rng.choice(free.size, p=free / free.sum()))]

    def _offer_side_deal(self, dm: DecisionMaker) -> None:
        """Divide and rule: the decision-maker offers the least committed partner still in
        the coalition a deal of its own, by working on one of its leaders
        (:func:`response.attempt_cooptation`); if that leader is won over, the partner
        takes the deal and leaves the coalition."""
        partners = np.flatnonzero(self.in_coalition)
        if partners.size < 2:
            return
        target = self.organizations[int(partners[np.argmin(self.commitment[partners])])]
        won = response.attempt_cooptation(
            target.people, target.governance, dm.params.cooptation_strength,
            self.params.leadership, self.rng,
        )
        if won >= 0:
            self.commitment[target.index] = 0.0
            self.side_deals += 1
            self._leave(target)

    def _leave(self, org: Organization) -> None:
        """``org`` leaves the coalition for good; a coalition left with one partner is
        over."""
        self.in_coalition[org.index] = False
        if self.in_coalition.sum() < 2:
            self.in_coalition[:] = False

    def _win(self, dm: DecisionMaker, campaign: agenda.Campaign, won: float, week: int) -> None:
        """A concession: it counts towards the campaign's issue, which is won after
        ``concessions`` of them."""
        params = self.params.decision_maker
        self.wins += 1
        self.last_win = week
        dm.wins += 1
        dm.last_win = week
        self.durable_power += won
        self.momentum = params.win_momentum
        self.people.raise_engagement(self.people.members, params.win_morale)
        issue = self.issues[campaign.issue]
        issue.concessions += 1
        if issue.concessions >= issue.needed:
            issue.won_at = week
            self.issues_won += 1
            dm.issues_lost += 1

    def _spread_information(self) -> None:
        params = self.params.information
        if self.rng.random() < params.false_claim_rate:
            information.launch_false_claim(self.everyone, params.seed_share, params, self.rng)
        information.spread_false_claims(self.ties, self.people, params, self.rng)
        # Drawn only when such stories run at all, so that other scenarios draw as before.
        if params.discredit_rate > 0 and self.rng.random() < params.discredit_rate:
            information.discredit_evidence(self.people, params, self.rng)
        if params.evidence_rate > 0:
            for org in self.organizations:
                information.present_evidence(org.people, params, self.rng)
        if information.evidence_in_play(self.people):
            information.spread_evidence(self.ties, self.people, params, self.rng)

    def _organize(self, researching: np.ndarray | None = None) -> None:
        """One-on-ones (not by leaders who spent the week ``researching``), training,
        drift, fatigue and care, joining and leaving."""
        strategy = self.params.strategy
        # Leaders' organizing time is set for one campaign; each further one competes for
        # it, as if it took ``extra_campaign_time`` of a campaign's share of the week.
        extra = max(len(self.campaigns) - 1, 0) * self.params.agenda.extra_campaign_time
        campaign_time = 1.0 / (1.0 + extra)
        # Each organization's leaders organize; what happens to each person happens once.
        for org in self.organizations:
            leadership.one_on_ones(
                org.people, self.ties, strategy, self.rng, busy=researching,
                campaign_time=campaign_time,
            )
            leadership.train(
                org.people, self.ties, strategy, self.rng, campaign_time=campaign_time
            )
            accountability.drift_and_accountability(org.people, self.params.accountability)
        everyone = self.everyone
        care.fatigue_and_care(everyone, self.ties, strategy, self.params.care)
        membership.recruit_and_drift(
            everyone, self.ties, strategy, self.params.membership, self.momentum, self.rng
        )
        self.people.influence *= self.params.accountability.influence_memory
        # A leader whose engagement fell below the active rung this week gives up the role
        # now, so that every leader is a member at the week's end.
        for org in self.organizations:
            people = org.people
            if (people.is_leader & (people.engagement < ACTIVE)).any():
                leadership.step_down_exhausted(people)
                leadership.assign_teams(people, org.governance, self.rng)
                self._sync_leader_agents(org)


def simulate(
    scenario: Scenario | None = None,
    *,
    seed: int,
    steps: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Run one scenario and return one row per week (step 0 is the initial state).

    Args:
        scenario: the scenario (default: built-in defaults).
        seed: the run's seed; the same scenario and seed give an identical DataFrame.
        steps: weeks to run (default: ``scenario.model.steps``).
        progress: called with the number of weeks done after each week.
    """
    model = MovementModel(scenario, rng=seed)
    try:
        return model.run_for(model.params.model.steps if steps is None else steps, progress)
    finally:
        release_agent_ids(model)


def release_agent_ids(model: mesa.Model) -> None:
    """Let a finished model be freed: Mesa 3.3 counts each model's agent ids in a
    class-level dict keyed by the model itself (``mesa.Agent._ids``), which keeps every
    model ever built alive (mesa#3179; later Mesa counts on the model). Call it only for
    a model that will build no more agents: a new agent would count from 1 again."""
    ids = getattr(mesa.Agent, "_ids", None)
    if isinstance(ids, dict):
        ids.pop(model, None)
