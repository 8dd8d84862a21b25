"""One or more tests per mechanism: each would fail if the mechanism were broken or removed."""

from __future__ import annotations

import math

import numpy as np
import pytest

from movementsim.model.agents import ACTIVE, BELIEVER, FACT_CHECKER, SUPPORTER, SUSCEPTIBLE
from movementsim.model.mechanisms import (
    accountability,
    care,
    decisions,
    impact,
    information,
    leadership,
    membership,
    response,
    tasks,
)
from movementsim.model.model import MovementModel
from movementsim.model.network import TieNetwork, assign_subcommunities, community_edges
from movementsim.model.parameters import (
    DECISION_RULES,
    LEADER_SELECTIONS,
    AccountabilityParams,
    CampaignParams,
    CareParams,
    CommunityParams,
    DecisionMakerParams,
    DecisionsParams,
    InformationParams,
    LeadershipParams,
    MembershipParams,
    MobilizationParams,
    Scenario,
    StrategyParams,
    StructureParams,
)
from movementsim.model.structure import (
    APPOINTED,
    ELECTED,
    INFORMAL,
    governance_from_level,
    resolve_governance,
)

DECIDING = DecisionsParams()
CAMPAIGN = CampaignParams()
LEADERSHIP = LeadershipParams()


def small_model(seed: int = 0, members: int = 200, **structure) -> MovementModel:
    scenario = Scenario(
        community=CommunityParams(members=members),
        structure=StructureParams(**structure),
    )
    return MovementModel(scenario, rng=seed)


# -- 3. Mobilization reduces to Granovetter (1978) --------------------------------------


def granovetter_model(thresholds: np.ndarray) -> MovementModel:
    """No structure, a complete network, every other effect at its neutral value."""
    n = thresholds.size
    scenario = Scenario(
        community=CommunityParams(members=n, subcommunities=1, founders=0),
        structure=StructureParams(level=0.0),
    )
    model = MovementModel(scenario, rng=0, ties=TieNetwork.complete(n))
    people = model.people
    people.threshold[:] = thresholds / (n - 1)  # a count of others, as a share of one's ties
    people.engagement[:] = 0.5
    people.grievance[:] = 0.5
    people.fatigue[:] = 0.0
    people.availability[:] = 1.0
    model.decision_maker.repression = 0.0
    return model


def test_granovetter_uniform_thresholds_everyone_acts():
    model = granovetter_model(np.arange(100, dtype=float))
    everyone = np.ones(100, dtype=bool)
    acting = model.mobilize(everyone, committed=np.zeros(100, dtype=bool))
    assert acting.sum() == 100


def test_granovetter_one_threshold_raised_stops_the_cascade_at_the_instigator():
    thresholds = np.arange(100, dtype=float)
    thresholds[1] = 2
    model = granovetter_model(thresholds)
    everyone = np.ones(100, dtype=bool)
    acting = model.mobilize(everyone, committed=np.zeros(100, dtype=bool))
    assert acting.sum() == 1
    assert acting[0]


def test_uninformed_people_do_not_act():
    model = granovetter_model(np.zeros(50))
    informed = np.zeros(50, dtype=bool)
    informed[:10] = True
    acting = model.mobilize(informed, committed=np.zeros(50, dtype=bool))
    assert acting.sum() == 10


def test_engagement_lowers_and_fatigue_raises_the_effective_threshold():
    model = granovetter_model(np.full(20, 5.0))
    people = model.people
    base = people.threshold.copy()
    people.engagement[:] = 0.9
    from movementsim.model.mechanisms.mobilization import effective_threshold

    assert np.all(effective_threshold(people, 0.0, MobilizationParams()) < base)
    people.engagement[:] = 0.5
    people.fatigue[:] = 0.3
    assert np.all(effective_threshold(people, 0.0, MobilizationParams()) > base)
    people.fatigue[:] = 0.0
    assert np.all(effective_threshold(people, 0.2, MobilizationParams()) > base)


def test_formal_lines_tell_the_whole_team():
    model = small_model(level=0.5)
    people = model.people
    leader = int(np.flatnonzero(people.is_leader)[0])
    team = people.team_of == leader
    assert team.any()
    informed = np.zeros(people.size, dtype=bool)
    informed[leader] = True
    from movementsim.model.mechanisms.mobilization import team_calls

    told = team_calls(people, informed)
    assert told[team].all()
    assert told.sum() == team.sum()


