"""One or more tests per mechanism: each would fail if the mechanism were broken or removed."""

from __future__ import annotations

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
    CommunityParams,
    InformationParams,
    Scenario,
    StrategyParams,
    StructureParams,
)
from movementsim.model.structure import governance_from_level, resolve_governance


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

    assert np.all(effective_threshold(people, 0.0) < base)
    people.engagement[:] = 0.5
    people.fatigue[:] = 0.3
    assert np.all(effective_threshold(people, 0.0) > base)
    people.fatigue[:] = 0.0
    assert np.all(effective_threshold(people, 0.2) > base)


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
    work_few = decisions.deliberation_work(people, few, "consensus", rng)
    work_many = decisions.deliberation_work(people, many, "consensus", rng)
    assert work_many > 5 * work_few
    people.belief[:1000] = BELIEVER
    assert decisions.deliberation_work(people, many, "consensus", rng) > 1.5 * work_many


def test_majority_is_faster_than_consensus_and_a_single_leader_needs_no_meeting_work():
    rng = np.random.default_rng(2)
    model = small_model(members=1000)
    deciders = np.ones(1000, dtype=bool)
    consensus = decisions.deliberation_work(model.people, deciders, "consensus", rng)
    majority = decisions.deliberation_work(model.people, deciders, "majority", rng)
    assert majority < consensus
    assert decisions.deliberation_work(model.people, deciders, "single_leader", rng) == 0


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
    outcome = tasks.assign_tasks(200, 100, 1.0, 20, rng)
    assert outcome.needed == 10
    assert outcome.dropped == 0 and outcome.duplicated == 0


def test_no_role_clarity_drops_and_duplicates_tasks():
    rng = np.random.default_rng(0)
    dropped = duplicated = 0
    for _ in range(50):
        outcome = tasks.assign_tasks(200, 100, 0.0, 20, rng)
        dropped += outcome.dropped
        duplicated += outcome.duplicated
    assert dropped > 0 and duplicated > 0


def test_tasks_beyond_owner_capacity_are_dropped():
    rng = np.random.default_rng(0)
    outcome = tasks.assign_tasks(400, 2, 1.0, 20, rng)
    assert outcome.done == 2 * tasks.TASKS_PER_OWNER
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
    assert impact.action_impact(people, large, owned, 0.5) > impact.action_impact(
        people, small, owned, 0.5
    )
    clean = impact.action_impact(people, large, owned, 0.5)
    people.belief[:100] = BELIEVER
    assert impact.action_impact(people, large, owned, 0.5) < clean
    half_done = tasks.TaskOutcome(needed=4, done=2, dropped=2, duplicated=0,
                                     media_done=0.0, care_done=0.0)
    assert impact.action_impact(people, large, half_done, 0.5) < clean


# -- 5. Decision-maker response ---------------------------------------------------------


def test_decision_maker_concedes_only_when_pressure_beats_resistance():
    model = small_model()
    dm = model.decision_maker
    resistance = dm.resistance
    dm.pressure = 0.5 * resistance
    assert dm.concede_if_beaten(seat_at_table=False) == 0.0
    dm.pressure = 1.5 * resistance
    assert dm.concede_if_beaten(seat_at_table=False) == pytest.approx(resistance)
    assert dm.resistance > resistance
    assert dm.effective_resistance(True) < dm.effective_resistance(False)


def test_pressure_fades_without_action():
    model = small_model()
    dm = model.decision_maker
    dm.pressure = 1.0
    dm.feel(0.0)
    assert dm.pressure < 1.0


def test_misinformation_response_seeds_believers():
    model = small_model(members=1000)
    model.people.belief[:] = SUSCEPTIBLE
    model._respond_to_pressure("misinform")
    assert (model.people.belief == BELIEVER).sum() > 0


def test_repression_raises_the_cost_of_acting():
    model = small_model()
    before = model.decision_maker.repression
    model._respond_to_pressure("repress")
    assert model.decision_maker.repression > before


def test_cooptation_is_easier_when_leaders_are_unaccountable():
    def successes(selection: str) -> int:
        rng = np.random.default_rng(5)
        model = small_model(level=0.5)
        gov = resolve_governance(StructureParams(level=0.5, leader_selection=selection))
        count = 0
        for _ in range(200):
            model.people.coopted[:] = False
            count += response.attempt_cooptation(model.people, gov, 0.5, rng) >= 0
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
    information.launch_false_claim(people, 0.0, np.random.default_rng(0))
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
    incumbents = np.flatnonzero(people.is_leader)
    people.engagement[people.availability >= 0.8] = 0.8  # a pool of candidates
    people.aim_gap[incumbents] = 1.0
    leadership.hold_election(people, gov, np.random.default_rng(0), full=True, week=52)
    assert not people.is_leader[incumbents].any()
    fresh = np.flatnonzero(people.is_leader)
    people.terms_served[fresh] = gov.term_limit
    leadership.hold_election(people, gov, np.random.default_rng(0), full=True, week=104)
    assert not people.is_leader[fresh].any()
    # Rotation: the term-limited may not come back at the next by-election.
    leadership.step_down(people, np.flatnonzero(people.is_leader))
    leadership.hold_election(people, gov, np.random.default_rng(0), full=False, week=117)
    assert not people.is_leader[fresh].any()
    assert people.is_leader.any()


