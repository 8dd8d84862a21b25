"""True and false claims: the movement's evidence, false claims, discernment and doubt.

Each test would fail if its rule were broken or removed (movementsim.model.mechanisms.
information); the scenario claims are in test_scenario_claims.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from movementsim.model.agents import (
    ACCEPTS,
    BELIEVER,
    FACT_CHECKER,
    NO_VIEW,
    REJECTS,
    SUSCEPTIBLE,
)
from movementsim.model.measures import MEASURES
from movementsim.model.mechanisms import impact, information, leadership, response
from movementsim.model.mechanisms.tasks import TaskOutcome
from movementsim.model.model import MovementModel
from movementsim.model.network import TieNetwork, assign_subcommunities, community_edges
from movementsim.model.parameters import (
    CampaignParams,
    CommunityParams,
    DecisionMakerParams,
    InformationParams,
    Scenario,
    StrategyParams,
    StructureParams,
)

STORM = InformationParams(spreading_rate=0.6, gullibility=0.8, forgetting_rate=0.05,
                          fact_check_rate=0.1, evidence_rate=0.3)
DISCREDITING = InformationParams(evidence_rate=0.3, discredit_reach=0.05)


def small_model(members: int = 500, seed: int = 0, **information: float) -> MovementModel:
    scenario = Scenario(
        community=CommunityParams(members=members),
        structure=StructureParams(level=0.5),
        information=InformationParams(**information),
    )
    return MovementModel(scenario, rng=seed)


def beliefs(discernment: float, scepticism: float, weeks: int = 60) -> tuple[float, float]:
    """Shares believing a false claim and accepting the movement's evidence after
    ``weeks`` of both circulating in a community where everyone has the same
    ``discernment`` and ``scepticism`` (a false claim relaunched every week, the evidence
    presented by the leaders and discredited every week)."""
    model = small_model(members=1000)
    people, rng = model.people, np.random.default_rng(3)
    people.discernment[:] = discernment
    people.scepticism[:] = scepticism
    people.belief[:] = SUSCEPTIBLE
    people.evidence[:] = NO_VIEW
    false_belief, true_belief = [], []
    for _ in range(weeks):
        information.launch_false_claim(people, 0.02, STORM, rng)
        information.spread_false_claims(model.ties, people, STORM, rng)
        information.discredit_evidence(people, DISCREDITING, rng)
        information.present_evidence(people, STORM, rng)
        information.spread_evidence(model.ties, people, STORM, rng)
        false_belief.append((people.belief == BELIEVER).mean())
        true_belief.append((people.evidence == ACCEPTS).mean())
    return float(np.mean(false_belief[-20:])), float(np.mean(true_belief[-20:]))


def test_the_undiscerning_err_both_ways():
    """Low discernment: more belief in false claims and less in true ones (cynicism)."""
    low_false, low_true = beliefs(discernment=0.1, scepticism=0.0)
    high_false, high_true = beliefs(discernment=0.9, scepticism=0.0)
    assert low_false > high_false + 0.05
    assert low_true < high_true - 0.05


def test_doubt_lowers_belief_in_true_and_false_claims_alike():
    """Scepticism lowers false belief (like discernment) but also true belief (unlike it):
    truth discernment, true minus false, is lower than discernment gives."""
    plain_false, plain_true = beliefs(discernment=0.3, scepticism=0.0)
    doubt_false, doubt_true = beliefs(discernment=0.3, scepticism=0.7)
    discern_false, discern_true = beliefs(discernment=0.9, scepticism=0.0)
    assert doubt_false < plain_false - 0.02
    assert doubt_true < plain_true - 0.1
    assert discern_true - discern_false > doubt_true - doubt_false + 0.1


def test_without_scepticism_false_claims_follow_tambuscio_exactly():
    """The special case: one false claim, no scepticism, is Tambuscio et al. (2015) as
    written before true claims existed (same draws, same transitions)."""
    rng = np.random.default_rng(11)
    groups = assign_subcommunities(400, 1)
    ties = TieNetwork(400, *community_edges(groups, 8, 0.0, rng))
    model = small_model(members=400)
    people = model.people
    people.belief[:] = rng.choice([SUSCEPTIBLE, BELIEVER, FACT_CHECKER], 400, p=[0.6, 0.2, 0.2])
    params = InformationParams(spreading_rate=0.7, gullibility=0.6, fact_check_rate=0.3)
    start = people.belief.copy()

    draw_rng = np.random.default_rng(5)
    draw, forget_draw, verify_draw = (draw_rng.random(400) for _ in range(3))
    n_b = ties.count_among_ties(start == BELIEVER)
    n_f = ties.count_among_ties(start == FACT_CHECKER)
    alpha = params.gullibility * (1 - people.discernment)
    total = n_b * (1 + alpha) + n_f * (1 - alpha)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_b = np.where(total > 0, params.spreading_rate * n_b * (1 + alpha) / total, 0.0)
        p_f = np.where(total > 0, params.spreading_rate * n_f * (1 - alpha) / total, 0.0)
    verify = verify_draw < params.fact_check_rate * people.discernment
    forget = forget_draw < params.forgetting_rate
    expected = start.copy()
    s, b, f = start == SUSCEPTIBLE, start == BELIEVER, start == FACT_CHECKER
    expected[s & (draw < p_b)] = BELIEVER
    expected[s & (draw >= p_b) & (draw < p_b + p_f)] = FACT_CHECKER
    expected[b & verify] = FACT_CHECKER
    expected[b & ~verify & forget] = SUSCEPTIBLE
    expected[f & forget] = SUSCEPTIBLE

    information.spread_false_claims(ties, people, params, np.random.default_rng(5))
    np.testing.assert_array_equal(people.belief, expected)


def test_leaders_present_the_evidence_and_a_drifted_leader_is_not_believed():
    model = small_model(members=600)
    people = model.people
    on_team = people.team_of >= 0
    assert on_team.sum() > 50
    people.discernment[:] = 1.0  # everyone would find the evidence credible
    information.present_evidence(people, InformationParams(evidence_rate=1.0),
                                 np.random.default_rng(0))
    assert (people.evidence[people.is_leader] == ACCEPTS).all()
    assert (people.evidence[on_team] == ACCEPTS).all()

    people.evidence[:] = NO_VIEW
    people.aim_gap[people.is_leader] = 1.0  # leaders nobody trusts any more
    information.present_evidence(people, InformationParams(evidence_rate=1.0),
                                 np.random.default_rng(0))
    assert (people.evidence[on_team] == REJECTS).all()


def test_a_coopted_leader_rejects_the_evidence():
    model = small_model(members=300)
    people = model.people
    leader = np.flatnonzero(people.is_leader)[0]
    people.coopted[leader] = True
    information.present_evidence(people, InformationParams(evidence_rate=0.0),
                                 np.random.default_rng(0))
    assert people.evidence[leader] == REJECTS


def test_discrediting_turns_only_those_who_cannot_judge_the_evidence():
    model = small_model(members=1000)
    people = model.people
    people.evidence[:] = ACCEPTS
    people.scepticism[:] = 0.0
    people.discernment[:500] = 1.0  # judge a true claim credible for certain
    people.discernment[500:] = 0.0  # a coin toss
    turned = information.discredit_evidence(
        people, InformationParams(evidence_rate=0.3, discredit_reach=1.0),
        np.random.default_rng(0),
    )
    assert not turned[:500].any()
    assert 0.35 < turned[500:].mean() < 0.65
    assert (people.evidence[turned] == REJECTS).all()


def test_the_narrative_holds_on_the_evidence():
    """Rejecting the evidence erodes alignment; accepting it restores some."""
    model = small_model(members=400)
    people = model.people
    people.alignment[:] = 0.5
    people.evidence[:200] = REJECTS
    people.evidence[200:] = ACCEPTS
    params = InformationParams(forgetting_rate=0.0, fact_check_rate=0.0, spreading_rate=0.0)
    information.spread_evidence(model.ties, people, params, np.random.default_rng(0))
    assert (people.alignment[:200] < 0.5).all()
    assert (people.alignment[200:] > 0.5).all()


def test_rejecting_the_evidence_makes_an_action_less_coherent():
    model = small_model(members=400)
    people = model.people
    acting = np.zeros(400, dtype=bool)
    acting[:100] = True
    people.alignment[:] = 1.0
    people.belief[:] = SUSCEPTIBLE
    owned = TaskOutcome(needed=10, done=10, dropped=0, duplicated=0, media_done=0.0,
                        care_done=0.0)
    people.evidence[:] = ACCEPTS
    believed = impact.action_impact(people, acting, owned, CampaignParams())
    people.evidence[:50] = REJECTS
    rejected = impact.action_impact(people, acting, owned, CampaignParams())
    assert rejected == pytest.approx(believed / 2)


@pytest.mark.parametrize("focus", ["discernment", "scepticism"])
def test_training_raises_what_it_focuses_on(focus: str):
    model = small_model(members=500)
    people = model.people
    discernment, scepticism = people.discernment.copy(), people.scepticism.copy()
    strategy = StrategyParams(organizing_share=1.0, training_rate=0.2, training_focus=focus)
    leadership.train(people, model.ties, strategy, np.random.default_rng(0))
    if focus == "discernment":
        assert people.discernment.sum() > discernment.sum()
        np.testing.assert_array_equal(people.scepticism, scepticism)
    else:
        assert people.scepticism.sum() > scepticism.sum()
        np.testing.assert_array_equal(people.discernment, discernment)


def test_the_discrediting_response_turns_people_against_the_evidence():
    model = small_model(members=500, discredit_reach=1.0, evidence_rate=0.3)
    people = model.people
    people.evidence[:] = ACCEPTS
    people.discernment[:] = 0.0
    dm = model.decision_maker
    response.respond("discredit", dm, people, model.governance, model.params.leadership,
                     model.params.information, np.random.default_rng(0))
    assert (people.evidence == REJECTS).mean() > 0.3


def test_choose_response_can_discredit_and_never_does_at_weight_zero():
    model = small_model()
    only = DecisionMakerParams(delay=0, cooptation=0, misinformation=0, repression=0,
                               discrediting=1)
    never = DecisionMakerParams(discrediting=0)
    rng = np.random.default_rng(0)
    model.decision_maker.params = only
    assert model.decision_maker.choose_response(rng) == "discredit"
    model.decision_maker.params = never
    assert "discredit" not in {model.decision_maker.choose_response(rng) for _ in range(500)}


def test_truth_discernment_is_true_belief_minus_false_belief_among_members():
    model = small_model(members=400)
    people = model.people
    members = people.members
    rows = np.flatnonzero(members)
    people.evidence[:] = NO_VIEW
    people.belief[:] = SUSCEPTIBLE
    people.evidence[rows[: rows.size // 2]] = ACCEPTS  # half the members believe the truth
    people.belief[rows[: rows.size // 4]] = BELIEVER  # a quarter believe the false claim
    people.evidence[~members] = REJECTS  # non-members do not count towards discernment
    expected = (rows.size // 2 - rows.size // 4) / rows.size
    assert MEASURES["truth_discernment"].reporter(model) == pytest.approx(expected)
    assert MEASURES["rejecting_true_share"].reporter(model) == pytest.approx(
        (~members).mean()
    )


def test_without_evidence_nobody_holds_a_view_of_it():
    """The default: no evidence presented, no discrediting; only false claims spread."""
    model = small_model(members=300)
    model.run_for(60)
    assert (model.people.evidence == NO_VIEW).all()
    assert (model.measures()["rejecting_true_share"] == 0).all()


def test_with_evidence_it_spreads_and_is_believed():
    model = small_model(members=300, evidence_rate=0.3)
    frame = model.run_for(60)
    assert frame["truth_discernment"].iloc[-1] > 0.2
    assert (model.people.evidence[model.people.members] == ACCEPTS).mean() > 0.4


@pytest.mark.parametrize(
    ("discernment", "scepticism", "low", "high"),
    [(0.0, 0.0, 0.4, 0.6), (1.0, 0.0, 1.0, 1.0), (0.5, 0.5, 0.3, 0.45), (1.0, 1.0, 0.0, 0.0)],
)
def test_who_accepts_the_evidence_from_a_trusted_leader(discernment, scepticism, low, high):
    """The judgement of a true claim, (1 - s)(1 + d) / 2: a coin toss without discernment,
    certain with full discernment, never with full scepticism."""
    model = small_model(members=2000)
    people = model.people
    people.discernment[:] = discernment
    people.scepticism[:] = scepticism
    people.aim_gap[:] = 0.0
    on_team = people.team_of >= 0
    information.present_evidence(people, InformationParams(evidence_rate=1.0),
                                 np.random.default_rng(0))
    assert low <= (people.evidence[on_team] == ACCEPTS).mean() <= high


def test_scepticism_makes_a_false_claim_less_credible_without_any_checking():
    """With checking and forgetting switched off, only the claim's credibility alpha
    differs: scepticism scales it down, so fewer take the believers' side."""

    def believers(scepticism: float) -> float:
        rng = np.random.default_rng(2)
        model = small_model(members=2000)
        people = model.people
        people.discernment[:] = 0.0
        people.scepticism[:] = scepticism
        people.belief[:] = rng.choice([SUSCEPTIBLE, BELIEVER, FACT_CHECKER], 2000,
                                      p=[0.6, 0.2, 0.2])
        params = InformationParams(spreading_rate=1.0, gullibility=1.0, fact_check_rate=0.0,
                                   forgetting_rate=0.0)
        information.spread_false_claims(model.ties, people, params, rng)
        return float((people.belief == BELIEVER).mean())

    assert believers(1.0) < believers(0.0) - 0.1