# -- 1. Opportunities and decisions ----------------------------------------------------


def test_consensus_work_grows_with_participants_and_disagreement():
    rng = np.random.default_rng(1)
    model = small_model(members=2000)
    people = model.people
    people.alignment[:] = 0.6
    people.belief[:] = SUSCEPTIBLE
    few = np.zeros(people.size, dtype=bool)
    few[:100] = True
    many = np.zeros(people.size, dtype=bool)
    many[:1000] = True
    work_few = decisions.deliberation_work(people, few, "consensus", DECIDING, rng)
    work_many = decisions.deliberation_work(people, many, "consensus", DECIDING, rng)
    assert work_many > 5 * work_few
    people.belief[:1000] = BELIEVER
    assert decisions.deliberation_work(people, many, "consensus", DECIDING, rng) > 1.5 * work_many


def test_majority_is_faster_than_consensus_and_a_single_leader_needs_no_meeting_work():
    rng = np.random.default_rng(2)
    model = small_model(members=1000)
    deciders = np.ones(1000, dtype=bool)
    consensus = decisions.deliberation_work(model.people, deciders, "consensus", DECIDING, rng)
    majority = decisions.deliberation_work(model.people, deciders, "majority", DECIDING, rng)
    assert majority < consensus
    assert decisions.deliberation_work(
        model.people, deciders, "single_leader", DECIDING, rng
    ) == 0


def run_with_opportunities(weeks: int = 60, **structure) -> MovementModel:
    scenario = Scenario(
        community=CommunityParams(members=300),
        structure=StructureParams(**structure),
    )
    scenario = scenario.__class__(
        **{**scenario.__dict__, "campaign": scenario.campaign.__class__(opportunity_rate=0.5)}
    )
    model = MovementModel(scenario, rng=3)
    for _ in range(weeks):
        model.step()
    return model


def test_each_approval_layer_adds_at_least_a_week():
    flat = run_with_opportunities(level=0.5, approval_layers=0, local_autonomy=False)
    tall = run_with_opportunities(level=0.5, approval_layers=3, local_autonomy=False)
    assert min(tall.decision_times) >= 4
    assert np.mean(tall.decision_times) > np.mean(flat.decision_times) + 2


def test_decisions_that_miss_the_deadline_are_missed_opportunities():
    model = run_with_opportunities(level=1.0, approval_layers=8)
    assert model.missed > 0


# -- 2. Tasks --------------------------------------------------------------------------


def test_full_role_clarity_owns_every_task_once():
    rng = np.random.default_rng(0)
    outcome = tasks.assign_tasks(200, 100, 1.0, CAMPAIGN, rng)
    assert outcome.needed == 10
    assert outcome.dropped == 0 and outcome.duplicated == 0


def test_no_role_clarity_drops_and_duplicates_tasks():
    rng = np.random.default_rng(0)
    dropped = duplicated = 0
    for _ in range(50):
        outcome = tasks.assign_tasks(200, 100, 0.0, CAMPAIGN, rng)
        dropped += outcome.dropped
        duplicated += outcome.duplicated
    assert dropped > 0 and duplicated > 0


def test_tasks_beyond_owner_capacity_are_dropped():
    rng = np.random.default_rng(0)
    outcome = tasks.assign_tasks(400, 2, 1.0, CAMPAIGN, rng)
    assert outcome.done == 2 * CAMPAIGN.tasks_per_owner
    assert outcome.dropped == outcome.needed - outcome.done


# -- 4. Impact -------------------------------------------------------------------------


def test_impact_grows_with_turnout_and_falls_with_misinformation():
    model = small_model(members=500)
    people = model.people
    people.alignment[:] = 0.8
    people.belief[:] = SUSCEPTIBLE
    owned = tasks.TaskOutcome(needed=4, done=4, dropped=0, duplicated=0,
                              media_done=1.0, care_done=1.0)
    small = np.zeros(500, dtype=bool)
    small[:50] = True
    large = np.zeros(500, dtype=bool)
    large[:200] = True
    assert impact.action_impact(people, large, owned, CAMPAIGN) > impact.action_impact(
        people, small, owned, CAMPAIGN
    )
    clean = impact.action_impact(people, large, owned, CAMPAIGN)
    people.belief[:100] = BELIEVER
    assert impact.action_impact(people, large, owned, CAMPAIGN) < clean
    half_done = tasks.TaskOutcome(needed=4, done=2, dropped=2, duplicated=0,
                                     media_done=0.0, care_done=0.0)
    assert impact.action_impact(people, large, half_done, CAMPAIGN) < clean