def test_appointed_leaders_are_chosen_by_loyalty_not_votes():
    model = small_model(members=500, level=1.0)
    assert model.governance.leader_selection == "appointed"
    people, ties = model.people, model.ties
    leadership.step_down(people, np.flatnonzero(people.is_leader)[:1])
    candidates = np.flatnonzero((people.engagement >= ACTIVE) & ~people.is_leader)
    loyalty = ties.count_among_ties(people.is_leader)[candidates]
    before = people.is_leader.copy()
    leadership.appoint_to_vacancies(people, ties, model.governance)
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
    accountability.drift_and_accountability(people)
    assert np.all(people.engagement[team] < 0.6)
    assert np.all(people.engagement[~team & ~people.is_leader] == 0.6)


def test_members_shut_out_of_decisions_lose_engagement():
    model = small_model(members=500, level=1.0)
    people = model.people
    people.engagement[:] = 0.6
    deciders = np.zeros(500, dtype=bool)
    deciders[0] = True
    everyone = np.ones(500, dtype=bool)
    accountability.record_decision(people, model.ties, model.governance, deciders, everyone)
    assert people.engagement[0] == 0.6
    assert np.all(people.engagement[1:] < 0.6)


def test_informal_elites_capture_influence():
    formal = small_model(members=500, level=0.25)
    informal = small_model(members=500, level=0.0)
    for model in (formal, informal):
        model.people.engagement[:200] = 0.6
        deciders = model.people.engagement >= ACTIVE
        model.people.influence[:] = 0
        accountability.record_decision(model.people, model.ties, model.governance, deciders,
                                   np.ones(500, dtype=bool))
    from movementsim.model.measures import gini

    assert gini(informal.people.influence) > gini(formal.people.influence)


# -- 9. Fatigue and care ----------------------------------------------------------------


def test_care_work_speeds_recovery_and_burnout_lowers_engagement():
    def fatigue_after(care_share: float) -> float:
        model = small_model(members=300, level=0.5)
        model.people.fatigue[:] = 0.9
        care.fatigue_and_care(model.people, model.ties, StrategyParams(care_share=care_share))
        return float(model.people.fatigue[model.people.team_of >= 0].mean())

    assert fatigue_after(1.0) < fatigue_after(0.0)
    model = small_model(members=300)
    model.people.fatigue[:] = 0.95
    model.people.engagement[:] = 0.6
    care.fatigue_and_care(model.people, model.ties, StrategyParams(care_share=0.0))
    assert np.all(model.people.engagement < 0.6)


def test_acting_tires_people():
    model = small_model(members=100)
    acting = np.zeros(100, dtype=bool)
    acting[:10] = True
    model.people.fatigue[:] = 0
    owned = tasks.TaskOutcome(4, 4, 0, 0, 1.0, 0.0)
    impact.after_action(model.people, acting, owned)
    assert np.all(model.people.fatigue[:10] > 0) and np.all(model.people.fatigue[10:] == 0)


# -- 10. Membership ---------------------------------------------------------------------


def test_active_ties_recruit_bystanders_and_engagement_ebbs_without_organizing():
    model = small_model(members=1000, level=0.5)
    people = model.people
    people.engagement[:] = 0.1
    people.availability[:] = 0.9
    people.engagement[::5] = 0.7
    membership.recruit_and_drift(people, model.ties, StrategyParams(recruitment_rate=0.5), 0.0,
                                 np.random.default_rng(0))
    joined = (people.engagement >= SUPPORTER) & (np.arange(1000) % 5 != 0)
    assert joined.sum() > 50
    assert np.all(people.engagement[::5] < 0.7)


# -- Structure --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "rule", "selection"),
    [(0.0, "consensus", "informal"), (0.25, "majority", "elected"), (0.5, "board", "elected"),
     (0.75, "board", "elected"), (1.0, "single_leader", "appointed")],
)
def test_level_expands_into_rules(level, rule, selection):
    gov = governance_from_level(level)
    assert gov.decision_rule == rule
    assert gov.leader_selection == selection


def test_structure_rules_are_monotone_in_level():
    levels = np.linspace(0, 1, 21)
    govs = [governance_from_level(x) for x in levels]
    assert all(a.approval_layers <= b.approval_layers for a, b in zip(govs, govs[1:], strict=False))
    assert all(a.role_clarity <= b.role_clarity for a, b in zip(govs, govs[1:], strict=False))
    assert govs[0].span_of_control == 0 and govs[-1].span_of_control > 0


def test_explicit_rules_override_the_level():
    gov = resolve_governance(StructureParams(level=0.0, decision_rule="board", approval_layers=3))
    assert gov.decision_rule == "board"
    assert gov.approval_layers == 3
    assert gov.leader_selection == "informal"


def test_organizers_without_care_burn_out_and_care_prevents_it():
    def leader_fatigue(care_share: float) -> float:
        model = small_model(members=1000, level=0.5)
        strategy = StrategyParams(organizing_share=1.0, care_share=care_share)
        rng = np.random.default_rng(0)
        leaders = model.people.is_leader.copy()
        for _ in range(60):
            leadership.one_on_ones(model.people, model.ties, strategy, rng)
            care.fatigue_and_care(model.people, model.ties, strategy)
        return float(model.people.fatigue[leaders].mean())

    assert leader_fatigue(0.0) >= care.BURNOUT
    assert leader_fatigue(0.5) < care.BURNOUT


def test_being_asked_lowers_the_bar_to_join():
    thresholds = np.full(100, 3.0)  # everyone needs three others acting
    thresholds[:2] = 0
    model = granovetter_model(thresholds)
    everyone = np.ones(100, dtype=bool)
    nobody = np.zeros(100, dtype=bool)
    assert model.mobilize(everyone, nobody).sum() == 2
    assert model.mobilize(everyone, nobody, asked=everyone).sum() == 100
