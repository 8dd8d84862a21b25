"""Every bundled scenario's "what to watch for" claim, checked over ten seeds.

Each claim compares a scenario with the one it contrasts with. A claim holds when the
difference of the means over seeds 0-9 is in the claimed direction and its 95%
confidence interval (Welch) excludes zero, or, for claims about a run's shape, when it
holds on average over the seeds.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
import pytest

from movementsim import load_scenario
from movementsim.experiments.engine import Task, make_executor, run_tasks
from movementsim.experiments.intervals import difference_interval
from movementsim.experiments.outcomes import long_run_power
from movementsim.model.measures import MEASURES
from movementsim.model.scenario import list_scenarios

SEEDS = range(10)
YEAR = 52

CRISIS_SLOW = {"structure.level": 0.75}
NOT_WORKED_ON = {"decision_maker.consultation_cooptation": 0.1}  # as in many-issues
ELECTED = {"structure.level": 0.5}
# What a win carries to the next campaign, switched off: a beaten target's lower
# resistance, the seat at the table, and a win's momentum and morale.
NO_CARRY_OVER = {
    "decision_maker.beaten_discount": 0.0,
    "decision_maker.seat_after_wins": 100,
    "decision_maker.win_momentum": 0.0,
    "decision_maker.win_morale": 0.0,
}
# The stories calling the union's evidence false, reaching nobody (the response mix and
# every random draw of the storm stay as they were).
NO_DISCREDITING = {"information.discredit_reach": 0.0}
APART = {"coalition.rule": "none"}  # the same organizations, no coalition
BY_VOTE = {"coalition.rule": "vote"}
VARIANTS = [(name, ()) for name, _ in list_scenarios()] + [
    ("crisis", tuple(CRISIS_SLOW.items())),
    ("seat-coopted", tuple(NOT_WORKED_ON.items())),
    ("seat-coopted", tuple(ELECTED.items())),
    ("many-issues", tuple(sorted(NO_CARRY_OVER.items()))),
    ("truth-under-attack", tuple(NO_DISCREDITING.items())),
    ("coalition-wins", tuple(APART.items())),
    ("coalition-rigid", tuple(BY_VOTE.items())),
    ("coalition-tight", tuple(BY_VOTE.items())),
]


#: Each bundled scenario's "what to watch for", phrase by phrase, with the test below that
#: checks the phrase over the seeds. Every phrase must appear in the scenario's sentence
#: as written, and every sentence of it must hold one, so that the words and the checks
#: cannot drift apart.
WATCHED: dict[str, dict[str, str]] = {
    "balanced": dict.fromkeys(
        ("misses fewer moments to act", "wins more concessions", "ends with more long-run power"),
        "test_balanced_beats_both_extremes",
    ),
    "bureaucracy": dict.fromkeys(
        ("decisions wait longer", "many more moments to act are missed",
         "leaders drift further from members", "it ends with fewer members"),
        "test_bureaucracy_misses_moments_and_its_leaders_drift",
    ),
    "leaderless": dict.fromkeys(
        ("decisions take longer", "a larger share is dropped",
         "of the tasks done a larger share is done twice", "more moments to act are missed",
         "the say in decisions is far more concentrated"),
        "test_leaderless_concentrates_say_and_drops_tasks",
    ),
    "structureless": dict.fromkeys(
        ("the say in decisions is far more concentrated",
         "the movement's leaders drift further from members' aims"),
        "test_structureless_groups_grow_unaccountable_elites",
    ),
    "oligarchy": dict.fromkeys(
        ("leaders' aims drift much further from members'", "more leaders are co-opted",
         "decisions take longer"),
        "test_oligarchy_leaders_drift_are_coopted_and_decisions_slow",
    ),
    **{
        name: dict.fromkeys(phrases, "test_training_defends_against_a_misinformation_storm")
        for name, phrases in (
            ("misinformation-storm", ("many more people believe false claims on average",
                                      "the union ends with less long-run power")),
            ("storm-with-training", ("the share of people believing false claims is lower",
                                     "long-run power is higher")),
        )
    },
    **{
        name: dict.fromkeys(phrases, "test_mobilizing_spikes_and_organizing_lasts")
        for name, phrases in (
            ("mobilizing", ("membership rises and then falls away",
                            "final membership well below its peak", "far less durable power")),
            ("organizing", ("final membership close to its peak", "much more durable power")),
        )
    },
    **{
        name: dict.fromkeys(phrases, "test_bridging_builds_a_coalition")
        for name, phrases in (
            ("coalition-bridged", ("most members end with a tie across neighbourhood lines",
                                   "membership grows larger", "ends with more long-run power")),
            ("coalition-divided", ("far fewer members have a tie across neighbourhood lines",
                                   "membership stays smaller", "ends with less long-run power")),
        )
    },
    "crisis": dict.fromkeys(
        ("many more moments to act are missed", "long-run power is lower"),
        "test_in_a_crisis_decision_speed_matters",
    ),
    **{
        name: dict.fromkeys(phrases, "test_structure_decided_early_beats_structure_decided_late")
        for name, phrases in (
            ("structure-early", ("more concessions won in the first two years",
                                 "more long-run power at the end")),
            ("structure-late", ("fewer concessions won in the first two years",
                                "less long-run power at the end")),
        )
    },
    "many-issues": dict.fromkeys(
        ("The first issue it wins takes several times as long as each issue after it",
         "it wins more issues and ends the run with more members"),
        "test_durable_power_builds_across_campaigns",
    ),
    "spread-thin": dict.fromkeys(
        ("it wins fewer issues and ends the run with far fewer members", "it dissolves"),
        "test_durable_power_builds_across_campaigns",
    ),
    "wrong-target": dict.fromkeys(
        ("it wins fewer issues", "fewer of the three decision-makers ever concede"),
        "test_pressing_the_wrong_target_wins_less",
    ),
    "seat-coopted": dict.fromkeys(
        ("more of its leaders are co-opted", "it wins fewer issues and ends with fewer members",
         "far fewer are co-opted"),
        "test_a_seat_at_the_table_can_coopt_an_unaccountable_leadership",
    ),
    "truth-under-attack": {
        "more people reject the union's true evidence":
            "test_discrediting_the_evidence_turns_members_against_the_truth",
        "members' truth discernment is lower over the run":
            "test_discrediting_the_evidence_turns_members_against_the_truth",
        "Long-run power tends to be lower too":
            "test_discrediting_the_evidence_lowers_power_on_average",
        "over ten seeds that difference is within the noise":
            "test_discrediting_the_evidence_costs_power",
    },
    **{
        name: dict.fromkeys(
            phrases, "test_teaching_only_doubt_loses_true_belief_and_power_to_teaching_discernment"
        )
        for name, phrases in (
            ("debunk-everything", ("fewer people believe false claims",
                                   "many more reject the union's true evidence",
                                   "less long-run power, fewer wins and lower truth discernment")),
            ("discernment-training", ("fewer people reject the union's true evidence",
                                      "fewer believe the false claims",
                                      "members' truth discernment is higher",
                                      "more long-run power and more wins")),
        )
    },
    "coalition-wins": {
        "wins more concessions and builds more long-run power than each organization on its own":
            "test_a_coalition_wins_what_no_organization_could_alone",
        "which wins almost nothing": "test_a_coalition_wins_what_no_organization_could_alone",
        "and more than the same three organizations acting side by side":
            "test_organizations_side_by_side_without_a_coalition_win_less",
    },
    "coalition-side-deal": dict.fromkeys(
        ("fewer partners are still in the coalition at the end",
         "fewer turn out together in the last year", "the coalition wins fewer concessions"),
        "test_a_side_deal_splits_the_coalition_and_costs_it_wins",
    ),
    "coalition-rigid": dict.fromkeys(
        ("fewer people in joint actions over the run", "wins fewer concessions"),
        "test_a_coalition_that_waits_for_every_partner_acts_less_and_wins_less",
    ),
    "coalition-tight": dict.fromkeys(
        ("fewer partners are still in the coalition at the end", "it wins fewer concessions"),
        "test_a_coalition_led_on_one_partners_issue_loses_the_others",
    ),
}


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.])\s+", " ".join(text.split())) if s]


def test_every_watch_for_sentence_is_a_checked_claim():
    """Every phrase of :data:`WATCHED` is in its scenario's sentence as written and names
    a test of this file; every sentence of every bundled scenario holds a phrase."""
    names = [name for name, _ in list_scenarios()]
    assert sorted(WATCHED) == sorted(names)
    for name in names:
        text = " ".join(load_scenario(name).watch_for.split())
        for phrase, test in WATCHED[name].items():
            assert phrase in text, (name, phrase)
            assert callable(globals().get(test)), (name, test)
        for sentence in _sentences(text):
            assert any(phrase in sentence for phrase in WATCHED[name]), (name, sentence)


@cache
def _all_runs() -> dict[tuple[str, tuple], tuple[pd.DataFrame, ...]]:
    """Every scenario (and variant) over every seed, through the one run engine."""
    tasks = [
        Task(load_scenario(name, dict(overrides)), seed, timeseries=True, tag=(name, overrides))
        for name, overrides in VARIANTS
        for seed in SEEDS
    ]
    with make_executor(2) as pool:
        results = run_tasks(tasks, pool)
    frames: dict[tuple[str, tuple], list[pd.DataFrame]] = {}
    for result in results:
        assert result.error is None, result.error
        frames.setdefault(result.tag, []).append(result.frame)
    return {variant: tuple(runs) for variant, runs in frames.items()}


def runs(name: str, **overrides: float) -> tuple[pd.DataFrame, ...]:
    return _all_runs()[(name, tuple(sorted(overrides.items())))]


def last_year(column: str):
    return lambda frame: float(frame[column].iloc[-YEAR:].mean())


def final(column: str):
    return lambda frame: float(frame[column].iloc[-1])


def at_week(column: str, week: int):
    return lambda frame: float(frame[column].iloc[week])


def total(column: str):
    return lambda frame: float(frame[column].sum())


def whole_run(column: str):
    return lambda frame: float(frame[column].mean())


def assert_higher(high: str, low: str, measure, high_overrides=None, low_overrides=None):
    """Mean of ``measure`` over seeds is higher for ``high`` than ``low``, beyond noise
    (the 95% Welch t interval of the difference excludes zero)."""
    a = np.array([measure(f) for f in runs(high, **(high_overrides or {}))])
    b = np.array([measure(f) for f in runs(low, **(low_overrides or {}))])
    difference, lower, upper = difference_interval(a, b)
    assert lower > 0, (
        f"{high} {a.mean():.4g} vs {low} {b.mean():.4g}: difference {difference:.4g} "
        f"[{lower:.4g}, {upper:.4g}]"
    )


def test_every_bundled_scenario_loads_runs_and_teaches():
    names = [name for name, _ in list_scenarios()]
    assert len(names) >= 10
    for name in names:
        scenario = load_scenario(name)
        assert scenario.title and scenario.narrative and scenario.watch_for, name
        assert 2 <= len(scenario.questions) <= 3, name
        frames = runs(name)
        assert all(len(f) == scenario.model.steps + 1 for f in frames), name
        for column, measure in MEASURES.items():  # every measure stays in its range
            values = pd.concat([f[column] for f in frames]).dropna()
            assert measure.low is None or values.min() >= measure.low, (name, column)
            assert measure.high is None or values.max() <= measure.high, (name, column)


@pytest.mark.parametrize("other", ["leaderless", "bureaucracy"])
def test_balanced_beats_both_extremes(other):
    assert_higher("balanced", other, long_run_power)
    assert_higher("balanced", other, final("wins"))
    assert_higher(other, "balanced", final("missed_opportunities"))


def test_leaderless_concentrates_say_and_drops_tasks():
    assert_higher("leaderless", "balanced", last_year("influence_gini"))
    assert_higher("leaderless", "balanced", final("decision_latency"))
    assert_higher("leaderless", "balanced", final("missed_opportunities"))

    def dropped_share(frame: pd.DataFrame) -> float:
        dropped, done = frame["tasks_dropped"].iloc[-1], frame["tasks_done"].iloc[-1]
        return float(dropped / max(dropped + done, 1))

    def duplicated_share(frame: pd.DataFrame) -> float:
        return float(frame["tasks_duplicated"].iloc[-1] / max(frame["tasks_done"].iloc[-1], 1))

    assert_higher("leaderless", "balanced", dropped_share)
    assert_higher("leaderless", "balanced", duplicated_share)


def test_bureaucracy_misses_moments_and_its_leaders_drift():
    assert_higher("bureaucracy", "balanced", final("decision_latency"))
    assert_higher("bureaucracy", "balanced", final("missed_opportunities"))
    assert_higher("bureaucracy", "balanced", last_year("leader_drift"))
    assert_higher("balanced", "bureaucracy", final("members"))


def test_structureless_groups_grow_unaccountable_elites():
    assert_higher("structureless", "balanced", last_year("influence_gini"))
    assert_higher("structureless", "balanced", last_year("leader_drift"))


def test_oligarchy_leaders_drift_are_coopted_and_decisions_slow():
    assert_higher("oligarchy", "balanced", last_year("leader_drift"))
    assert_higher("oligarchy", "balanced", last_year("coopted_leaders"))
    assert_higher("oligarchy", "balanced", final("decision_latency"))


def test_training_defends_against_a_misinformation_storm():
    assert_higher("misinformation-storm", "storm-with-training", whole_run("misinformed_share"))
    assert_higher("storm-with-training", "misinformation-storm", long_run_power)


def test_mobilizing_spikes_and_organizing_lasts():
    def fall_from_peak(frame: pd.DataFrame) -> float:
        return float(1 - frame["members"].iloc[-1] / frame["members"].max())

    mobilizing = np.mean([fall_from_peak(f) for f in runs("mobilizing")])
    organizing = np.mean([fall_from_peak(f) for f in runs("organizing")])
    assert mobilizing > 0.5, mobilizing  # final membership under half its peak
    assert organizing < 0.1, organizing  # keeps at least 90% of its peak
    assert_higher("organizing", "mobilizing", final("durable_power"))


def test_bridging_builds_a_coalition():
    assert_higher("coalition-bridged", "coalition-divided", final("bridged_share"))
    bridged = np.mean([final("bridged_share")(f) for f in runs("coalition-bridged")])
    assert bridged > 0.5, bridged  # most members end with a tie across lines
    assert_higher("coalition-bridged", "coalition-divided", final("members"))
    assert_higher("coalition-bridged", "coalition-divided", long_run_power)


def test_in_a_crisis_decision_speed_matters():
    assert_higher("crisis", "crisis", final("missed_opportunities"), CRISIS_SLOW, None)
    assert_higher("crisis", "crisis", long_run_power, None, CRISIS_SLOW)


def test_structure_decided_early_beats_structure_decided_late():
    assert_higher("structure-early", "structure-late", at_week("wins", 104))
    assert_higher("structure-early", "structure-late", long_run_power)


def campaign_lengths(frame: pd.DataFrame) -> list[int]:
    """Weeks each won campaign took, in the order the issues were won (one campaign at a
    time: ``active_campaign`` names it; ``issues_won`` rises in its last week)."""
    active, won = frame["active_campaign"].to_numpy(), frame["issues_won"].to_numpy()
    lengths = []
    for issue in np.unique(active[active >= 0]):
        weeks = np.flatnonzero(active == issue)
        last = weeks[-1]
        if last > 0 and won[last] > won[last - 1]:
            lengths.append((last, len(weeks)))
    return [length for _, length in sorted(lengths)]


def later_campaigns(frame: pd.DataFrame) -> float:
    """Mean weeks of the won campaigns after the first (NaN with fewer than two)."""
    return float(np.mean(campaign_lengths(frame)[1:])) if len(campaign_lengths(frame)) > 1 \
        else float("nan")


def test_durable_power_builds_across_campaigns():
    """The first issue takes far longer than each issue after it, over the seeds."""
    lengths = [campaign_lengths(f) for f in runs("many-issues")]
    first = np.array([won[0] for won in lengths])
    later = np.array([np.mean(won[1:]) for won in lengths])
    assert all(len(won) >= 3 for won in lengths), lengths
    difference, low, _ = difference_interval(first, later)
    assert low > 0, (first.mean(), later.mean(), difference, low)
    assert first.mean() > 3 * later.mean(), (first.mean(), later.mean())  # several times
    # spread-thin dissolves: it ends with under a tenth of the community as members.
    community = load_scenario("spread-thin").community.members
    ending = np.mean([final("members")(f) for f in runs("spread-thin")])
    assert ending < community / 10, ending
    assert_higher("many-issues", "spread-thin", final("issues_won"))
    assert_higher("many-issues", "spread-thin", final("members"))


@pytest.mark.xfail(
    strict=True,
    reason="measured, not assumed: what a win carries over on the decision-makers' side "
    "(a beaten target's discount, the seat, a win's momentum and morale) does not shorten "
    "the later campaigns beyond seed noise (26.8 against 22.3 weeks, +4.5 [-0.7, 9.7]); "
    "what carries over is the organization a campaign builds (docs/validation.md, "
    "section 6). Strict, so that a change that makes it hold is noticed.",
)
def test_what_a_win_carries_over_shortens_the_later_campaigns():
    assert_higher("many-issues", "many-issues", later_campaigns, NO_CARRY_OVER, None)


def test_pressing_the_wrong_target_wins_less():
    assert_higher("many-issues", "wrong-target", final("issues_won"))
    assert_higher("many-issues", "wrong-target", final("targets_won"))


def test_a_seat_at_the_table_can_coopt_an_unaccountable_leadership():
    coopted = whole_run("coopted_leaders")
    assert_higher("seat-coopted", "seat-coopted", coopted, None, NOT_WORKED_ON)
    assert_higher("seat-coopted", "seat-coopted", final("issues_won"), NOT_WORKED_ON, None)
    assert_higher("seat-coopted", "seat-coopted", final("members"), NOT_WORKED_ON, None)
    assert_higher("seat-coopted", "seat-coopted", coopted, None, ELECTED)


def test_discrediting_the_evidence_turns_members_against_the_truth():
    rejecting, discerning = whole_run("rejecting_true_share"), whole_run("truth_discernment")
    assert_higher("truth-under-attack", "truth-under-attack", rejecting, None, NO_DISCREDITING)
    assert_higher("truth-under-attack", "truth-under-attack", discerning, NO_DISCREDITING, None)


def test_discrediting_the_evidence_lowers_power_on_average():
    """What the sentence does say: lower on average (beyond noise it is not; below)."""
    with_stories = np.mean([long_run_power(f) for f in runs("truth-under-attack")])
    without = np.mean([long_run_power(f) for f in runs("truth-under-attack", **NO_DISCREDITING)])
    assert with_stories < without, (with_stories, without)


@pytest.mark.xfail(
    strict=True,
    reason="measured, not assumed: the stories discrediting the union's evidence lower "
    "long-run power (1.37 against 1.74) but not beyond seed noise over ten seeds "
    "(-0.38 [-0.77, 0.02]); docs/validation.md, section 6. Strict, so that a change that "
    "makes it hold is noticed.",
)
def test_discrediting_the_evidence_costs_power():
    assert_higher("truth-under-attack", "truth-under-attack", long_run_power, NO_DISCREDITING)


def test_teaching_only_doubt_loses_true_belief_and_power_to_teaching_discernment():
    misinformed, rejecting = whole_run("misinformed_share"), whole_run("rejecting_true_share")
    # Doubt works against false claims, and against the truth as much.
    assert_higher("truth-under-attack", "debunk-everything", misinformed)
    assert_higher("debunk-everything", "truth-under-attack", rejecting)
    assert_higher("truth-under-attack", "debunk-everything", whole_run("truth_discernment"))
    # Discernment keeps true belief, and wins.
    assert_higher("debunk-everything", "discernment-training", rejecting)
    assert_higher("debunk-everything", "discernment-training", misinformed)
    assert_higher("discernment-training", "debunk-everything", whole_run("truth_discernment"))
    assert_higher("discernment-training", "debunk-everything", long_run_power)
    assert_higher("discernment-training", "debunk-everything", final("wins"))


@cache
def _alone(organization: str) -> tuple[pd.DataFrame, ...]:
    """coalition-wins with only ``organization``: the others' people are organized by
    nobody."""
    scenario = load_scenario("coalition-wins")
    only = tuple(o for o in scenario.organizations if o.name == organization)
    tasks = [
        Task(scenario.model_copy(update={"organizations": only}), seed, timeseries=True)
        for seed in SEEDS
    ]
    with make_executor(2) as pool:
        results = run_tasks(tasks, pool)
    assert all(result.error is None for result in results)
    return tuple(result.frame for result in results)


@pytest.mark.parametrize("organization", ["tenants", "congregation", "workers"])
def test_a_coalition_wins_what_no_organization_could_alone(organization):
    for measure in (final("wins"), long_run_power):
        a = np.array([measure(f) for f in runs("coalition-wins")])
        b = np.array([measure(f) for f in _alone(organization)])
        difference, lower, upper = difference_interval(a, b)
        assert lower > 0, (organization, a.mean(), b.mean(), difference, lower, upper)
    alone = np.mean([final("wins")(f) for f in _alone(organization)])
    assert alone < 1, (organization, alone)  # "wins almost nothing": under one on average


def test_organizations_side_by_side_without_a_coalition_win_less():
    assert_higher("coalition-wins", "coalition-wins", final("wins"), None, APART)
    assert_higher("coalition-wins", "coalition-wins", long_run_power, None, APART)


def test_a_side_deal_splits_the_coalition_and_costs_it_wins():
    assert_higher("coalition-wins", "coalition-side-deal", final("coalition_size"))
    assert_higher("coalition-wins", "coalition-side-deal", last_year("coalition_partners"))
    assert_higher("coalition-wins", "coalition-side-deal", final("wins"))


def test_a_coalition_that_waits_for_every_partner_acts_less_and_wins_less():
    joint_turnout = total("coalition_turnout")
    assert_higher("coalition-rigid", "coalition-rigid", joint_turnout, BY_VOTE, None)
    assert_higher("coalition-rigid", "coalition-rigid", final("wins"), BY_VOTE, None)


def test_a_coalition_led_on_one_partners_issue_loses_the_others():
    assert_higher("coalition-tight", "coalition-tight", final("coalition_size"), BY_VOTE, None)
    assert_higher("coalition-tight", "coalition-tight", final("wins"), BY_VOTE, None)