# -- 5. Decision-maker response ---------------------------------------------------------


def test_decision_maker_concedes_only_when_pressure_beats_resistance():
    model = small_model()
    dm = model.decision_maker
    resistance = dm.resistance
    assert dm.concede_if_beaten(0.5 * resistance, seat_at_table=False) == 0.0
    assert dm.resistance == resistance
    assert dm.concede_if_beaten(1.5 * resistance, seat_at_table=False) == pytest.approx(resistance)
    assert dm.resistance > resistance
    assert dm.effective_resistance(True) < dm.effective_resistance(False)


def test_pressure_fades_without_action():
    model = small_model()
    dm = model.decision_maker
    assert dm.feel(1.0, 0.0) < 1.0
    assert dm.feel(1.0, 0.5) == dm.feel(1.0, 0.0) + 0.5


def test_misinformation_response_seeds_believers():
    model = small_model(members=1000)
    model.people.belief[:] = SUSCEPTIBLE
    respond(model, "misinform")
    assert (model.people.belief == BELIEVER).sum() > 0


def test_repression_raises_the_cost_of_acting():
    model = small_model()
    before = model.decision_maker.repression
    respond(model, "repress")
    assert model.decision_maker.repression > before


def test_delay_lets_pressure_fade():
    model = small_model()
    model.campaigns[0].pressure = 1.0
    respond(model, "delay")
    assert model.campaigns[0].pressure == model.params.decision_maker.delay_fade


def test_a_decision_maker_with_no_responses_never_answers():
    scenario = Scenario(decision_maker=DecisionMakerParams(
        delay=0, cooptation=0, misinformation=0, repression=0))
    assert MovementModel(scenario, rng=0).decision_maker.choose_response(
        np.random.default_rng(0)) is None


def respond(model: MovementModel, choice: str) -> None:
    response.respond(choice, model.decision_maker, model.people, model.governance,
                     model.params.leadership, model.params.information, model.rng,
                     campaigns=model.campaigns)


def test_cooptation_is_easier_when_leaders_are_unaccountable():
    def successes(selection: str) -> int:
        rng = np.random.default_rng(5)
        model = small_model(level=0.5)
        gov = resolve_governance(StructureParams(level=0.5, leader_selection=selection))
        model.people.selection[model.people.is_leader] = LEADER_SELECTIONS.index(selection)
        count = 0
        for _ in range(200):
            model.people.coopted[:] = False
            count += response.attempt_cooptation(model.people, gov, 0.5, LEADERSHIP, rng) >= 0
        return count

    assert successes("appointed") > 1.5 * successes("elected")


# -- 6. Information (Tambuscio et al. 2015) ---------------------------------------------


def hoax_prevalence(fact_check_rate: float) -> float:
    rng = np.random.default_rng(7)
    groups = assign_subcommunities(2000, 1)
    ties = TieNetwork(2000, *community_edges(groups, 8, 0.0, rng))
    model = small_model(members=2000)
    people = model.people
    people.discernment[:] = 0.5
    params = InformationParams(fact_check_rate=fact_check_rate, forgetting_rate=0.05,
                               spreading_rate=0.6, gullibility=0.6)
    people.belief[:] = SUSCEPTIBLE
    people.belief[rng.choice(2000, 100, replace=False)] = BELIEVER
    history = []
    for _ in range(100):
        information.spread_false_claims(ties, people, params, rng)
        history.append((people.belief == BELIEVER).mean())
    return float(np.mean(history[-20:]))


def test_fact_checking_kills_the_hoax():
    assert hoax_prevalence(0.0) > 0.2
    assert hoax_prevalence(0.9) < 0.5 * hoax_prevalence(0.0)


def test_believers_lose_alignment_and_forgetting_returns_to_susceptible():
    model = small_model(members=300)
    people = model.people
    people.belief[:] = BELIEVER
    people.alignment[:] = 0.8
    params = InformationParams(forgetting_rate=1.0, fact_check_rate=0.0)
    information.spread_false_claims(model.ties, people, params, np.random.default_rng(0))
    assert np.all(people.belief == SUSCEPTIBLE)
    people.belief[:] = BELIEVER
    params = InformationParams(forgetting_rate=0.0, fact_check_rate=0.0)
    information.spread_false_claims(model.ties, people, params, np.random.default_rng(0))
    assert np.all(people.alignment < 0.8)


