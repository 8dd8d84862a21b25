"""The movement model: one step is one week of organizing, deciding, acting and responding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
from movementsim.model.measures import MEASURES
from movementsim.model.mechanisms import (
    accountability,
    care,
    decisions,
    impact,
    information,
    leadership,
    membership,
    mobilization,
    response,
    tasks,
)
from movementsim.model.network import TieNetwork, assign_subcommunities, community_edges
from movementsim.model.parameters import Scenario
from movementsim.model.structure import ELECTED, Governance, resolve_governance


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
    """A community organizing against a decision-maker, under a configurable structure.

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
        self.structure = self.params.structure  # the structure in force (see schedule)
        self.governance: Governance = resolve_governance(self.structure)
        self.structure_adopted = 0  # week the structure in force was adopted
        self._schedule = {change.week: change.structure for change in self.params.schedule}
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
        self.member_agents = [Member(self, row) for row in range(self.people.size)]
        self.leader_agents: dict[int, Leader] = {}
        self.decision_maker = DecisionMaker(self, self.params.decision_maker)

        self.opportunities: list[decisions.Opportunity] = []
        self.decision_times: list[int] = []  # weeks from opening to decision
        self.missed_waits: list[int] = []  # weeks missed moments waited until their deadline
        self.missed = 0
        self.tasks_done = 0
        self.tasks_dropped = 0
        self.tasks_duplicated = 0
        self.wins = 0
        self.last_win = -(10**9)
        self.durable_power = 0.0
        self.momentum = 0.0
        self.turnout = 0
        self._follow_schedule(week=0)
        self._update_leadership(week=0)

        self.datacollector = mesa.DataCollector(
            model_reporters={name: measure.reporter for name, measure in MEASURES.items()}
        )
        self.datacollector.collect(self)

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

    # -- the weekly schedule -------------------------------------------------------------

    @property
    def seat_at_table(self) -> bool:
        """Repeated wins earn a seat at the table; a long spell without a win loses it."""
        dm = self.params.decision_maker
        return self.wins >= dm.seat_after_wins and self.steps - self.last_win < dm.seat_lapse_weeks

    def step(self) -> None:
        """One week, mechanisms in the order of docs/model.md's schedule."""
        week = self.steps
        self._follow_schedule(week)
        self._update_leadership(week)
        self._open_opportunity(week)
        self._progress_decisions(week)
        pressure = self._mobilize_and_act(week)
        self._decision_maker_responds(pressure)
        self._spread_information()
        self._organize()
        self.ties.commit()
        self.datacollector.collect(self)

    def _follow_schedule(self, week: int) -> None:
        """Adopt a new structure when the scenario's schedule says so.

        Adoption resets the election calendar: an elected structure holds its first
        election in the week it is adopted.
        """
        if week not in self._schedule:
            return
        self.structure = self._schedule[week]
        self.governance = resolve_governance(self.structure)
        self.structure_adopted = week
        # Decisions already climbing sign-offs need at most the layers the new rules have.
        for opp in self.opportunities:
            opp.layers_left = min(opp.layers_left, self.governance.max_layers)

    def _update_leadership(self, week: int) -> None:
        """Leaders step down when exhausted; informal leaders are recognized, elections
        and appointments fill the formal seats; teams are re-formed when leaders change
        (and every ``team_review_weeks``)."""
        people, gov, params = self.people, self.governance, self.params.leadership
        before = people.is_leader.copy()
        leadership.step_down_exhausted(people)
        weeks_in_force = week - self.structure_adopted
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
            self._sync_leader_agents()

    def _sync_leader_agents(self) -> None:
        current = set(np.flatnonzero(self.people.is_leader).tolist())
        for row in sorted(set(self.leader_agents) - current):
            self.leader_agents.pop(row).remove()
        for row in sorted(current - set(self.leader_agents)):
            self.leader_agents[row] = Leader(self, row)

    def _open_opportunity(self, week: int) -> None:
        drawn = decisions.draw_opportunity(
            week, self.params.campaign, self.params.community.subcommunities, self.rng
        )
        if drawn is None:
            return
        deadline, group = drawn
        rule, local, layers = decisions.choose_how_to_decide(self.governance, group >= 0, self.rng)
        deciders = decisions.decision_participants(
            self.people, rule, self._scope(group if local else -1), self.governance.board_seats
        )
        self.opportunities.append(
            decisions.Opportunity(
                opened=week,
                deadline=deadline,
                subcommunity=group,
                decided_locally=local,
                rule=rule,
                deciders=deciders,
                work_left=decisions.deliberation_work(
                    self.people, deciders, rule, self.params.decisions, self.rng
                ),
                layers=layers,
                layers_left=layers,
            )
        )

    def _scope(self, group: int) -> np.ndarray:
        """Who a moment concerns: one subcommunity, or everyone (``group`` -1)."""
        if group < 0:
            return np.ones(self.people.size, dtype=bool)
        return self.people.subcommunity == group

    def _progress_decisions(self, week: int) -> None:
        """Meetings work through objections; decisions then climb the approval layers.

        Each assembly (the movement's, and each local team's) and the board meet once a
        week and can work through ``meeting_capacity`` objections in all, oldest
        opportunity first; a single leader decides alone, up to ``leader_capacity``
        decisions a week.
        """
        params = self.params.campaign
        layers = max((opp.layers for opp in self.opportunities), default=0)
        layer_capacity = decisions.approval_capacity(
            self.people, layers, params.leader_capacity, params.sign_off_pyramid
        )
        top_leader_budget = params.leader_capacity
        meeting_time: dict[object, float] = {}
        for opp in self.opportunities:
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
            self._decide(opp, week)

    def _decide(self, opp: decisions.Opportunity, week: int) -> None:
        people = self.people
        opp.decided_at = week
        self.decision_times.append(week - opp.opened)
        scope = self._scope(opp.subcommunity)
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

    def _mobilize_and_act(self, week: int) -> float:
        """Spread decided calls; act on the ones whose moment has come; drop missed ones."""
        pressure = 0.0
        self.turnout = 0
        remaining = []
        for opp in self.opportunities:
            if opp.decided and week < opp.deadline:
                heard = mobilization.pass_the_word(
                    self.ties, self.people, opp.informed, self.params.mobilization, self.rng
                )
                told = mobilization.team_calls(self.people, heard)
                opp.informed = heard | told
                opp.asked |= told
                remaining.append(opp)
            elif opp.decided:
                pressure += self._act(opp)
            elif week >= opp.deadline:
                self.missed += 1
                self.missed_waits.append(week - opp.opened)
            else:
                remaining.append(opp)
        self.opportunities = remaining
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

    def decision_record(self) -> DecisionRecord:
        """What became of the moments to act so far (see :class:`DecisionRecord`)."""
        return DecisionRecord(
            decision_weeks=tuple(int(w) for w in self.decision_times),
            missed_waits=tuple(int(w) for w in self.missed_waits),
            undecided_open=sum(not opp.decided for opp in self.opportunities),
            governance=self.governance,
        )

    def mobilize(
        self, informed: np.ndarray, committed: np.ndarray, asked: np.ndarray | None = None
    ) -> np.ndarray:
        """Who acts: of the informed who are free this week, the committed core (leaders,
        deciders) acts outright and the rest join by the threshold cascade; those asked
        directly need less social proof."""
        people, params = self.people, self.params.mobilization
        threshold = mobilization.effective_threshold(
            people, self.decision_maker.repression, params
        )
        if asked is not None:
            threshold = threshold - params.ask_effect * asked
        can_come = informed & mobilization.free_this_week(people, self.rng)
        return mobilization.threshold_cascade(self.ties, can_come, threshold, can_come & committed)

    def _act(self, opp: decisions.Opportunity) -> float:
        people, params = self.people, self.params.campaign
        committed = (people.is_leader & ~people.coopted) | opp.deciders
        acting = self.mobilize(opp.informed, committed, opp.asked)
        turnout = int(acting.sum())
        if turnout == 0:
            return 0.0
        owned = tasks.assign_tasks(
            turnout,
            tasks.task_owners_available(people, acting),
            self.governance.role_clarity,
            params,
            self.rng,
        )
        self.tasks_done += owned.done
        self.tasks_dropped += owned.dropped
        self.tasks_duplicated += owned.duplicated
        self.turnout += turnout
        pressure = impact.action_impact(people, acting, owned, params)
        impact.after_action(people, acting, owned, params)
        return pressure

    def _decision_maker_responds(self, pressure: float) -> None:
        """Pressure builds and fades; a win banks durable power and lifts morale; pressure
        that fell short is answered (:func:`response.respond`)."""
        dm, params = self.decision_maker, self.params.decision_maker
        dm.feel(pressure)
        seat = self.seat_at_table
        won = dm.concede_if_beaten(seat)
        self.durable_power *= 1 - (params.seat_durable_decay if seat else params.durable_decay)
        self.momentum *= params.momentum_decay
        if won > 0:
            self.wins += 1
            self.last_win = self.steps
            self.durable_power += won
            self.momentum = params.win_momentum
            self.people.raise_engagement(self.people.members, params.win_morale)
        elif pressure > 0:
            choice = dm.choose_response(self.rng)
            if choice is not None:
                response.respond(
                    choice, dm, self.people, self.governance, self.params.leadership,
                    self.params.information, self.rng,
                )

    def _spread_information(self) -> None:
        params = self.params.information
        if self.rng.random() < params.false_claim_rate:
            information.launch_false_claim(self.people, params.seed_share, params, self.rng)
        information.spread_false_claims(self.ties, self.people, params, self.rng)

    def _organize(self) -> None:
        people, strategy = self.people, self.params.strategy
        leadership.one_on_ones(people, self.ties, strategy, self.rng)
        leadership.train(people, self.ties, strategy, self.rng)
        accountability.drift_and_accountability(people, self.params.accountability)
        care.fatigue_and_care(people, self.ties, strategy, self.params.care)
        membership.recruit_and_drift(
            people, self.ties, strategy, self.params.membership, self.momentum, self.rng
        )
        people.influence *= self.params.accountability.influence_memory
        # A leader whose engagement fell below the active rung this week gives up the role
        # now, so that every leader is a member at the week's end.
        if (people.is_leader & (people.engagement < ACTIVE)).any():
            leadership.step_down_exhausted(people)
            leadership.assign_teams(people, self.governance, self.rng)
            self._sync_leader_agents()


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
    return model.run_for(model.params.model.steps if steps is None else steps, progress)