@pytest.mark.parametrize("evidence_rate", [0.0, 0.3])
def test_only_evidence_the_movement_presents_can_be_discredited(evidence_rate: float):
    """Stories against evidence the movement never presented turn nobody (and nobody
    comes to hold any view of it); once it is presented, they turn people against it."""
    scenario = Scenario(
        community=CommunityParams(members=300),
        information=InformationParams(evidence_rate=evidence_rate, discredit_rate=1.0),
    )
    model = MovementModel(scenario, rng=1)
    frame = model.run_for(40)
    if evidence_rate == 0:
        assert (model.people.evidence == NO_VIEW).all()
        assert (frame["rejecting_true_share"] == 0).all()
    else:
        assert frame["rejecting_true_share"].max() > 0.1


def test_truth_view_names_each_stand():
    model = small_model(members=300)
    people = model.people
    people.belief[:5] = [SUSCEPTIBLE, FACT_CHECKER, BELIEVER, SUSCEPTIBLE, BELIEVER]
    people.evidence[:5] = [NO_VIEW, NO_VIEW, ACCEPTS, REJECTS, REJECTS]
    people.belief[5] = SUSCEPTIBLE
    people.evidence[5] = ACCEPTS
    assert information.truth_view(people)[:6].tolist() == [
        information.NO_VIEW_YET,
        information.ONLY_TRUE_VIEWS,
        information.BELIEVES_FALSE,
        information.REJECTS_TRUE,
        information.ERRS_BOTH_WAYS,
        information.ONLY_TRUE_VIEWS,
    ]