def test_discerning_leaders_start_as_fact_checkers():
    model = small_model(members=500, level=0.5)
    people = model.people
    people.belief[:] = SUSCEPTIBLE
    people.discernment[people.is_leader] = 0.9
    information.launch_false_claim(people, 0.0, InformationParams(), np.random.default_rng(0))
    assert np.all(people.belief[people.is_leader] == FACT_CHECKER)


# -- 7. Relationships and leader development ---------------------------------------------


def test_one_on_ones_build_ties_across_lines_and_raise_engagement():
    model = small_model(members=1000, level=0.5)
    people, ties = model.people, model.ties
    before_ties = ties.tie_count
    before = people.engagement.copy()
    groups = people.subcommunity
    cross_before = _cross_ties(ties, groups)
    leadership.one_on_ones(people, ties, StrategyParams(organizing_share=1.0),
                           np.random.default_rng(0))
    ties.commit()
    assert ties.tie_count > before_ties
    assert _cross_ties(ties, groups) > cross_before
    assert people.engagement.sum() > before.sum()


def _cross_ties(ties: TieNetwork, groups: np.ndarray) -> int:
    coo = ties.adjacency.tocoo()
    return int((groups[coo.row] != groups[coo.col]).sum())


def test_pure_mobilizing_holds_no_one_on_ones():
    model = small_model(members=500, level=0.5)
    before = model.ties.tie_count
    leadership.one_on_ones(model.people, model.ties, StrategyParams(organizing_share=0.0),
                           np.random.default_rng(0))
    model.ties.commit()
    assert model.ties.tie_count == before


def test_training_raises_skill_and_discernment():
    model = small_model(members=500, level=0.5)
    people = model.people
    skill, discernment = people.skill.copy(), people.discernment.copy()
    leadership.train(people, model.ties, StrategyParams(organizing_share=1.0, training_rate=0.2),
                     np.random.default_rng(0))
    assert people.skill.sum() > skill.sum()
    assert people.discernment.sum() > discernment.sum()


def test_elections_replace_drifted_incumbents_and_term_limits_rotate():
    model = small_model(members=1000, level=0.5)
    people = model.people
    gov = model.governance
    assert gov.selection_weights == (0.0, 1.0, 0.0)  # at level 0.5 every seat is elected
    seats, _ = gov.seats_by_selection(int(people.members.sum()), 0)
    incumbents = np.flatnonzero(people.is_leader)
    assert (people.selection[incumbents] == ELECTED).all()
    people.engagement[people.availability >= 0.8] = 0.8  # a pool of candidates
    people.aim_gap[incumbents] = 1.0

    def elect(full: bool, week: int) -> None:
        leadership.hold_election(people, gov, seats, LEADERSHIP, np.random.default_rng(0),
                                 full=full, week=week)

    elect(True, 52)
    assert not people.is_leader[incumbents].any()
    fresh = np.flatnonzero(people.is_leader)
    assert fresh.size == seats
    people.terms_served[fresh] = int(gov.term_limit)
    elect(True, 104)
    assert not people.is_leader[fresh].any()
    # Rotation: the term-limited may not come back at the next by-election.
    leadership.step_down(people, np.flatnonzero(people.is_leader))
    elect(False, 117)
    assert not people.is_leader[fresh].any()
    assert people.is_leader.sum() == seats


def test_appointed_leaders_are_chosen_by_loyalty_not_votes():
    model = small_model(members=500, level=1.0)
    assert model.governance.selection_weights == (0.0, 0.0, 1.0)
    people, ties = model.people, model.ties
    assert (people.selection[people.is_leader] == APPOINTED).all()
    seats = int(people.is_leader.sum())
    leadership.step_down(people, np.flatnonzero(people.is_leader)[:1])
    candidates = np.flatnonzero((people.engagement >= ACTIVE) & ~people.is_leader)
    loyalty = ties.count_among_ties(people.is_leader)[candidates]
    before = people.is_leader.copy()
    leadership.appoint_to_vacancies(people, ties, seats)
    appointed = np.flatnonzero(people.is_leader & ~before)
    assert appointed.size >= 1
    assert loyalty[np.isin(candidates, appointed)].min() >= np.median(loyalty)
    assert ties.count_among_ties(before)[appointed].max() == loyalty.max()


def test_informal_leaders_are_the_best_connected():
    model = small_model(members=1000, level=0.0)
    people = model.people
    degree = model.ties.degree
    assert people.is_leader.any()
    assert degree[people.is_leader].mean() > degree[people.members].mean()


# -- 8. Accountability ------------------------------------------------------------------


def test_drifted_leaders_cost_their_teams_engagement():
    model = small_model(members=1000, level=0.75)
    people = model.people
    team = people.team_of >= 0
    assert team.any()
    people.engagement[:] = 0.6
    people.aim_gap[people.is_leader] = 1.0
    accountability.drift_and_accountability(people, AccountabilityParams())
    assert np.all(people.engagement[team] < 0.6)
    assert np.all(people.engagement[~team & ~people.is_leader] == 0.6)


def test_members_shut_out_of_decisions_lose_engagement():
    model = small_model(members=500, level=1.0)
    people = model.people
    people.engagement[:] = 0.6
    deciders = np.zeros(500, dtype=bool)
    deciders[0] = True
    everyone = np.ones(500, dtype=bool)
    accountability.record_decision(people, model.ties, deciders, everyone, "single_leader",
                                   AccountabilityParams())
    assert people.engagement[0] == 0.6
    assert np.all(people.engagement[1:] < 0.6)


def test_informal_elites_capture_influence():
    formal = small_model(members=500, level=0.25)
    informal = small_model(members=500, level=0.0)
    for model in (formal, informal):
        model.people.engagement[:200] = 0.6
        deciders = model.people.engagement >= ACTIVE
        model.people.influence[:] = 0
        accountability.record_decision(model.people, model.ties, deciders,
                                       np.ones(500, dtype=bool), "consensus",
                                       AccountabilityParams())
    from movementsim.model.measures import gini

    assert gini(informal.people.influence) > gini(formal.people.influence)


# -- 9. Fatigue and care ----------------------------------------------------------------


def test_care_work_speeds_recovery_and_burnout_lowers_engagement():
    def fatigue_after(care_share: float) -> float:
        model = small_model(members=300, level=0.5)
        model.people.fatigue[:] = 0.9
        care.fatigue_and_care(model.people, model.ties, StrategyParams(care_share=care_share),
                              CareParams())
        return float(model.people.fatigue[model.people.team_of >= 0].mean())

    assert fatigue_after(1.0) < fatigue_after(0.0)
    model = small_model(members=300)
    model.people.fatigue[:] = 0.95
    model.people.engagement[:] = 0.6
    care.fatigue_and_care(model.people, model.ties, StrategyParams(care_share=0.0), CareParams())
    assert np.all(model.people.engagement < 0.6)


def test_acting_tires_people():
    model = small_model(members=100)
    acting = np.zeros(100, dtype=bool)
    acting[:10] = True
    model.people.fatigue[:] = 0
    owned = tasks.TaskOutcome(4, 4, 0, 0, 1.0, 0.0)
    impact.after_action(model.people, acting, owned, CAMPAIGN)
    assert np.all(model.people.fatigue[:10] > 0) and np.all(model.people.fatigue[10:] == 0)


# -- 10. Membership ---------------------------------------------------------------------


def test_active_ties_recruit_bystanders_and_engagement_ebbs_without_organizing():
    model = small_model(members=1000, level=0.5)
    people = model.people
    people.engagement[:] = 0.1
    people.availability[:] = 0.9
    people.engagement[::5] = 0.7
    membership.recruit_and_drift(people, model.ties, StrategyParams(recruitment_rate=0.5),
                                 MembershipParams(), 0.0,
                                 np.random.default_rng(0))
    joined = (people.engagement >= SUPPORTER) & (np.arange(1000) % 5 != 0)
    assert joined.sum() > 50
    assert np.all(people.engagement[::5] < 0.7)


# -- Structure --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "rule", "selection"),
    [(0.0, "consensus", "informal"), (0.25, "majority", None), (0.5, "board", "elected"),
     (1.0, "single_leader", "appointed")],
)
def test_at_its_anchors_the_level_sets_one_rule(level, rule, selection):
    gov = governance_from_level(level)
    assert gov.rule_weights == tuple(float(r == rule) for r in DECISION_RULES)
    if selection is not None:
        assert gov.selection_weights == tuple(float(s == selection) for s in LEADER_SELECTIONS)


def test_the_dial_is_continuous_every_rule_moves_a_little_with_a_small_step():
    levels = np.linspace(0, 0.999, 1000)
    govs = [governance_from_level(x) for x in levels]
    for name in ("approval_layers", "team_coverage", "role_clarity", "local_autonomy"):
        values = np.array([getattr(g, name) for g in govs])
        assert np.abs(np.diff(values)).max() < 0.02, name  # no jump between nearby levels
    for name in ("rule_weights", "selection_weights"):
        weights = np.array([getattr(g, name) for g in govs])
        assert np.allclose(weights.sum(axis=1), 1.0)
        assert np.abs(np.diff(weights, axis=0)).max() < 0.01, name
    limits = np.array([g.term_limit for g in govs])
    assert np.all(np.diff(limits) > 0)  # rotation weakens gradually
    spans = np.array([g.span_of_control for g in govs])
    assert np.abs(np.diff(spans)).max() <= 1


def test_structure_rules_are_monotone_in_level():
    levels = np.linspace(0, 1, 21)
    govs = [governance_from_level(x) for x in levels]
    pairs = list(zip(govs, govs[1:], strict=False))
    assert all(a.approval_layers <= b.approval_layers for a, b in pairs)
    assert all(a.role_clarity <= b.role_clarity for a, b in pairs)
    assert all(a.team_coverage <= b.team_coverage for a, b in pairs)
    assert all(a.local_autonomy >= b.local_autonomy for a, b in pairs)
    assert govs[0].seats_by_selection(1000, 5) == (0, 0)
    assert govs[-1].seats_by_selection(1000, 5) == (0, 21)


def test_explicit_rules_override_the_level():
    gov = resolve_governance(StructureParams(level=0.0, decision_rule="board", approval_layers=3))
    assert gov.rule_weights == (0.0, 0.0, 1.0, 0.0)
    assert gov.approval_layers == 3
    assert gov.selection_weights == (1.0, 0.0, 0.0)
    assert resolve_governance(StructureParams(level=0.3, term_limit=0)).term_limit == math.inf


def test_mixed_rules_are_drawn_in_their_shares():
    gov = governance_from_level(0.125)  # halfway between consensus and majority
    rng = np.random.default_rng(1)
    rules = [gov.draw_rule(rng) for _ in range(4000)]
    assert abs(rules.count("majority") / 4000 - gov.rule_weights[1]) < 0.03
    layers = [governance_from_level(0.6).draw_layers(rng) for _ in range(4000)]
    assert abs(np.mean(layers) - 4 * 0.6**2) < 0.05  # the expected sign-offs, exactly
    assert set(layers) == {1, 2}


def test_between_anchors_leaders_arise_in_both_ways():
    model = small_model(members=1000, level=0.25)
    for _ in range(30):
        model.step()
    selections = set(model.people.selection[model.people.is_leader].tolist())
    assert {INFORMAL, ELECTED} <= selections
    assert APPOINTED not in selections


def test_formal_structure_leaves_less_room_for_informal_leaders():
    def informal_leaders(level: float) -> int:
        model = small_model(members=1000, level=level)
        model.people.engagement[model.people.availability > 0.8] = 0.8  # many ready to lead
        leadership.recognize_informal_leaders(
            model.people, model.ties, model.governance.informal_share, LEADERSHIP
        )
        return int((model.people.selection == INFORMAL).sum())

    assert informal_leaders(0.0) > informal_leaders(0.2) > informal_leaders(0.4) > 0
    assert informal_leaders(0.5) == 0


def test_organizers_without_care_burn_out_and_care_prevents_it():
    def leader_fatigue(care_share: float) -> float:
        model = small_model(members=1000, level=0.5)
        strategy = StrategyParams(organizing_share=1.0, care_share=care_share)
        rng = np.random.default_rng(0)
        leaders = model.people.is_leader.copy()
        for _ in range(60):
            leadership.one_on_ones(model.people, model.ties, strategy, rng)
            care.fatigue_and_care(model.people, model.ties, strategy, CareParams())
        return float(model.people.fatigue[leaders].mean())

    assert leader_fatigue(0.0) >= CareParams().burnout
    assert leader_fatigue(0.5) < CareParams().burnout


def test_being_asked_lowers_the_bar_to_join():
    thresholds = np.full(100, 3.0)  # everyone needs three others acting
    thresholds[:2] = 0
    model = granovetter_model(thresholds)
    everyone = np.ones(100, dtype=bool)
    nobody = np.zeros(100, dtype=bool)
    assert model.mobilize(everyone, nobody).sum() == 2
    assert model.mobilize(everyone, nobody, asked=everyone).sum() == 100
